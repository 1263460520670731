import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Unread, per story, as on SQLite: `read_position` is the mark `me` caught up to in a group,
/// `story_read` the stories read above it. Both are `me`'s alone (policy `own`).
extension PostgresRoomStore {
    public func readPosition(groupID: GroupID) async throws -> FeedKey? {
        guard me != nil else { return nil }
        return try await read { connection in try await Self.readMark(groupID: groupID, connection) }
    }

    public func markRead(storyID: StoryID) async throws {
        let me = try requireMe()
        try await write { connection in
            guard
                let row = try await connection.rows("SELECT group_id, created_at FROM story WHERE id = \(storyID)")
                    .first
            else { throw StoreError.unknownStory(storyID) }
            let groupID = try row.int("group_id")
            let key = FeedKey(createdAtMillis: try row.int("created_at"), id: storyID)
            if let mark = try await Self.readMark(groupID: groupID, connection),
                (key.createdAtMillis, key.id) <= (mark.createdAtMillis, mark.id)
            {
                return
            }
            try await connection.run(
                """
                INSERT INTO story_read (member_id, story_id, group_id, created_at)
                VALUES (\(me.id), \(storyID), \(groupID), \(key.createdAtMillis)) ON CONFLICT DO NOTHING
                """)
            try await Self.foldReadMark(me: me.id, groupID: groupID, connection)
        }
    }

    public func nextUnread(groupID: GroupID) async throws -> StoryID? {
        guard me != nil else { return nil }
        return try await read { connection in
            guard try await connection.scalar("SELECT readable(\(groupID))", as: Bool.self) == true else { return nil }
            return try await Self.oldestUnread(groupID: groupID, connection)?.id
        }
    }

    static func readMark(groupID: GroupID, _ connection: PostgresConnection) async throws -> FeedKey? {
        try await connection.rows(
            "SELECT created_at, story_id FROM read_position WHERE member_id = (SELECT me()) AND group_id = \(groupID)"
        ).first.map { FeedKey(createdAtMillis: try $0.int("created_at"), id: try $0.int("story_id")) }
    }

    static func oldestUnread(groupID: GroupID, _ connection: PostgresConnection) async throws -> FeedKey? {
        let mark = try await readMark(groupID: groupID, connection) ?? FeedKey(createdAtMillis: -1, id: -1)
        return try await connection.rows(
            """
            SELECT s.created_at, s.id FROM story s
            WHERE s.group_id = \(groupID) AND (s.created_at, s.id) > (\(mark.createdAtMillis), \(mark.id))
              AND s.author_id != (SELECT me()) AND s.hidden_at IS NULL
              AND s.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))
              AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.member_id = (SELECT me()) AND x.story_id = s.id)
            ORDER BY s.created_at, s.id LIMIT 1
            """
        ).first.map { FeedKey(createdAtMillis: try $0.int("created_at"), id: try $0.int("id")) }
    }

    /// Moves the mark up to just before the oldest unread story, never back, and drops the
    /// `story_read` rows it now covers.
    static func foldReadMark(me: MemberID, groupID: GroupID, _ connection: PostgresConnection) async throws {
        let next = try await oldestUnread(groupID: groupID, connection) ?? FeedKey(createdAtMillis: .max, id: .max)
        guard
            let row = try await connection.rows(
                """
                SELECT created_at, id FROM story WHERE group_id = \(groupID)
                  AND (created_at, id) < (\(next.createdAtMillis), \(next.id))
                ORDER BY created_at DESC, id DESC LIMIT 1
                """
            ).first
        else { return }
        let mark = FeedKey(createdAtMillis: try row.int("created_at"), id: try row.int("id"))
        try await connection.run(
            """
            INSERT INTO read_position (member_id, group_id, created_at, story_id)
            VALUES (\(me), \(groupID), \(mark.createdAtMillis), \(mark.id))
            ON CONFLICT (member_id, group_id) DO UPDATE SET created_at = excluded.created_at, story_id = excluded.story_id
            WHERE (excluded.created_at, excluded.story_id) > (read_position.created_at, read_position.story_id)
            """)
        try await connection.run(
            """
            DELETE FROM story_read WHERE member_id = \(me) AND group_id = \(groupID)
              AND (created_at, story_id) <= (\(mark.createdAtMillis), \(mark.id))
            """)
    }

    // MARK: Privacy

    /// Deletes `me` (the policy: oneself only); the owner's trigger keeps others' words under
    /// "[removed]". The role stays (an administrator drops it); the session is a guest after.
    public func forget() async throws {
        let me = try requireMe()
        try await write { connection in
            try await connection.run("DELETE FROM member WHERE id = \(me.id)")
        }
        setMe(nil)
    }

    public func setRecoveryStart(_ day: CalendarDay?) async throws {
        var me = try requireMe()
        // Not a day still to come everywhere on Earth (UTC's day + 1 is today somewhere).
        let latest = CalendarDay(
            daysSinceEpoch: Recurrence.day(of: clock.now(), in: TimeZone(identifier: "UTC")!).daysSinceEpoch + 1)
        if let day, day > latest {
            throw StoreError.invalid(
                ValidationError(
                    field: "recovery start", problem: "\(day) is in the future; it must be a day that has begun"))
        }
        let id = me.id
        try await write { connection in
            try await connection.run(
                """
                INSERT INTO member_private (member_id, recovery_start) VALUES (\(id), \(day?.description))
                ON CONFLICT (member_id) DO UPDATE SET recovery_start = excluded.recovery_start
                """)
        }
        me.recoveryStart = day
        setMe(me)
    }

    public func shareRecoveryStart(groupID: GroupID, shared: Bool) async throws {
        let me = try requireMe()
        try await write { connection in
            try await Self.requireMembership(connection, me: me, groupID: groupID)
            try await connection.run(
                "UPDATE membership SET shares_recovery_start = \(shared) WHERE member_id = \(me.id) AND group_id = \(groupID)"
            )
        }
    }

    // MARK: Search (PostgreSQL full text, configuration peerroom.words (accents folded); the last word is a prefix)

    public func search(_ text: String, groupID: GroupID?, limit: Int) async throws -> [SearchHit] {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).prefix(
            16)
        guard !words.isEmpty else { return [] }
        // Each word a quoted lexeme (nothing typed is read as query syntax); the last a prefix.
        let query = words.enumerated().map { index, word in
            "'\(word)'" + (index == words.count - 1 ? ":*" : "")
        }.joined(separator: " & ")
        let terms = Array(words)
        return try await read { connection in
            var sql = SQLBuilder()
            let q = sql.bind(query)
            let only = groupID.map { sql.bind($0) } ?? "NULL"
            let candidates = sql.bind(Int64(SearchQuery.rankedMatches))
            let best = sql.bind(Int64(max(1, limit)))
            // The owner's function ranks the newest matches and counts their replies and
            // reactions (see `PostgresSchema.searchRankedV24`); the best are read here through
            // the policies, which hold as for every read.
            sql.append(
                Self.storySelect(
                    counts: "found.replies AS replies, found.reactions AS reactions",
                    columns:
                        " coalesce(s.author_id = (SELECT me()), false) AS mine, g.name AS group_name, g.slug AS group_slug,",
                    stories: """
                        search_ranked(to_tsquery('peerroom.words', \(q)), \(only)::bigint, \(candidates)::integer,
                                      \(best)::integer) found
                        JOIN story s ON s.id = found.id JOIN peer_group g ON g.id = s.group_id
                        """))
            sql.append(
                """
                 WHERE (s.hidden_at IS NULL OR s.author_id = (SELECT me()))
                  AND s.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))
                  AND s.group_id = ANY ((SELECT CASE WHEN (SELECT me()) IS NULL THEN ARRAY(SELECT id FROM peer_group WHERE is_open)
                                                    ELSE my_groups() END)::bigint[])
                """)
            if let groupID { sql.append(" AND s.group_id = \(sql.bind(groupID))") }
            sql.append(" ORDER BY found.rank DESC, s.created_at DESC, s.id DESC")
            return try await connection.rows(sql.query).map { row in
                // Marked here: ts_headline parses each story again (about 0.5 ms a story).
                let body = try row.text("body")
                let warned = try row.optionalText("content_warning") != nil && !(try row.bool("mine"))
                return SearchHit(
                    story: try Decode.storySummary(row), groupName: try row.text("group_name"),
                    title: MarkedText(marking: try row.text("title"), terms: terms),
                    snippet: warned
                        ? MarkedText([])
                        : MarkedText(marking: body, terms: terms, words: Self.snippetWords).onOneLine,
                    groupSlug: try row.text("group_slug"))
            }
        }
    }

    /// Words in a snippet, as SQLite's FTS5 `snippet(…, 12)`.
    static let snippetWords = 12
}
