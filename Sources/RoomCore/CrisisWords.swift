import Foundation

/// Words and phrases that suggest someone may be in crisis, for a gentle offer of crisis help
/// while they write. Pure: it looks at text in memory and answers yes or no; nothing is
/// sent, stored or logged (the room shows the offer on this screen only).
///
/// Matching folds case, accents and width (`KILL MYSELF`, `kíll mysélf` and full-width
/// letters all match "kill myself") and compares whole words: text and entries are cut into
/// words at every character that is not a letter, digit or combining mark, so "die" never
/// matches "diet", and a phrase matches its words in order with anything but letters between
/// them ("want to\ndie", "kill-myself"); an apostrophe joins ("dont" matches "don't").
public struct CrisisWords: Equatable, Sendable {
    /// Each entry as its folded words, grouped by its first word for the scan.
    private let byFirstWord: [String: [[String]]]
    /// The entries as given (for tests and `isEmpty`).
    public let entries: [String]

    public init(_ entries: [String]) {
        self.entries = entries
        var byFirstWord: [String: [[String]]] = [:]
        for entry in entries {
            let words = Self.words(entry)
            guard let first = words.first else { continue }
            byFirstWord[first, default: []].append(words)
        }
        self.byFirstWord = byFirstWord
    }

    /// No list: the offer is off.
    public static let none = CrisisWords([])

    public var isEmpty: Bool { byFirstWord.isEmpty }

    /// The same list (the index follows from the entries).
    public static func == (lhs: CrisisWords, rhs: CrisisWords) -> Bool { lhs.entries == rhs.entries }

    /// Whether the text holds any entry, as whole words.
    public func matches(_ text: String) -> Bool {
        firstMatch(in: text) != nil
    }

    /// The first entry found (its folded words joined by spaces), or nil.
    public func firstMatch(in text: String) -> String? {
        guard !byFirstWord.isEmpty, !text.isEmpty else { return nil }
        let words = Self.words(text)
        for index in words.indices {
            guard let candidates = byFirstWord[words[index]] else { continue }
            for phrase in candidates where index + phrase.count <= words.count {
                if words[index..<(index + phrase.count)].elementsEqual(phrase) {
                    return phrase.joined(separator: " ")
                }
            }
        }
        return nil
    }

    /// The folded words of a text: case, accents and width folded, cut at everything that is
    /// not a letter, digit or mark.
    public static func words(_ text: String) -> [String] {
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            // An apostrophe joins ("don't" is "dont"), so lists need no spelling without it.
            if scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}" { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark
            {
                word.append(scalar)
            } else if !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }
}
