import RoomCore

/// What a cell means, not how it looks: the screen layer maps roles to colours and
/// attributes from the active theme; snapshot tests can show them as markers.
public enum StyleRole: String, CaseIterable, Sendable {
    case normal
    case header
    case title
    case border
    case focusBorder
    case selection
    case muted
    case badge
    case warning
    case crisis
    case footer
    case key
    case tab
    case activeTab
    /// The words a search matched.
    case match
}

/// One terminal cell. A wide glyph sits in its left cell with `width` 2; the cell to its
/// right is a continuation (`width` 0, empty text).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var role: StyleRole

    public static let blank = Cell(text: " ", width: 1, role: .normal)

    public init(text: String, width: UInt8, role: StyleRole) {
        self.text = text
        self.width = width
        self.role = role
    }
}

/// A position on the canvas.
public struct Point: Equatable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The rectangle inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
}

/// The terminal's size in cells.
public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A grid of cells that rendering writes into and the screen layer flushes. All text that
/// enters goes through `SafeText`, so nothing drawn can act on the terminal.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor goes: the selected item, so screen readers follow it.
    public var cursor: Point?
    /// ASCII only (`--ascii`): borders of `+-|` and decorative symbols in their ASCII form.
    public var ascii = false

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes one line of text at (x, y) within `maxWidth` columns, cut with `…` when it
    /// does not fit and never splitting a grapheme. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, role: StyleRole = .normal)
        -> Int
    {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        let text = ascii ? AsciiDrawing.plain(text) : text
        let available = min(maxWidth ?? (width - x), width - x)
        guard available > 0 else { return 0 }
        // Printable ASCII (most of a screen) is safe as it is and one column a byte.
        let utf8 = text.utf8
        if utf8.prefix(available + 1).allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            let shown = utf8.count <= available ? utf8.count : available - 1
            var column = x
            for byte in utf8.prefix(shown) {
                set(Glyph(String(Character(Unicode.Scalar(byte))), width: 1), x: column, y: y, role: role)
                column += 1
            }
            if shown < utf8.count {
                set(Glyph(ascii ? "~" : "…", width: 1), x: column, y: y, role: role)
                column += 1
            }
            return column - x
        }
        // Only what can show is neutralised and measured: a cell is at least one character
        // wide, and a few more cover marks and dropped joiners; the rest only means "…".
        let limit = available + 16
        let visible = text.prefix(limit)
        let glyphs = Self.fit(
            SafeText.neutralise(String(visible)), width: available, hasMore: visible.endIndex < text.endIndex)
        var column = x
        for glyph in glyphs {
            set(ascii && glyph.text == "…" ? Glyph("~", width: 1) : glyph, x: column, y: y, role: role)
            column += glyph.width
        }
        return column - x
    }

    /// Paints `rect` with spaces of `role`.
    public mutating func fill(_ rect: Rect, role: StyleRole) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                cells[y * width + x] = Cell(text: " ", width: 1, role: role)
            }
        }
    }

    /// Draws a border around `rect` with `title` in its top edge. The focused pane gets a
    /// double line, so focus shows without colour.
    public mutating func box(_ rect: Rect, title: String, focused: Bool, ascii: Bool = false) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let style = BorderStyle.pick(focused: focused, ascii: ascii || self.ascii)
        let role: StyleRole = focused ? .focusBorder : .border
        let right = min(rect.maxX, width) - 1
        let bottom = min(rect.maxY, height) - 1
        // Border characters are ours and one column wide: they go straight into cells.
        func edge(_ text: String, _ x: Int, _ y: Int) {
            guard x >= 0, y >= 0, x <= right, y <= bottom else { return }
            set(Glyph(text, width: 1), x: x, y: y, role: role)
        }
        for x in max(0, rect.x)...max(max(0, rect.x), right) {
            edge(style.horizontal, x, rect.y)
            edge(style.horizontal, x, bottom)
        }
        for y in max(0, rect.y)...max(max(0, rect.y), bottom) {
            edge(style.vertical, rect.x, y)
            edge(style.vertical, right, y)
        }
        edge(style.topLeft, rect.x, rect.y)
        edge(style.topRight, right, rect.y)
        edge(style.bottomLeft, rect.x, bottom)
        edge(style.bottomRight, right, bottom)
        if rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, role: focused ? .title : .border)
        }
    }

    /// The canvas as plain text, one line per row, trailing spaces removed (golden snapshots).
    public func plainText() -> String {
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                line += cells[y * width + x].text
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text of one row (trailing spaces kept), for tests and the plain screen.
    public func row(_ y: Int) -> String {
        (0..<width).map { cells[y * width + $0].text }.joined()
    }

    /// The glyphs of `text` that fit in `width` columns, with `…` in the last column when
    /// cut (or when `hasMore` says text follows that was not passed in). Stops measuring at
    /// the first character that does not fit, so a long text costs no more than a short one.
    static func fit(_ text: String, width: Int, hasMore: Bool = false) -> [Glyph] {
        var glyphs: [Glyph] = []
        var used = 0
        // Where the text must be cut if it turns out not to fit: room for "…" after it.
        var cutCount = 0
        var cutFound = false
        for character in text {
            let characterGlyphs = DisplayWidth.glyphs(of: character)
            let w = characterGlyphs.reduce(0) { $0 + $1.width }
            if !cutFound && used + w > width - 1 {
                cutCount = glyphs.count
                cutFound = true
            }
            if used + w > width { return Array(glyphs.prefix(cutCount)) + [Glyph("…", width: 1)] }
            glyphs += characterGlyphs
            used += w
        }
        if hasMore {
            if !cutFound { cutCount = glyphs.count }
            return Array(glyphs.prefix(cutCount)) + [Glyph("…", width: 1)]
        }
        return glyphs
    }

    private mutating func set(_ glyph: Glyph, x: Int, y: Int, role: StyleRole) {
        guard x + glyph.width <= width else { return }
        clearWide(at: x, y: y)
        if glyph.width == 2 { clearWide(at: x + 1, y: y) }
        cells[y * width + x] = Cell(text: glyph.text, width: UInt8(glyph.width), role: role)
        if glyph.width == 2 {
            cells[y * width + x + 1] = Cell(text: "", width: 0, role: role)
        }
    }

    /// Before a cell is overwritten, a wide glyph it belongs to is replaced by spaces, so no
    /// half of a wide glyph is ever left behind.
    private mutating func clearWide(at x: Int, y: Int) {
        let index = y * width + x
        let cell = cells[index]
        if cell.width == 0, x > 0 {
            cells[index - 1] = Cell(text: " ", width: 1, role: cells[index - 1].role)
            cells[index] = Cell(text: " ", width: 1, role: cell.role)
        } else if cell.width == 2, x + 1 < width {
            cells[index + 1] = Cell(text: " ", width: 1, role: cell.role)
        }
    }
}

/// Line-drawing characters, with an ASCII set for screen readers and poor fonts.
struct BorderStyle {
    var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String

    static let single = BorderStyle(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    static let double = BorderStyle(
        horizontal: "═", vertical: "║", topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝")
    static let ascii = BorderStyle(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
    static let asciiFocused = BorderStyle(
        horizontal: "=", vertical: "#", topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#")

    static func pick(focused: Bool, ascii: Bool) -> BorderStyle {
        switch (focused, ascii) {
        case (false, false): single
        case (true, false): double
        case (false, true): Self.ascii
        case (true, true): asciiFocused
        }
    }
}
