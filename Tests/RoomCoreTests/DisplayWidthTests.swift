import RoomCore
import Testing

/// The scalars of a string, so that two strings are compared exactly rather than up to
/// canonical equivalence (which would let "e\u{301}" equal "é").
private func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}

private func scalars(_ glyphs: [Glyph]) -> [[UInt32]] {
    glyphs.map { scalars($0.text) }
}

@Suite("DisplayWidth")
struct DisplayWidthTests {
    @Test func theCLibraryLocaleIsUTF8SoWidthsAreKnown() {
        #expect(DisplayWidth.isUTF8)
    }

    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("hello, world") == 12)
        #expect(DisplayWidth.of("~ river_7 (2 days) ~") == 20)
        #expect(DisplayWidth.of(Character("a")) == 1)
        #expect(DisplayWidth.glyphs(of: "a") == [Glyph("a", width: 1)])
    }

    @Test func cjkIsTwoColumnsPerCharacter() {
        #expect(DisplayWidth.of("一日一歩") == 8)
        for character in "一日一歩" {
            #expect(DisplayWidth.of(character) == 2)
            #expect(DisplayWidth.glyphs(of: character) == [Glyph(String(character), width: 2)])
        }
        #expect(DisplayWidth.of("ab一日") == 6)
    }

    @Test func combiningMarksTakeNoColumnAndStayOnTheirBase() throws {
        #expect(DisplayWidth.of("Zoe\u{0308}") == 3)
        let last = try #require("Zoe\u{0308}".last)
        let glyphs = DisplayWidth.glyphs(of: last)
        #expect(scalars(glyphs) == [[0x65, 0x308]])
        #expect(glyphs.map(\.width) == [1])
    }

    @Test func zeroWidthJoinerSequenceIsDrawnAsItsPartsWithoutTheJoiner() {
        let coder: Character = "👩‍💻"
        let glyphs = DisplayWidth.glyphs(of: coder)
        #expect(glyphs == [Glyph("👩", width: 2), Glyph("💻", width: 2)])
        #expect(!glyphs.contains { $0.text.unicodeScalars.contains("\u{200D}") })
        #expect(DisplayWidth.of(coder) == 4)
        #expect(DisplayWidth.of("a👩‍💻b") == 6)
    }

    @Test func variationSelectorIsDroppedSoRedHeartIsOneColumn() {
        let heart: Character = "\u{2764}\u{FE0F}"
        #expect(DisplayWidth.of(heart) == 1)
        #expect(DisplayWidth.of("\u{2764}\u{FE0F}") == 1)
        let glyphs = DisplayWidth.glyphs(of: heart)
        #expect(scalars(glyphs) == [[0x2764]])
        #expect(glyphs.map(\.width) == [1])
    }

    @Test func flagIsTwoColumns() {
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of(Character("🇯🇵")) == 2)
        #expect(DisplayWidth.glyphs(of: "🇯🇵").reduce(0) { $0 + $1.width } == 2)
    }

    @Test func emojiModifierIsLeftOut() {
        let thumb: Character = "👍🏽"
        #expect(DisplayWidth.glyphs(of: thumb) == [Glyph("👍", width: 2)])
        #expect(DisplayWidth.of(thumb) == 2)
    }

    @Test func aLeadingCombiningMarkGetsADottedCircleBase() throws {
        let text = "\u{0301}abc"
        #expect(DisplayWidth.of(text) == 4)
        let first = try #require(text.first)
        let glyphs = DisplayWidth.glyphs(of: first)
        #expect(scalars(glyphs) == [[0x25CC, 0x301]])
        #expect(glyphs.map(\.width) == [1])
    }

    @Test func atMostFourCombiningMarksAreKeptOnOneCell() throws {
        #expect(DisplayWidth.maxCombiningPerCell == 4)
        let marks: [UInt32] = [0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x306]
        var text = "a"
        for mark in marks { text.unicodeScalars.append(Unicode.Scalar(mark)!) }
        #expect(text.count == 1)
        let glyphs = DisplayWidth.glyphs(of: try #require(text.first))
        #expect(scalars(glyphs) == [[0x61, 0x300, 0x301, 0x302, 0x303]])
        #expect(glyphs.map(\.width) == [1])
        #expect(DisplayWidth.of(text) == 1)
    }

    @Test func nonPrintableScalarsGetAVisibleStandInOfOneColumn() {
        #expect(DisplayWidth.glyphs(of: "\u{1B}") == [Glyph("\u{FFFD}", width: 1)])
        #expect(DisplayWidth.of("a\u{7}b") == 3)
    }

    @Test func truncatedKeepsWholeGraphemesAndMarksTheCut() {
        #expect(DisplayWidth.truncated("ab一日", toWidth: 4) == "ab…")
        #expect(DisplayWidth.truncated("ab一日", toWidth: 5) == "ab一…")
        #expect(DisplayWidth.truncated("ab一日", toWidth: 6) == "ab一日")
        #expect(DisplayWidth.truncated("hello", toWidth: 5) == "hello")
        #expect(DisplayWidth.truncated("hello", toWidth: 4) == "hel…")
        #expect(DisplayWidth.truncated("hello", toWidth: 1) == "…")
        #expect(DisplayWidth.truncated("hello", toWidth: 0) == "")
        #expect(DisplayWidth.truncated("x👩‍💻y", toWidth: 5) == "x…")
        #expect(scalars(DisplayWidth.truncated("Zoe\u{0308}Zoe\u{0308}", toWidth: 4)) == scalars("Zoe\u{0308}…"))
    }

    @Test(arguments: [
        "hello, world", "ab一日", "一日一歩", "Zoe\u{0308} and Zoe\u{0308}", "👩‍💻 at work ❤️", "🇯🇵🇯🇵🇯🇵",
        "\u{0301}mark first", "mixed 一 and 👍🏽 and e\u{301}",
    ])
    func truncatedNeverExceedsTheWidthNorSplitsAGrapheme(text: String) {
        let characters = Array(text)
        for width in 0...(DisplayWidth.of(text) + 2) {
            let cut = DisplayWidth.truncated(text, toWidth: width)
            #expect(DisplayWidth.of(cut) <= width, "width \(width): \(cut)")
            if DisplayWidth.of(text) <= width {
                #expect(cut == text)
                continue
            }
            guard width > 0 else {
                #expect(cut.isEmpty)
                continue
            }
            #expect(cut.hasSuffix("…"), "width \(width): \(cut)")
            let kept = Array(cut.dropLast())
            // Whole graphemes of the original, from its start.
            #expect(Array(characters.prefix(kept.count)) == kept, "width \(width): \(cut)")
            // The longest such prefix: the next grapheme would not have fitted before the "…".
            let next = characters[kept.count]
            #expect(DisplayWidth.of(String(kept)) + DisplayWidth.of(next) > width - 1, "width \(width): \(cut)")
        }
    }

    @Test func paddedFillsWithSpacesOrCuts() {
        #expect(DisplayWidth.padded("ab", toWidth: 5) == "ab   ")
        #expect(DisplayWidth.padded("一日", toWidth: 5) == "一日 ")
        #expect(DisplayWidth.padded("一日一歩", toWidth: 4) == "一… ")
        #expect(DisplayWidth.padded("一日一歩", toWidth: 5) == "一日…")
        #expect(DisplayWidth.padded("hello", toWidth: 5) == "hello")
        #expect(DisplayWidth.padded("", toWidth: 3) == "   ")
        #expect(DisplayWidth.padded("hello", toWidth: 0) == "")
    }

    @Test(arguments: ["", "ab", "一日一歩", "👩‍💻❤️🇯🇵", "Zoe\u{0308}", "long text that will not fit"])
    func paddedIsAlwaysExactlyTheWidth(text: String) {
        for width in 0...30 {
            #expect(DisplayWidth.of(DisplayWidth.padded(text, toWidth: width)) == width, "width \(width)")
        }
    }
}
