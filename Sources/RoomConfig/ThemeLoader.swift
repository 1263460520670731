import Foundation
import RoomViewModel

/// Reads a theme file: `name`, then under `[roles]` one inline table per style role, each
/// with `fg`, `bg` and `attrs` — every role, nothing unknown, so a typo is caught by name.
///
///     [roles]
///     header = { fg = "black", bg = "cyan", attrs = ["bold"] }
public enum ThemeLoader {
    public static func load(_ url: URL) throws(ConfigError) -> Theme {
        try parse(TOMLSource(url: url), fallbackName: url.deletingPathExtension().lastPathComponent)
    }

    public static func load(text: String, file: String) throws(ConfigError) -> Theme {
        try parse(TOMLSource(text: text, file: file), fallbackName: file)
    }

    static func parse(_ source: TOMLSource, fallbackName: String) throws(ConfigError) -> Theme {
        for key in source.table.keys where !["name", "description", "roles"].contains(key) {
            throw source.error(key, "unknown key; a theme has name, description and [roles]")
        }
        guard let roles = source.table.table("roles") else {
            throw ConfigError(
                file: source.file, key: "roles", message: "missing: a theme styles every role under [roles]")
        }
        for key in roles.keys where StyleRole(rawValue: key) == nil {
            throw source.error(
                key, in: "roles",
                "no such role; roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var styles: [StyleRole: Theme.Style] = [:]
        for role in StyleRole.allCases {
            guard let entry = roles.table(role.rawValue) else {
                throw ConfigError(
                    file: source.file, key: "roles.\(role.rawValue)",
                    message: "missing: give it { fg = …, bg = …, attrs = […] }")
            }
            styles[role] = try style(entry, role: role.rawValue, source)
        }
        return Theme(name: source.table.string("name") ?? fallbackName, styles: styles)
    }

    static func style(_ entry: TOMLTableValue, role: String, _ source: TOMLSource) throws(ConfigError) -> Theme.Style {
        for key in entry.keys where !["fg", "bg", "attrs"].contains(key) {
            throw source.error("\(role).\(key)", in: "roles", "unknown key; a role has fg, bg and attrs")
        }
        func colour(_ key: String) throws(ConfigError) -> ThemeColour {
            guard let text = entry.string(key) else {
                throw source.error("\(role).\(key)", in: "roles", "missing (\"default\" keeps the terminal's own)")
            }
            guard let colour = ThemeColour(text) else {
                throw source.error(
                    "\(role).\(key)", in: "roles",
                    "'\(text)' is not a colour: use default, a name (cyan, bright-red…), 0–255 or #rrggbb")
            }
            return colour
        }
        guard let names = entry.strings("attrs") else {
            throw source.error("\(role).attrs", in: "roles", "missing: a list such as [\"bold\"] or []")
        }
        var attributes: Set<Theme.Attribute> = []
        for name in names {
            guard let attribute = Theme.Attribute(rawValue: name) else {
                throw source.error(
                    "\(role).attrs", in: "roles",
                    "'\(name)' is not an attribute: \(Theme.Attribute.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            attributes.insert(attribute)
        }
        return Theme.Style(foreground: try colour("fg"), background: try colour("bg"), attributes)
    }
}

/// Where themes are found: the person's own first, then the ones shipped with peerroom.
public struct ThemeLibrary: Sendable {
    public var folders: [URL]

    public init(folders: [URL]) {
        self.folders = folders
    }

    /// A theme by name (a file in the folders) or by path (contains "/" or ends in .toml).
    public func load(_ nameOrPath: String) throws(ConfigError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try ThemeLoader.load(URL(fileURLWithPath: nameOrPath))
        }
        for folder in folders {
            let url = folder.appendingPathComponent("\(nameOrPath).toml")
            if FileManager.default.fileExists(atPath: url.path) { return try ThemeLoader.load(url) }
        }
        throw ConfigError(
            file: nameOrPath, message: "no such theme; themes: \(names.joined(separator: ", "))")
    }

    /// Every theme name in the folders, shipped ones in their own order first.
    public var names: [String] {
        var names: [String] = []
        for folder in folders.reversed() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            let found = files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
            for name in Self.shippedOrder + found.sorted() where found.contains(name) && !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    static let shippedOrder = ["default", "light", "high-contrast", "mono"]
}
