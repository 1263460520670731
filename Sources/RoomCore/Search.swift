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

    /// How many of the newest matches every backend ranks by relevance: a word found in most
    /// stories is ranked among its newest 200 (PERFORMANCE.md: search).
    public static let rankedMatches = 200

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
    /// Only the words up to the first match and those kept are compared: a page of 50 long
    /// stories is marked in well under a millisecond each.
    public init(marking text: String, terms: [String], words: Int? = nil) {
        let matcher = TermMatcher(terms)
        // Words and the text between them, as ranges (no copies), found byte by byte for
        // ASCII and scalar by scalar beyond it: a Character's properties cost a table look-up
        // for every one, most of the time of a page of long stories.
        var pieces: [(range: Range<String.Index>, isWord: Bool)] = []
        let utf8 = text.utf8
        var index = utf8.startIndex
        var start = index
        var inWord = false
        var previousASCII = true
        while index < utf8.endIndex {
            let byte = utf8[index]
            let ascii = byte < 0x80
            let isWord: Bool
            let next: String.Index
            if ascii {
                isWord = (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
                next = utf8.index(after: index)
            } else {
                let scalar = text.unicodeScalars[index]
                isWord = Self.isWordScalar(scalar)
                next = utf8.index(index, offsetBy: UTF8.width(scalar))
            }
            if index == utf8.startIndex {
                inWord = isWord
            } else if isWord != inWord, (ascii && previousASCII) || index.samePosition(in: text) != nil {
                // Split only between Characters (a joiner or a mark stays with its letter).
                pieces.append((start..<index, inWord))
                start = index
                inWord = isWord
            }
            previousASCII = ascii
            index = next
        }
        if start < utf8.endIndex { pieces.append((start..<utf8.endIndex, inWord)) }
        func matches(_ piece: (range: Range<String.Index>, isWord: Bool)) -> Bool {
            piece.isWord && matcher.matches(text, piece.range)
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
                parts[parts.count - 1].text += text[piece.range]
            } else {
                parts.append(Part(String(text[piece.range]), isMatch: isMatch))
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

    /// Letters, digits and the marks that combine with them (an accent written apart).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The same text with line breaks as spaces (a snippet is one line).
    public var onOneLine: MarkedText {
        MarkedText(parts.map { Part(String($0.text.map { $0.isNewline ? " " : $0 }), isMatch: $0.isMatch) })
    }

    /// Compares words with the search's terms, folded once: plain ASCII words byte by byte,
    /// others through Foundation's folding, and only when their first letter could fold to
    /// the first letter of a term.
    private struct TermMatcher {
        let whole: [String]
        let prefix: String?
        /// The terms' first letters, folded; nil when a term starts beyond ASCII.
        let firstBytes: Set<UInt8>?

        init(_ terms: [String]) {
            let folded = terms.map { Self.fold(Substring($0)) }.filter { !$0.isEmpty }
            whole = Array(folded.dropLast())
            prefix = folded.last
            let firsts = folded.map { $0.utf8.first! }
            firstBytes = firsts.allSatisfy { $0 < 0x80 } ? Set(firsts) : nil
        }

        /// Whether the word at `range` of `text` is found.
        func matches(_ text: String, _ range: Range<String.Index>) -> Bool {
            guard let prefix, !range.isEmpty else { return false }
            if let firstBytes {
                // An ASCII first letter folds to itself in lower case; a letter beyond
                // Latin and Greek (CJK, Hangul, …) never folds to ASCII.
                let lead = text.utf8[range.lowerBound]
                if lead < 0x80 {
                    if !firstBytes.contains(Self.lower(lead)) { return false }
                } else if text.unicodeScalars[range.lowerBound].value >= 0x2000 {
                    return false
                }
            }
            let folded = Self.fold(text[range])
            return folded.hasPrefix(prefix) || whole.contains(folded)
        }

        static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

        /// Lower case without accents; plain ASCII without Foundation's folding.
        static func fold(_ word: Substring) -> String {
            if word.utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: word.utf8.map(lower), as: UTF8.self) }
            return word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        }
    }
}
