import CNCurses
import Foundation
import RoomCore
import RoomViewModel

/// What the terminal sent.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case resized(Size)
    /// Text pasted with bracketed paste, as one piece.
    case paste(String)
    case mouse(MouseEvent)
}

/// ncurses' mouse report (button bits and a cell) as the room's `MouseEvent`; nil for what
/// the room does not use (releases, other buttons).
enum MouseDecoder {
    static func event(buttons: mmask_t, x: Int, y: Int) -> MouseEvent? {
        let kind: MouseEvent.Kind
        if buttons & peerroom_wheel_up() != 0 {
            kind = .wheelUp
        } else if buttons & peerroom_wheel_down() != 0 {
            kind = .wheelDown
        } else if buttons & peerroom_button1_pressed() != 0 {
            kind = .press
        } else {
            return nil
        }
        return MouseEvent(kind, x: x, y: y)
    }
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
    private var palette: Palette
    /// Ends a wait for keys from another thread (the store's wake-up), and on a resize.
    public let wakePipe: WakePipe

    /// Sets the terminal up. Fails with a message when stdin/stdout is not a terminal or the
    /// terminal type is unknown, instead of letting ncurses exit the process.
    public init(theme: Theme = .mono) throws {
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
        let wake = try WakePipe()
        wakePipe = wake
        guard peerroom_newterm() != nil else {
            throw ScreenError(description: "unknown terminal type TERM=\(term)")
        }
        isActive = true
        ResizeWake.install(wake)  // after newterm, which installs ncurses' handler
        cbreak()
        noecho()
        nonl()
        keypad(peerroom_stdscr(), true)
        // Long enough for a sequence split across packets (ssh), short enough that Esc feels
        // immediate; a person's own ESCDELAY wins.
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(Self.escapeDelay) }
        peerroom_enable_mouse()
        peerroom_disable_flow_control()
        def_prog_mode()
        _ = curs_set(1)
        palette = Palette.make(theme)
        palette.install()
        peerroom_write_raw(Self.bracketedPasteOn)
    }

    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"
    /// Milliseconds to wait for the rest of an escape sequence (vim's ttimeoutlen is 100).
    static let escapeDelay: Int32 = 50

    deinit { restore() }

    /// Switches to another theme and repaints every cell. Returns the theme in use: mono
    /// when the terminal has no colour.
    @discardableResult
    public func apply(_ theme: Theme) -> Theme {
        palette = Palette.make(theme)
        palette.install()
        previous = nil  // every cell is written again by the next draw
        return palette.theme
    }

    /// The theme in use (mono on a terminal without colour, whatever was asked).
    public var theme: Theme { palette.theme }

    /// The terminal's size now.
    public var size: Size { Size(width: Int(peerroom_cols()), height: Int(peerroom_lines())) }

    /// Waits up to `timeoutMilliseconds` for input; nil when nothing came, or when
    /// `wakePipe` was woken first.
    public func next(timeoutMilliseconds: Int32) -> InputEvent? {
        var wait = timeoutMilliseconds
        while true {
            // What ncurses already holds (a key put back, a resize it was told of) first;
            // then the terminal and the pipe together.
            timeout(0)
            var value: UInt32 = 0
            var result = peerroom_get_wch(&value)
            if result == ERR && wait > 0 {
                awaitInput(milliseconds: wait)
                result = peerroom_get_wch(&value)
            }
            if result == ERR { return nil }
            let event: InputEvent?
            if result == KEY_CODE_YES {
                event = functionKey(Int32(value))
            } else if value == 27 {
                event = escapeSequence()
            } else {
                event = KeyDecoder.character(value).map(InputEvent.key)
            }
            if let event { return event }
            // Swallowed (a key the room does not use): look at what else is waiting.
            wait = 0
        }
    }

    /// poll(2) on the terminal and the wake pipe; a wake-up is taken from the pipe.
    private func awaitInput(milliseconds: Int32) {
        var sources = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakePipe.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        if poll(&sources, 2, milliseconds) > 0 && sources[1].revents != 0 { wakePipe.drain() }
    }

    /// A key ncurses decoded from terminfo: resize, mouse, or a key by code or by name.
    private func functionKey(_ code: Int32) -> InputEvent? {
        if code == KEY_RESIZE {
            previous = nil  // the terminal was cleared; draw everything
            return .resized(size)
        }
        if code == peerroom_key_mouse() {
            var x: Int32 = 0
            var y: Int32 = 0
            var buttons: mmask_t = 0
            guard peerroom_get_mouse(&x, &y, &buttons) == OK else { return nil }
            return MouseDecoder.event(buttons: buttons, x: Int(x), y: Int(y)).map(InputEvent.mouse)
        }
        let name = keyname(code).map { String(cString: $0) }
        return KeyDecoder.functionKey(code, name: name).map(InputEvent.key)
    }

    /// After an ESC that terminfo did not make into a key: reads the rest of the sequence
    /// (what is already waiting, then at the terminal's pace) and decodes it with
    /// `KeyDecoder.escape`. Returns nil for a sequence that was swallowed whole; characters
    /// read past its end are put back.
    private func escapeSequence() -> InputEvent? {
        var after: [UInt32] = []
        var wait: Int32 = 0  // ncurses itself waited for a byte after the ESC
        var complete = false
        while !complete && KeyDecoder.escape(after, complete: false) == .incomplete {
            timeout(wait)
            wait = Int32(get_escdelay())
            var value: UInt32 = 0
            switch peerroom_get_wch(&value) {
            case KEY_CODE_YES:
                // Alt with a key terminfo knows is that key; inside a sequence, swallowed.
                return after.isEmpty ? functionKey(Int32(value)) : nil
            case ERR:
                complete = true
            default:
                after.append(value)
            }
        }
        func putBack(from length: Int) {
            for value in after[length...].reversed() { _ = unget_wch(wchar_t(bitPattern: value)) }
        }
        switch KeyDecoder.escape(after, complete: complete) {
        case .incomplete, .escape:
            return .key(.escape)
        case .key(let key, let length):
            putBack(from: length)
            return key.map(InputEvent.key)
        case .pasteStart(let length):
            putBack(from: length)
            return .paste(readPaste())
        }
    }

    /// Reads pasted text up to the closing ESC [ 201 ~.
    private func readPaste() -> String {
        timeout(100)
        var text = ""
        let end = "\u{1B}[201~"
        while true {
            var value: UInt32 = 0
            let result = peerroom_get_wch(&value)
            if result == ERR { break }
            if result == KEY_CODE_YES { continue }
            guard let scalar = Unicode.Scalar(value) else { continue }
            text.unicodeScalars.append(scalar)
            if text.hasSuffix(end) {
                text.removeLast(end.count)
                break
            }
        }
        return text
    }

    /// Leaves the screen for `body` (an external editor, say) and comes back with a full redraw.
    public func suspend<T>(_ body: () throws -> T) rethrows -> T {
        peerroom_write_raw(Self.bracketedPasteOff)
        def_prog_mode()
        endwin()
        defer {
            reset_prog_mode()
            peerroom_write_raw(Self.bracketedPasteOn)
            previous = nil
            clearok(peerroom_stdscr(), true)
            refresh()
        }
        return try body()
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

    /// The terminal's bell (a call for support arrived; config `bell = false` turns it off).
    public func ringBell() {
        beep()
    }

    /// Gives the terminal back as it was: echo, line mode, cursor, main screen.
    public func restore() {
        guard isActive else { return }
        isActive = false
        ResizeWake.remove()
        peerroom_write_raw(Self.bracketedPasteOff)
        endwin()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var text = Array(cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) })
        text.append(0)
        let style = palette.style(for: cell.role)
        if peerroom_put_cell(Int32(y), Int32(x), text, style.attributes, style.pair) == ERR {
            // The last cell of the screen reports ERR after writing; anything else gets a stand-in.
            let isLastCell = y == Int(peerroom_lines()) - 1 && x == Int(peerroom_cols()) - 1
            if !isLastCell {
                var fallback: [wchar_t] = [0xFFFD, 0]
                _ = peerroom_put_cell(Int32(y), Int32(x), &fallback, style.attributes, style.pair)
            }
        }
    }
}

/// Makes sure the C library's character type is UTF-8 before ncurses starts.
enum TerminalLocale {
    static func ensureUTF8() -> Bool { DisplayWidth.ensureUTF8Locale() }
}
