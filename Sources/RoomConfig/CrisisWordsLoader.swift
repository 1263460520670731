import Foundation
import RoomCore

/// Which crisis words the room listens for while someone writes (`crisis_words` in
/// config.toml): the shipped list of the person's language, a file of one's own, a list
/// written in config.toml, or none (the offer is off).
public enum CrisisWordsSetting: Equatable, Sendable {
    /// `seeds/crisis-words/LANGUAGE.toml` (no `crisis_words`, or `crisis_words = true`).
    case shipped
    /// `crisis_words = false`.
    case off
    /// `crisis_words = "path/to/words.toml"`, as written (`~/` and relative paths are the
    /// app's to resolve).
    case file(String)
    /// `crisis_words = ["…", …]`.
    case list([String])
}

/// Reads a crisis words file (`seeds/crisis-words/en.toml`):
///
///     language = "en"
///     words = [
///         "kill myself",
///         "suicide",
///     ]
///
/// A bad entry is named by file, line and value, like every config error.
public enum CrisisWordsLoader {
    public static func load(_ url: URL) throws(ConfigError) -> CrisisWords {
        try parse(TOMLSource(url: url))
    }

    public static func load(text: String, file: String) throws(ConfigError) -> CrisisWords {
        try parse(TOMLSource(text: text, file: file))
    }

    static func parse(_ source: TOMLSource) throws(ConfigError) -> CrisisWords {
        for key in source.table.keys where !["language", "words"].contains(key) {
            throw source.error(key, "unknown key; a crisis words file has language and words")
        }
        if source.table.values["language"] != nil && source.table.string("language") == nil {
            throw source.error("language", "must be a string in quotes, such as \"en\"")
        }
        guard source.table.values["words"] != nil else {
            throw ConfigError(file: source.file, key: "words", message: "missing: give words = [\"…\", …]")
        }
        return CrisisWords(try entries(source.table.values["words"], key: "words", source))
    }

    /// The entries of a list of words (`words` in a words file, `crisis_words` in config):
    /// each a string with at least one letter or digit to match.
    static func entries(_ value: Any?, key: String, _ source: TOMLSource) throws(ConfigError) -> [String] {
        guard let array = value as? [Any] else {
            throw source.error(key, "must be a list of words in quotes, one entry per line")
        }
        guard !array.isEmpty else {
            throw source.error(
                key,
                "the list is empty; to turn the offer of crisis help off, write crisis_words = false in config.toml")
        }
        var entries: [String] = []
        for element in array {
            guard let entry = element as? String else {
                throw source.valueError(key, "\(element)", find: "\(element)", "must be a word or phrase in quotes")
            }
            guard !CrisisWords.words(entry).isEmpty else {
                let find = entry.trimmingCharacters(in: .whitespaces).isEmpty ? "\"\(entry)\"" : entry
                throw source.valueError(key, "\"\(entry)\"", find: find, "has no letter or digit to match")
            }
            entries.append(entry)
        }
        return entries
    }
}

extension TOMLSource {
    /// An error about one value of `key`'s list, on the line that holds it.
    func valueError(_ key: String, _ value: String, find: String, _ message: String) -> ConfigError {
        let start = line(of: key) ?? 1
        let found = lines.indices.dropFirst(start - 1).first { lines[$0].contains(find) }
        return ConfigError(
            file: file, line: found.map { $0 + 1 } ?? line(of: key), key: key, message: "\(value) \(message)")
    }
}
