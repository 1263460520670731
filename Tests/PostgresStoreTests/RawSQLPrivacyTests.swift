import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// A room where each member has something private: the fixture for raw SQL as a member.
///
/// - river (open): Ben facilitates; Ana, Cam are members. Cam's story is hidden by Ben; Ana
///   has a story that Cam reported.
/// - harbor (closed): Ben alone, with a story; Cam asked to join.
/// - Ben mentors Cam (active, two messages). Ben and Cam each have a draft, a check-in with a
///   note, a mute (Ben mutes Ana, Cam mutes Ben), read marks; Ben's recovery date is not shared, Cam shares his in river.
struct PrivateRoom {
    var ana: Int64
    var ben: Int64
    var cam: Int64
    var river: Int64
    var harbor: Int64
    var anaStory: Int64
    var camHiddenStory: Int64
    var harborStory: Int64
    var mentorship: Int64

    static func make(_ room: TestRoom) async throws -> PrivateRoom {
        try await room.asOwner { c async throws in
            let logger = room.logger
            func id(_ query: PostgresQuery) async throws -> Int64 {
                try await c.values(query, as: Int64.self)[0]
            }
            func run(_ query: PostgresQuery) async throws { try await c.query(query, logger: logger) }
            let t = testNow.millisecondsSince1970
            let river = try await id(
                "INSERT INTO peerroom.peer_group (slug, name, topic, is_open, created_at) VALUES ('river', 'River', 'open talk', true, \(t)) RETURNING id"
            )
            let harbor = try await id(
                "INSERT INTO peerroom.peer_group (slug, name, topic, is_open, created_at) VALUES ('harbor', 'Harbor', 'closed', false, \(t)) RETURNING id"
            )
            let ana = try await PostgresAdmin.addMember(c, role: room.role("ana"), handle: "Ana", now: testNow).id
            let ben = try await PostgresAdmin.addMember(
                c, role: room.role("ben"), handle: "Ben", recoveryStart: CalendarDay(year: 2024, month: 1, day: 2),
                now: testNow
            ).id
            let cam = try await PostgresAdmin.addMember(
                c, role: room.role("cam"), handle: "Cam", recoveryStart: CalendarDay(year: 2025, month: 3, day: 4),
                now: testNow
            ).id
            // A role with no pseudonym yet: a guest.
            try await PostgresAdmin.createRole(c, role: room.role("dee"), memberGroup: PostgresAdmin.defaultMemberGroup)
            try await run("UPDATE peerroom.membership SET role = 'facilitator' WHERE member_id = \(ben)")
            try await run(
                "UPDATE peerroom.membership SET role = 'member', shares_recovery_start = true WHERE member_id = \(cam)")
            try await run(
                "INSERT INTO peerroom.membership (group_id, member_id, role, joined_at) VALUES (\(harbor), \(ben), 'facilitator', \(t))"
            )
            let anaStory = try await id(
                "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(river), \(ana), 'triumph', 'Ana day', 'ana body', \(t)) RETURNING id"
            )
            let camHidden = try await id(
                "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at, hidden_at) VALUES (\(river), \(cam), 'setback', 'Cam hidden', 'cam body', \(t), \(t)) RETURNING id"
            )
            let harborStory = try await id(
                "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(harbor), \(ben), 'reflection', 'Harbor only', 'closed words', \(t)) RETURNING id"
            )
            try await run(
                "INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at, hidden_at) VALUES (\(anaStory), \(river), \(cam), 'hidden reply', \(t), \(t))"
            )
            try await run(
                "INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at) VALUES (\(harborStory), \(harbor), \(ben), 'closed reply', \(t))"
            )
            try await run(
                "INSERT INTO peerroom.report (group_id, target_kind, target_id, reporter_id, reason, created_at) VALUES (\(river), 'story', \(anaStory), \(cam), 'felt unsafe', \(t))"
            )
            let mentorship = try await id(
                "INSERT INTO peerroom.mentorship (group_id, mentor_id, mentee_id, status, requested_at) VALUES (\(river), \(ben), \(cam), 'active', \(t)) RETURNING id"
            )
            for author in [ben, cam] {
                try await run(
                    "INSERT INTO peerroom.mentor_message (mentorship_id, author_id, body, created_at) VALUES (\(mentorship), \(author), 'between us', \(t))"
                )
            }
            for member in [ben, cam] {
                try await run(
                    "INSERT INTO peerroom.draft (member_id, target, title, body, updated_at) VALUES (\(member), 'reply:999', 'unsent', 'private draft', \(t))"
                )
                try await run(
                    "INSERT INTO peerroom.daily_checkin (member_id, day, mood, note, created_at, updated_at) VALUES (\(member), '2026-11-30', 2, 'hard night', \(t), \(t))"
                )
                try await run(
                    "INSERT INTO peerroom.read_position (member_id, group_id, created_at, story_id) VALUES (\(member), \(river), \(t), \(anaStory))"
                )
                try await run(
                    "INSERT INTO peerroom.story_read (member_id, story_id, group_id, created_at) VALUES (\(member), \(anaStory), \(river), \(t))"
                )
            }
            try await run("INSERT INTO peerroom.mute (member_id, muted_id, created_at) VALUES (\(ben), \(ana), \(t))")
            try await run("INSERT INTO peerroom.mute (member_id, muted_id, created_at) VALUES (\(cam), \(ben), \(t))")
            try await run(
                "INSERT INTO peerroom.join_request (group_id, member_id, kind, created_at) VALUES (\(harbor), \(cam), 'asked', \(t))"
            )
            try await run(
                "INSERT INTO peerroom.moderation_action (group_id, target_kind, target_id, facilitator_id, action, note, created_at) VALUES (\(river), 'story', \(camHidden), \(ben), 'hide', 'unkind', \(t))"
            )
            return PrivateRoom(
                ana: ana, ben: ben, cam: cam, river: river, harbor: harbor, anaStory: anaStory,
                camHiddenStory: camHidden, harborStory: harborStory, mentorship: mentorship)
        }
    }
}

/// Runs one statement; its SQLSTATE when refused, nil when it ran.
func refusal(_ connection: PostgresConnection, _ sql: String) async -> String? {
    do {
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")).collect()
        return nil
    } catch {
        return PostgresErrors.sqlState(error) ?? "no-sqlstate"
    }
}

/// The plan PostgreSQL makes for `query` (`EXPLAIN (VERBOSE, COSTS OFF)` and the query), a line each.
func plan(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [String] {
    var explained = query
    explained.sql = "EXPLAIN (VERBOSE, COSTS OFF) " + query.sql
    var lines: [String] = []
    for try await line in try await connection.query(explained, logger: Logger(label: "test")).decode(String.self) {
        lines.append(line)
    }
    return lines
}

func count(_ connection: PostgresConnection, _ sql: String) async throws -> Int {
    Int(try await connection.values(PostgresQuery(unsafeSQL: sql), as: Int64.self)[0])
}

@Suite("Raw SQL as a member reads nothing not theirs and writes nothing forbidden", needsServer)
struct RawSQLPrivacyTests {
    @Test func aMemberReadsOnlyWhatIsTheirsOnEveryTable() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            // The owner sees everything there is to hide (so 0 below means "hidden", not "absent").
            try await room.asOwner { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.draft WHERE member_id != \(r.ana)") == 2)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentor_message") == 2)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE group_id = \(r.harbor)") == 1)
            }
            try await room.asMember("ana") { c async throws in
                let ana = r.ana
                // Others' private rows: none.
                for table in [
                    "draft", "daily_checkin", "mute", "read_position", "story_read", "meeting_checkin",
                    "milestone_celebration", "my_group",
                ] {
                    #expect(
                        try await count(c, "SELECT count(*) FROM peerroom.\(table) WHERE member_id != \(ana)") == 0,
                        "\(table)")
                }
                #expect(try await count(c, "SELECT count(*) FROM peerroom.member_login") == 1)
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.member_login WHERE role_name = current_user") == 1
                )
                // Recovery dates: Ben's unshared one is not there; Cam's shared one is.
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.member_private WHERE member_id = \(r.ben)") == 0)
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.member_private WHERE member_id = \(r.cam)") == 1)
                // The mentorship of Ben and Cam, and its thread: not hers.
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentorship") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentor_message") == 0)
                // Reports: not who reported her story, nor that it was.
                #expect(try await count(c, "SELECT count(*) FROM peerroom.report") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.report_summary") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.moderation_action") == 0)
                // The closed group: no story, reply, roster, meeting or change of it.
                for table in ["story", "reply", "membership", "meeting", "encouragement", "mentor_offer"] {
                    #expect(
                        try await count(c, "SELECT count(*) FROM peerroom.\(table) WHERE group_id = \(r.harbor)") == 0,
                        "\(table)")
                }
                #expect(try await count(c, "SELECT count(*) FROM peerroom.join_request") == 0)
                // Hidden content: neither Cam's hidden story nor his hidden reply.
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE hidden_at IS NOT NULL") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.reply WHERE hidden_at IS NOT NULL") == 0)
                // The change log tells her nothing of the mentorship, the queue or harbor.
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.change_log WHERE kind IN ('mentorship', 'queue', 'join') OR (group_id = \(r.harbor) AND kind != 'groups')"
                    ) == 0)
                // What is hers to see is there.
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE id = \(r.anaStory)") == 1)
                // Role names (who is who outside the room) and the migrations are not readable.
                #expect(await refusal(c, "SELECT * FROM peerroom.member") == "42501")
                #expect(await refusal(c, "SELECT count(*) FROM peerroom.schema_migrations") == "42501")
                #expect(try await count(c, "SELECT count(*) FROM peerroom.member WHERE handle = 'Ben'") == 1)
            }
            // Ben facilitates river: the queue shows the report's reason, never its reporter.
            try await room.asMember("ben") { c async throws in
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.report_summary WHERE group_id = \(r.river)") == 1)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.report") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE id = \(r.camHiddenStory)") == 1)
                let columns = try await c.values(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'peerroom' AND table_name = 'report_summary'",
                    as: String.self)
                #expect(!columns.isEmpty && !columns.contains("reporter_id"))
            }
            // Cam sees his own mentorship thread, his report, and his hidden story.
            try await room.asMember("cam") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentor_message") == 2)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.report") == 1)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE id = \(r.camHiddenStory)") == 1)
            }
        }
    }

    @Test func everyForbiddenWriteFails() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let t = testNow.millisecondsSince1970
            try await room.asMember("ana") { c async throws in
                // Writing as someone else, or where she does not belong: refused by policy.
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(r.river), \(r.ben), 'triumph', 'forged', 'x', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(r.harbor), \(r.ana), 'triumph', 'in closed', 'x', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at) VALUES (\(r.harborStory), \(r.harbor), \(r.ana), 'x', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.mentor_message (mentorship_id, author_id, body, created_at) VALUES (\(r.mentorship), \(r.ana), 'x', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.membership (group_id, member_id, role, joined_at) VALUES (\(r.harbor), \(r.ana), 'newcomer', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.moderation_action (group_id, target_kind, target_id, facilitator_id, action, note, created_at) VALUES (\(r.river), 'story', \(r.anaStory), \(r.ana), 'restore', 'x', \(t))"
                    ) == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.member_login (role_name, member_id) VALUES ('\(room.role("ben"))', \(r.ana))"
                    )
                        == "42501")
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.draft (member_id, target, updated_at) VALUES (\(r.ben), 'story:9', \(t))")
                        == "42501")
                // Column rules: hiding, roles and authorship are not hers to set, even on her own rows.
                #expect(
                    await refusal(c, "UPDATE peerroom.story SET hidden_at = NULL WHERE id = \(r.anaStory)") == "42501")
                #expect(
                    await refusal(c, "UPDATE peerroom.story SET author_id = \(r.ben) WHERE id = \(r.anaStory)")
                        == "42501")
                #expect(
                    await refusal(c, "UPDATE peerroom.membership SET role = 'facilitator' WHERE member_id = \(r.ana)")
                        == "42501")
                #expect(await refusal(c, "UPDATE peerroom.report SET resolved_at = 1") == "42501")
                // Others' rows: UPDATE and DELETE reach none of them.
                for sql in [
                    "UPDATE peerroom.story SET title = 'changed' WHERE author_id != \(r.ana)",
                    "DELETE FROM peerroom.story WHERE author_id != \(r.ana)",
                    "DELETE FROM peerroom.reply",
                    "UPDATE peerroom.draft SET body = 'x'", "DELETE FROM peerroom.mute",
                    "UPDATE peerroom.mentorship SET status = 'ended'", "DELETE FROM peerroom.join_request",
                    "DELETE FROM peerroom.member WHERE id != \(r.ana)",
                    "UPDATE peerroom.daily_checkin SET note = 'x'",
                ] {
                    #expect(await refusal(c, sql + " RETURNING 1") == nil, "\(sql)")
                    #expect(try await count(c, "WITH x AS (\(sql) RETURNING 1) SELECT count(*) FROM x") == 0, "\(sql)")
                }
                // No COPY, no TRUNCATE, no owning, no switching to another member.
                #expect(await refusal(c, "COPY peerroom.story FROM '/etc/hostname'") == "42501")
                #expect(await refusal(c, "COPY peerroom.draft TO '/tmp/peerroom-copy-test'") == "42501")
                #expect(await refusal(c, "TRUNCATE peerroom.story") == "42501")
                #expect(await refusal(c, "ALTER TABLE peerroom.story DISABLE ROW LEVEL SECURITY") == "42501")
                #expect(await refusal(c, "DROP POLICY read ON peerroom.story") == "42501")
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND (rolbypassrls OR rolsuper)")
                        == 0)
            }
            // Nothing of the above changed anything.
            try await room.asOwner { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story") == 3)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE title = 'changed'") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.draft") == 2)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mute") == 2)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentorship WHERE status = 'active'") == 1)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.membership WHERE role = 'facilitator'") == 2)
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.story WHERE id = \(r.camHiddenStory) AND hidden_at IS NOT NULL")
                        == 1)
            }
        }
    }

    /// A temporary table cannot stand in for the tables the policies read.
    @Test func aTemporaryTableDoesNotFoolThePolicies() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            try await room.asMember("ana") { c async throws in
                let made = await refusal(c, "CREATE TEMP TABLE member_login (role_name name, member_id bigint)")
                if made == nil {
                    _ = await refusal(c, "INSERT INTO member_login VALUES (current_user, \(r.ben))")
                    _ = await refusal(c, "SET search_path = pg_temp, peerroom")
                }
                #expect(try await count(c, "SELECT count(*) FROM peerroom.draft") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.mentor_message") == 0)
            }
        }
    }

    /// A real member logs in with psql as their Unix login (peer authentication) and reads
    /// nothing of others'.
    @Test(
        .enabled(if: getuid() == 0 && getpwnam("prtest_ana") != nil, "needs root and the Unix user prtest_ana"))
    func psqlAsAUnixLoginByPeerAuthentication() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let admin = try await room.server.connect(database: room.database)
            var created = false
            do {
                let exists = try await count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'prtest_ana'") == 1
                if !exists {
                    try await admin.query("CREATE ROLE prtest_ana LOGIN", logger: room.logger)
                    created = true
                }
                try await admin.query("GRANT peerroom_member TO prtest_ana", logger: room.logger)
                try await admin.query(
                    "SET ROLE \(unescaped: PostgresSchema.ident(room.server.owner))", logger: room.logger)
                try await admin.query(
                    "DELETE FROM peerroom.member_login WHERE member_id = \(r.ana)", logger: room.logger)
                try await admin.query(
                    "INSERT INTO peerroom.member_login (role_name, member_id) VALUES ('prtest_ana', \(r.ana))",
                    logger: room.logger)
                try await admin.query("RESET ROLE", logger: room.logger)
                let output = try psql(
                    as: "prtest_ana", room: room,
                    sql: """
                        SELECT current_user, peerroom.me() = \(r.ana),
                          (SELECT count(*) FROM peerroom.draft), (SELECT count(*) FROM peerroom.mentor_message),
                          (SELECT count(*) FROM peerroom.story WHERE group_id = \(r.harbor)), (SELECT count(*) FROM peerroom.report)
                        """)
                #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "prtest_ana|t|0|0|0|0")
                // Search's owner-run candidates know the caller from the login: Ana's own story,
                // nothing of the closed group or of Cam's hidden one.
                let found = try psql(
                    as: "prtest_ana", room: room,
                    sql: """
                        SELECT coalesce(string_agg(id::text, ','), '-') FROM peerroom.search_ranked(
                          to_tsquery('peerroom.words', 'ana | closed | cam'), NULL, 100, 100)
                        """)
                #expect(found.trimmingCharacters(in: .whitespacesAndNewlines) == "\(r.anaStory)")
                let refused = try psql(
                    as: "prtest_ana", room: room,
                    sql: "UPDATE peerroom.story SET hidden_at = NULL WHERE id = \(r.anaStory)", expectFailure: true)
                #expect(refused.contains("permission denied"))
                // A member's own login cannot become another member.
                let switched = try psql(
                    as: "prtest_ana", room: room, sql: "SET ROLE \(room.role("ben"))", expectFailure: true)
                #expect(switched.contains("permission denied to set role"))
            } catch {
                if created { _ = try? await admin.query("DROP OWNED BY prtest_ana", logger: room.logger) }
                try? await admin.close()
                throw error
            }
            try await admin.query(
                "DELETE FROM peerroom.member_login WHERE role_name = 'prtest_ana'", logger: room.logger)
            try await admin.close()
            if created {
                let cleanup = try await room.server.connect(database: room.server.database)
                _ = try? await cleanup.query("DROP ROLE IF EXISTS prtest_ana", logger: room.logger)
                try await cleanup.close()
            }
        }
    }

    func psql(as user: String, room: TestRoom, sql: String, expectFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        // Another Unix user may not reach this checkout (a clone in a 0700 folder): start in /.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.arguments = [
            "-u", user, "--", "psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", room.server.socketDirectory,
            "-p", String(room.server.port), "-d", room.database, "-c", sql,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect((process.terminationStatus != 0) == expectFailure, "psql said: \(text)")
        return text
    }
}

/// With `PEERROOM_REQUIRE_PG=1` (CI), a run without the server is a failure, not a skip.
@Suite struct ServerPresenceTests {
    @Test func theServerIsThereWhenRequired() {
        if ProcessInfo.processInfo.environment["PEERROOM_REQUIRE_PG"] == "1" {
            #expect(TestServer.isAvailable, "PEERROOM_REQUIRE_PG=1 but PEERROOM_TEST_PG_SOCKET_DIR/_PORT are not set")
        }
    }
}
