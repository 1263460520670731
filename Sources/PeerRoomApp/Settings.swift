import Foundation
import RoomConfig
import RoomCore
import RoomViewModel

/// The person's config.toml and the theme they chose, read once per process. A broken
/// config file does not keep anyone out of the room: it is reported and the defaults apply.
struct Settings {
    var config = Config()
    /// What was wrong with config.toml or its theme, to show in the room or on stderr.
    var warnings: [String] = []
    let themes: ThemeLibrary

    init(environment: [String: String]) {
        let folder = Paths.configFolder(environment: environment)
        themes = ThemeLibrary(folders: [
            folder.appendingPathComponent("themes"), Paths.themes(environment: environment),
        ])
        let file = folder.appendingPathComponent("config.toml")
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            config = try ConfigLoader.load(file)
            warnings += config.warnings.map(\.description)
        } catch {
            warnings.append("config.toml ignored: \(error.description)")
        }
    }

    /// The theme for the room: `--theme` (a broken one is an error, exit 65), else config's
    /// `theme` (a broken one falls back to the default, with a warning), else mono under
    /// NO_COLOR, else the default. Command line and config override NO_COLOR (no-color.org).
    mutating func theme(flag: String?, environment: [String: String]) throws -> Theme {
        if let flag {
            do {
                return try themes.load(flag)
            } catch {
                throw Failure(error.description, status: .dataError)
            }
        }
        if let name = config.theme {
            do {
                return try themes.load(name)
            } catch {
                warnings.append("Using the default theme: \(error.description)")
            }
        } else if let noColour = environment["NO_COLOR"], !noColour.isEmpty {
            return .mono
        }
        do {
            return try themes.load("default")
        } catch {
            warnings.append("Using the mono look: \(error.description)")
            return .mono
        }
    }
}
