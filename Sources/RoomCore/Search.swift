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

    /// What opens and closes a match in the text a search engine hands back. Each search
    /// makes its own: a private-use character, a random number and another private-use
    /// character, so text someone wrote cannot hold them and fake a highlight (and `SafeText`
    /// shows any private-use character left in it as �).
    public struct Markers: Sendable, Equatable {
        public var open: String
        public var close: String

        public init(open: String, close: String) {
            self.open = open
            self.close = close
        }

        public static func random() -> Markers {
            let nonce = String(UInt64.random(in: .min ... .max), radix: 36)
            return Markers(open: "\u{E000}\(nonce)\u{E001}", close: "\u{E002}\(nonce)\u{E003}")
        }
    }

    /// Splits text marked with `markers` into parts. Scalar by scalar, so a marker is found
    /// whatever the characters around it combine with.
    public init(marked: String, markers: Markers) {
        let scalars = Array(marked.unicodeScalars)
        let open = Array(markers.open.unicodeScalars)
        let close = Array(markers.close.unicodeScalars)
        var parts: [Part] = []
        var current = String.UnicodeScalarView()
        var inMatch = false
        var index = 0
        func flush() {
            if !current.isEmpty { parts.append(Part(String(current), isMatch: inMatch)) }
            current = String.UnicodeScalarView()
        }
        func starts(_ marker: [Unicode.Scalar]) -> Bool {
            !marker.isEmpty && index + marker.count <= scalars.count
                && scalars[index..<(index + marker.count)].elementsEqual(marker)
        }
        while index < scalars.count {
            if starts(open) {
                flush()
                inMatch = true
                index += open.count
            } else if starts(close) {
                flush()
                inMatch = false
                index += close.count
            } else {
                current.append(scalars[index])
                index += 1
            }
        }
        flush()
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

extension MarkedText {
    /// `text` with the words a search for `terms` finds marked, for an engine whose own marks
    /// cost too much (PostgreSQL's `ts_headline` parses each story again). A word is a run of
    /// letters and digits; it matches a term with case and accents folded, the last term also
    /// as a prefix, as the search reads them. With `words`, only that many words are kept,
    /// from two before the first match, with "…" where the text is cut (as FTS5's snippet).
    public init(marking text: String, terms: [String], words: Int? = nil) {
        let folded = terms.map { Self.fold(Substring($0)) }
        var pieces: [(text: Substring, isWord: Bool)] = []
        var index = text.startIndex
        while index < text.endIndex {
            let isWord = Self.isWordCharacter(text[index])
            var end = text.index(after: index)
            while end < text.endIndex && Self.isWordCharacter(text[end]) == isWord { end = text.index(after: end) }
            pieces.append((text[index..<end], isWord))
            index = end
        }
        func matches(_ piece: (text: Substring, isWord: Bool)) -> Bool {
            guard piece.isWord, let last = folded.last else { return false }
            let word = Self.fold(piece.text)
            return word.hasPrefix(last) || folded.dropLast().contains(word)
        }
        var kept = pieces.indices
        var cutBefore = false
        var cutAfter = false
        if let words, words > 0 {
            let wordPieces = pieces.indices.filter { pieces[$0].isWord }
            if wordPieces.count > words {
                let first = wordPieces.firstIndex { matches(pieces[$0]) } ?? 0
                let start = max(0, min(first - 2, wordPieces.count - words))
                kept = wordPieces[start]..<(wordPieces[start + words - 1] + 1)
                cutBefore = start > 0
                cutAfter = start + words < wordPieces.count
            }
        }
        var parts: [Part] = cutBefore ? [Part("…")] : []
        for piece in pieces[kept] {
            let isMatch = matches(piece)
            if let last = parts.last, !last.isMatch, !isMatch {
                parts[parts.count - 1].text += piece.text
            } else {
                parts.append(Part(String(piece.text), isMatch: isMatch))
            }
        }
        if cutAfter {
            if let last = parts.last, !last.isMatch {
                parts[parts.count - 1].text += "…"
            } else {
                parts.append(Part("…"))
            }
        }
        self.parts = parts
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Lower case without accents; plain ASCII (most words) without Foundation's folding.
    private static func fold(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}
