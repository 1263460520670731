import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Text editor: graphemes in, columns out")
struct TextEditorTests {
    func editor(_ text: String = "", multiline: Bool = true, max: Int = 20_000) -> TextEditor {
        TextEditor(text, multiline: multiline, maxCharacters: max)
    }

    @Test func typingPutsTheCursorAfterEachGraphemeByDisplayWidth() {
        var e = editor()
        for (typed, column) in [("a", 1), ("👩‍💻", 5), ("一", 7), ("e", 8), ("\u{301}", 8), ("🇯🇵", 10)] {
            e.insert(typed)
            #expect(e.cursorPosition(width: 40).column == column, "after \(typed)")
        }
        #expect(e.text == "a👩‍💻一e\u{301}🇯🇵")
        #expect(e.lines[0].count == 5, "the combining mark joined the e: five graphemes")
    }

    @Test func backspaceRemovesAWholeGraphemeNeverPartOfOne() {
        var e = editor("x👩‍👧🇮🇪Zoe\u{308}")
        e.backspace()
        #expect(e.text == "x👩‍👧🇮🇪Zo")
        e.backspace()
        e.backspace()
        #expect(e.text == "x👩‍👧🇮🇪")
        e.backspace()
        #expect(e.text == "x👩‍👧")
        e.backspace()
        #expect(e.text == "x")
    }

    @Test func deleteForwardAndArrowsStepByGrapheme() {
        var e = editor("一👩‍💻b")
        e.moveToRowStart(width: 40)
        e.moveRight()
        #expect(e.cursorPosition(width: 40).column == 2)
        e.deleteForward()
        #expect(e.text == "一b")
        e.moveLeft()
        e.moveLeft()
        #expect(e.cursorPosition(width: 40).column == 0)
    }

    @Test func backspaceAtTheStartOfALineJoinsItWithTheLineAbove() {
        var e = editor("one\ntwo")
        e.moveToRowStart(width: 40)
        e.backspace()
        #expect(e.text == "onetwo")
        #expect(e.cursorPosition(width: 40).column == 3)
        e.insert("\n")
        #expect(e.text == "one\ntwo")
        e.moveVertically(by: -1, width: 40)
        e.moveToRowEnd(width: 40)
        e.deleteForward()
        #expect(e.text == "onetwo", "delete at the end of a line joins the next one")
    }

    @Test func insertingInTheMiddleKeepsWhatFollows() {
        var e = editor("Day  was hard")
        e.moveToRowStart(width: 40)
        for _ in 0..<4 { e.moveRight() }
        e.insert("one")
        #expect(e.text == "Day one was hard")
        #expect(e.cursorPosition(width: 40).column == 7)
    }

    @Test func wrappingIsByDisplayWidthAndTheCursorFollowsTheRow() {
        var e = editor()
        e.insert("一二三四五 六七八九十")
        let rows = e.visualRows(width: 12)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { DisplayWidth.of(e.text(of: $0)) <= 11 }, "one column kept for the cursor")
        #expect(e.text(of: rows[1]) == "六七八九十")
        #expect(e.cursorPosition(width: 12).row == 1)
        #expect(e.cursorPosition(width: 12).column == 10)
    }

    @Test func aWideGraphemeNeverStraddlesARowEdge() {
        let e = editor("abcdefghi👩‍💻z")
        for width in 2...14 {
            for row in e.visualRows(width: width) {
                #expect(DisplayWidth.of(e.text(of: row)) <= max(width - 1, 4), "width \(width)")
            }
        }
        #expect(e.visualRows(width: 12).map { e.text(of: $0) } == ["abcdefghi", "👩‍💻z"])
    }

    @Test func upAndDownKeepTheColumnAcrossShortRows() {
        var e = editor("a long first line\nab\nanother long line")
        e.moveVertically(by: -2, width: 40)
        #expect(e.cursorPosition(width: 40).row == 0)
        e.moveToRowEnd(width: 40)
        e.moveVertically(by: 1, width: 40)
        #expect(e.cursorPosition(width: 40) == (1, 2))
        e.moveVertically(by: 1, width: 40)
        #expect(e.cursorPosition(width: 40) == (2, 17), "the goal column survives the short line")
    }

    @Test func wordMovesSkipSpacesAndWords() {
        var e = editor("one two  three")
        e.moveWordLeft()
        #expect(e.cursorPosition(width: 40).column == 9)
        e.moveWordLeft()
        #expect(e.cursorPosition(width: 40).column == 4)
        e.moveWordRight()
        #expect(e.cursorPosition(width: 40).column == 7)
    }

    @Test func pastedTextKeepsLinesAndLosesControls() {
        var e = editor()
        e.insert("line one\r\nline\ttwo\u{1B}[2J\rthree")
        #expect(e.text == "line one\nline    two[2J\nthree")
        var title = editor(multiline: false, max: 120)
        title.insert("one\ntwo")
        #expect(title.text == "one two", "a single-line field turns line breaks into spaces")
    }

    @Test func theLimitStopsTyping() {
        var e = editor(max: 5)
        e.insert("abcdefg")
        #expect(e.text == "abcde")
        #expect(e.charactersLeft == 0)
        e.insert("x")
        #expect(e.text == "abcde")
    }
}
