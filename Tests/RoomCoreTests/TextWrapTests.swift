import RoomCore
import Testing

private let prose = """
    Woke up at 3 with my whole body asking for a drink. Not a thought, more like a pull in my chest. \
    The garage is open all night and it is a four minute walk. I didn't go to the garage. I put my shoes \
    on and walked the other way, down to the river and round the long loop, which is about an hour.
    """

private let cjk = "一日一歩、ゆっくりでいい。今日も生きている。明日のことは明日考える。"

private let mixed = """
    Held a lemonade at the work party 💪 and nobody asked ❤️ — 一日一歩 from 🇯🇵 with Zoe\u{0308} \
    and 👍🏽 too. Résumé: still here, still sober.
    """

private func words(_ text: String) -> [Substring] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" })
}

private func scalars(_ lines: [String]) -> [[UInt32]] {
    lines.map { $0.unicodeScalars.map(\.value) }
}

@Suite("TextWrap")
struct TextWrapTests {
    @Test(arguments: [prose, mixed])
    func noLineIsWiderThanTheWidthAndTheWordsSurvive(text: String) {
        for width in 12...70 {
            let lines = TextWrap.lines(text, width: width)
            for line in lines {
                #expect(DisplayWidth.of(line) <= width, "width \(width): '\(line)'")
                #expect(!line.hasPrefix(" "), "width \(width): '\(line)'")
                #expect(!line.hasSuffix(" "), "width \(width): '\(line)'")
            }
            // No word in these texts is longer than 12 columns, so no word is split.
            #expect(words(lines.joined(separator: " ")) == words(text), "width \(width)")
        }
    }

    @Test func cjkWithoutSpacesIsBrokenBetweenCharacters() {
        for width in 2...30 {
            let lines = TextWrap.lines(cjk, width: width)
            for line in lines {
                #expect(DisplayWidth.of(line) <= width, "width \(width): '\(line)'")
                #expect(!line.isEmpty, "width \(width)")
            }
            #expect(lines.joined() == cjk, "width \(width)")
            // Full lines: an odd width leaves one column free, an even one none.
            for line in lines.dropLast() {
                #expect(DisplayWidth.of(line) >= width - 1, "width \(width): '\(line)'")
            }
        }
        #expect(TextWrap.lines("一日一歩", width: 5) == ["一日", "一歩"])
    }

    @Test func wideGraphemesLongerThanAnyLineStillBreakBetweenGraphemes() {
        let text = "🇯🇵🇯🇵🇯🇵 一日一歩 Zoe\u{0308}Zoe\u{0308}Zoe\u{0308}"
        for width in 2...20 {
            let lines = TextWrap.lines(text, width: width)
            for line in lines {
                #expect(DisplayWidth.of(line) <= width, "width \(width): '\(line)'")
            }
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "width \(width)")
        }
    }

    /// 👩‍💻 is one grapheme of 4 columns. After breaking at the space, "bc👩‍💻" (6 columns)
    /// must itself be broken between its graphemes to fit in 5.
    @Test func aWordWithAWideZWJGraphemeAfterABreakStillFits() {
        let lines = TextWrap.lines("a bc👩‍💻", width: 5)
        for line in lines {
            #expect(DisplayWidth.of(line) <= 5, "'\(line)' in \(lines)")
        }
        #expect(lines == ["a", "bc", "👩‍💻"])
    }

    @Test func textWithZWJEmojiFitsWhereverEachGraphemeFits() {
        let text = "at work 👩‍💻👩‍💻 and home 👨‍👩‍👧 again, ok👩‍💻"
        for width in 6...40 {
            for line in TextWrap.lines(text, width: width) {
                #expect(DisplayWidth.of(line) <= width, "width \(width): '\(line)'")
            }
        }
    }

    @Test func paragraphBreaksKeepAnEmptyLine() {
        #expect(TextWrap.lines("one two\n\nthree", width: 20) == ["one two", "", "three"])
        #expect(TextWrap.lines("one\ntwo", width: 20) == ["one", "two"])
        #expect(TextWrap.lines("a\n\n\nb", width: 20) == ["a", "", "", "b"])
        #expect(TextWrap.lines("", width: 20) == [""])
        let lines = TextWrap.lines("first paragraph is here\n\nsecond one", width: 10)
        #expect(lines == ["first", "paragraph", "is here", "", "second one"])
    }

    @Test func aWordLongerThanTheWidthIsBrokenBetweenGraphemes() {
        #expect(TextWrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(
            TextWrap.lines("go supercalifragilistic now", width: 6) == ["go", "superc", "alifra", "gilist", "ic now"])
        let accented = TextWrap.lines("Zoe\u{0308}Zoe\u{0308}", width: 4)
        #expect(scalars(accented) == scalars(["Zoe\u{0308}Z", "oe\u{0308}"]))
    }

    @Test func wordsThatFitAreNotSplit() {
        #expect(TextWrap.lines("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWrap.lines("the quick brown fox", width: 9) == ["the quick", "brown fox"])
        #expect(TextWrap.lines("the quick brown fox", width: 8) == ["the", "quick", "brown", "fox"])
        #expect(TextWrap.lines("一日 一歩", width: 4) == ["一日", "一歩"])
    }

    @Test func noLineStartsWithTheSpaceItBrokeAt() {
        #expect(TextWrap.lines("aaaa bbbb", width: 4) == ["aaaa", "bbbb"])
        #expect(TextWrap.lines("aaaa  bbbb", width: 4) == ["aaaa", "bbbb"])
        #expect(TextWrap.lines("aaa bbb ccc", width: 3) == ["aaa", "bbb", "ccc"])
        #expect(TextWrap.lines("aa bb", width: 4) == ["aa", "bb"])
    }

    @Test func aLineThatFitsIsLeftAlone() {
        #expect(TextWrap.lines("short line", width: 10) == ["short line"])
        #expect(TextWrap.lines("一日一歩", width: 8) == ["一日一歩"])
    }
}
