import Foundation
import Glibc

/// A program on a pseudo-terminal of its own, as a person's terminal would run it: we hold
/// the master side, read every byte the program (ncurses) writes, and type keys into it.
final class TerminalProcess {
    let pid: pid_t
    let master: Int32
    /// Just before the program was started.
    let started: ContinuousClock.Instant
    private var exited = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    // Linux ioctl numbers and a spawn flag that Glibc's Swift module does not export.
    private static let unlockPseudoTerminal: UInt = 0x4004_5431  // TIOCSPTLCK
    private static let pseudoTerminalNumber: UInt = 0x8004_5430  // TIOCGPTN
    private static let spawnNewSession: Int16 = 0x80  // POSIX_SPAWN_SETSID

    init(_ arguments: [String], environment: [String: String], width: Int, height: Int) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else {
            throw Failure(description: "cannot open /dev/ptmx: \(String(cString: strerror(errno)))")
        }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, Self.unlockPseudoTerminal, &unlock) == 0,
            ioctl(master, Self.pseudoTerminalNumber, &number) == 0,
            ioctl(master, UInt(TIOCSWINSZ), &size) == 0
        else {
            close(master)
            throw Failure(description: "cannot set up the pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = "/dev/pts/\(number)"

        // The child starts a session and opens the slave first, which makes it the
        // controlling terminal; then it is standard input, output and error.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Self.spawnNewSession)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        started = ContinuousClock.now
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    deinit {
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// What came back for one request: the bytes, and when the last of them arrived.
    struct Output {
        var bytes: [UInt8]
        var lastByte: ContinuousClock.Instant?
        /// When the bytes arrived that met `until` (a frame's last row, before what follows).
        var metAt: ContinuousClock.Instant?
        /// Whether `until` was met before the time limit.
        var complete: Bool
    }

    /// Reads until `done(bytes so far)` holds and then nothing more arrives for `quiet`
    /// (the output is finished), or until `timeout`. The quiet wait is not part of the
    /// answer: `lastByte` is when the last byte arrived.
    func read(
        until done: ([UInt8]) -> Bool = { !$0.isEmpty }, quiet: Duration = .milliseconds(50),
        timeout: Duration = .seconds(30)
    ) -> Output {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes: [UInt8] = []
        var lastByte: ContinuousClock.Instant?
        var metAt: ContinuousClock.Instant?
        var satisfied = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let now = clock.now
            let wait: Duration
            if satisfied, let lastByte {
                wait = quiet - (now - lastByte)
            } else {
                wait = deadline - now
            }
            if wait <= .zero { break }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, (wait.milliseconds).rounded(.up))))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count <= 0 { break }  // EIO: the program closed the terminal (it ended)
            bytes += buffer[0..<count]
            lastByte = clock.now
            if !satisfied {
                satisfied = done(bytes)
                if satisfied { metAt = lastByte }
            }
        }
        return Output(bytes: bytes, lastByte: lastByte, metAt: metAt, complete: satisfied)
    }

    /// Types `text` (keys, escape sequences) into the terminal.
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                Glibc.write(master, $0.baseAddress! + offset, $0.count - offset)
            }
            if written <= 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }

    /// The program's resident memory (VmRSS), in kilobytes.
    func residentKilobytes() -> Int? {
        guard let status = Self.readProcFile("/proc/\(pid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// Where the resident memory is: kilobytes per mapping (a library's file name, [heap],
    /// or "anonymous"), largest first.
    func residentByMapping() -> [(String, Int)] {
        guard let smaps = Self.readProcFile("/proc/\(pid)/smaps") else { return [] }
        var sizes: [String: Int] = [:]
        var current = "anonymous"
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), first.first?.isHexDigit == true {
                current = fields.count >= 6 ? String(fields[5].split(separator: "/").last ?? fields[5]) : "anonymous"
            } else if fields.first == "Rss:", fields.count >= 2, let kilobytes = Int(fields[1]) {
                sizes[current, default: 0] += kilobytes
            }
        }
        return sizes.sorted { $0.value > $1.value }
    }

    /// Waits up to `timeout` for the program to end (reading what it writes meanwhile);
    /// kills it after that. Returns its exit status, 128+N after signal N.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(10)) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                exited = true
                return Self.exitStatus(status)
            }
            _ = read(until: { _ in false }, timeout: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        exited = true
        return Self.exitStatus(status)
    }

    /// A file under /proc, read to its end (they say their size is 0, so read in pieces).
    static func readProcFile(_ path: String) -> String? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// What a piece of terminal output is made of: text, cursor movement, attributes (colour,
/// reverse…), and other control sequences (erase, repeat, modes).
struct OutputBreakdown: Codable, Equatable, Sendable {
    var total = 0
    var text = 0
    var cursor = 0
    var attributes = 0
    var other = 0
    /// Terminal cells of text: characters, not bytes (a UTF-8 character is 2–4 bytes).
    var cells = 0

    init(_ bytes: [UInt8]) {
        total = bytes.count
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                let start = index
                index += 1
                var final: UInt8 = 0
                if index < bytes.count && bytes[index] == UInt8(ascii: "[") {
                    index += 1
                    while index < bytes.count && !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                    if index < bytes.count { final = bytes[index] }
                    index += 1
                } else if index < bytes.count && [UInt8(ascii: "("), UInt8(ascii: ")")].contains(bytes[index]) {
                    index += 2
                    final = UInt8(ascii: "m")  // a character set: counts with attributes
                } else {
                    index += 1
                }
                let length = min(index, bytes.count) - start
                switch final {
                case UInt8(ascii: "m"): attributes += length
                case UInt8(ascii: "H"), UInt8(ascii: "f"), UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C"),
                    UInt8(ascii: "D"), UInt8(ascii: "G"), UInt8(ascii: "d"), UInt8(ascii: "`"):
                    cursor += length
                default: other += length
                }
            } else if byte == 0x0D || byte == 0x0A || byte == 0x08 {
                cursor += 1
                index += 1
            } else if byte == 0x0E || byte == 0x0F {
                attributes += 1
                index += 1
            } else if byte < 0x20 {
                other += 1
                index += 1
            } else {
                text += 1
                if byte & 0xC0 != 0x80 { cells += 1 }
                index += 1
            }
        }
    }
}
