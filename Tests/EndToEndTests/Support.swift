import Foundation
import Testing

/// The built `peerroom` binary and helpers to run it as a person or a script would.
enum Peerroom {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `PEERROOM_BIN`, else the debug build in this checkout (`swift build` makes it).
    static var binary: String {
        get throws {
            let path =
                ProcessInfo.processInfo.environment["PEERROOM_BIN"]
                ?? packageRoot.appendingPathComponent(".build/debug/peerroom").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                Issue.record("no peerroom binary at \(path): run `swift build` before `swift test`")
                throw CancellationError()
            }
            return path
        }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `peerroom ARGS` with `stdin` and waits for it.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["PEERROOM_SEEDS"] = packageRoot.appendingPathComponent("seeds").path
        env.merge(environment) { $1 }
        let run = try Subprocess.run([try binary] + arguments, stdin: stdin ?? "", environment: env)
        return Result(status: run.status, stdout: run.output, stderr: run.errors)
    }

    /// Binds this login to a new member, as a person's first `peerroom join` does; the room
    /// and the writing commands act as that member afterwards.
    @discardableResult
    static func join(db: String, handle: String = "tester") throws -> Result {
        let result = try run(["join", "--db", db, "--handle", handle])
        #expect(result.status == 0, "join failed: \(result.stderr)")
        return result
    }

    /// `feed --format json` parsed.
    static func feed(db: String, group: String, kind: String = "stories", limit: Int = 100) throws -> [[String: Any]] {
        let result = try run([
            "feed", "--db", db, "--group", group, "--kind", kind, "--limit", "\(limit)", "--format", "json",
        ])
        #expect(result.status == 0, "feed failed: \(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }
}

/// A scratch folder, removed when the test is done.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o755)  // others may enter, as a home folder usually lets them
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A real terminal: a private tmux server running one window, driven by send-keys and read
/// by capture-pane.
final class Terminal {
    let socket = "peerroom-e2e-\(UUID().uuidString.prefix(8))"
    let session = "room"

    init(width: Int, height: Int, command: String) throws {
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// The screen with its attributes and colours as escape sequences (capture-pane -e).
    func styledScreen() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", session])
    }

    /// Waits until the screen shows `text` (up to `seconds`); returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        try waitUntil("the screen shows \"\(text)\"", seconds: seconds, sourceLocation: sourceLocation) {
            $0.contains(text)
        }
    }

    /// Waits until `condition` holds for the screen (up to `seconds`); returns the screen.
    @discardableResult
    func waitUntil(
        _ what: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("never: \(what); the screen shows:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Appends every byte the program in the pane writes to its terminal to `path`.
    func recordOutput(to path: String) throws {
        try tmux(["pipe-pane", "-o", "-t", session, "cat >> \(shellQuoted(path))"])
    }

    func option(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let run = try Subprocess.run(["/usr/bin/tmux", "-u", "-L", socket] + arguments, environment: env)
        if run.status != 0 && arguments.first != "kill-server" {
            Issue.record("tmux \(arguments.joined(separator: " ")) failed: \(run.errors)")
        }
        return run.output
    }
}

/// Runs a program to its end with posix_spawn and waitpid. Output goes through files, not
/// pipes: a tmux server inherits its client's output and would keep a pipe open forever.
enum Subprocess {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String], stdin: String = "", environment: [String: String]) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inPath = folder.appendingPathComponent("in").path
        let outPath = folder.appendingPathComponent("out").path
        let errPath = folder.appendingPathComponent("err").path
        try stdin.write(toFile: inPath, atomically: false, encoding: .utf8)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = CleanSignals.spawnAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: arguments[0]])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Run(
            status: exitStatus,
            output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

/// Children start with no signal blocked and every signal at its default action. The test
/// runner's threads block most signals, and a child inherits that mask: a tmux server spawned
/// with it never receives its own SIGTERM from `kill-server`, and its rooms never see SIGHUP,
/// so they outlive the test.
enum CleanSignals {
    static func spawnAttributes() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }
}

/// Waits for a file to appear and returns its contents.
func waitForFile(_ path: String, seconds: Double = 10) -> String? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
}

/// Quotes a string for sh.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
