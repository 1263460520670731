import CNCurses
import Foundation
import RoomCore
import RoomViewModel

/// What the terminal sent.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case resized(Size)
}

/// Why the terminal could not be set up.
public struct ScreenError: Error, CustomStringConvertible {
    public var description: String
}

/// The one place that talks to ncurses: sets the terminal up, decodes keys, maps style roles
/// to attributes and flushes a canvas by writing only the cells that changed. Always call
/// `restore()`; it is safe to call more than once.
public final class CursesScreen {
    private var previous: Canvas?
    private var isActive = false
    private let palette: Palette

    /// Sets the terminal up. Fails with a message when stdin/stdout is not a terminal or the
    /// terminal type is unknown, instead of letting ncurses exit the process.
    public init(colour: ColourChoice = .auto) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ScreenError(
                description: "the room needs a terminal; for scripts use the subcommands (peerroom --help)")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" {
            throw ScreenError(
                description: "TERM=\(term.isEmpty ? "(unset)" : term) cannot draw the room (no cursor movement); "
                    + "use the subcommands instead, e.g. peerroom feed --group SLUG")
        }
        setlocale(LC_ALL, "")
        if !TerminalLocale.ensureUTF8() {
            throw ScreenError(
                description: "no UTF-8 locale is available (tried the environment's and C.UTF-8); "
                    + "set LANG to a UTF-8 locale, e.g. LANG=C.UTF-8")
        }
        guard peerroom_newterm() != nil else {
            throw ScreenError(description: "unknown terminal type TERM=\(term)")
        }
        isActive = true
        cbreak()
        noecho()
        nonl()
        keypad(peerroom_stdscr(), true)
        set_escdelay(25)
        _ = curs_set(1)
        palette = Palette.make(colour)
        palette.install()
    }

    deinit { restore() }

    /// The terminal's size now.
    public var size: Size { Size(width: Int(peerroom_cols()), height: Int(peerroom_lines())) }

    /// Waits up to `timeoutMilliseconds` for input; nil when nothing came.
    public func next(timeoutMilliseconds: Int32) -> InputEvent? {
        timeout(timeoutMilliseconds)
        var value: UInt32 = 0
        let result = peerroom_get_wch(&value)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            if Int32(value) == KEY_RESIZE {
                previous = nil  // the terminal was cleared; draw everything
                return .resized(size)
            }
            return KeyDecoder.functionKey(Int32(value)).map(InputEvent.key)
        }
        return KeyDecoder.character(value).map(InputEvent.key)
    }

    /// Writes the cells that differ from the last frame, places the cursor, and updates the
    /// terminal once.
    public func draw(_ canvas: Canvas) {
        let sameSize = previous.map { $0.width == canvas.width && $0.height == canvas.height } ?? false
        if !sameSize {
            erase()
        }
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.width == 0 { continue }
                if sameSize, let previous, previous[x, y] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        if let cursor = canvas.cursor {
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            move(Int32(max(0, canvas.height - 1)), 0)
        }
        previous = canvas
        refresh()
    }

    /// Gives the terminal back as it was: echo, line mode, cursor, main screen.
    public func restore() {
        guard isActive else { return }
        isActive = false
        endwin()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var text = Array(cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) })
        text.append(0)
        let style = palette.style(for: cell.role)
        if peerroom_put_cell(Int32(y), Int32(x), text, style.attributes, style.pair) == ERR {
            // The last cell of the screen reports ERR after writing; anything else gets a stand-in.
            if !(y == canvas(rowsMinus: 1) && x == Int(peerroom_cols()) - 1) {
                var fallback: [wchar_t] = [0xFFFD, 0]
                _ = peerroom_put_cell(Int32(y), Int32(x), &fallback, style.attributes, style.pair)
            }
        }
    }

    private func canvas(rowsMinus n: Int) -> Int { Int(peerroom_lines()) - n }
}

/// Turns ncurses key codes into `Key`s.
enum KeyDecoder {
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        default: nil
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

/// Makes sure the C library's character type is UTF-8 before ncurses starts.
enum TerminalLocale {
    static func ensureUTF8() -> Bool { DisplayWidth.ensureUTF8Locale() }
}
