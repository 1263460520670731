import Foundation
import Testing

/// The private server `scripts/postgres start DIR` runs, as its `DIR/env` describes it.
struct TestServer {
    let socketFolder: String
    let port: String
    let host: String
    let database: String
    let owner: String
    let passFile: String
    let tlsFolder: String
    let certificateUser: String
    let listen: [String]
    let bin: String

    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["PEERROOM_REQUIRE_PG"] == "1"

    /// The suites run when the server's env was sourced, or when it is required (and then fail
    /// for want of it); a plain `swift test` without a server skips them.
    static let shouldRun = required || environment["PEERROOM_TEST_PG_PORT"] != nil

    /// The server, or a recorded failure naming the missing variable.
    static func current(sourceLocation: SourceLocation = #_sourceLocation) throws -> TestServer {
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                Issue.record(
                    "\(name) is not set: start the test server (scripts/postgres start DIR && . DIR/env)",
                    sourceLocation: sourceLocation)
                throw CancellationError()
            }
            return value
        }
        return TestServer(
            socketFolder: try value("PEERROOM_TEST_PG_SOCKET_DIR"), port: try value("PEERROOM_TEST_PG_PORT"),
            host: try value("PEERROOM_TEST_PG_HOST"), database: try value("PEERROOM_TEST_PG_DATABASE"),
            owner: try value("PEERROOM_TEST_PG_OWNER"), passFile: try value("PEERROOM_TEST_PG_PASSFILE"),
            tlsFolder: try value("PEERROOM_TEST_PG_TLS_DIR"), certificateUser: try value("PEERROOM_TEST_PG_CERT_USER"),
            listen: (environment["PEERROOM_TEST_PG_LISTEN"] ?? "").split(separator: ",").map(String.init),
            bin: try value("PEERROOM_TEST_PG_BIN"))
    }

    func tls(_ name: String) -> String { tlsFolder + "/" + name }

    /// `psql -X -w -tA` (no psqlrc, never a password prompt) with `arguments` (a connection string or options), running `sql`.
    func psql(_ arguments: [String], _ sql: String, prefix: [String] = [], environment: [String: String] = [:])
        throws -> Subprocess.Run
    {
        try Subprocess.run(
            prefix + [bin + "/psql", "-X", "-w", "-tA"] + arguments + ["-c", sql], environment: environment)
    }

    /// A libpq connection string over TCP with TLS that checks the server's name.
    func tcp(user: String, host: String? = nil, root: String? = nil, certificate: Bool = false) -> String {
        var text =
            "host=\(host ?? self.host) port=\(port) dbname=\(database) user=\(user) sslmode=verify-full"
            + " sslrootcert=\(root ?? tls("ca.crt")) connect_timeout=10"
        if certificate { text += " sslcert=\(tls("client.crt")) sslkey=\(tls("client.key"))" }
        return text
    }

    /// Superuser SQL over the socket: the test process runs as root, peer-mapped to role `root`.
    func admin(_ sql: String) throws -> String {
        let run = try psql(["-h", socketFolder, "-p", port, "-d", database, "-U", "root"], sql)
        #expect(run.status == 0, "admin SQL failed: \(run.errors)")
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The repository's scripts folder.
let scriptsFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts").path

/// Runs programs with posix_spawn: to their end (`run`) or in the background (`Spawned`).
/// Output goes through files, as in the end-to-end tests; children start with clean signals.
enum Subprocess {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// PATH and a UTF-8 locale only, so no PG* variable of the caller changes what psql does.
    static func cleanEnvironment(_ extra: [String: String]) -> [String: String] {
        ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"].merging(extra) {
            $1
        }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let child = try Spawned(arguments, environment: environment)
        return child.wait()
    }
}

/// A child process, killed and reaped when dropped if it has not ended by then.
final class Spawned {
    private let folder: URL
    private var pid: pid_t = 0
    private var result: Subprocess.Run?

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, path("err"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = Subprocess.cleanEnvironment(environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: arguments[0]])
        }
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    var errorsSoFar: String { (try? String(contentsOfFile: path("err"), encoding: .utf8)) ?? "" }

    /// The run once it ended, or nil while it still runs.
    func poll() -> Subprocess.Run? {
        if result == nil { reap(options: WNOHANG) }
        return result
    }

    /// Waits for the end, however long it takes.
    func wait() -> Subprocess.Run {
        if result == nil { reap(options: 0) }
        return result!
    }

    /// Waits up to `seconds` for the end; nil if it still runs.
    func wait(seconds: Double) -> Subprocess.Run? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let run = poll() { return run }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return poll()
    }

    private func reap(options: Int32) {
        var status: Int32 = 0
        var got: pid_t
        repeat { got = waitpid(pid, &status, options) } while got == -1 && errno == EINTR
        guard got == pid else { return }
        result = Subprocess.Run(
            status: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
            output: (try? String(contentsOfFile: path("out"), encoding: .utf8)) ?? "",
            errors: errorsSoFar)
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            reap(options: 0)
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Polls `condition` until it holds or `seconds` pass; records a failure naming `what` if not.
func waitUntil(
    _ what: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.05)
    }
    if try condition() { return }
    Issue.record("never: \(what)", sourceLocation: sourceLocation)
    throw CancellationError()
}
