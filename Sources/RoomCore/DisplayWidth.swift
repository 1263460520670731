import CTextWidth

/// One terminal cell's worth of text: a single spacing scalar plus at most four combining
/// marks, `width` columns wide (1 or 2). This is exactly what ncurses can place in a cell.
public struct Glyph: Sendable, Equatable {
    public var text: String
    public var width: Int

    public init(_ text: String, width: Int) {
        self.text = text
        self.width = width
    }
}

/// Display width in terminal columns, measured with the C library's `wcwidth` because that
/// is what ncurses uses to place cells: if the two disagreed, everything right of an emoji
/// would shift.
///
/// Grapheme clusters that terminals disagree about are made unambiguous instead of guessed:
/// zero-width joiners, variation selectors and emoji modifiers are left out, so 👩‍💻 is drawn
/// as 👩💻 (4 columns) and ❤️ as ❤ (1 column) on every terminal alike. Combining marks stay.
public enum DisplayWidth {
    /// The most combining marks kept on one cell (ncurses' CCHARW_MAX is 5 in all).
    public static let maxCombiningPerCell = 4

    /// Whether widths are known for every scalar (the C library's locale is UTF-8).
    public static let isUTF8: Bool = ensureUTF8Locale()

    /// Switches the C library's character type to UTF-8 when it is not (LANG=C over SSH),
    /// trying the environment's locale first, then C.UTF-8. Call again after `setlocale`.
    @discardableResult
    public static func ensureUTF8Locale() -> Bool { peerroom_ensure_utf8_ctype() == 1 }

    /// Columns of one scalar as `wcwidth` sees it: -1 for non-printable.
    @inline(__always)
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        _ = isUTF8
        return Int(peerroom_scalar_width(v))
    }

    /// Columns of one grapheme cluster as drawn.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        return glyphs(of: character).reduce(0) { $0 + $1.width }
    }

    /// Columns of a string as drawn.
    public static func of(_ string: String) -> Int {
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return string.utf8.count }
        return string.reduce(0) { $0 + of($1) }
    }

    /// The cells one grapheme cluster occupies.
    public static func glyphs(of character: Character) -> [Glyph] {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
            return [Glyph(String(character), width: 1)]
        }
        var result: [Glyph] = []
        var combining = 0
        for scalar in character.unicodeScalars {
            let width = of(scalar)
            if width > 0 {
                if isEmojiModifier(scalar) && !result.isEmpty { continue }
                result.append(Glyph(String(scalar), width: width))
                combining = 0
            } else if width == 0 {
                if isDroppedFormat(scalar) { continue }
                if result.isEmpty {
                    // A mark with nothing to sit on would join the cell before it on screen.
                    result.append(Glyph("\u{25CC}", width: 1))
                }
                if combining < maxCombiningPerCell {
                    result[result.count - 1].text.unicodeScalars.append(scalar)
                    combining += 1
                }
            } else {
                // Unassigned or non-printable: a visible stand-in of known width.
                result.append(Glyph("\u{FFFD}", width: 1))
                combining = 0
            }
        }
        return result
    }

    /// The longest prefix of `string` that fits in `width` columns, never splitting a
    /// grapheme; when the string is cut, the last column holds `…`.
    public static func truncated(_ string: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if of(string) <= width { return string }
        var result = ""
        var used = 0
        for character in string {
            let w = of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `string` cut or padded with spaces to exactly `width` columns.
    public static func padded(_ string: String, toWidth width: Int) -> String {
        let cut = truncated(string, toWidth: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    static func isDroppedFormat(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return scalar.properties.isVariationSelector
        default: return true
        }
    }

    static func isEmojiModifier(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F3FB...0x1F3FF).contains(scalar.value)
    }
}
