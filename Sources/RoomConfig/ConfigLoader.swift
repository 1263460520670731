import Foundation
import RoomViewModel

/// `$XDG_CONFIG_HOME/peerroom/config.toml`:
///
///     theme = "light"
///     database = "~/rooms/room.sqlite"
///     group = "sober-circle"
///     ascii = true
///     bell = false   # no terminal bell when a call for support arrives
///     crisis_words = "~/my-words.toml"   # or ["…", …], or false
///     [keys]
///     down = ["j", "Down"]
public struct Config: Equatable, Sendable {
    public var theme: String?
    public var database: String?
    public var group: String?
    /// Draw with ASCII only (`--ascii`): for screen readers and fonts without box drawing.
    public var ascii = false
    /// Ring the terminal bell when a call for support reaches the room (`bell = false`: quiet).
    public var bell = true
    /// The key map with the `[keys]` overrides applied.
    public var keyMap: KeyMap = .standard
    /// The words that make the room offer crisis help while writing.
    public var crisisWords: CrisisWordsSetting = .shipped
    /// What the file asks that the room does otherwise than it reads (a key that stays text
    /// while writing), by file, line and key; the file is used all the same.
    public var warnings: [ConfigError] = []

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
        for key in source.table.keys
        where !["theme", "database", "group", "ascii", "bell", "crisis_words", "keys"].contains(key) {
            throw source.error(
                key, "unknown key; config.toml knows theme, database, group, ascii, bell, crisis_words and [keys]")
        }
        if source.table.values["bell"] != nil && source.table.bool("bell") == nil {
            throw source.error("bell", "must be true or false")
        }
        config.bell = source.table.bool("bell") ?? true
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
        config.crisisWords = try crisisWords(source)
        if let keys = source.table.table("keys") {
            (config.keyMap, config.warnings) = try keyMap(keys, source)
        }
        return config
    }

    /// `crisis_words`: true (the shipped list), false (off), a file, or a list of its own.
    static func crisisWords(_ source: TOMLSource) throws(ConfigError) -> CrisisWordsSetting {
        guard let value = source.table.values["crisis_words"] else { return .shipped }
        switch value {
        case let on as Bool: return on ? .shipped : .off
        case let path as String:
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw source.error("crisis_words", "\"\" names no file; give a path, a list of words, or false")
            }
            return .file(path)
        case let list as [Any]:
            return .list(try CrisisWordsLoader.entries(list, key: "crisis_words", source))
        default:
            throw source.error(
                "crisis_words",
                "\(value) is not a setting: give a file path in quotes, a list of words in quotes, true or false")
        }
    }

    /// `[keys] command = ["key", …]`: each command's keys replaced; a key left bound to two
    /// commands is refused, since one of them could no longer be reached. A key that stays
    /// text while writing (`send = ["s"]`) is said as a warning: the command does not take it,
    /// and keeps its own key there when none of the given ones is left.
    static func keyMap(_ table: TOMLTableValue, _ source: TOMLSource) throws(ConfigError) -> (
        KeyMap, [ConfigError]
    ) {
        var map = KeyMap.standard
        var warnings: [ConfigError] = []
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
            if let warning = unused(keys, of: command, in: map) {
                warnings.append(source.error(name, in: "keys", warning))
            }
        }
        if let clash = map.clash {
            let names = [clash.first, clash.second].map(\.rawValue)
            throw source.error(
                names.first { table.keys.contains($0) } ?? names[0], in: "keys",
                "\(clash.key.label) would run both \(names[0]) and \(names[1]); give it to one of them")
        }
        return (map, warnings)
    }

    /// Why some of the keys given to a command are bound nowhere after `rebind` (nil: all are):
    /// they type text while writing, the only context it is bound in.
    static func unused(_ keys: [Key], of command: Command, in map: KeyMap) -> String? {
        let bound = map.bindings.filter { $0.command == command }
        let unused = keys.filter { key in !bound.contains { $0.keys.contains(key) } }
        guard !unused.isEmpty, let writing = bound.first(where: { $0.context == .writing }) else { return nil }
        let given = unused.map { "\"\($0.label)\"" }.joined(separator: ", ")
        let kept = writing.keys.map(\.label).joined(separator: ", ")
        let left = writing.keys.contains { keys.contains($0) } ? "takes only" : "keeps"
        return "\(given) \(unused.count == 1 ? "types" : "type") text while writing, so \(command.rawValue) "
            + "cannot have \(unused.count == 1 ? "it" : "them") there; it \(left) \(kept)"
    }
}
