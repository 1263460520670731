import Testing

@testable import CursesScreen
@testable import RoomViewModel

/// The bytes terminals send after ESC, decoded without a terminal: every form of the
/// editing keys becomes that key, and nothing becomes Esc followed by letters.
@Suite("Keys: escape sequences")
struct KeyDecoderTests {
    /// Decodes a whole sequence written with `\u{1B}` first, as it arrives at once.
    func decode(_ sequence: String) -> KeyDecoder.Escape {
        var scalars = Array(sequence.unicodeScalars.map(\.value))
        #expect(scalars.first == 0x1B)
        scalars.removeFirst()
        return KeyDecoder.escape(scalars, complete: false)
    }

    func key(_ sequence: String) -> Key? {
        guard case .key(let key, let length) = decode(sequence) else {
            Issue.record("\(sequence.debugDescription) is not a whole key: \(decode(sequence))")
            return nil
        }
        #expect(length == sequence.unicodeScalars.count - 1, "\(sequence.debugDescription) is taken whole")
        return key
    }

    @Test(arguments: [
        // xterm, tmux and screen: VT220 forms and cursor-key forms.
        ("\u{1B}[1~", Key.home), ("\u{1B}[4~", .end), ("\u{1B}[H", .home), ("\u{1B}[F", .end),
        ("\u{1B}OH", .home), ("\u{1B}OF", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
        ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete),
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
        ("\u{1B}[Z", .backTab), ("\u{1B}\t", .backTab), ("\u{1B}OM", .enter),
        // Shift, Alt and Ctrl (xterm's modifier parameter), and rxvt's own endings.
        ("\u{1B}[1;5D", .controlLeft), ("\u{1B}[1;5C", .controlRight), ("\u{1B}[1;3D", .controlLeft),
        ("\u{1B}[1;2C", .right), ("\u{1B}[1;2D", .left), ("\u{1B}[1;3A", .up), ("\u{1B}[1;5B", .down),
        ("\u{1B}[1;2H", .home), ("\u{1B}[1;5F", .end), ("\u{1B}[3;5~", .delete), ("\u{1B}[3;2~", .delete),
        ("\u{1B}[5;5~", .pageUp), ("\u{1B}[6;2~", .pageDown), ("\u{1B}O5D", .controlLeft),
        ("\u{1B}O1;5C", .controlRight),
        ("\u{1B}[7^", .home), ("\u{1B}[8$", .end), ("\u{1B}[3$", .delete), ("\u{1B}[c", .right), ("\u{1B}[a", .up),
        // rxvt's Alt-arrows: ESC before the whole sequence.
        ("\u{1B}\u{1B}[D", .controlLeft), ("\u{1B}\u{1B}[A", .up), ("\u{1B}\u{1B}OC", .controlRight),
        // Alt-b and Alt-f move by word, as in readline.
        ("\u{1B}b", .controlLeft), ("\u{1B}f", .controlRight),
        // The keypad in application mode types what it shows.
        ("\u{1B}Op", .character("0")), ("\u{1B}Oy", .character("9")), ("\u{1B}Ok", .character("+")),
    ])
    func everyFormOfAnEditingKeyIsThatKey(sequence: String, expected: Key) {
        #expect(key(sequence) == expected, "\(sequence.debugDescription)")
    }

    @Test(arguments: [
        "\u{1B}[2~", "\u{1B}[2;5~", "\u{1B}[15~", "\u{1B}[24;2~", "\u{1B}OP", "\u{1B}[1;2P", "\u{1B}[[A",
        "\u{1B}[E", "\u{1B}[G", "\u{1B}OE", "\u{1B}[I", "\u{1B}[O", "\u{1B}[<0;40;6M", "\u{1B}[<0;40;6m",
        "\u{1B}[M !!", "\u{1B}[27;5;9~", "\u{1B}[97;5u", "\u{1B}[201~", "\u{1B}[?1;2c", "\u{1B}x", "\u{1B}q",
        "\u{1B}Q", "\u{1B}\u{7F}", "\u{1B}\r", "\u{1B}é",
    ])
    func sequencesTheRoomDoesNotUseAreSwallowedWhole(sequence: String) {
        #expect(key(sequence) == nil, "\(sequence.debugDescription) is neither Esc nor text")
    }

    @Test func bracketedPasteStarts() {
        #expect(decode("\u{1B}[200~Hello") == .pasteStart(length: 5))
    }

    @Test func whatFollowsASequenceIsTheNextKey() {
        #expect(decode("\u{1B}[1~abc") == .key(.home, length: 3))
        #expect(decode("\u{1B}[3;5~\u{1B}[A") == .key(.delete, length: 5))
    }

    @Test func aSequenceStillArrivingWaitsAndIsSwallowedIfItStops() {
        for partial in [
            "\u{1B}[", "\u{1B}[1", "\u{1B}[1;", "\u{1B}[1;5", "\u{1B}O", "\u{1B}O1;", "\u{1B}[M!", "\u{1B}\u{1B}[",
        ] {
            let scalars = Array(partial.unicodeScalars.map(\.value).dropFirst())
            #expect(KeyDecoder.escape(scalars, complete: false) == .incomplete, "\(partial.debugDescription) waits")
            #expect(
                KeyDecoder.escape(scalars, complete: true) == .key(nil, length: scalars.count),
                "\(partial.debugDescription) cut short is swallowed, not Esc")
        }
    }

    @Test func escOnItsOwnAndTwiceAreEsc() {
        #expect(KeyDecoder.escape([], complete: false) == .incomplete)
        #expect(KeyDecoder.escape([], complete: true) == .escape)
        #expect(KeyDecoder.escape([0x1B], complete: true) == .key(.escape, length: 0), "the second is read again")
    }

    @Test func anOverlongSequenceIsSwallowed() {
        let long = [UInt32(0x5B)] + Array(repeating: UInt32(0x31), count: 40)
        guard case .key(nil, let length) = KeyDecoder.escape(long, complete: false) else {
            Issue.record("a 40-digit sequence should be swallowed")
            return
        }
        #expect(length <= KeyDecoder.maximumLength)
    }

    @Test(arguments: [
        ("kLFT5", Key.controlLeft), ("kRIT3", .controlRight), ("kLFT", .left), ("kRIT2", .right), ("kUP5", .up),
        ("kDN3", .down), ("kHOM5", .home), ("kEND2", .end), ("kPRV3", .pageUp), ("kNXT5", .pageDown),
        ("kDC5", .delete),
    ])
    func terminfoNamesOfModifiedKeys(name: String, expected: Key) {
        #expect(KeyDecoder.terminfoKey(name) == expected)
    }

    @Test func terminfoKeysTheRoomDoesNotUseAreNothing() {
        #expect(KeyDecoder.terminfoKey("kIC5") == nil)
        #expect(KeyDecoder.terminfoKey("kf13") == nil)
    }
}
