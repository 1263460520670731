import Foundation
import RoomViewModel

/// `$XDG_CONFIG_HOME/peerroom/config.toml`:
///
///     theme = "light"
///     database = "~/rooms/room.sqlite"
///     group = "sober-circle"
///     ascii = true
///     [keys]
///     down = ["j", "Down"]
public struct Config: Equatable, Sendable {
    public var theme: String?
    public var database: String?
    public var group: String?
    /// Draw with ASCII only (`--ascii`): for screen readers and fonts without box drawing.
    public var ascii = false
    /// The key map with the `[keys]` overrides applied.
    public var keyMap: KeyMap = .standard

    public init() {}
}

public enum ConfigLoader {
    public static func load(_ url: URL) throws(ConfigError) -> Config {
        try parse(TOMLSource(url: url))
    }

    public static func load(text: String, file: String) throws(ConfigError) -> Config {
        try parse(TOMLSource(text: text, file: file))
    }

    static func parse(_ source: TOMLSource) throws(ConfigError) -> Config {
        var config = Config()
        for key in source.table.keys where !["theme", "database", "group", "ascii", "keys"].contains(key) {
            throw source.error(key, "unknown key; config.toml knows theme, database, group, ascii and [keys]")
        }
        if source.table.values["ascii"] != nil && source.table.bool("ascii") == nil {
            throw source.error("ascii", "must be true or false")
        }
        config.ascii = source.table.bool("ascii") ?? false
        for key in ["theme", "database", "group"]
        where source.table.values[key] != nil && source.table.string(key) == nil {
            throw source.error(key, "must be a string in quotes")
        }
        config.theme = source.table.string("theme")
        config.database = source.table.string("database")
        config.group = source.table.string("group")
        if let keys = source.table.table("keys") {
            config.keyMap = try keyMap(keys, source)
        }
        return config
    }

    /// `[keys] command = ["key", …]`: each command's keys replaced; a key left bound to two
    /// commands is refused, since one of them could no longer be reached.
    static func keyMap(_ table: TOMLTableValue, _ source: TOMLSource) throws(ConfigError) -> KeyMap {
        var map = KeyMap.standard
        for name in table.keys {
            guard let command = Command(rawValue: name) else {
                throw source.error(
                    name, in: "keys",
                    "no such command; commands: \(Command.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let labels = table.strings(name), !labels.isEmpty else {
                throw source.error(name, in: "keys", "give a list of keys, such as [\"j\", \"Down\"]")
            }
            var keys: [Key] = []
            for label in labels {
                guard let key = Key(label: label) else {
                    throw source.error(
                        name, in: "keys",
                        "'\(label)' is not a key: use a character (\"j\"), Up, Down, Left, Right, Home, End, "
                            + "PgUp, PgDn, Enter, Esc, Tab, Shift-Tab, Backspace, Delete, Space or Ctrl-A…Ctrl-Z")
                }
                keys.append(key)
            }
            map.rebind(command, to: keys)
        }
        if let clash = map.clash {
            let names = [clash.first, clash.second].map(\.rawValue)
            throw source.error(
                names.first { table.keys.contains($0) } ?? names[0], in: "keys",
                "\(clash.key.label) would run both \(names[0]) and \(names[1]); give it to one of them")
        }
        return map
    }
}
