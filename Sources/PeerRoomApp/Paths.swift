import Foundation

/// Where things live on disk, following the XDG base directories.
enum Paths {
    /// `--db`, else `PEERROOM_DB`, else `$XDG_DATA_HOME/peerroom/room.sqlite`
    /// (`~/.local/share/peerroom/room.sqlite` when XDG_DATA_HOME is unset).
    static func database(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["PEERROOM_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
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
        if let fromEnvironment = environment["PEERROOM_SEEDS"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [
                folder.appendingPathComponent("seeds"), folder.appendingPathComponent("share/peerroom/seeds"),
            ]
            where fm.fileExists(atPath: candidate.appendingPathComponent("members.json").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("seeds")
    }

    /// The login name this process runs as.
    static func loginName(environment: [String: String]) -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? environment["LOGNAME"] ?? "member"
    }

    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return "/tmp"
    }
}
