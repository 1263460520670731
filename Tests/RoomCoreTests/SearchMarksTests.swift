import Testing

@testable import RoomCore

/// The marks PostgreSQL's room puts on search results itself: the words found, case and
/// accents folded, the last as a prefix; a snippet of 12 words around the first match.
@Suite("Search marks made in the room")
struct SearchMarksTests {
    func marked(_ text: MarkedText) -> [String] { text.parts.filter(\.isMatch).map(\.text) }

    @Test func wordsAreMarkedWithCaseAndAccentsFoldedAndTheLastAsAPrefix() {
        let title = MarkedText(marking: "A Café day, then DAYS of calm", terms: ["cafe", "day"])
        #expect(marked(title) == ["Café", "day", "DAYS"])
        #expect(title.plain == "A Café day, then DAYS of calm")
        // Only the last term is a prefix: "caf" alone in front does not mark "Café".
        #expect(marked(MarkedText(marking: "Café day", terms: ["caf", "day"])) == ["day"])
    }

    @Test func aSnippetKeepsTwelveWordsFromJustBeforeTheFirstMatch() {
        let body = (1...40).map { $0 == 20 ? "gratitude" : "w\($0)" }.joined(separator: " ")
        let snippet = MarkedText(marking: body, terms: ["grat"], words: 12)
        #expect(snippet.plain == "…w18 w19 gratitude w21 w22 w23 w24 w25 w26 w27 w28 w29…")
        #expect(marked(snippet) == ["gratitude"])
        // Near the end the window keeps twelve words; a short text is kept whole.
        let late = MarkedText(marking: body + " calm", terms: ["calm"], words: 12)
        #expect(late.plain == "…w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40 calm")
        #expect(MarkedText(marking: "Just calm here.", terms: ["calm"], words: 12).plain == "Just calm here.")
        // No match in the body (the title matched): its first twelve words.
        #expect(MarkedText(marking: body, terms: ["zzz"], words: 12).plain.hasPrefix("w1 w2 "))
    }

    @Test func joinersEmojiAndAccentsWrittenApartKeepTheTextWhole() {
        let text = "a\u{200D}b 🏳️‍🌈day cafe\u{301}\nnight"
        let marked = MarkedText(marking: text, terms: ["cafe", "day"])
        #expect(marked.plain == text)
        #expect(self.marked(marked) == ["day", "cafe\u{301}"])
        #expect(marked.onOneLine.plain == "a\u{200D}b 🏳️‍🌈day cafe\u{301} night")
    }

    @Test func markersInTheTextAreJustText() {
        let text = MarkedText(marking: "\u{E000}fake\u{E001} day", terms: ["day"])
        #expect(marked(text) == ["day"])
        #expect(text.plain == "\u{E000}fake\u{E001} day")
    }
}
