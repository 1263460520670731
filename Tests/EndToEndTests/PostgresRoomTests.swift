import Foundation
import Testing

/// A PostgreSQL room on one host, as people would use it: the owner role sets it up and adds
/// members, and two members, each logged in as their own Unix user (peer authentication on the
/// socket), have the room open in real terminals.
@Suite(
    "End to end: a PostgreSQL room on one host",
    .enabled(if: PostgresRoomServer.shouldRun, "no PostgreSQL test server (scripts/test starts one)"))
struct PostgresRoomTests {
    @Test func aStoryAnaPostsInHerRoomShowsInBensWithinASecond() throws {
        let server = try PostgresRoomServer.current()
        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        let initialised = try room.peerroom(
            ["admin", "init", "--db", room.url, "--seed", Peerroom.seeds, "--role-prefix", room.rolePrefix],
            as: server.owner)
        #expect(initialised.status == 0, "\(initialised.errors)")
        #expect(initialised.output.contains("Loaded 6 groups"), "\(initialised.output)")
        for (user, handle) in [("prtest_ana", "ana.pg"), ("prtest_ben", "ben.pg")] {
            let added = try room.peerroom(
                ["admin", "add-member", "--db", room.url, "--role", user, "--handle", handle], as: server.owner)
            #expect(added.status == 0, "\(added.errors)")
            #expect(added.output.contains("Added \(handle)"), "\(added.output)")
        }

        let folder = try TemporaryFolder()
        let ana = try Terminal(
            width: 110, height: 30,
            command: try room.roomCommand(as: "prtest_ana", home: folder, extra: "--group newcomers"))
        let ben = try Terminal(
            width: 110, height: 30,
            command: try room.roomCommand(as: "prtest_ben", home: folder, extra: "--group newcomers"))
        try ana.waitFor("1 Groups")
        try ben.waitFor("1 Groups")

        try ana.send("n")
        try ana.waitFor("New story")
        try ana.send("-l", "Ana on PostgreSQL")
        try ana.send("Tab", "Tab")
        try ana.send("-l", "Posted in one room, read in another.")
        try ana.waitFor("read in another.")
        try ana.send("C-s")
        try ana.waitUntil("her story is posted and listed") {
            !$0.contains("New story") && $0.contains("] Ana on PostgreSQL")
        }
        // From the frame that shows it to her, ben's room has a second (it polls the change log).
        try ben.waitFor("Ana on PostgreSQL", seconds: 1)

        let stored = try server.sql(
            "SELECT m.handle FROM peerroom.story s JOIN peerroom.member m ON m.id = s.author_id "
                + "WHERE s.title = 'Ana on PostgreSQL'", database: room.name)
        #expect(stored.output == "ana.pg\n", "the story is ana's, by her role: \(stored.errors)")
        try ana.send("q")
        try ben.send("q")
    }

    @Test func asIsRefusedOnPostgreSQL() throws {
        let server = try PostgresRoomServer.current()
        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        let run = try room.peerroom(["--as", "mila", "--db", room.url], as: "prtest_ana")
        #expect(run.status == 64)
        #expect(
            run.errors
                == "peerroom: --as is for demo members of an SQLite room; on PostgreSQL you are your database role.\n")
    }

    @Test func aMemberCannotAddMembersAndNothingChanges() throws {
        let server = try PostgresRoomServer.current()
        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        let initialised = try room.peerroom(["admin", "init", "--db", room.url], as: server.owner)
        #expect(initialised.status == 0, "\(initialised.errors)")
        let added = try room.peerroom(
            ["admin", "add-member", "--db", room.url, "--role", "prtest_ana", "--handle", "ana.pg"], as: server.owner)
        #expect(added.status == 0, "\(added.errors)")
        let newRole = room.rolePrefix + "intruder"

        let refused = try room.peerroom(
            ["admin", "add-member", "--db", room.url, "--role", newRole, "--handle", "intruder"], as: "prtest_ana")
        #expect(refused.status == 77)
        #expect(
            refused.errors
                == "peerroom: Only the room's owner role ('peerroom_owner') can add members; you are 'prtest_ana'.\n")
        let members = try server.sql(
            "SELECT string_agg(handle, ',') FROM peerroom.member WHERE handle <> '[removed]'", database: room.name)
        #expect(members.output == "ana.pg\n")
        let roles = try server.sql("SELECT count(*) FROM pg_roles WHERE rolname = '\(newRole)'")
        #expect(roles.output == "0\n")

        let reinit = try room.peerroom(["admin", "init", "--db", room.url], as: "prtest_ana")
        #expect(reinit.status == 77)
        #expect(reinit.errors.contains("room's owner role ('peerroom_owner') can initialise it"), "\(reinit.errors)")
    }

    @Test func aRoomNotSetUpOrWithoutGroupsSaysHowTheOwnerSetsItUp() throws {
        let server = try PostgresRoomServer.current()
        let room = try ScratchPostgresRoom(server)
        defer { room.drop() }
        let unset = try room.peerroom(["groups", "--db", room.url], as: "prtest_ana")
        #expect(unset.status == 69)
        #expect(
            unset.errors.contains("its owner role sets it up with 'peerroom admin init --db URL'"), "\(unset.errors)")

        let initialised = try room.peerroom(["admin", "init", "--db", room.url], as: server.owner)
        #expect(initialised.status == 0, "\(initialised.errors)")
        _ = try room.peerroom(
            ["admin", "add-member", "--db", room.url, "--role", "prtest_ben", "--handle", "ben.pg"], as: server.owner)
        let empty = try room.peerroom(["--db", room.url, "--plain"], as: "prtest_ben")
        #expect(empty.status == 69)
        #expect(empty.errors.contains("'peerroom admin init --db URL --seed DIR'"), "\(empty.errors)")
    }

    @Test func aPasswordInTheURLIsRefusedBeforeConnecting() throws {
        let run = try Peerroom.run(["groups", "--db", "postgresql://ana:secret@127.0.0.1:1/room"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("~/.pgpass"), "\(run.stderr)")
        #expect(!run.stderr.contains("secret"), "the password is never shown")
    }
}

/// The suite's server (scripts/postgres), from the env it writes (PEERROOM_TEST_PG_*).
struct PostgresRoomServer {
    let socketFolder: String
    let port: String
    let owner: String
    let bin: String

    static let environment = ProcessInfo.processInfo.environment
    /// Run when the server's env is there, or when it is required (and then fail without it).
    static let shouldRun =
        environment["PEERROOM_REQUIRE_PG"] == "1" || environment["PEERROOM_TEST_PG_PORT"] != nil

    static func current(sourceLocation: SourceLocation = #_sourceLocation) throws -> PostgresRoomServer {
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                Issue.record(
                    "\(name) is not set: start the test server (scripts/postgres start DIR && . DIR/env)",
                    sourceLocation: sourceLocation)
                throw CancellationError()
            }
            return value
        }
        return PostgresRoomServer(
            socketFolder: try value("PEERROOM_TEST_PG_SOCKET_DIR"), port: try value("PEERROOM_TEST_PG_PORT"),
            owner: try value("PEERROOM_TEST_PG_OWNER"), bin: try value("PEERROOM_TEST_PG_BIN"))
    }

    /// SQL as the superuser `root` over the socket (this test process runs as root).
    func sql(_ statement: String, database: String = "postgres") throws -> Subprocess.Run {
        try Subprocess.run(
            [
                bin + "/psql", "-X", "-w", "-tA", "-h", socketFolder, "-p", port, "-d", database, "-U", "root", "-c",
                statement,
            ],
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
    }
}

/// A database of its own for one test, owned by the owner role; `drop()` removes it and the
/// demo roles its seeds made.
final class ScratchPostgresRoom {
    let server: PostgresRoomServer
    let name: String
    let rolePrefix: String

    init(_ server: PostgresRoomServer) throws {
        self.server = server
        let tag = UUID().uuidString.prefix(8).lowercased()
        name = "peerroom_e2e_\(tag)"
        rolePrefix = "e2e\(tag)_"
        let created = try server.sql("CREATE DATABASE \(name) OWNER \(server.owner)")
        try #require(created.status == 0, "\(created.errors)")
    }

    var url: String { "postgresql:///\(name)?host=\(server.socketFolder)&port=\(server.port)" }

    func drop() {
        _ = try? server.sql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        let roles =
            (try? server.sql("SELECT rolname FROM pg_roles WHERE starts_with(rolname, '\(rolePrefix)')"))?
            .output.split(separator: "\n") ?? []
        for role in roles { _ = try? server.sql("DROP ROLE IF EXISTS \"\(role)\"") }
    }

    /// The environment a person logged in as `user` would have: their own home, no PG* or
    /// PEERROOM_DB of this process.
    static func environment(home: String) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": home,
            "PEERROOM_SEEDS": Peerroom.seeds,
        ]
    }

    /// `peerroom ARGS` run as the Unix user `user` (peer authentication maps it to its role).
    func peerroom(_ arguments: [String], as user: String) throws -> Subprocess.Run {
        let home = FileManager.default.temporaryDirectory.path
        return try Subprocess.run(
            ["/usr/sbin/runuser", "-u", user, "--", try Peerroom.binary] + arguments,
            environment: Self.environment(home: home))
    }

    /// A shell command for tmux: the room as the Unix user `user`.
    func roomCommand(as user: String, home: TemporaryFolder, extra: String) throws -> String {
        let variables = Self.environment(home: home.url.path).sorted { $0.key < $1.key }
            .map { "\($0.key)=\(shellQuoted($0.value))" }.joined(separator: " ")
        return "/usr/sbin/runuser -u \(user) -- env -i \(variables) TERM=\"$TERM\" \(shellQuoted(try Peerroom.binary)) "
            + "--db \(shellQuoted(url)) \(extra); sleep 60"
    }
}

extension Peerroom {
    /// `PEERROOM_TEST_SEEDS` (scripts/test's copy that other Unix users can read), else this checkout's.
    static var seeds: String {
        ProcessInfo.processInfo.environment["PEERROOM_TEST_SEEDS"] ?? packageRoot.appendingPathComponent("seeds").path
    }
}
