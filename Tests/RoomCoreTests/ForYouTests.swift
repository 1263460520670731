import RoomCore
import Testing

@Suite("For you: counts and excerpts")
struct ForYouTests {
    @Test func theCountReadsLikeTheUnreadOne() {
        #expect(ForYou.countLabel(0) == nil)
        #expect(ForYou.countLabel(2) == "2 for you")
        #expect(ForYou.countLabel(99) == "99 for you")
        #expect(ForYou.countLabel(100) == "99+ for you")
    }

    @Test func anExcerptIsOneShortSafeLine() {
        #expect(ForYou.excerpt("  So proud\n\nof you.\t ") == "So proud of you.")
        #expect(ForYou.excerpt("a\u{1B}[2Jb\u{202E}c") == "a␛[2Jb\u{FFFD}c")
        let long = String(repeating: "👩‍💻 ", count: 100)
        let cut = ForYou.excerpt(long)
        #expect(cut.count == ForYou.excerptCharacters && cut.hasSuffix("…"))
        #expect(ForYou.excerpt(String(repeating: "x", count: 80)).count == 80, "80 fit without a cut")
    }
}
