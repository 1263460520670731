import CNCurses
import RoomViewModel

/// Turns what the terminal sends into `Key`s: ncurses key codes (from terminfo), and the
/// escape sequences terminfo does not name. Terminals and multiplexers disagree about them
/// (tmux sends `ESC [ 1 ~` for Home whatever TERM says; xterm's terminfo expects `ESC O H`),
/// so every xterm, tmux, screen, rxvt and linux-console form of the editing keys is decoded
/// here, with their Shift, Alt and Ctrl variants. A sequence the room has no use for is
/// swallowed whole: it never turns into Esc followed by letters that would run as commands.
enum KeyDecoder {
    /// What follows an ESC, as far as it has arrived.
    enum Escape: Equatable {
        /// Not yet a whole sequence: wait a moment for the rest.
        case incomplete
        /// The Esc key on its own (nothing followed).
        case escape
        /// A whole sequence of `length` characters after the ESC: its key, or nil for one the
        /// room does not use (swallowed). What follows `length` belongs to the next key.
        case key(Key?, length: Int)
        /// ESC [ 200 ~: bracketed paste starts.
        case pasteStart(length: Int)
    }

    /// Sequences longer than this are not keys; what arrived is swallowed.
    static let maximumLength = 32

    /// Decodes the characters after an ESC. `complete` says nothing more arrived within the
    /// escape delay: a sequence still open is then swallowed as it is.
    static func escape(_ after: [UInt32], complete: Bool) -> Escape {
        let result = parse(after)
        guard result == .incomplete, complete else { return result }
        if after.isEmpty { return .escape }
        // Esc pressed twice: the first now, the second read again as a key of its own.
        if after == [0x1B] { return .key(.escape, length: 0) }
        return .key(nil, length: after.count)
    }

    private static func parse(_ after: [UInt32]) -> Escape {
        guard let first = after.first else { return .incomplete }
        switch first {
        case 0x1B:
            // ESC ESC [ A is Alt-Up on rxvt; ESC ESC alone is Esc twice.
            let rest = Array(after.dropFirst())
            guard let next = rest.first else { return .incomplete }
            guard next == 0x5B || next == 0x4F else { return .key(.escape, length: 0) }
            switch parse(rest) {
            case .key(let key, let length): return .key(key.map { withAlt($0) }, length: length + 1)
            case .pasteStart(let length): return .pasteStart(length: length + 1)
            case .incomplete: return .incomplete
            case .escape: return .key(.escape, length: 0)
            }
        case 0x5B:  // [
            return controlSequence(after)
        case 0x4F:  // O
            return singleShift(after)
        case 0x09: return .key(.backTab, length: 1)  // the linux console's Shift-Tab
        case 0x62: return .key(.controlLeft, length: 1)  // Alt-b: a word back
        case 0x66: return .key(.controlRight, length: 1)  // Alt-f: a word on
        default:
            // Alt with any other key: not Esc, and not the key on its own.
            return .key(nil, length: 1)
        }
    }

    /// ESC [ parameters intermediates final (ECMA-48), plus the linux console's ESC [ [ X and
    /// X10 mouse reports ESC [ M b x y.
    private static func controlSequence(_ after: [UInt32]) -> Escape {
        guard after.count >= 2 else { return .incomplete }
        if after[1] == 0x5B {  // ESC [ [ A: the linux console's F1–F5
            return after.count >= 3 ? .key(nil, length: 3) : .incomplete
        }
        if after[1] == 0x4D {  // ESC [ M b x y: an X10 mouse report ncurses did not take
            return after.count >= 5 ? .key(nil, length: 5) : .incomplete
        }
        var parameters = ""
        for index in 1..<after.count {
            if index >= maximumLength { return .key(nil, length: index) }
            let value = after[index]
            switch value {
            case 0x20...0x23, 0x25...0x3F:
                parameters.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
            case 0x24, 0x40...0x7E:
                // `$` ends rxvt's Shift forms (ESC [ 2 $); nothing the room asks for replies with it.
                let final = Unicode.Scalar(UInt8(value))
                if parameters == "200" && final == "~" { return .pasteStart(length: index + 1) }
                return .key(csiKey(parameters, final: final), length: index + 1)
            default:
                // Not part of a sequence (a control character, say): what came so far is swallowed.
                return .key(nil, length: index)
            }
        }
        return after.count >= maximumLength ? .key(nil, length: after.count) : .incomplete
    }

    /// ESC O [modifier] final: arrows, Home and End in cursor-key mode, F1–F4, the keypad.
    private static func singleShift(_ after: [UInt32]) -> Escape {
        var parameters = ""
        for index in 1..<max(1, after.count) {
            let value = after[index]
            switch value {
            case 0x30...0x3B:
                parameters.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
            case 0x40...0x7E:
                let key = ss3Key(
                    Unicode.Scalar(UInt8(value)), modifiers: modifiers(parameters.split(separator: ";").last))
                return .key(key, length: index + 1)
            default:
                return .key(nil, length: index)
            }
            if index >= 8 { return .key(nil, length: index + 1) }
        }
        return .incomplete
    }

    /// Shift, Alt and Ctrl as xterm encodes them: the parameter minus one, as bits.
    struct Modifiers: OptionSet {
        let rawValue: Int
        static let shift = Modifiers(rawValue: 1)
        static let alt = Modifiers(rawValue: 2)
        static let control = Modifiers(rawValue: 4)
        static let meta = Modifiers(rawValue: 8)
    }

    static func modifiers<S: StringProtocol>(_ parameter: S?) -> Modifiers {
        guard let parameter, let number = Int(parameter), number > 1 else { return [] }
        return Modifiers(rawValue: number - 1)
    }

    private static func csiKey(_ parameters: String, final: Unicode.Scalar) -> Key? {
        // Private parameters (`<` SGR mouse, `?` and `>` replies) are never keys.
        if let lead = parameters.unicodeScalars.first, (0x3C...0x3F).contains(lead.value) { return nil }
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let modifiers = modifiers(fields.count >= 2 ? fields[1] : nil)
        switch final {
        case "A", "a": return .up
        case "B", "b": return .down
        case "C": return word(.right, modifiers)
        case "D": return word(.left, modifiers)
        case "c": return .right  // rxvt's Shift-Right
        case "d": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "~", "$", "^", "@":
            // The VT220 forms, with rxvt's `$` (Shift), `^` (Ctrl) and `@` (both) endings.
            guard fields.count <= 2, let number = fields.first.flatMap({ Int($0) }) else { return nil }
            switch number {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil  // Insert, function keys, the end of a paste with no start
            }
        default:
            return nil  // focus reports, the keypad's 5, kitty's CSI u, function keys …
        }
    }

    private static func ss3Key(_ final: Unicode.Scalar, modifiers: Modifiers) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return word(.right, modifiers)
        case "D": return word(.left, modifiers)
        case "H": return .home
        case "F": return .end
        case "M": return .enter  // the keypad's Enter
        case "j": return .character("*")
        case "k": return .character("+")
        case "l": return .character(",")
        case "m": return .character("-")
        case "n": return .character(".")
        case "o": return .character("/")
        case "X": return .character("=")
        case "p"..."y": return .character(Character(Unicode.Scalar(final.value - 0x70 + 0x30)!))
        default: return nil  // F1–F4, the keypad's 5
        }
    }

    /// Ctrl or Alt with Left or Right moves by word, as in most editors; Shift alone is the arrow.
    private static func word(_ key: Key, _ modifiers: Modifiers) -> Key {
        guard !modifiers.intersection([.control, .alt, .meta]).isEmpty else { return key }
        return key == .left ? .controlLeft : .controlRight
    }

    private static func withAlt(_ key: Key) -> Key {
        switch key {
        case .left: .controlLeft
        case .right: .controlRight
        default: key
        }
    }

    // MARK: What ncurses decoded

    /// A key code from ncurses (terminfo's standard keys, then its extended names such as
    /// kLFT5 for Ctrl-Left); nil for keys the room does not use.
    static func functionKey(_ code: Int32, name: String? = nil) -> Key? {
        switch code {
        case KEY_UP, KEY_SR: .up
        case KEY_DOWN, KEY_SF: .down
        case KEY_LEFT, KEY_SLEFT: .left
        case KEY_RIGHT, KEY_SRIGHT: .right
        case KEY_HOME, KEY_SHOME, KEY_A1, KEY_FIND: .home
        case KEY_END, KEY_SEND, KEY_C1, KEY_SELECT, KEY_LL: .end
        case KEY_PPAGE, KEY_SPREVIOUS, KEY_A3: .pageUp
        case KEY_NPAGE, KEY_SNEXT, KEY_C3: .pageDown
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC, KEY_SDC: .delete
        case KEY_ENTER: .enter
        default: name.flatMap(terminfoKey)
        }
    }

    /// An extended terminfo key by its capability name: kUP5 is Ctrl-Up, kLFT3 Alt-Left,
    /// kHOM2 Shift-Home (the digit is xterm's modifier parameter).
    static func terminfoKey(_ name: String) -> Key? {
        guard name.hasPrefix("k") else { return nil }
        var base = String(name.dropFirst())
        var modifiers: Modifiers = [.shift]  // kLFT without a digit is Shift-Left
        if let last = base.last, last.isNumber {
            modifiers = Self.modifiers(String(last))
            base.removeLast()
        }
        switch base {
        case "UP": return .up
        case "DN": return .down
        case "LFT": return word(.left, modifiers)
        case "RIT": return word(.right, modifiers)
        case "HOM": return .home
        case "END": return .end
        case "PRV": return .pageUp
        case "NXT": return .pageDown
        case "DC": return .delete
        default: return nil
        }
    }

    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            return .control(Character(Unicode.Scalar(UInt8(value) + 96)))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }
}
