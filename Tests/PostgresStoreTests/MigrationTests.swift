import Foundation
import GRDB
import PostgresNIO
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@testable import PostgresStore

/// `peerroom migrate`'s copy: the demo room from SQLite into a fresh PostgreSQL database.
@Suite(.serialized) struct MigrationTests {
    @Test(needsServer) func theDemoRoomMigratesAndEveryTableCompares() async throws {
        try await DemoFile.with { demo in
            try await EmptyTarget.with { target in
                // Small batches, so every table crosses batch boundaries.
                let report = try await target.migrate(demo, batchSize: 7)
                let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0.targetRows) })
                for check in report.tables {
                    #expect(check.ok, "\(check.table): \(check.sourceRows)/\(check.targetRows) rows")
                }
                #expect(report.ok)
                for table in [
                    "peer_group", "member", "member_login", "membership", "story", "reply", "reaction",
                    "encouragement", "draft", "mute", "report", "story_read", "member_private",
                ] {
                    #expect((rows[table] ?? 0) > 0, "\(table) has rows to compare")
                }
                #expect(rows["member_login"] == rows["member"])
                #expect(report.stories == rows["story"])
                // A new row after the copy takes an id past the copied ones.
                let (maxID, nextID) = try await target.asOwner { connection in
                    let maxID = try await connection.scalar("SELECT max(id) FROM peerroom.story", as: Int64.self)
                    let next = try await connection.scalar(
                        "SELECT nextval(pg_get_serial_sequence('peerroom.story', 'id'))", as: Int64.self)
                    return (maxID, next)
                }
                #expect((nextID ?? 0) > (maxID ?? .max))
            }
        }
    }

    @Test(needsServer) func aMemberSeesTheSameStoriesOnPostgreSQLAsOnSQLite() async throws {
        try await DemoFile.with { demo in
            // A for-you mark halfway down river's list: what is new after the copy is the same.
            let river = try await demo.store.session(memberID: try await demo.store.member(handle: "river").id)
            let items = try await river.forYou(limit: ForYou.listLimit)
            #expect(items.count >= 2, "river has replies and reactions to compare")
            try await river.markForYouSeen(through: items[items.count / 2].createdAt)
            try await EmptyTarget.with { target in
                let report = try await target.migrate(demo)
                for handle in ["river", "quiet-oak"] {
                    let role = try #require(report.roles.first { $0.handle == handle }?.role)
                    #expect(role == target.prefix + handle.replacingOccurrences(of: "-", with: "_"))
                    let member = try await demo.store.member(handle: handle)
                    let sqlite = try await demo.store.session(memberID: member.id)
                    let postgres = try await PostgresRoomStore.open(
                        location: target.server.location(database: target.database), clock: testClock,
                        actingRole: role)
                    defer { postgres.close() }
                    #expect(postgres.me?.id == member.id)
                    #expect(postgres.me?.handle == handle)
                    let seen = try await Self.everything(sqlite)
                    #expect(!seen.isEmpty)
                    #expect(try await Self.everything(postgres) == seen)
                }
            }
        }
    }

    @Test(needsServer) func aFailedMigrationLeavesTheTargetEmpty() async throws {
        try await DemoFile.with { demo in
            // A row SQLite took that PostgreSQL's rules refuse: late in the order, after
            // members (and their roles), groups and stories are in.
            try await demo.raw(
                """
                INSERT INTO moderation_action (groupId, targetKind, targetId, facilitatorId, action, note, createdAt)
                SELECT id, 'poll', 1, NULL, 'hide', 'not a kind of content', 0 FROM peer_group LIMIT 1
                """)
            try await EmptyTarget.with { target in
                do {
                    _ = try await target.migrate(demo)
                    Issue.record("the migration went through")
                } catch let refusal as PostgresMigration.Refusal {
                    #expect(refusal.kind == .badData)
                    #expect(refusal.message.contains("moderation_action"))
                    #expect(!refusal.message.contains("INSERT"))
                }
                #expect(try await target.rowCount() == 0)
                #expect(try await target.roles().isEmpty)
            }
        }
    }

    @Test(needsServer) func aTargetThatHoldsARoomIsRefused() async throws {
        try await DemoFile.with { demo in
            try await EmptyTarget.with { target in
                _ = try await target.migrate(demo)
                let before = try await target.rowCount()
                do {
                    _ = try await target.migrate(demo)
                    Issue.record("a second migration went through")
                } catch let refusal as PostgresMigration.Refusal {
                    #expect(refusal.kind == .targetHasRoom)
                    #expect(refusal.message.contains("already holds a room"))
                }
                #expect(try await target.rowCount() == before)
            }
        }
    }

    /// The copy takes triggers, foreign keys and secondary indexes off for speed, inside its
    /// transaction: after it, the schema's rules are exactly those of a room `admin init` made,
    /// and they act — a non-member reads nothing of a closed group, a write they forbid fails,
    /// a member's post reaches the change log and the search.
    @Test(needsServer) func afterACopyEveryRuleOfTheSchemaIsBackAndActs() async throws {
        try await DemoFile.with { demo in
            let fresh = try await EmptyTarget.with { untouched in
                try await untouched.asOwner { connection in
                    try await PostgresAdmin.initialize(connection)
                    return try await SchemaRules.read(connection)
                }
            }
            try await EmptyTarget.with { target in
                let report = try await target.migrate(demo)
                #expect(report.ok)
                let rules = try await target.asOwner { try await SchemaRules.read($0) }
                #expect(rules.tables.count == PostgresSchema.allTables.count)
                for line in rules.tables { #expect(line.hasSuffix("rls true force true"), "\(line)") }
                #expect(!rules.triggers.isEmpty)
                for line in rules.triggers { #expect(line.hasSuffix(" O"), "\(line) (O: the trigger fires)") }
                #expect(rules.indexes.contains { $0.contains("story_words") && $0.contains("gin") })
                #expect(rules.keys.contains { $0.contains("story_group_id_fkey") })
                #expect(rules == fresh)

                let role = { (handle: String) in report.roles.first { $0.handle == handle }?.role ?? "" }
                let closed = "(SELECT id FROM peerroom.peer_group WHERE slug = 'night-shift')"
                let stories = "SELECT count(*) FROM peerroom.story WHERE group_id = \(closed)"
                let all = try await target.asOwner { try await count($0, stories) }
                #expect(all > 0)
                // river is not in the closed group; marigold facilitates it.
                try await target.asRole(role("river")) { c async throws in
                    #expect(try await count(c, stories) == 0)
                    #expect(
                        try await count(c, "SELECT count(*) FROM peerroom.membership WHERE group_id = \(closed)") == 0)
                    #expect(
                        try await count(c, "SELECT count(*) FROM peerroom.draft WHERE member_id <> peerroom.me()") == 0)
                    let intrude = """
                        INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at)
                        VALUES (\(closed), peerroom.me(), 'reflection', 'not mine to post', 'here', 1)
                        """
                    #expect(await refusal(c, intrude) == "42501")
                }
                try await target.asRole(role("marigold")) { c async throws in
                    #expect(try await count(c, stories) == all)
                    _ = try await c.query(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at)
                                VALUES (\(closed), peerroom.me(), 'reflection', 'after the move', 'zanzibarish words', 1)
                                """), logger: target.logger
                    ).collect()
                    #expect(try await count(c, "SELECT count(*) FROM peerroom.change_log WHERE kind = 'story'") == 1)
                    #expect(
                        try await count(
                            c,
                            "SELECT count(*) FROM peerroom.story WHERE words @@ to_tsquery('peerroom.words', 'zanzibarish')"
                        ) == 1)
                }
            }
        }
    }

    @Test func rolesAreTheHandlesFoldedToLowerCaseASCII() {
        typealias Roles = PostgresMigration.Roles
        #expect(Roles.generated(prefix: "pr_", handle: "morning.tea", taken: []) == "pr_morning_tea")
        #expect(Roles.generated(prefix: "pr_", handle: "Émile Ça", taken: []) == "pr_emile_ca")
        #expect(Roles.generated(prefix: "pr_", handle: "ana-b", taken: ["pr_ana_b"]) == "pr_ana_b_2")
        let long = Roles.generated(prefix: "pr_", handle: String(repeating: "x", count: 80), taken: [])
        #expect(long.utf8.count == 63)
        #expect(PostgresAdmin.isRoleName(Roles.generated(prefix: "pr_", handle: "日本", taken: [])))
    }

    @Test func everySQLiteTableIsCopiedOrNamedAsSkipped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("room.sqlite").path
        _ = try SQLiteRoomStore(path: path)
        let reader = try SQLiteRoomReader(path: path)
        defer { reader.close() }
        let known = Set(PostgresMigration.tables.map(\.source) + PostgresMigration.skipped.map(\.table))
        #expect(Set(try reader.tableNames()).subtracting(known).isEmpty)
    }

    /// What a member reads: each group's stories (all pages), with titles, unread marks and counts.
    static func everything(_ store: any RoomStore) async throws -> [String] {
        var lines = ["for you: \(try await store.forYouCount()) new"]
        for item in try await store.forYou(limit: ForYou.listLimit) {
            lines.append("  \(item.kind) \(item.handle) \(item.createdAt) \(item.storyTitle ?? "") new:\(item.isNew)")
        }
        for group in try await store.groups() {
            lines.append("group \(group.id) \(group.slug) \(group.storyCount)")
            var page = PageRequest<FeedKey>.first
            while true {
                let stories = try await store.stories(groupID: group.id, page: page, limit: 50)
                for story in stories.items {
                    lines.append(
                        "  \(story.id) \(story.authorHandle) \(story.title) \(story.replyCount) unread:\(story.isUnread)"
                    )
                }
                guard let next = stories.items.last?.pageKey, stories.hasMore else { break }
                page = .after(next)
            }
        }
        return lines
    }
}

/// The demo room (the repository's seeds) in a SQLite file, with a few of a member's own rows.
struct DemoFile {
    let folder: URL
    let path: String
    let store: SQLiteRoomStore

    static func with<T>(_ body: (DemoFile) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("room.sqlite").path
        let store = try SQLiteRoomStore(path: path, clock: testClock)
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds", isDirectory: true)
        _ = try await store.load(try SeedLoader.load(directory: seeds), now: testNow, seededBy: "tester")
        let river = try await store.session(memberID: try await store.member(handle: "river").id)
        let oak = try await store.member(handle: "quiet-oak")
        let group = try #require(try await river.groups().first)
        let story = try #require(try await river.stories(groupID: group.id, page: .first, limit: 5).items.last)
        try await river.saveDraft(Draft(target: .story(group: group.id), title: "half a thought", updatedAt: testNow))
        try await river.markRead(storyID: story.id)
        try await river.setMuted(oak.id, muted: true)
        try await river.report(.story(story.id), reason: "test report")
        return try await body(DemoFile(folder: folder, path: path, store: store))
    }

    func raw(_ sql: String) async throws {
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }
}

/// A fresh database without the schema (the migration makes it), dropped afterwards with the
/// roles it made (all named with `prefix`).
struct EmptyTarget {
    let server: TestServer
    let database: String
    let prefix: String
    let logger = Logger(label: "test")

    func asOwner<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await server.acting(as: server.owner, in: database, logger: logger, body)
    }

    /// A raw SQL connection as a member's role, the way their own psql would be.
    func asRole<T>(_ role: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await server.acting(as: role, in: database, logger: logger, body)
    }

    func migrate(_ demo: DemoFile, batchSize: Int = 10_000) async throws -> PostgresMigration.Report {
        let reader = try SQLiteRoomReader(path: demo.path)
        defer { reader.close() }
        return try await asOwner { connection in
            try await PostgresMigration.migrate(
                from: reader, on: connection, roles: .init(prefix: prefix), batchSize: batchSize)
        }
    }

    /// Rows in every table of the room but the schema's own "[removed]" member and versions.
    func rowCount() async throws -> Int64 {
        try await asOwner { connection in
            var total: Int64 = 0
            for table in PostgresSchema.allTables where table != "schema_migrations" {
                let filter = table == "member" ? " WHERE handle <> '[removed]'" : ""
                total +=
                    try await connection.scalar(
                        PostgresQuery(unsafeSQL: "SELECT count(*) FROM peerroom.\(table)\(filter)"), as: Int64.self)
                    ?? 0
            }
            return total
        }
    }

    func roles() async throws -> [String] {
        try await asOwner { connection in
            try await connection.values(
                "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, \(prefix))", as: String.self)
        }
    }

    static func with<T>(_ body: (EmptyTarget) async throws -> T) async throws -> T {
        let server = try #require(TestServer.current)
        let tag = UUID().uuidString.prefix(8).lowercased()
        let target = EmptyTarget(server: server, database: "pgm_\(tag)", prefix: "pgm_\(tag)_")
        let admin = try await server.connect(database: server.database)
        let logger = target.logger
        func drop() async throws {
            try await admin.query(
                "DROP DATABASE IF EXISTS \(unescaped: PostgresSchema.ident(target.database)) WITH (FORCE)",
                logger: logger)
            for role in try await admin.values(
                "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, \(target.prefix))", as: String.self)
            {
                try await admin.query("DROP ROLE IF EXISTS \(unescaped: PostgresSchema.ident(role))", logger: logger)
            }
        }
        do {
            try await admin.query(
                """
                CREATE DATABASE \(unescaped: PostgresSchema.ident(target.database))
                  OWNER \(unescaped: PostgresSchema.ident(server.owner)) TEMPLATE template0
                """, logger: logger)
            let value: T
            do {
                value = try await body(target)
            } catch {
                try? await drop()
                throw error
            }
            try await drop()
            try await admin.close()
            return value
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

/// What the schema enforces, read from the catalog: row-level security per table, whether each
/// trigger fires, the indexes and the constraints.
struct SchemaRules: Equatable {
    var tables: [String]
    var triggers: [String]
    var indexes: [String]
    var keys: [String]

    static func read(_ connection: PostgresConnection) async throws -> SchemaRules {
        func lines(_ sql: String) async throws -> [String] {
            try await connection.values(PostgresQuery(unsafeSQL: sql + " ORDER BY 1"), as: String.self)
        }
        let schema = "'peerroom'::regnamespace"
        return SchemaRules(
            tables: try await lines(
                """
                SELECT relname || ' rls ' || relrowsecurity || ' force ' || relforcerowsecurity FROM pg_class
                WHERE relnamespace = \(schema) AND relkind = 'r'
                """),
            triggers: try await lines(
                """
                SELECT c.relname || ' ' || t.tgname || ' ' || t.tgenabled::text FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = \(schema) AND NOT t.tgisinternal
                """),
            indexes: try await lines(
                "SELECT indexdef || ' ' || i.indisvalid FROM pg_indexes x JOIN pg_index i ON i.indexrelid = (quote_ident(x.schemaname) || '.' || quote_ident(x.indexname))::regclass WHERE schemaname = 'peerroom'"
            ),
            keys: try await lines(
                """
                SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
                FROM pg_constraint WHERE connamespace = \(schema)
                """))
    }
}
