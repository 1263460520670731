/// Text from people and files becomes harmless before it reaches a terminal: every control
/// character, escape sequence introducer, bidirectional override and private-use character is
/// replaced by a visible placeholder, so what a person wrote is shown as text and can never act on the terminal
/// (cf. CVE-2021-25743, weechat#1545).
public enum SafeText {
    /// How line breaks are treated.
    public enum Lines: Sendable {
        /// Titles, handles, names: a line break (LF, CR LF or CR) is shown as one `␤`.
        case single
        /// Bodies: line breaks stay, tabs become spaces.
        case multi
    }

    /// Returns `text` with every unsafe scalar replaced by a visible placeholder.
    public static func neutralise(_ text: String, lines: Lines = .single) -> String {
        // Fast path: nearly every string is already safe.
        if text.unicodeScalars.allSatisfy({ isPlainSafe($0) }) { return text }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            // CR LF and a lone CR end a line like LF does.
            let lineBreak: Unicode.Scalar = lines == .multi ? "\n" : "\u{2424}"
            switch scalar {
            case "\n":
                if !previousWasCR { out.append(lineBreak) }
            case "\r":
                out.append(lineBreak)
            case "\t" where lines == .multi:
                out.append(contentsOf: "    ".unicodeScalars)
            case "\u{2028}", "\u{2029}":
                out.append(lines == .multi ? "\n" : "\u{2424}")
            default:
                out.append(contentsOf: placeholder(for: scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// Whether a scalar can go to the terminal as it is.
    public static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        isPlainSafe(scalar)
    }

    @inline(__always)
    static func isPlainSafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return true }
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return false }
        if isBidiControl(v) { return false }
        if v == 0x2028 || v == 0x2029 { return false }
        if isPrivateUse(v) { return false }
        return true
    }

    /// Private-use code points: no meaning of their own, so they could pass for a marker
    /// (search highlighting once was two of them) or a font's icon.
    static func isPrivateUse(_ v: UInt32) -> Bool {
        (0xE000...0xF8FF).contains(v) || v >= 0xF0000
    }

    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// The visible stand-in for an unsafe scalar (or the scalar itself when it is safe).
    static func placeholder(for s: Unicode.Scalar) -> String {
        let v = s.value
        switch v {
        case 0x00..<0x20:
            // Control Pictures: ␀ ␁ … ␛ (ESC) … ␟, one column each.
            return String(Unicode.Scalar(0x2400 + v)!)
        case 0x7F:
            return "\u{2421}"  // ␡
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0xE000...0xF8FF, 0xF0000...:
            return "\u{FFFD}"  // �
        default:
            return String(s)
        }
    }
}
