import Glibc

/// A self-pipe that ends the room's wait for keys: `CursesScreen.next` polls its read end
/// together with the terminal. `wake()` may be called from any thread (the store's listener
/// calls it); a full pipe already holds a wake-up, so a write that would block is dropped.
public final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw ScreenError(description: "could not make a pipe (\(String(cString: strerror(errno))))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Ends the current (or the next) wait for keys.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe: the wake-ups it held are taken.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &bytes, bytes.count) > 0 {}
    }
}

/// A resize ends the wait too. ncurses learns of it from SIGWINCH, which may land on any
/// thread, not the one in poll(2): after ncurses' own handler (which marks the resize for
/// `get_wch`) this writes a byte to the pipe. One screen at a time, as ncurses itself.
enum ResizeWake {
    nonisolated(unsafe) private static var previous = sigaction()
    nonisolated(unsafe) private static var pipe: Int32 = -1
    nonisolated(unsafe) private static var installed = false

    static func install(_ wake: WakePipe) {
        pipe = wake.writeEnd
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signal, info, context in
            let previous = ResizeWake.previous
            if previous.sa_flags & SA_SIGINFO != 0 {
                previous.__sigaction_handler.sa_sigaction?(signal, info, context)
            } else if let handler = previous.__sigaction_handler.sa_handler,
                unsafeBitCast(handler, to: Int.self) > 1  // neither SIG_DFL (0) nor SIG_IGN (1)
            {
                handler(signal)
            }
            var byte: UInt8 = 1
            _ = write(ResizeWake.pipe, &byte, 1)
        }
        action.sa_flags = SA_SIGINFO | SA_RESTART
        sigemptyset(&action.sa_mask)
        if sigaction(SIGWINCH, &action, &previous) == 0 { installed = true }
    }

    /// Gives ncurses its handler back (the pipe is about to close).
    static func remove() {
        guard installed else { return }
        installed = false
        sigaction(SIGWINCH, &previous, nil)
    }
}
