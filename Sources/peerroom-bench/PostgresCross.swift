import ArgumentParser
import Foundation
import LineChild
import PostgresNIO
import PostgresStore

struct PgCross: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-cross",
        abstract: "Post on host pr-a, watch on host pr-b (network namespaces), kill B's listener; measure.",
        discussion: """
            Run as root with scripts/netns-hosts up and a server from scripts/postgres listening on \
            10.77.0.1 (`. DIR/env`). Makes a fresh database and two members who log in over TLS \
            with SCRAM, runs `pg-post` in pr-a and `pg-watch` in pr-b, and drops it all after.
            """)

    @Option(help: "Posts measured from A to B.") var posts = 50
    @Option(help: "Times B's listener is terminated, each followed by a post.") var kills = 100
    @Option(help: "The database host's address as the namespaces reach it.") var address = "10.77.0.1"

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let socket = env["PEERROOM_TEST_PG_SOCKET_DIR"],
            let port = env["PEERROOM_TEST_PG_PORT"].flatMap(Int.init),
            let tls = env["PEERROOM_TEST_PG_TLS_DIR"]
        else { throw ValidationError("source a scripts/postgres env first (PEERROOM_TEST_PG_*)") }
        let owner = env["PEERROOM_TEST_PG_OWNER"] ?? "peerroom_owner"
        let logger = Logger(label: "pg-cross")
        let tag = UUID().uuidString.prefix(8).lowercased()
        let database = "pgx_\(tag)"
        let roles = ["pgx_\(tag)_a", "pgx_\(tag)_b"]
        func connect(_ database: String) async throws -> PostgresConnection {
            try await PostgresConnection.connect(
                configuration: .init(
                    unixSocketPath: "\(socket)/.s.PGSQL.\(port)", username: env["PEERROOM_TEST_PG_ADMIN"] ?? "root",
                    password: nil, database: database), id: 1, logger: logger)
        }
        let admin = try await connect(env["PEERROOM_TEST_PG_DATABASE"] ?? "postgres")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-cross-\(tag)")
        var children: [LineChild] = []
        do {
            try await admin.query(
                "CREATE DATABASE \(unescaped: database) OWNER \(unescaped: owner) TEMPLATE template0", logger: logger)
            let room = try await connect(database)
            do {
                try await room.query("SET ROLE \(unescaped: owner)", logger: logger)
                try await PostgresAdmin.initialize(room)
                try await room.query(
                    "INSERT INTO peerroom.peer_group (slug, name, topic, created_at) VALUES ('harbor', 'Harbor', 'Live', 0)",
                    logger: logger)
                for (role, handle) in zip(roles, ["Ana", "Ben"]) {
                    try await PostgresAdmin.addMember(room, role: role, handle: handle, now: Date())
                }
                try await room.close()
            } catch {
                try? await room.close()
                throw error
            }
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var passfile = ""
            for role in roles {
                let password = UUID().uuidString
                try await admin.query("ALTER ROLE \(unescaped: role) PASSWORD '\(unescaped: password)'", logger: logger)
                passfile += "*:\(port):*:\(role):\(password)\n"
            }
            let passPath = folder.appendingPathComponent("pgpass").path
            _ = FileManager.default.createFile(
                atPath: passPath, contents: Data(passfile.utf8), attributes: [.posixPermissions: 0o600])
            func url(_ role: String) -> String {
                "postgresql://\(role)@\(address):\(port)/\(database)?sslmode=verify-full&sslrootcert=\(tls)/ca.crt"
            }
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let bench = me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me
            let watch = try LineChild(
                [
                    "/usr/sbin/ip", "netns", "exec", "pr-b", bench, "pg-watch", "--db", url(roles[1]), "--passfile",
                    passPath,
                ]
                    + ["--group", "harbor"])
            children.append(watch)
            let post = try LineChild(
                [
                    "/usr/sbin/ip", "netns", "exec", "pr-a", bench, "pg-post", "--db", url(roles[0]), "--passfile",
                    passPath,
                ]
                    + ["--group", "harbor"])
            children.append(post)
            guard watch.next("listening", seconds: 20) != nil, post.next("ready", seconds: 20) != nil else {
                throw ValidationError("pg-watch or pg-post did not start (is scripts/netns-hosts up?)")
            }
            var reconnects: [Double] = []
            func note(_ line: String) {
                if line.hasPrefix("reconnected "), let ms = Double(line.dropFirst("reconnected ".count)) {
                    reconnects.append(ms)
                }
            }
            /// Posts on A; how long until B shows it (ms), or nil if it never did within 10 s.
            func postAndSee(_ title: String) throws -> Double? {
                post.send(title)
                guard let posted = post.next("posted ", seconds: 10) else { throw ValidationError("pg-post stopped") }
                let parts = posted.split(separator: " ")
                while let seen = watch.next("story ", seconds: 10, skipped: note) {
                    let fields = seen.split(separator: " ")
                    if fields[1] == parts[1] { return Double(fields[2])! - Double(parts[2])! }
                }
                return nil
            }
            var latencies: [Double] = []
            var missed = 0
            for index in 0..<posts {
                if let ms = try postAndSee("latency \(index)") { latencies.append(ms) } else { missed += 1 }
            }
            let listener =
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'peerroom-listener' AND usename = '\(roles[1])'"
            var killed: Int32 = 0
            for index in 0..<kills {
                var pid: Int32?
                let deadline = Date().addingTimeInterval(10)
                while pid == nil && Date() < deadline {
                    let rows = try await admin.query(PostgresQuery(unsafeSQL: listener), logger: logger).collect()
                    pid = try rows.map { try $0.decode(Int32.self) }.first { $0 != killed }
                    if pid == nil { try await Task.sleep(for: .milliseconds(5)) }
                }
                guard let pid else { throw ValidationError("B's listener never came back after kill \(index)") }
                try await admin.query("SELECT pg_terminate_backend(\(pid))", logger: logger)
                killed = pid
                if try postAndSee("after kill \(index)") == nil { missed += 1 }
            }
            // The last reconnect may still be on its way.
            while reconnects.count < kills, let line = watch.next("reconnected ", seconds: 5, skipped: note) {
                note(line)
            }
            print("pg-cross: \(posts) posts A→B, then \(kills) kills of B's listener each followed by a post")
            if let stat = Percentiles(latencies) { print("post on A → shown on B (ms): \(stat.text)") }
            if let stat = Percentiles(reconnects) { print("listener gone → listening again (ms): \(stat.text)") }
            print("reconnects seen: \(reconnects.count); posts missed: \(missed)")
        } catch {
            for child in children { child.end() }
            try? await cleanUp(admin, database: database, roles: roles, folder: folder, logger: logger)
            try? await admin.close()
            throw error
        }
        for child in children { child.end() }
        try await cleanUp(admin, database: database, roles: roles, folder: folder, logger: logger)
        try await admin.close()
    }

    func cleanUp(_ admin: PostgresConnection, database: String, roles: [String], folder: URL, logger: Logger)
        async throws
    {
        try? FileManager.default.removeItem(at: folder)
        try await admin.query("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)", logger: logger)
        for role in roles { try await admin.query("DROP ROLE IF EXISTS \(unescaped: role)", logger: logger) }
    }
}

/// Median, p95 and the largest of some samples.
struct Percentiles {
    var median, p95, max: Double
    var count: Int

    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double {
            sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
        }
        median = at(0.5)
        p95 = at(0.95)
        max = sorted[sorted.count - 1]
        count = sorted.count
    }

    var text: String { String(format: "median %.1f, p95 %.1f, max %.1f (n = %d)", median, p95, max, count) }
}
