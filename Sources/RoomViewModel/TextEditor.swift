import RoomCore

/// A text field that edits by grapheme cluster and lays out by display width: the model
/// behind the compose view. Pure; the cursor is a (line, grapheme index) pair, and
/// `rows(width:)` gives the soft-wrapped rows that both drawing and Up/Down use.
public struct TextEditor: Equatable, Sendable {
    /// Logical lines as grapheme clusters; never empty.
    public private(set) var lines: [[Character]]
    public private(set) var line = 0
    public private(set) var column = 0
    public let isMultiline: Bool
    public let maxCharacters: Int
    /// The display column Up/Down aim for, kept across short rows.
    private var goalColumn: Int?

    public init(_ text: String = "", multiline: Bool, maxCharacters: Int) {
        isMultiline = multiline
        self.maxCharacters = maxCharacters
        lines = [[]]
        insert(text)
        if !text.isEmpty {
            line = lines.count - 1
            column = lines[line].count
        }
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var characterCount: Int { text.count }
    public var charactersLeft: Int { maxCharacters - characterCount }

    // MARK: Editing

    /// Inserts typed or pasted text at the cursor. Line breaks (LF, CR LF, CR) split the
    /// line in a multi-line field and become spaces in a single-line one; tabs become spaces;
    /// other control characters are dropped. Stops at `maxCharacters`.
    public mutating func insert(_ typed: String) {
        var clean = ""
        var previousWasCR = false
        for scalar in typed.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR: continue
            case "\n", "\r", "\u{2028}", "\u{2029}": clean.unicodeScalars.append(isMultiline ? "\n" : " ")
            case "\t": clean += "    "
            default:
                if SafeText.isSafe(scalar) { clean.unicodeScalars.append(scalar) }
            }
        }
        let room = maxCharacters - characterCount
        guard room > 0, !clean.isEmpty else { return }
        if clean.count > room { clean = String(clean.prefix(room)) }
        let before = String(lines[line][..<column])
        let after = String(lines[line][column...])
        let inserted = (before + clean).split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        var newLines = inserted
        let cursorLine = line + newLines.count - 1
        // Re-segment so a combining mark joins the grapheme before it.
        let cursorColumn = newLines[newLines.count - 1].count
        newLines[newLines.count - 1] = Array(String(newLines[newLines.count - 1]) + after)
        lines.replaceSubrange(line...line, with: newLines)
        line = cursorLine
        column = min(cursorColumn, lines[line].count)
        goalColumn = nil
    }

    /// Deletes the grapheme before the cursor, joining with the line above at its start.
    public mutating func backspace() {
        goalColumn = nil
        if column > 0 {
            lines[line].remove(at: column - 1)
            column -= 1
        } else if line > 0 {
            let previousLength = lines[line - 1].count
            lines[line - 1] = Array(String(lines[line - 1]) + String(lines[line]))
            lines.remove(at: line)
            line -= 1
            column = previousLength
        }
    }

    /// Deletes the grapheme under the cursor, joining with the next line at the end.
    public mutating func deleteForward() {
        goalColumn = nil
        if column < lines[line].count {
            lines[line].remove(at: column)
        } else if line + 1 < lines.count {
            lines[line] = Array(String(lines[line]) + String(lines[line + 1]))
            lines.remove(at: line + 1)
        }
    }

    // MARK: Moving

    public mutating func moveLeft() {
        goalColumn = nil
        if column > 0 {
            column -= 1
        } else if line > 0 {
            line -= 1
            column = lines[line].count
        }
    }

    public mutating func moveRight() {
        goalColumn = nil
        if column < lines[line].count {
            column += 1
        } else if line + 1 < lines.count {
            line += 1
            column = 0
        }
    }

    /// To the start of the previous word (Ctrl-Left).
    public mutating func moveWordLeft() {
        goalColumn = nil
        if column == 0 {
            moveLeft()
            return
        }
        let chars = lines[line]
        var i = column
        while i > 0 && chars[i - 1].isWhitespace { i -= 1 }
        while i > 0 && !chars[i - 1].isWhitespace { i -= 1 }
        column = i
    }

    /// To the end of the next word (Ctrl-Right).
    public mutating func moveWordRight() {
        goalColumn = nil
        let chars = lines[line]
        if column == chars.count {
            moveRight()
            return
        }
        var i = column
        while i < chars.count && chars[i].isWhitespace { i += 1 }
        while i < chars.count && !chars[i].isWhitespace { i += 1 }
        column = i
    }

    /// To the start of the visual row (Home).
    public mutating func moveToRowStart(width: Int) {
        goalColumn = nil
        column = currentRow(width: width).range.lowerBound
    }

    /// To the end of the visual row (End).
    public mutating func moveToRowEnd(width: Int) {
        goalColumn = nil
        let rows = TextEditor.rows(of: lines[line], width: width)
        let index = TextEditor.rowIndex(of: column, in: rows)
        let range = rows[index]
        column = index == rows.count - 1 ? range.upperBound : max(range.lowerBound, range.upperBound - 1)
    }

    /// Up or down one visual row, keeping the display column.
    public mutating func moveVertically(by delta: Int, width: Int) {
        let all = visualRows(width: width)
        let cursor = cursorPosition(width: width)
        let goal = goalColumn ?? cursor.column
        let target = cursor.row + delta
        guard all.indices.contains(target) else {
            if delta < 0 {
                (line, column) = (0, 0)
            } else {
                (line, column) = (lines.count - 1, lines[lines.count - 1].count)
            }
            goalColumn = nil
            return
        }
        let row = all[target]
        let chars = lines[row.line]
        var used = 0
        var index = row.range.lowerBound
        let lastIndex = row.isLastOfLine ? row.range.upperBound : max(row.range.lowerBound, row.range.upperBound - 1)
        while index < lastIndex {
            let w = DisplayWidth.of(chars[index])
            if used + w > goal { break }
            used += w
            index += 1
        }
        line = row.line
        column = index
        goalColumn = goal
    }

    // MARK: Layout

    /// One soft-wrapped row: part of a logical line.
    public struct VisualRow: Equatable, Sendable {
        public var line: Int
        public var range: Range<Int>
        public var isLastOfLine: Bool
    }

    /// All rows for a width. One column is kept free so the cursor fits after a full row.
    public func visualRows(width: Int) -> [VisualRow] {
        lines.enumerated().flatMap { index, chars in
            let rows = TextEditor.rows(of: chars, width: width)
            return rows.enumerated().map { r, range in
                VisualRow(line: index, range: range, isLastOfLine: r == rows.count - 1)
            }
        }
    }

    /// The text of one visual row.
    public func text(of row: VisualRow) -> String { String(lines[row.line][row.range]) }

    /// Where the cursor is drawn: visual row and display column.
    public func cursorPosition(width: Int) -> (row: Int, column: Int) {
        var rowOffset = 0
        for index in 0..<line {
            rowOffset += TextEditor.rows(of: lines[index], width: width).count
        }
        let rows = TextEditor.rows(of: lines[line], width: width)
        let r = TextEditor.rowIndex(of: column, in: rows)
        let start = rows[r].lowerBound
        let columnWidth = lines[line][start..<column].reduce(0) { $0 + DisplayWidth.of($1) }
        return (rowOffset + r, columnWidth)
    }

    private func currentRow(width: Int) -> (index: Int, range: Range<Int>) {
        let rows = TextEditor.rows(of: lines[line], width: width)
        let index = TextEditor.rowIndex(of: column, in: rows)
        return (index, rows[index])
    }

    static func rowIndex(of column: Int, in rows: [Range<Int>]) -> Int {
        rows.firstIndex { column >= $0.lowerBound && column < $0.upperBound } ?? rows.count - 1
    }

    /// Grapheme ranges of the rows a line wraps into at `width` (minus one column for the
    /// cursor). Breaks after a space when it can, inside a word only when the word alone is
    /// wider than the row.
    static func rows(of chars: [Character], width: Int) -> [Range<Int>] {
        let width = max(1, width - 1)
        var rows: [Range<Int>] = []
        var start = 0
        var used = 0
        var breakAfterSpace: Int?
        for (i, character) in chars.enumerated() {
            let w = DisplayWidth.of(character)
            if used + w > width && i > start {
                if let b = breakAfterSpace, b > start, b <= i {
                    rows.append(start..<b)
                    start = b
                    used = chars[b..<i].reduce(0) { $0 + DisplayWidth.of($1) }
                } else {
                    rows.append(start..<i)
                    start = i
                    used = 0
                }
                breakAfterSpace = nil
                if used + w > width && i > start {
                    rows.append(start..<i)
                    start = i
                    used = 0
                }
            }
            used += w
            if character == " " { breakAfterSpace = i + 1 }
        }
        rows.append(start..<chars.count)
        return rows
    }
}
