import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// "For you" (issue 18), as on SQLite. The list reads stories, replies, reactions,
/// encouragement and mentorship threads through their policies (so nothing `me` may not read
/// can show), and adds the contract's rules: not `me`'s own, nobody `me` muted, nothing hidden,
/// only from groups `me` is in. The seen mark is `for_you_seen` (migration "v16 for you"),
/// `me`'s alone (policy `own`).
extension PostgresRoomStore {
    public func forYou(limit: Int) async throws -> [ForYouItem] {
        guard me != nil else { return [] }
        let limit = Int64(min(max(1, limit), ForYou.listLimit))
        return try await read { connection in
            let mark = try await Self.forYouMark(connection)
            var sql = SQLBuilder("SELECT * FROM (")
            Self.appendForYou(&sql, after: nil)
            // Handles and reaction kinds by code point, as on SQLite.
            sql.append(
                ") u ORDER BY created_at DESC, kind_rank, item_id DESC, handle_order COLLATE \"C\","
                    + " reaction COLLATE \"C\" LIMIT \(sql.bind(limit))")
            return try await connection.rows(sql.query).map { try Self.forYouItem($0, mark: mark) }
        }
    }

    public func forYouCount() async throws -> Int {
        guard me != nil else { return 0 }
        return try await read { connection in
            let mark = try await Self.forYouMark(connection)
            var sql = SQLBuilder("SELECT count(*) FROM (")
            Self.appendForYou(&sql, after: mark)
            sql.append(" LIMIT \(sql.bind(Int64(ForYou.countLimit)))) u")
            return Int(try await connection.values(sql.query, as: Int64.self).first ?? 0)
        }
    }

    public func markForYouSeen(through: Date) async throws {
        let me = try requireMe()
        // Never past now: a mark in the future would swallow what has not happened yet.
        let through = min(through.millisecondsSince1970, nowMillis)
        try await write { connection in
            try await connection.run(
                """
                INSERT INTO for_you_seen (member_id, seen_through) VALUES (\(me.id), \(through))
                ON CONFLICT (member_id) DO UPDATE SET seen_through = excluded.seen_through
                WHERE excluded.seen_through > for_you_seen.seen_through
                """)
        }
    }

    /// `me`'s mark, -1 for none (everything is new).
    static func forYouMark(_ connection: PostgresConnection) async throws -> Int64 {
        try await connection.scalar(
            "SELECT seen_through FROM for_you_seen WHERE member_id = (SELECT me())", as: Int64.self)
            ?? -1
    }

    /// The four kinds as one list, in the columns of the first; with `after`, only what is
    /// newer than that mark.
    static func appendForYou(_ sql: inout SQLBuilder, after mark: Int64?) {
        let after = mark.map { sql.bind($0) }
        func rules(author: String, group: String, at: String) -> String {
            // The caller and their groups read once per statement (InitPlans), not per row.
            "\(author) != (SELECT me()) AND \(author) NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))"
                + " AND \(group) = ANY ((SELECT my_groups())::bigint[])" + (after.map { " AND \(at) > \($0)" } ?? "")
        }
        sql.append(
            """
            SELECT 0 AS kind_rank, r.id AS item_id, r.created_at AS created_at, a.handle AS handle,
              a.handle_order AS handle_order, NULL::text AS reaction, s.group_id AS group_id, g.slug AS slug,
              s.id AS story_id, s.title AS story_title, s.content_warning AS content_warning,
              NULL::bigint AS mentorship_id, r.body AS body
            FROM story s JOIN reply r ON r.story_id = s.id JOIN member a ON a.id = r.author_id
            JOIN peer_group g ON g.id = s.group_id
            WHERE s.author_id = (SELECT me()) AND r.hidden_at IS NULL
              AND \(rules(author: "r.author_id", group: "s.group_id", at: "r.created_at"))
            UNION ALL
            SELECT 1, e.id, e.created_at, a.handle, a.handle_order, NULL, e.group_id, g.slug, NULL, NULL, NULL, NULL,
              e.body
            FROM encouragement e JOIN member a ON a.id = e.author_id JOIN peer_group g ON g.id = e.group_id
            WHERE e.recipient_id = (SELECT me()) AND e.hidden_at IS NULL
              AND \(rules(author: "e.author_id", group: "e.group_id", at: "e.created_at"))
            UNION ALL
            SELECT 2, m.id, m.created_at, a.handle, a.handle_order, NULL, s.group_id, g.slug, NULL, NULL, NULL, s.id,
              m.body
            FROM mentorship s JOIN mentor_message m ON m.mentorship_id = s.id JOIN member a ON a.id = m.author_id
            JOIN peer_group g ON g.id = s.group_id
            WHERE (SELECT me()) IN (s.mentor_id, s.mentee_id)
              AND \(rules(author: "m.author_id", group: "s.group_id", at: "m.created_at"))
            UNION ALL
            SELECT 3, s.id, x.created_at, a.handle, a.handle_order, x.kind, s.group_id, g.slug, s.id, s.title,
              s.content_warning, NULL, NULL
            FROM story s JOIN reaction x ON x.story_id = s.id JOIN member a ON a.id = x.member_id
            JOIN peer_group g ON g.id = s.group_id
            WHERE s.author_id = (SELECT me()) AND \(rules(author: "x.member_id", group: "s.group_id", at: "x.created_at"))
            """)
    }

    static func forYouItem(_ row: PostgresRandomAccessRow, mark: Int64) throws -> ForYouItem {
        let kind = ForYouKind.allCases[Int(try row["kind_rank"].decode(Int32.self))]
        let createdAt = try row.int("created_at")
        let warning = try row.optionalText("content_warning")
        let body = try row.optionalText("body")
        return ForYouItem(
            kind: kind, handle: try row.text("handle"), createdAt: Date(millisecondsSince1970: createdAt),
            groupID: try row.int("group_id"), groupSlug: try row.text("slug"), storyID: try row.optionalInt("story_id"),
            storyTitle: try row.optionalText("story_title"), contentWarning: warning,
            mentorshipID: try row.optionalInt("mentorship_id"),
            itemID: kind == .reaction ? nil : try row.int("item_id"),
            reaction: try row.optionalText("reaction").flatMap(ReactionKind.init(rawValue:)),
            excerpt: warning == nil ? body.map(ForYou.excerpt) : nil, isNew: createdAt > mark)
    }
}
