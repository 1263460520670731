import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// `peerroom migrate`: a SQLite room copied into an empty PostgreSQL room as its owner, in one
/// transaction, then compared table by table (issue 15, "Moving a room").
///
/// Rows go in batches of `INSERT … SELECT * FROM unnest($1::int8[], …)` (`COPY` is refused on
/// tables with row-level security), ids kept so every reference holds, identity sequences set
/// past the largest id. The tables' own triggers are off while copying (the change log, the
/// moderation trigger that would re-apply old actions, the membership mirror, which is filled
/// once at the end): the rows arrive as they were. Any failure rolls everything back, roles
/// included.
public enum PostgresMigration {
    /// How a column travels: SQLite's integers stand for bigints, ints and booleans alike.
    enum Kind: Sendable { case int, text, bool }

    struct Column: Sendable {
        var target: String
        var source: String
        var kind: Kind
    }

    /// One target table and where its rows come from in the SQLite schema.
    struct Table: Sendable {
        var target: String
        var source: String
        var columns: [Column]
        var keyCount: Int
        var filter: String? = nil
        /// Rows left out of the comparison on both sides (same SQL in both dialects).
        var compareFilter: String? = nil
        var hasID: Bool { columns.first?.target == "id" && keyCount == 1 }
    }

    static func c(_ target: String, _ source: String, _ kind: Kind = .int) -> Column {
        Column(target: target, source: source, kind: kind)
    }

    /// Every SQLite table the PostgreSQL schema has, in an order where references point back.
    static let tables: [Table] = [
        Table(
            target: "peer_group", source: "peer_group",
            columns: [
                c("id", "id"), c("slug", "slug", .text), c("name", "name", .text), c("topic", "topic", .text),
                c("is_open", "isOpen", .bool), c("created_at", "createdAt"), c("backlog_days", "backlogDays"),
            ], keyCount: 1),
        Table(
            target: "member", source: "member",
            columns: [
                c("id", "id"), c("handle", "handle", .text), c("handle_order", "handle_order", .text),
                c("seeded_by", "seededBy", .text), c("created_at", "createdAt"),
            ], keyCount: 1, compareFilter: "handle <> '[removed]'"),
        Table(
            target: "member_private", source: "member",
            columns: [c("member_id", "id"), c("recovery_start", "recoveryStart", .text)], keyCount: 1,
            filter: "recoveryStart IS NOT NULL"),
        Table(
            target: "for_you_seen", source: "member",
            columns: [c("member_id", "id"), c("seen_through", "forYouSeenThrough")], keyCount: 1,
            filter: "forYouSeenThrough IS NOT NULL"),
        Table(
            target: "membership", source: "membership",
            columns: [
                c("group_id", "groupId"), c("member_id", "memberId"), c("role", "role", .text),
                c("shares_recovery_start", "sharesRecoveryStart", .bool),
                c("shares_milestones", "sharesMilestones", .bool), c("joined_at", "joinedAt"),
            ], keyCount: 2),
        Table(
            target: "story", source: "story",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("author_id", "authorId"), c("kind", "kind", .text),
                c("title", "title", .text), c("content_warning", "contentWarning", .text), c("body", "body", .text),
                c("created_at", "createdAt"), c("updated_at", "updatedAt"), c("hidden_at", "hiddenAt"),
            ], keyCount: 1),
        Table(
            target: "reply", source: "reply",
            columns: [
                c("id", "id"), c("story_id", "storyId"),
                c("group_id", "(SELECT s.groupId FROM story s WHERE s.id = reply.storyId)"),
                c("author_id", "authorId"), c("body", "body", .text), c("created_at", "createdAt"),
                c("hidden_at", "hiddenAt"),
            ], keyCount: 1),
        Table(
            target: "reaction", source: "reaction",
            columns: [
                c("story_id", "storyId"), c("member_id", "memberId"), c("kind", "kind", .text),
                c("created_at", "createdAt"),
            ], keyCount: 3),
        Table(
            target: "encouragement", source: "encouragement",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("author_id", "authorId"),
                c("recipient_id", "recipientId"), c("body", "body", .text), c("created_at", "createdAt"),
                c("hidden_at", "hiddenAt"),
            ], keyCount: 1),
        Table(
            target: "draft", source: "draft",
            columns: [
                c("member_id", "memberId"), c("target", "target", .text), c("kind", "kind", .text),
                c("title", "title", .text), c("content_warning", "contentWarning", .text), c("body", "body", .text),
                c("updated_at", "updatedAt"),
            ], keyCount: 2),
        Table(
            target: "read_position", source: "read_position",
            columns: [
                c("member_id", "memberId"), c("group_id", "groupId"), c("created_at", "createdAt"),
                c("story_id", "storyId"),
            ], keyCount: 2),
        Table(
            target: "story_read", source: "story_read",
            columns: [
                c("member_id", "memberId"), c("story_id", "storyId"), c("group_id", "groupId"),
                c("created_at", "createdAt"),
            ], keyCount: 2),
        Table(
            target: "report", source: "report",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("target_kind", "targetKind", .text),
                c("target_id", "targetId"), c("reporter_id", "reporterId"), c("reason", "reason", .text),
                c("created_at", "createdAt"), c("resolved_at", "resolvedAt"),
            ], keyCount: 1),
        Table(
            target: "moderation_action", source: "moderation_action",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("target_kind", "targetKind", .text),
                c("target_id", "targetId"), c("facilitator_id", "facilitatorId"), c("action", "action", .text),
                c("note", "note", .text), c("created_at", "createdAt"), c("warning", "warning", .text),
            ], keyCount: 1),
        Table(
            target: "mute", source: "mute",
            columns: [c("member_id", "memberId"), c("muted_id", "mutedId"), c("created_at", "createdAt")],
            keyCount: 2),
        Table(
            target: "meeting", source: "meeting",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("title", "title", .text), c("weekday", "weekday"),
                c("hour", "hour"), c("minute", "minute"), c("from_day", "fromDay", .text),
                c("starts_at", "startsAt"), c("time_zone", "timeZone", .text),
                c("duration_minutes", "durationMinutes"), c("location", "location", .text),
                c("facilitator_id", "facilitatorId"), c("created_at", "createdAt"), c("updated_at", "updatedAt"),
                c("cancelled_at", "cancelledAt"),
            ], keyCount: 1),
        Table(
            target: "meeting_rsvp", source: "meeting_rsvp",
            columns: [
                c("meeting_id", "meetingId"), c("occurrence", "occurrence"), c("member_id", "memberId"),
                c("answer", "answer", .text), c("updated_at", "updatedAt"),
            ], keyCount: 3),
        Table(
            target: "meeting_checkin", source: "meeting_checkin",
            columns: [
                c("meeting_id", "meetingId"), c("occurrence", "occurrence"), c("member_id", "memberId"),
                c("created_at", "createdAt"),
            ], keyCount: 3),
        Table(
            target: "daily_checkin", source: "daily_checkin",
            columns: [
                c("member_id", "memberId"), c("day", "day", .text), c("mood", "mood"), c("note", "note", .text),
                c("created_at", "createdAt"), c("updated_at", "updatedAt"),
            ], keyCount: 2),
        Table(
            target: "milestone_celebration", source: "milestone_celebration",
            columns: [
                c("member_id", "memberId"), c("group_id", "groupId"), c("milestone", "milestone", .text),
                c("day", "day", .text), c("encouragement_id", "encouragementId"),
            ], keyCount: 3),
        Table(
            target: "mentor_offer", source: "mentor_offer",
            columns: [
                c("member_id", "memberId"), c("group_id", "groupId"), c("note", "note", .text),
                c("capacity", "capacity"), c("available", "available", .bool), c("updated_at", "updatedAt"),
            ], keyCount: 2),
        Table(
            target: "mentorship", source: "mentorship",
            columns: [
                c("id", "id"), c("group_id", "groupId"), c("mentor_id", "mentorId"), c("mentee_id", "menteeId"),
                c("status", "status", .text), c("request_note", "requestNote", .text),
                c("response_note", "responseNote", .text), c("requested_at", "requestedAt"),
                c("responded_at", "respondedAt"), c("ended_at", "endedAt"),
            ], keyCount: 1),
        Table(
            target: "mentor_message", source: "mentor_message",
            columns: [
                c("id", "id"), c("mentorship_id", "mentorshipId"), c("author_id", "authorId"),
                c("body", "body", .text), c("created_at", "createdAt"),
            ], keyCount: 1),
        Table(
            target: "join_request", source: "join_request",
            columns: [
                c("group_id", "groupId"), c("member_id", "memberId"), c("kind", "kind", .text),
                c("invited_by", "invitedBy"), c("created_at", "createdAt"),
            ], keyCount: 2),
        // Support now (v17): the signals, who was told, the one answer and the pair's thread.
        Table(
            target: "support_signal", source: "support_signal",
            columns: [
                c("id", "id"), c("member_id", "memberId"), c("line", "line", .text), c("created_at", "createdAt"),
                c("answered_at", "answeredAt"),
            ], keyCount: 1),
        Table(
            target: "support_recipient", source: "support_recipient",
            columns: [c("signal_id", "signalId"), c("member_id", "memberId"), c("signaller_id", "signallerId")],
            keyCount: 2),
        Table(
            target: "support_answer", source: "support_answer",
            columns: [
                c("signal_id", "signalId"), c("member_id", "memberId"), c("answerer_id", "answererId"),
                c("answered_at", "answeredAt"),
            ], keyCount: 1),
        Table(
            target: "support_message", source: "support_message",
            columns: [
                c("id", "id"), c("signal_id", "signalId"), c("author_id", "authorId"), c("body", "body", .text),
                c("created_at", "createdAt"),
            ], keyCount: 1),
        // Share circle (v20): the hands raised in meetings under way.
        Table(
            target: "circle_hand", source: "circle_hand",
            columns: [
                c("id", "id"), c("meeting_id", "meetingId"), c("occurrence", "occurrence"), c("group_id", "groupId"),
                c("member_id", "memberId"), c("raised_at", "raisedAt"), c("speaking_since", "speakingSince"),
            ], keyCount: 1),
    ]

    /// SQLite tables not copied, and why.
    public static let skipped: [(table: String, reason: String)] = [
        ("presence", "heartbeats of rooms running now; each room writes its own again within 20 s"),
        ("change_log", "what running rooms poll; the PostgreSQL room keeps its own log from here on"),
        ("group_count", "counts the PostgreSQL room computes itself (group_story_count)"),
        ("grdb_migrations", "SQLite's schema versions"),
    ]

    /// Which login role each member gets.
    public struct Roles: Sendable {
        /// Handle (any case) → role, from a `--roles` file; members not named get `prefix` roles.
        public var map: [String: String]
        public var prefix: String

        public init(map: [String: String] = [:], prefix: String = "pr_") {
            self.map = map
            self.prefix = prefix
        }

        /// `prefix` + the handle folded to lower-case ASCII (accents dropped), every other
        /// character `_`, at most 63 bytes; a name an earlier member already has gets `_2`, `_3`…
        public static func generated(prefix: String, handle: String, taken: Set<String>) -> String {
            let folded = handle.folding(
                options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
            )
            .lowercased()
            let safe = String(
                folded.unicodeScalars.map { scalar -> Character in
                    scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) ? Character(scalar) : "_"
                })
            var suffixNumber = 1
            while true {
                let suffix = suffixNumber == 1 ? "" : "_\(suffixNumber)"
                let name = String((prefix + safe).utf8.prefix(63 - suffix.utf8.count)).map { $0 + suffix } ?? ""
                if !taken.contains(name) { return name }
                suffixNumber += 1
            }
        }
    }

    /// Why a migration did not happen; nothing was changed in the target.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case targetHasRoom, badData, unknownTable, roles }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// One line of the comparison.
    public struct TableCheck: Sendable, Codable, Equatable {
        public var table: String
        public var sourceRows: Int
        public var targetRows: Int
        public var sourceChecksum: String
        public var targetChecksum: String
        public var ok: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    /// One step of a migration and its wall-clock seconds.
    public struct Phase: Sendable, Codable, Equatable {
        public var name: String
        public var seconds: Double
        /// Spans inside it (the copy: waiting for SQLite, inserting).
        public var parts: [Phase] = []
    }

    public struct Report: Sendable {
        public var tables: [TableCheck]
        /// Handle → role, in member-id order.
        public var roles: [(handle: String, role: String)]
        public var stories: Int
        /// Copying, from the first row read to the commit (the comparison not included).
        public var copySeconds: Double
        /// Where the time went, in order: the copy's steps, then "compare".
        public var phases: [Phase] = []
        public var ok: Bool { tables.allSatisfy(\.ok) }
    }

    static let logger = Logger(label: "peerroom.postgres.migrate")

    /// Copies `source` into the room at `url` (its owner role logs in), then compares.
    public static func migrate(
        from source: any RoomRowSource, to url: String, passfile: String? = nil, roles: Roles = Roles(),
        batchSize: Int = 10_000
    ) async throws -> Report {
        let location = try PostgresLocation.parse(url)
        let password = try location.password(passfile: passfile)
        try await PostgresRoomStore.probe(location, password: password)
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(password: password), id: Int.random(in: 1...Int.max),
            logger: logger)
        do {
            let report = try await migrate(from: source, on: connection, roles: roles, batchSize: batchSize)
            try? await connection.close()
            return report
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The same on a connection that is the owner role.
    static func migrate(
        from source: any RoomRowSource, on connection: PostgresConnection, roles: Roles, batchSize: Int,
        memberGroup: String = PostgresAdmin.defaultMemberGroup
    ) async throws -> Report {
        let known = Set(tables.map(\.source) + skipped.map(\.table))
        if let unknown = try source.tableNames().first(where: { !known.contains($0) }) {
            throw Refusal(
                kind: .unknownTable,
                message:
                    "the SQLite room has a table this peerroom cannot copy (\(unknown)); nothing was copied")
        }
        try await PostgresAdmin.initialize(connection, memberGroup: memberGroup)
        let targetColumns = try await columns(connection)
        let plan = tables.map { table in
            var table = table
            table.columns = table.columns.filter { targetColumns[table.target]?.contains($0.target) ?? false }
            return table
        }
        let assigned = try assignRoles(source, roles)
        try await checkRoles(connection, assigned.map(\.role), roles: roles)

        let started = ContinuousClock.now
        var clock = PhaseClock()
        var planned: (rows: Int, checksum: Checksum) = (0, Checksum())
        var stories = 0
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await refuseARoom(connection)
                let lifted = try await lift(connection)
                clock.lap("lift")
                // The schema's own "[removed]" member: the SQLite room's (if any) comes with its id.
                try await connection.query("DELETE FROM peerroom.member WHERE handle = '[removed]'", logger: logger)
                let copied = try await copyAll(plan, from: source, on: connection, batchSize: batchSize, clock: &clock)
                stories = copied["story"] ?? 0
                planned = try await bindRoles(assigned, on: connection, memberGroup: memberGroup)
                try await finish(plan, targetColumns: targetColumns, on: connection)
                clock.lap("roles and sequences")
                try await restore(lifted, on: connection, clock: &clock)
            }
            clock.lap("commit")
            // Without statistics the planner takes the copied tables for empty: the first page
            // of a group's stories sorted all 20,000 of them (383 ms instead of 4 ms at 100,000).
            // VACUUM too: otherwise autovacuum visits the 500,000 fresh rows some 30 s later,
            // while the first rooms open (and the visibility map lets counts skip the heap).
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "VACUUM (ANALYZE) "
                        + PostgresSchema.allTables.filter { $0 != "schema_migrations" }.map { "peerroom." + $0 }
                        .joined(separator: ", ")), logger: logger)
            clock.lap("statistics")
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                if let refusal = inner as? Refusal { throw refusal }
                if let psql = inner as? PSQLError { throw PostgresErrors.storeError(psql, handle: nil) }
                throw inner
            }
            throw error
        } catch let error as PSQLError {
            throw PostgresErrors.storeError(error, handle: nil)
        }
        let copySeconds = (ContinuousClock.now - started).seconds

        var checks: [TableCheck] = []
        for table in plan {
            // Both sides at once: SQLite on a thread of its own while PostgreSQL streams.
            let sourceTask = Task.detached { try sourceChecksum(table, from: source, batchSize: batchSize) }
            let target: (rows: Int, checksum: Checksum)
            do {
                target = try await checksum(table, on: connection)
            } catch {
                _ = try? await sourceTask.value
                throw error
            }
            let sourceSide = try await sourceTask.value
            checks.append(
                TableCheck(
                    table: table.target, sourceRows: sourceSide.rows, targetRows: target.rows,
                    sourceChecksum: sourceSide.checksum.hex, targetChecksum: target.checksum.hex))
            if table.target == "member" {
                let login = try await loginChecksum(on: connection)
                checks.append(
                    TableCheck(
                        table: "member_login", sourceRows: planned.rows, targetRows: login.rows,
                        sourceChecksum: planned.checksum.hex, targetChecksum: login.checksum.hex))
            }
        }
        clock.lap("compare")
        return Report(
            tables: checks, roles: assigned.map { ($0.handle, $0.role) }, stories: stories, copySeconds: copySeconds,
            phases: clock.phases)
    }

    // MARK: Roles

    struct Assignment {
        var memberID: Int64
        var handle: String
        var role: String
    }

    static func assignRoles(_ source: any RoomRowSource, _ roles: Roles) throws -> [Assignment] {
        let query = RoomTableQuery(
            table: "member", columns: ["id", "handle"], keyCount: 1, filter: "handle <> '[removed]'")
        var mapped: [String: String] = [:]
        for (handle, role) in roles.map { mapped[handle.lowercased()] = role }
        var result: [Assignment] = []
        var taken = Set(mapped.values)
        var after: [RoomCell]? = nil
        var seen = Set<String>()
        while true {
            let rows = try source.rows(query, after: after, limit: 10_000)
            guard let last = rows.last else { break }
            for row in rows {
                guard case .integer(let id) = row[0], case .text(let handle) = row[1] else { continue }
                let key = handle.lowercased()
                seen.insert(key)
                let role: String
                if let named = mapped[key] {
                    role = named
                } else {
                    role = Roles.generated(prefix: roles.prefix, handle: handle, taken: taken)
                    taken.insert(role)
                }
                result.append(Assignment(memberID: id, handle: handle, role: role))
            }
            after = [last[0]]
        }
        if let stray = mapped.keys.sorted().first(where: { !seen.contains($0) }) {
            throw Refusal(
                kind: .roles,
                message: "the roles file names '\(SafeText.neutralise(stray))', who is not a member of the room")
        }
        let counts = Dictionary(grouping: mapped, by: \.value)
        if let twice = counts.first(where: { $0.value.count > 1 }) {
            throw Refusal(
                kind: .roles,
                message: "the roles file gives the role '\(SafeText.neutralise(twice.key))' to more than one member")
        }
        return result
    }

    /// Member roles must be plain logins: not the owner, not a superuser, not above the policies.
    static func checkRoles(_ connection: PostgresConnection, _ names: [String], roles: Roles) async throws {
        if let bad = names.first(where: { !PostgresAdmin.isRoleName($0) }) {
            throw Refusal(
                kind: .roles,
                message:
                    "'\(SafeText.neutralise(bad))' is not a role name (ASCII letters, digits, _ and -, at most 63); "
                    + "choose another prefix or name it in a roles file")
        }
        let rows = try await connection.query(
            """
            SELECT rolname::text FROM pg_roles WHERE rolname = ANY(\(names))
              AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolname = current_user)
            """, logger: logger
        ).collect()
        if let row = rows.first {
            let name = try row.decode(String.self)
            throw Refusal(
                kind: .roles,
                message:
                    "the role '\(SafeText.neutralise(name))' is an administrator's (it may create roles or databases, "
                    + "or bypasses the room's rules); a member's role must be a plain login")
        }
    }

    static func bindRoles(_ assigned: [Assignment], on connection: PostgresConnection, memberGroup: String)
        async throws -> (rows: Int, checksum: Checksum)
    {
        var checksum = Checksum()
        for assignment in assigned.sorted(by: { $0.memberID < $1.memberID }) {
            checksum.add([.integer(assignment.memberID), .text(assignment.role)])
        }
        // The roles of `PostgresAdmin.createRole`, a thousand to a statement rather than two
        // statements each. The names passed `checkRoles` (ASCII letters, digits, _ and -).
        for start in stride(from: 0, to: assigned.count, by: 1_000) {
            let names = assigned[start..<min(start + 1_000, assigned.count)].map { PostgresSchema.literal($0.role) }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        DO $$ DECLARE r text; BEGIN
                          FOREACH r IN ARRAY ARRAY[\(names.joined(separator: ", "))]::text[] LOOP
                            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                              EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', r);
                            END IF;
                            EXECUTE format('GRANT %I TO %I', \(PostgresSchema.literal(memberGroup)), r);
                          END LOOP;
                        END $$
                        """), logger: logger)
        }
        for start in stride(from: 0, to: assigned.count, by: 10_000) {
            let part = assigned[start..<min(start + 10_000, assigned.count)]
            try await connection.query(
                """
                INSERT INTO peerroom.member_login (role_name, member_id)
                SELECT * FROM unnest(\(part.map(\.role))::text[], \(part.map(\.memberID))::int8[])
                """, logger: logger)
        }
        return (assigned.count, checksum)
    }

    // MARK: The transaction

    /// Locks every table and refuses a target that already holds a room.
    static func refuseARoom(_ connection: PostgresConnection) async throws {
        let all = PostgresSchema.allTables.filter { $0 != "schema_migrations" }.map { "peerroom." + $0 }
            .joined(separator: ", ")
        try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(all) IN EXCLUSIVE MODE"), logger: logger)
        let held = try await connection.values(
            """
            SELECT (SELECT count(*) FROM peerroom.peer_group) + (SELECT count(*) FROM peerroom.story)
              + (SELECT count(*) FROM peerroom.member WHERE handle <> '[removed]')
            """, as: Int64.self)
        if held.first ?? 0 > 0 {
            throw Refusal(
                kind: .targetHasRoom,
                message:
                    "the PostgreSQL database already holds a room (groups, members or stories); "
                    + "migrate copies only into an empty one, and nothing was changed")
        }
    }

    /// What `lift` took off the schema for the copy, and the catalog as it was before.
    struct Lifted {
        var indexes: [String]
        /// `ALTER TABLE … ADD CONSTRAINT …` per table.
        var keys: [(table: String, statement: String)]
        var triggers: [String]
        var catalog: String
    }

    /// Takes off, inside the transaction, what costs per row and can be done once at the end:
    /// the tables' own triggers (the change log, the moderation trigger that would re-apply old
    /// actions, the membership mirror, filled once at the end), foreign keys (each row's check
    /// becomes one join when the key is added back) and the secondary indexes (`story_words`
    /// above all; built once from the rows). Row-level security stays on: the owner writes
    /// through its own `owner_all` policies. All of it is transactional, so a failure anywhere
    /// rolls it back with the rows; `restore` puts it back before COMMIT and checks that the
    /// catalog is then exactly as it was.
    static func lift(_ connection: PostgresConnection) async throws -> Lifted {
        let catalog = try await catalogFingerprint(connection)
        // Work memory for this transaction only: index builds and the key checks' joins.
        try await connection.query("SET LOCAL maintenance_work_mem = '256MB'", logger: logger)
        try await connection.query("SET LOCAL work_mem = '64MB'", logger: logger)
        // Long stories are compressed as they are stored: lz4, where the server has it, costs
        // half the server's time of pglz for the rows (read back the same either way).
        let lz4 = try await connection.values(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'", as: Bool.self)
        if lz4.first == true {
            try await connection.query("SET LOCAL default_toast_compression = 'lz4'", logger: logger)
        }
        let indexRows = try await connection.query(
            """
            SELECT format('%I.%I', n.nspname, ic.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'peerroom' AND NOT i.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY 1
            """, logger: logger
        ).collect()
        // In the order they were made, so their triggers (cascades) keep their order too.
        let keyRows = try await connection.query(
            """
            SELECT format('%I.%I', n.nspname, t.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'peerroom' AND c.contype = 'f'
            ORDER BY c.oid
            """, logger: logger
        ).collect()
        var drop: [String] = []
        var indexes: [String] = []
        for row in indexRows {
            let (name, definition) = try row.decode((String, String).self)
            drop.append("DROP INDEX \(name);")
            indexes.append(definition)
        }
        var keysByTable: [(table: String, clauses: [String])] = []
        for row in keyRows {
            let (table, name, definition) = try row.decode((String, String, String).self)
            drop.append("ALTER TABLE \(table) DROP CONSTRAINT \(name);")
            if keysByTable.last?.table == table {
                keysByTable[keysByTable.count - 1].clauses.append("ADD CONSTRAINT \(name) \(definition)")
            } else {
                keysByTable.append((table, ["ADD CONSTRAINT \(name) \(definition)"]))
            }
        }
        let tables = PostgresSchema.allTables.filter { $0 != "schema_migrations" }.map { "peerroom." + $0 }
        for table in tables { drop.append("ALTER TABLE \(table) DISABLE TRIGGER USER;") }
        try await connection.query(
            PostgresQuery(unsafeSQL: "DO $lift$ BEGIN\n\(drop.joined(separator: "\n"))\nEND $lift$"), logger: logger)
        return Lifted(
            indexes: indexes,
            keys: keysByTable.map { ($0.table, "ALTER TABLE \($0.table) \($0.clauses.joined(separator: ", "))") },
            triggers: tables.map { "ALTER TABLE \($0) ENABLE TRIGGER USER" }, catalog: catalog)
    }

    /// Puts back what `lift` took off, then compares the catalog with how it was: a copy that
    /// would leave a trigger off, an index or a key missing, rolls back instead.
    static func restore(_ lifted: Lifted, on connection: PostgresConnection, clock: inout PhaseClock) async throws {
        for statement in lifted.indexes {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        clock.lap("indexes")
        for key in lifted.keys {
            do {
                try await connection.query(PostgresQuery(unsafeSQL: key.statement), logger: logger)
            } catch let error as PSQLError {
                let table = String(key.table.split(separator: ".").last ?? "")
                throw Refusal(kind: .badData, message: describe(error, table: table))
            }
        }
        clock.lap("foreign keys")
        try await connection.query(
            PostgresQuery(
                unsafeSQL:
                    "DO $restore$ BEGIN\n\(lifted.triggers.map { $0 + ";" }.joined(separator: "\n"))\nEND $restore$"),
            logger: logger)
        let after = try await catalogFingerprint(connection)
        guard after == lifted.catalog else {
            throw Refusal(
                kind: .badData,
                message:
                    "the PostgreSQL room's rules (triggers, keys, indexes or row-level security) were not as before "
                    + "after the copy; nothing was copied, the PostgreSQL room is as it was")
        }
        clock.lap("triggers and check")
    }

    /// The schema's rules in one text: row-level security per table, triggers and whether they
    /// fire, indexes, constraints and policies. Equal before and after a copy.
    static func catalogFingerprint(_ connection: PostgresConnection) async throws -> String {
        try await connection.values(
            """
            SELECT coalesce(string_agg(line, E'\n' ORDER BY line), '') FROM (
              SELECT format('table %s rls %s force %s', c.relname, c.relrowsecurity, c.relforcerowsecurity) AS line
                FROM pg_class c WHERE c.relnamespace = 'peerroom'::regnamespace AND c.relkind IN ('r', 'p')
              UNION ALL
              SELECT format('trigger %s %s %s', c.relname, t.tgname, t.tgenabled)
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = 'peerroom'::regnamespace AND NOT t.tgisinternal
              UNION ALL
              SELECT format('key triggers %s %s %s', c.relname, t.tgenabled, count(*))
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = 'peerroom'::regnamespace AND t.tgisinternal GROUP BY c.relname, t.tgenabled
              UNION ALL
              SELECT format('index %s valid %s', pg_get_indexdef(i.indexrelid), i.indisvalid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'peerroom'::regnamespace
              UNION ALL
              SELECT format('constraint %s %s %s valid %s', c.relname, k.conname, pg_get_constraintdef(k.oid), k.convalidated)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.connamespace = 'peerroom'::regnamespace
              UNION ALL
              SELECT format('policy %s %s %s %s %s %s', c.relname, p.polname, p.polcmd, p.polroles::text,
                  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'peerroom'::regnamespace
            ) lines
            """, as: String.self
        ).first ?? ""
    }

    /// After the rows: identity sequences past the largest ids, the "[removed]" member if the
    /// SQLite room had none, and the membership mirror the policies read, all set-based.
    static func finish(_ plan: [Table], targetColumns: [String: Set<String>], on connection: PostgresConnection)
        async throws
    {
        let sequences = plan.filter(\.hasID).map { table in
            """
            setval(pg_get_serial_sequence('peerroom.\(table.target)', 'id'),
              coalesce((SELECT max(id) FROM peerroom.\(table.target)), 0) + 1, false)
            """
        }
        if !sequences.isEmpty {
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT " + sequences.joined(separator: ", ")), logger: logger)
        }
        let orderColumn = targetColumns["member"]?.contains("handle_order") ?? false
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO peerroom.member (handle, \(orderColumn ? "handle_order, " : "")created_at)
                    SELECT '[removed]', \(orderColumn ? "'[removed]', " : "")0
                    WHERE NOT EXISTS (SELECT 1 FROM peerroom.member WHERE handle = '[removed]')
                    """), logger: logger)
        try await connection.query(
            """
            INSERT INTO peerroom.my_group (member_id, group_id, role)
            SELECT member_id, group_id, role FROM peerroom.membership
            """, logger: logger)
        // The count triggers were off while copying.
        try await connection.query(
            """
            INSERT INTO peerroom.group_story_count (group_id, stories)
            SELECT g.id, (SELECT count(*) FROM peerroom.story s WHERE s.group_id = g.id AND s.hidden_at IS NULL)
            FROM peerroom.peer_group g
            ON CONFLICT (group_id) DO UPDATE SET stories = excluded.stories
            """, logger: logger)
    }

    // MARK: Copying

    static func columns(_ connection: PostgresConnection) async throws -> [String: Set<String>] {
        let rows = try await connection.query(
            """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = 'peerroom' AND is_generated = 'NEVER'
            """, logger: logger
        ).collect()
        var result: [String: Set<String>] = [:]
        for row in rows {
            let (table, column) = try row.decode((String, String).self)
            result[table, default: []].insert(column)
        }
        return result
    }

    static func query(_ table: Table, forComparison: Bool = false) -> RoomTableQuery {
        let filters = [table.filter, forComparison ? table.compareFilter : nil].compactMap { $0 }
        return RoomTableQuery(
            table: table.source, columns: table.columns.map(\.source), keyCount: table.keyCount,
            filter: filters.isEmpty ? nil : filters.joined(separator: " AND "))
    }

    /// Where the reading stands: a table of the plan and the key of the last row read.
    struct Cursor: Sendable {
        var table: Int
        var after: [RoomCell]?
    }

    /// One `INSERT … unnest` ready to send, and where reading goes on after it.
    struct Batch: Sendable {
        var table: Int
        var query: PostgresQuery
        var rows: Int
        var next: Cursor?
    }

    /// Every table of the plan in batches. The next batch is read and encoded on another
    /// thread while PostgreSQL inserts the last one, so SQLite and PostgreSQL work at once.
    static func copyAll(
        _ plan: [Table], from source: any RoomRowSource, on connection: PostgresConnection, batchSize: Int,
        clock: inout PhaseClock
    ) async throws -> [String: Int] {
        let statements = plan.map(insertSQL)
        @Sendable func read(_ cursor: Cursor) throws -> Batch? {
            var cursor = cursor
            while cursor.table < plan.count {
                let table = plan[cursor.table]
                let rows = try source.rows(query(table), after: cursor.after, limit: batchSize)
                guard let last = rows.last else {
                    cursor = Cursor(table: cursor.table + 1, after: nil)
                    continue
                }
                var bindings = PostgresBindings(capacity: table.columns.count)
                for (index, column) in table.columns.enumerated() {
                    let cells = try rows.map { try convert($0[index], column, table: table.target) }
                    try bindings.append(CellArray(kind: column.kind, cells: cells))
                }
                // Fewer rows than asked for: the table is done.
                let next =
                    rows.count < batchSize
                    ? Cursor(table: cursor.table + 1, after: nil)
                    : Cursor(table: cursor.table, after: Array(last.prefix(table.keyCount)))
                return Batch(
                    table: cursor.table, query: PostgresQuery(unsafeSQL: statements[cursor.table], binds: bindings),
                    rows: rows.count, next: next.table < plan.count ? next : nil)
            }
            return nil
        }
        var copied: [String: Int] = [:]
        var reading: Task<Batch?, any Error> = Task.detached { try read(Cursor(table: 0, after: nil)) }
        var waitingForSQLite = Duration.zero
        var waitingForPostgres = Duration.zero
        while true {
            let waited = ContinuousClock.now
            guard let batch = try await reading.value else { break }
            waitingForSQLite += ContinuousClock.now - waited
            let next = batch.next
            reading = Task.detached { try next.flatMap(read) }
            let sent = ContinuousClock.now
            do {
                try await connection.query(batch.query, logger: logger)
            } catch let error as PSQLError {
                _ = try? await reading.value
                throw Refusal(kind: .badData, message: describe(error, table: plan[batch.table].target))
            } catch {
                _ = try? await reading.value
                throw error
            }
            waitingForPostgres += ContinuousClock.now - sent
            copied[plan[batch.table].target, default: 0] += batch.rows
        }
        clock.lap("copy", parts: [("waiting for SQLite", waitingForSQLite), ("inserting", waitingForPostgres)])
        return copied
    }

    static func insertSQL(_ table: Table) -> String {
        let arrays = table.columns.enumerated().map { index, column in
            "$\(index + 1)::\(column.kind == .int ? "int8" : column.kind == .bool ? "bool" : "text")[]"
        }
        return """
            INSERT INTO peerroom.\(table.target) (\(table.columns.map(\.target).joined(separator: ", ")))
            SELECT * FROM unnest(\(arrays.joined(separator: ", ")))
            """
    }

    /// A source cell as the target column's kind (booleans as 0/1).
    static func convert(_ cell: RoomCell, _ column: Column, table: String) throws -> RoomCell {
        switch (cell, column.kind) {
        case (.null, _), (.integer, .int), (.text, .text): return cell
        case (.integer(let value), .bool): return .integer(value == 0 ? 0 : 1)
        case (.integer(let value), .text): return .text(String(value))
        case (.text(let text), .int), (.text(let text), .bool):
            guard let value = Int64(text) else {
                throw Refusal(
                    kind: .badData,
                    message:
                        "\(table).\(column.target) holds '\(SafeText.neutralise(String(text.prefix(40))))' "
                        + "where a number belongs; nothing was copied, the PostgreSQL room is as it was")
            }
            return .integer(column.kind == .bool ? (value == 0 ? 0 : 1) : value)
        }
    }

    /// PostgreSQL's refusal of a batch in words, naming the table and the rule (never its SQL).
    static func describe(_ error: PSQLError, table: String) -> String {
        let rule = error.serverInfo?[.constraintName].map { " (\($0))" } ?? ""
        let what =
            switch error.serverInfo?[.sqlState] {
            case "23505": "a row is there twice where the PostgreSQL room allows one\(rule)"
            case "23503": "a row refers to one that is not there\(rule)"
            case "23514": "a value the PostgreSQL room does not allow\(rule)"
            case "23502": "a value is missing where one is needed\(rule)"
            case "22001", "22003", "22P02", "22007", "22008": "a value of the wrong kind or size"
            case let state?: "PostgreSQL refused it (error \(state))\(rule)"
            case nil: "the server did not answer"
            }
        return "cannot copy table \(table): \(what); nothing was copied, the PostgreSQL room is as it was"
    }

    // MARK: Comparing

    static func sourceChecksum(_ table: Table, from source: any RoomRowSource, batchSize: Int) throws -> (
        rows: Int, checksum: Checksum
    ) {
        let read = query(table, forComparison: true)
        var after: [RoomCell]? = nil
        var total = 0
        var checksum = Checksum()
        while true {
            let rows = try source.rows(read, after: after, limit: batchSize)
            guard let last = rows.last else { break }
            for row in rows {
                checksum.add(try row.enumerated().map { try convert($1, table.columns[$0], table: table.target) })
            }
            total += rows.count
            after = Array(last.prefix(table.keyCount))
        }
        return (total, checksum)
    }

    static func checksum(_ table: Table, on connection: PostgresConnection) async throws -> (
        rows: Int, checksum: Checksum
    ) {
        let select = table.columns.map { column in
            switch column.kind {
            case .int: "\(column.target)::int8"
            case .bool: "\(column.target)::int::int8"
            case .text: "\(column.target)::text"
            }
        }
        // Text keys in code-point order, as SQLite compares them.
        let order = table.columns.prefix(table.keyCount).map {
            $0.kind == .text ? "\($0.target) COLLATE \"C\"" : $0.target
        }
        let sql = """
            SELECT \(select.joined(separator: ", ")) FROM peerroom.\(table.target)
            \(table.compareFilter.map { "WHERE " + $0 } ?? "") ORDER BY \(order.joined(separator: ", "))
            """
        return try await checksum(PostgresQuery(unsafeSQL: sql), kinds: table.columns.map(\.kind), on: connection)
    }

    static func loginChecksum(on connection: PostgresConnection) async throws -> (rows: Int, checksum: Checksum) {
        try await checksum(
            "SELECT member_id, role_name::text FROM peerroom.member_login ORDER BY member_id", kinds: [.int, .text],
            on: connection)
    }

    static func checksum(_ query: PostgresQuery, kinds: [Kind], on connection: PostgresConnection) async throws -> (
        rows: Int, checksum: Checksum
    ) {
        var total = 0
        var checksum = Checksum()
        for try await row in try await connection.query(query, logger: logger) {
            var cells: [RoomCell] = []
            cells.reserveCapacity(kinds.count)
            for (index, cell) in row.enumerated() {
                if kinds[index] == .text {
                    cells.append(try cell.decode(String?.self).map(RoomCell.text) ?? .null)
                } else {
                    cells.append(try cell.decode(Int64?.self).map(RoomCell.integer) ?? .null)
                }
            }
            checksum.add(cells)
            total += 1
        }
        return (total, checksum)
    }
}

/// A 64-bit FNV-1a hash of rows in order, each cell written unambiguously (kind, length,
/// bytes): the same rows in the same order give the same value on either side.
struct Checksum: Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ row: [RoomCell]) {
        for cell in row {
            switch cell {
            case .null: mix([0x4E])
            case .integer(let number):
                mix([0x49])
                withUnsafeBytes(of: number.bigEndian) { mix($0) }
            case .text(let text):
                mix([0x54])
                let count = UInt32(text.utf8.count)
                withUnsafeBytes(of: count.bigEndian) { mix($0) }
                mix(text.utf8)
            }
        }
        mix([0x0A])
    }

    private mutating func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A one-dimensional array parameter whose elements may be NULL (postgres-nio's own arrays
/// cannot hold NULL), in PostgreSQL's binary array format.
struct CellArray: PostgresThrowingDynamicTypeEncodable {
    var kind: PostgresMigration.Kind
    var cells: [RoomCell]

    var psqlType: PostgresDataType {
        switch kind {
        case .int: .int8Array
        case .text: .textArray
        case .bool: .boolArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        let element: PostgresDataType =
            switch kind {
            case .int: .int8
            case .text: .text
            case .bool: .bool
            }
        buffer.writeInteger(Int32(1))  // dimensions
        buffer.writeInteger(Int32(cells.contains(.null) ? 1 : 0))  // has NULLs
        buffer.writeInteger(element.rawValue)
        buffer.writeInteger(Int32(cells.count))
        buffer.writeInteger(Int32(1))  // lower bound
        for cell in cells {
            switch (cell, kind) {
            case (.null, _):
                buffer.writeInteger(Int32(-1))
            case (.integer(let value), .bool):
                buffer.writeInteger(Int32(1))
                buffer.writeInteger(UInt8(value == 0 ? 0 : 1))
            case (.integer(let value), _):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(value)
            case (.text(let text), _):
                buffer.writeInteger(Int32(text.utf8.count))
                buffer.writeString(text)
            }
        }
    }
}

/// Wall-clock laps of a migration's phases.
struct PhaseClock {
    private var last = ContinuousClock.now
    private(set) var phases: [PostgresMigration.Phase] = []

    /// Ends the phase `name` now; `parts` are spans inside it.
    mutating func lap(_ name: String, parts: [(String, Duration)] = []) {
        let now = ContinuousClock.now
        phases.append(
            .init(
                name: name, seconds: (now - last).seconds,
                parts: parts.map { .init(name: $0.0, seconds: $0.1.seconds) }))
        last = now
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
