import Foundation
import GRDB
import RoomCore
import RoomStore

/// "For you" (issue 18): what others did to what a member wrote, or wrote to them. One query
/// over the four kinds, each with the same rules: not the member's own, nobody they muted,
/// nothing hidden, only from groups they belong to now. The seen mark is
/// `member.forYouSeenThrough` (migration "v16 for you").
extension SQLiteRoomStore {
    func forYou(memberID: MemberID, limit: Int) async throws -> [ForYouItem] {
        let limit = min(max(1, limit), ForYou.listLimit)
        return try await pool.read { db in
            let mark = try Self.forYouMark(memberID, db)
            return try Row.fetchAll(
                db, sql: Self.forYouSQL(newOnly: false) + " " + Self.forYouOrder + " LIMIT ?3",
                arguments: [memberID, mark, limit]
            ).map { Self.forYouItem($0, mark: mark) }
        }
    }

    func forYouCount(memberID: MemberID) async throws -> Int {
        try await pool.read { db in
            let mark = try Self.forYouMark(memberID, db)
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (\(Self.forYouSQL(newOnly: true)) LIMIT ?3)",
                arguments: [memberID, mark, ForYou.countLimit]) ?? 0
        }
    }

    func markForYouSeen(memberID: MemberID, through: Date) async throws {
        // Never past now: a mark in the future would swallow what has not happened yet.
        let through = min(through.millisecondsSince1970, clock.now().millisecondsSince1970)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE member SET forYouSeenThrough = ?2
                    WHERE id = ?1 AND (forYouSeenThrough IS NULL OR forYouSeenThrough < ?2)
                    """, arguments: [memberID, through])
        }
    }

    /// The member's mark, -1 for none (everything is new).
    static func forYouMark(_ memberID: MemberID, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT forYouSeenThrough FROM member WHERE id = ?", arguments: [memberID]) ?? -1
    }

    /// The four kinds as one list (arguments: ?1 the member, ?2 their mark, ?3 a limit), in the
    /// columns of the first; `newOnly` keeps what is after the mark.
    static func forYouSQL(newOnly: Bool) -> String {
        func rules(author: String, group: String, at: String) -> String {
            "\(author) != ?1 AND \(author) NOT IN (SELECT mutedId FROM mute WHERE memberId = ?1)"
                + " AND \(group) IN (SELECT groupId FROM membership WHERE memberId = ?1)"
                + (newOnly ? " AND \(at) > ?2" : "")
        }
        return """
            SELECT 0 AS kindRank, r.id AS itemId, r.createdAt AS createdAt, a.handle AS handle,
              a.handle_order AS handleOrder, NULL AS reaction, s.groupId AS groupId, g.slug AS slug,
              s.id AS storyId, s.title AS storyTitle, s.contentWarning AS contentWarning,
              NULL AS mentorshipId, r.body AS body
            FROM story s JOIN reply r ON r.storyId = s.id JOIN member a ON a.id = r.authorId
            JOIN peer_group g ON g.id = s.groupId
            WHERE s.authorId = ?1 AND r.hiddenAt IS NULL
              AND \(rules(author: "r.authorId", group: "s.groupId", at: "r.createdAt"))
            UNION ALL
            SELECT 1, e.id, e.createdAt, a.handle, a.handle_order, NULL, e.groupId, g.slug, NULL, NULL, NULL, NULL,
              e.body
            FROM encouragement e JOIN member a ON a.id = e.authorId JOIN peer_group g ON g.id = e.groupId
            WHERE e.recipientId = ?1 AND e.hiddenAt IS NULL
              AND \(rules(author: "e.authorId", group: "e.groupId", at: "e.createdAt"))
            UNION ALL
            SELECT 2, m.id, m.createdAt, a.handle, a.handle_order, NULL, s.groupId, g.slug, NULL, NULL, NULL, s.id,
              m.body
            FROM mentorship s JOIN mentor_message m ON m.mentorshipId = s.id JOIN member a ON a.id = m.authorId
            JOIN peer_group g ON g.id = s.groupId
            WHERE (s.mentorId = ?1 OR s.menteeId = ?1)
              AND \(rules(author: "m.authorId", group: "s.groupId", at: "m.createdAt"))
            UNION ALL
            SELECT 3, s.id, x.createdAt, a.handle, a.handle_order, x.kind, s.groupId, g.slug, s.id, s.title,
              s.contentWarning, NULL, NULL
            FROM story s JOIN reaction x ON x.storyId = s.id JOIN member a ON a.id = x.memberId
            JOIN peer_group g ON g.id = s.groupId
            WHERE s.authorId = ?1 AND \(rules(author: "x.memberId", group: "s.groupId", at: "x.createdAt"))
            """
    }

    /// The contract's order (handles and kinds compared as bytes, BINARY).
    static let forYouOrder = "ORDER BY createdAt DESC, kindRank, itemId DESC, handleOrder, reaction"

    static func forYouItem(_ row: Row, mark: Int64) -> ForYouItem {
        let kind = ForYouKind.allCases[row["kindRank"] as Int]
        let createdAt: Int64 = row["createdAt"]
        let warning: String? = row["contentWarning"]
        let body: String? = row["body"]
        return ForYouItem(
            kind: kind, handle: row["handle"], createdAt: Date(millisecondsSince1970: createdAt),
            groupID: row["groupId"], groupSlug: row["slug"], storyID: row["storyId"], storyTitle: row["storyTitle"],
            contentWarning: warning, mentorshipID: row["mentorshipId"],
            itemID: kind == .reaction ? nil : row["itemId"],
            reaction: (row["reaction"] as String?).flatMap(ReactionKind.init(rawValue:)),
            excerpt: warning == nil ? body.map(ForYou.excerpt) : nil, isNew: createdAt > mark)
    }
}

extension SQLiteSession {
    public func forYou(limit: Int) async throws -> [ForYouItem] {
        guard let me else { return [] }
        return try await backend.forYou(memberID: me.id, limit: limit)
    }

    public func forYouCount() async throws -> Int {
        guard let me else { return 0 }
        return try await backend.forYouCount(memberID: me.id)
    }

    public func markForYouSeen(through: Date) async throws {
        guard let me else {
            if backend.isReadOnly { throw StoreError.readOnly(path: backend.path) }
            throw StoreError.notAllowed(
                "you have no pseudonym in this room yet; take one first with: peerroom join --handle NAME")
        }
        try await backend.markForYouSeen(memberID: me.id, through: through)
    }
}
