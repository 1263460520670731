import Foundation

/// Where things live on disk, following the XDG base directories.
enum Paths {
    /// `--db`, else `PEERROOM_DB`, else `database` in config.toml, else
    /// `$XDG_DATA_HOME/peerroom/room.sqlite` (`~/.local/share/peerroom/room.sqlite`).
    static func database(option: String?, configured: String? = nil, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["PEERROOM_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let configured, !configured.isEmpty {
            return configured.hasPrefix("~/") ? home(environment) + configured.dropFirst() : configured
        }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = home(environment) + "/.local/share"
        }
        return dataHome + "/peerroom/room.sqlite"
    }

    /// The seed folder: `PEERROOM_SEEDS`, else a `seeds/` folder beside the executable or in
    /// one of its parent folders (a checkout running `.build/debug/peerroom`), else
    /// `share/peerroom/seeds` next to an installed binary, else `./seeds`.
    static func seeds(environment: [String: String]) -> URL {
        shipped("seeds", holding: "members.json", override: environment["PEERROOM_SEEDS"])
    }

    /// The shipped themes, found like the seeds (`PEERROOM_THEMES` overrides).
    static func themes(environment: [String: String]) -> URL {
        shipped("themes", holding: "default.toml", override: environment["PEERROOM_THEMES"])
    }

    /// `$XDG_CONFIG_HOME/peerroom` (`~/.config/peerroom`): config.toml, themes/, and one's own
    /// crisis-resources.toml.
    static func configFolder(environment: [String: String]) -> URL {
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home(environment) + "/.config"
        return URL(fileURLWithPath: configHome + "/peerroom")
    }

    private static func shipped(_ name: String, holding marker: String, override: String?) -> URL {
        if let override, !override.isEmpty { return URL(fileURLWithPath: override) }
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [
                folder.appendingPathComponent(name), folder.appendingPathComponent("share/peerroom/\(name)"),
            ]
            where fm.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent(name)
    }

    /// The login name of the uid this process runs as, from the passwd database. Never from
    /// `$USER` or `$LOGNAME`: anyone can set those, and members are bound to the login.
    static func loginName() throws -> String {
        let uid = getuid()
        guard let pw = getpwuid(uid), let name = pw.pointee.pw_name, name.pointee != 0 else {
            throw Failure("this uid (\(uid)) has no login name in the passwd database", status: .noUser)
        }
        return String(cString: name)
    }

    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return "/tmp"
    }
}
