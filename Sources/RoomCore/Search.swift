import Foundation

/// Text with the parts that matched a search marked, for drawing the match highlighted.
public struct MarkedText: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var text: String
        public var isMatch: Bool

        public init(_ text: String, isMatch: Bool = false) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    public var parts: [Part]

    public init(_ parts: [Part]) {
        self.parts = parts
    }

    /// The characters that open and close a match in what the store hands back: private-use
    /// code points, which no one types and `SafeText` never lets through.
    public static let open: Character = "\u{E000}"
    public static let close: Character = "\u{E001}"

    /// Splits text marked with `open` and `close` into parts.
    public init(marked: String) {
        var parts: [Part] = []
        var current = ""
        var inMatch = false
        for character in marked {
            if character == Self.open || character == Self.close {
                if !current.isEmpty { parts.append(Part(current, isMatch: inMatch)) }
                current = ""
                inMatch = character == Self.open
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(Part(current, isMatch: inMatch)) }
        self.parts = parts
    }

    public var plain: String { parts.map(\.text).joined() }
}

/// One story found by a search, best first: its summary, and its title and a snippet of its
/// body with the matching words marked. A story behind a content warning has an empty
/// snippet (the store reads none, but for its author): show `story.contentWarning` first.
public struct SearchHit: Sendable, Equatable, Identifiable {
    public var story: StorySummary
    public var groupName: String
    /// The group's slug, the name scripts use.
    public var groupSlug: String
    public var title: MarkedText
    public var snippet: MarkedText

    public var id: StoryID { story.id }

    public init(
        story: StorySummary, groupName: String, title: MarkedText, snippet: MarkedText, groupSlug: String = ""
    ) {
        self.story = story
        self.groupName = groupName
        self.groupSlug = groupSlug
        self.title = title
        self.snippet = snippet
    }
}

public enum SearchQuery {
    /// The longest query accepted, in characters.
    public static let maxCharacters = 200

    /// How many results the room shows, best first: each one costs a snippet of its text.
    public static let resultsInTheRoom = 50

    /// The words of what a person typed as an FTS5 query: every word must appear, the last
    /// may be the start of a word, and nothing typed is read as FTS5 syntax (each word is a
    /// quoted string). Nil when there is no word to look for.
    public static func fts(_ text: String) -> String? {
        let words = text.split { !$0.isLetter && !$0.isNumber }.map(String.init).prefix(16)
        guard !words.isEmpty else { return nil }
        return words.enumerated().map { index, word in
            "\"\(word)\"" + (index == words.count - 1 ? "*" : "")
        }.joined(separator: " ")
    }
}
