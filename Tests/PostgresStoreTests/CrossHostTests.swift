import Foundation
import LineChild
import PostgresNIO
import RoomCore
import Testing

@testable import PostgresStore

/// One room across hosts (issue 15): `peerroom-bench pg-watch` (the store's listener and
/// `changes(after:)`, as a room uses them) runs as member Ben on host pr-b, `pg-post` as Ana
/// on host pr-a, both over TLS with SCRAM to the server on 10.77.0.1 (scripts/netns-hosts).
/// Speed is the bench's (`pg-cross`); here the deadlines are generous.
@Suite(
    "Live across hosts on PostgreSQL: a post on one host shows on another, also across lost listeners",
    .enabled(
        if: TestServer.isAvailable || ProcessInfo.processInfo.environment["PEERROOM_REQUIRE_PG"] == "1",
        "no PostgreSQL test server (scripts/test starts one)"),
    .serialized)
struct CrossHostTests {
    @Test func aStoryPostedOnHostAShowsOnHostB() async throws {
        try await Self.withTwoHosts { hosts in
            let id = try hosts.post("Hello from host A")
            #expect(hosts.watch.next("story \(id) ", seconds: 5) != nil, "host B never showed story \(id)")
        }
    }

    @Test func noPostIsMissedWhenHostBsListenerIsTerminatedAHundredTimes() async throws {
        try await Self.withTwoHosts { hosts in
            let admin = try await hosts.room.server.connect(database: hosts.room.database)
            do {
                var killed: Int32 = 0
                var missed: [Int64] = []
                for index in 0..<100 {
                    let pid = try await hosts.listener(after: killed, admin)
                    try await admin.query("SELECT pg_terminate_backend(\(pid))", logger: hosts.room.logger)
                    killed = pid
                    // Posted while B is reconnecting: its NOTIFY is lost, the change log is not.
                    let id = try hosts.post("After kill \(index)")
                    if hosts.watch.next("story \(id) ", seconds: 10) == nil { missed.append(id) }
                }
                #expect(missed.isEmpty, "host B never showed \(missed.count) of 100 stories: \(missed)")
                // Every kill was noticed and followed by listening again.
                #expect(try await hosts.listener(after: killed, admin) != killed)
                try await admin.close()
            } catch {
                try? await admin.close()
                throw error
            }
        }
    }

    /// The room, the two programs and how to reach them.
    struct Hosts {
        let room: TestRoom
        let watch: LineChild
        let poster: LineChild

        /// Posts on host A; the new story's id.
        func post(_ title: String) throws -> Int64 {
            poster.send(title)
            let line = try #require(poster.next("posted ", seconds: 10), "pg-post on host A did not post")
            return try #require(Int64(line.split(separator: " ")[1]))
        }

        /// The pid of B's listening backend, other than `old`, once there is one.
        func listener(after old: Int32, _ admin: PostgresConnection) async throws -> Int32 {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let pids = try await admin.values(
                    """
                    SELECT pid FROM pg_stat_activity
                    WHERE application_name = \(PostgresChangeListener.applicationName) AND usename::text = \(room.role("ben"))
                    """, as: Int32.self)
                if let pid = pids.first(where: { $0 != old }) { return pid }
                try await Task.sleep(for: .milliseconds(5))
            }
            Issue.record("host B's listener did not come back within 10 s")
            throw CancellationError()
        }
    }

    static let databaseAddress = "10.77.0.1"

    static func withTwoHosts(_ body: (Hosts) async throws -> Void) async throws {
        let env = ProcessInfo.processInfo.environment
        let server = try #require(TestServer.current, "PEERROOM_TEST_PG_SOCKET_DIR and _PORT are not set")
        try #require(getuid() == 0, "network namespaces need root")
        let tls = try #require(server.tlsDirectory, "PEERROOM_TEST_PG_TLS_DIR is not set")
        try #require(
            (env["PEERROOM_TEST_PG_LISTEN"] ?? "").split(separator: ",").contains(Substring(databaseAddress)),
            "the server does not listen on \(databaseAddress): start it with PEERROOM_PG_LISTEN=\(databaseAddress)")
        let bench =
            env["PEERROOM_BENCH_BIN"]
            ?? packageRoot.appendingPathComponent(".build/debug/peerroom-bench").path
        try #require(FileManager.default.isExecutableFile(atPath: bench), "no peerroom-bench at \(bench)")
        let namespaces = packageRoot.appendingPathComponent("scripts/netns-hosts").path
        let broughtUp = try run(["/bin/bash", namespaces, "status"]) != 0
        if broughtUp { try #require(try run(["/bin/bash", namespaces, "up"]) == 0, "scripts/netns-hosts up failed") }
        defer { if broughtUp { _ = try? run(["/bin/bash", namespaces, "down"]) } }

        try await TestRoom.with { room in
            try await room.asOwner { owner in
                try await owner.query(
                    "INSERT INTO peerroom.peer_group (slug, name, topic, created_at) VALUES ('harbor', 'Harbor', 'Live', 0)",
                    logger: room.logger)
                for handle in ["ana", "ben"] {
                    try await PostgresAdmin.addMember(owner, role: room.role(handle), handle: handle, now: testNow)
                }
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cross-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: folder) }
            var passfile = ""
            let admin = try await server.connect(database: room.database)
            for handle in ["ana", "ben"] {
                let password = UUID().uuidString
                try await admin.query(
                    "ALTER ROLE \(unescaped: room.role(handle)) PASSWORD '\(unescaped: password)'", logger: room.logger)
                passfile += "*:\(server.port):*:\(room.role(handle)):\(password)\n"
            }
            try await admin.close()
            let passPath = folder.appendingPathComponent("pgpass").path
            _ = FileManager.default.createFile(
                atPath: passPath, contents: Data(passfile.utf8), attributes: [.posixPermissions: 0o600])
            func program(_ host: String, _ command: String, as handle: String) throws -> LineChild {
                let url =
                    "postgresql://\(room.role(handle))@\(databaseAddress):\(server.port)/\(room.database)"
                    + "?sslmode=verify-full&sslrootcert=\(tls)/ca.crt"
                return try LineChild(
                    ["/usr/sbin/ip", "netns", "exec", host, bench, command, "--db", url, "--passfile", passPath]
                        + ["--group", "harbor"])
            }
            let watch = try program("pr-b", "pg-watch", as: "ben")
            defer { watch.end() }
            let poster = try program("pr-a", "pg-post", as: "ana")
            defer { poster.end() }
            try #require(watch.next("listening", seconds: 20) != nil, "pg-watch on host B did not start listening")
            try #require(poster.next("ready", seconds: 20) != nil, "pg-post on host A did not start")
            try await body(Hosts(room: room, watch: watch, poster: poster))
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs a program to its end; its exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
