import Foundation
import Testing

/// A PostgreSQL room is woken by the database (issue 15, "Live across hosts"): its store's
/// LISTEN connection wakes the wait for keys at each change and after each reconnect, and the
/// room reads the change log only then (and every 10 s to be sure), so an idle room sends no
/// query but the listener's keepalive.
@Suite(
    "End to end: a PostgreSQL room reads changes when the database wakes it",
    .enabled(if: PostgresRoomServer.shouldRun, "no PostgreSQL test server (scripts/test starts one)"))
struct PostgresLiveRoomTests {
    @Test func anIdleRoomReadsNoChangesForTwoSecondsAndStillShowsAPostFromAnotherSession() throws {
        let server = try PostgresRoomServer.current()
        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        try room.setUp(members: [("prtest_ana", "ana.pg"), ("prtest_ben", "ben.pg")])
        // Every statement of this database goes to the server's log, where the test counts Ben's.
        let log = try ServerLog(server)
        let logged = try server.sql("ALTER DATABASE \(room.name) SET log_statement = 'all'")
        try #require(logged.status == 0, "\(logged.errors)")

        let folder = try TemporaryFolder()
        let ben = try Terminal(
            width: 110, height: 30,
            command: try room.roomCommand(as: "prtest_ben", home: folder, extra: "--group newcomers"))
        try ben.waitFor("1 Groups")
        _ = try room.listener(of: "prtest_ben", after: nil)
        try room.postAsAna("Before the quiet", folder: folder)
        try ben.waitFor("Before the quiet", seconds: 5)

        // Two seconds with nothing happening: no read of the change log (it was every 200 ms).
        let start = log.end
        let deadline = Date().addingTimeInterval(2)
        var reads: [String] = []
        while Date() < deadline && reads.isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
            reads = log.lines(since: start).filter {
                $0.contains(" prtest_ben@\(room.name) ") && $0.contains("change_bounds")
            }
        }
        #expect(reads.isEmpty, "an idle room read the change log:\n\(reads.prefix(5).joined(separator: "\n"))")

        try room.postAsAna("After the quiet", folder: folder)
        try ben.waitFor("After the quiet", seconds: 5)
        try ben.send("q")
    }
}

/// One room across two hosts with real rooms (issue 15): Ben's room runs in a terminal on host
/// pr-b, Ana posts with `peerroom post` on host pr-a, both over TLS with SCRAM to the server on
/// 10.77.0.1 (scripts/netns-hosts). Then Ben's listener is terminated again and again, each
/// time followed by a post, which his room must show: notifications sent while it is gone are
/// lost, and the reconnect's wake-up reads what the change log kept. Deadlines are generous;
/// speed is the bench's (`pg-cross`).
@Suite(
    "End to end: a PostgreSQL room on one host shows posts from another, also across lost listeners",
    .enabled(if: PostgresRoomServer.shouldRun, "no PostgreSQL test server (scripts/test starts one)"))
struct CrossHostRoomTests {
    /// Rounds of terminate-and-post (each takes a fraction of a second).
    static let rounds = 100

    @Test func postsFromHostAShowInARoomOnHostBAlsoAfterItsListenerIsTerminatedEachTime() throws {
        let server = try PostgresRoomServer.current()
        try #require(getuid() == 0, "network namespaces need root")
        let environment = ProcessInfo.processInfo.environment
        let tls = try #require(environment["PEERROOM_TEST_PG_TLS_DIR"], "PEERROOM_TEST_PG_TLS_DIR is not set")
        try #require(
            (environment["PEERROOM_TEST_PG_LISTEN"] ?? "").split(separator: ",").contains(Substring(Self.address)),
            "the server does not listen on \(Self.address): start it with PEERROOM_PG_LISTEN=\(Self.address)")
        let namespaces = Peerroom.packageRoot.appendingPathComponent("scripts/netns-hosts").path
        let env = ["PATH": "/usr/sbin:/usr/bin:/bin"]
        let broughtUp = try Subprocess.run(["/bin/bash", namespaces, "status"], environment: env).status != 0
        if broughtUp {
            let up = try Subprocess.run(["/bin/bash", namespaces, "up"], environment: env)
            try #require(up.status == 0, "scripts/netns-hosts up failed: \(up.errors)")
        }
        defer { if broughtUp { _ = try? Subprocess.run(["/bin/bash", namespaces, "down"], environment: env) } }

        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        let ana = room.rolePrefix + "ana"
        let ben = room.rolePrefix + "ben"
        try room.setUp(members: [(ana, "ana.host"), (ben, "ben.host")])
        let folder = try TemporaryFolder()
        var passfile = ""
        for role in [ana, ben] {
            let password = UUID().uuidString
            let set = try server.sql("ALTER ROLE \(role) PASSWORD '\(password)'")
            try #require(set.status == 0, "\(set.errors)")
            passfile += "*:\(server.port):*:\(role):\(password)\n"
        }
        let passPath = folder.path("pgpass")
        try #require(
            FileManager.default.createFile(
                atPath: passPath, contents: Data(passfile.utf8), attributes: [.posixPermissions: 0o600]))
        func url(_ role: String) -> String {
            "postgresql://\(role)@\(Self.address):\(server.port)/\(room.name)?sslmode=verify-full&sslrootcert=\(tls)/ca.crt"
        }
        let hostEnvironment = [
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": folder.url.path, "PGPASSFILE": passPath,
            "PEERROOM_SEEDS": Peerroom.seeds,
        ]
        let variables = hostEnvironment.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))" }
        let roomB = try Terminal(
            width: 110, height: 30,
            command: "/usr/sbin/ip netns exec pr-b env -i \(variables.joined(separator: " ")) TERM=\"$TERM\" "
                + "\(shellQuoted(try Peerroom.binary)) --db \(shellQuoted(url(ben))) --group newcomers; sleep 60")
        try roomB.waitFor("1 Groups", seconds: 20)
        let body = folder.path("story.txt")
        try "Written on host A.".write(toFile: body, atomically: true, encoding: .utf8)
        func postFromA(_ title: String) throws {
            let posted = try Subprocess.run(
                [
                    "/usr/sbin/ip", "netns", "exec", "pr-a", try Peerroom.binary, "post", "--db", url(ana), "--group",
                    "newcomers", "--kind", "reflection", "--title", title, "--file", body,
                ], environment: hostEnvironment)
            try #require(posted.status == 0, "peerroom post on host A failed: \(posted.errors)")
        }

        _ = try room.listener(of: ben, after: nil)
        try postFromA("Hello from host A")
        try roomB.waitFor("Hello from host A", seconds: 5)
        var killed: Int32 = 0
        for round in 1...Self.rounds {
            if round % 8 == 1 {
                // Ben selects the newest story, so the next eight land in view above it.
                try roomB.send("2", "g")
                try roomB.waitFor("▸ [REFLECT] ")
            }
            // B's listener, a new one each time (the last one was terminated).
            killed = try room.terminateListener(of: ben, other: killed)
            // Posted while B reconnects: its NOTIFY is lost, the change log is not.
            let title = "After kill " + String(format: "%03d", round)
            try postFromA(title)
            try roomB.waitClosely(for: title, seconds: 5)
        }
        #expect(try room.listener(of: ben, after: killed) != killed)
        try roomB.send("q")
    }

    static let address = "10.77.0.1"
}

extension ScratchPostgresRoom {
    /// `admin init` with the demo groups, then each (role, handle) added as a member.
    func setUp(members: [(role: String, handle: String)]) throws {
        let initialised = try peerroom(
            ["admin", "init", "--db", url, "--seed", Peerroom.seeds, "--role-prefix", rolePrefix], as: server.owner)
        try #require(initialised.status == 0, "\(initialised.errors)")
        for (role, handle) in members {
            let added = try peerroom(
                ["admin", "add-member", "--db", url, "--role", role, "--handle", handle], as: server.owner)
            try #require(added.status == 0, "\(added.errors)")
        }
    }

    /// Ana (the Unix user prtest_ana) posts a story to the newcomers with `peerroom post`.
    func postAsAna(_ title: String, folder: TemporaryFolder) throws {
        let body = folder.path("story-\(UUID().uuidString).txt")
        try "Posted from another session.".write(toFile: body, atomically: true, encoding: .utf8)
        let posted = try peerroom(
            [
                "post", "--db", url, "--group", "newcomers", "--kind", "reflection", "--title", title, "--file", body,
            ], as: "prtest_ana")
        try #require(posted.status == 0, "\(posted.errors)")
    }

    /// Terminates `role`'s room listener (one other than `other`, once there is one); its pid.
    func terminateListener(of role: String, other: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Int32
    {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            // In the select list, so it is called only for the rows the WHERE clause kept.
            let done = try server.sql(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' "
                    + "AND usename = '\(role)' AND application_name = 'peerroom-listener' AND pid <> \(other)")
            let row = done.output.split(separator: "\n").first?.split(separator: "|") ?? []
            if row.count == 2, row[1] == "t", let pid = Int32(row[0]) { return pid }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record(
            "no listener of \(role) other than \(other) to terminate within 10 s", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The pid of `role`'s room listener in this database (application_name peerroom-listener),
    /// once there is one other than `old`.
    func listener(of role: String, after old: Int32?, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Int32
    {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let found = try server.sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = '\(name)' AND usename = '\(role)' "
                    + "AND application_name = 'peerroom-listener'")
            let pids = found.output.split(separator: "\n").compactMap { Int32($0) }
            if let pid = pids.first(where: { $0 != old }) { return pid }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record(
            "no listener of \(role) other than \(old.map(String.init) ?? "none") within 10 s",
            sourceLocation: sourceLocation)
        throw CancellationError()
    }
}

extension Terminal {
    /// `waitFor`, looking every 10 ms (a hundred rounds of waiting add up).
    func waitClosely(for text: String, seconds: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record("never: the screen shows \"\(text)\"; the screen shows:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }
}

/// The test server's log (scripts/postgres starts it with `pg_ctl -l` into its socket folder).
struct ServerLog {
    let path: String

    init(_ server: PostgresRoomServer) throws {
        path = server.socketFolder + "/pg.log"
        try #require(FileManager.default.isReadableFile(atPath: path), "no server log at \(path)")
    }

    /// Where the log ends now.
    var end: UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.uint64Value ?? 0
    }

    /// Whole lines written after `offset`.
    func lines(since offset: UInt64) -> [String] {
        guard let file = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? file.close() }
        guard (try? file.seek(toOffset: offset)) != nil, let data = try? file.readToEnd() else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
