import Foundation
import GRDB
import RoomCore
import RoomStore

/// Unread, per story. A member's `read_position` in a group is the mark they have caught up
/// to: every story at or below it is read. Above it, a story is read when it has a
/// `story_read` row. Whenever the oldest unread story is read, the mark moves up to just
/// before the next unread one and the rows it now covers go, so `story_read` holds only the
/// stories read out of order: a member who has read nothing costs nothing, and one who reads
/// oldest first keeps no rows at all.
///
/// Unread stories are someone else's, not hidden, by no one the member muted. The mark moves
/// past hidden and muted stories as it always did: restored or unmuted, they count as read.
extension SQLiteRoomStore {
    /// The mark the member has caught up to in a group (every story at or below it is read).
    func readPosition(memberID: MemberID, groupID: GroupID) async throws -> FeedKey? {
        try await pool.read { db in try Self.readMark(memberID: memberID, groupID: groupID, db) }
    }

    /// Marks one story read; the group's unread count falls by one (when it was unread).
    func markRead(storyID: StoryID, memberID: MemberID) async throws {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT groupId, createdAt FROM story WHERE id = ?", arguments: [storyID])
            else { throw StoreError.unknownStory(storyID) }
            let groupID: GroupID = row[0]
            guard try Self.mayRead(db, groupID: groupID, viewer: memberID) else {
                throw StoreError.unknownStory(storyID)
            }
            let key = FeedKey(createdAtMillis: row[1], id: storyID)
            if let mark = try Self.readMark(memberID: memberID, groupID: groupID, db), !Self.isAbove(key, mark) {
                return
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO story_read (memberId, storyId, groupId, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [memberID, storyID, groupID, key.createdAtMillis])
            try Self.foldReadMark(memberID: memberID, groupID: groupID, db)
        }
    }

    /// The oldest story still unread to the member in a group: what `u` opens.
    func nextUnread(memberID: MemberID, groupID: GroupID) async throws -> StoryID? {
        try await pool.read { db in
            guard try Self.mayRead(db, groupID: groupID, viewer: memberID) else { return nil }
            return try Self.oldestUnread(memberID: memberID, groupID: groupID, db)?.id
        }
    }

    // MARK: Helpers

    static func readMark(memberID: MemberID, groupID: GroupID, _ db: Database) throws -> FeedKey? {
        try Row.fetchOne(
            db, sql: "SELECT createdAt, storyId FROM read_position WHERE memberId = ? AND groupId = ?",
            arguments: [memberID, groupID]
        ).map { FeedKey(createdAtMillis: $0[0], id: $0[1]) }
    }

    static func isAbove(_ key: FeedKey, _ mark: FeedKey) -> Bool {
        (key.createdAtMillis, key.id) > (mark.createdAtMillis, mark.id)
    }

    /// The oldest unread story, walking the feed index up from the mark (one row when
    /// nothing is read; past the rows read out of order otherwise).
    static func oldestUnread(memberID: MemberID, groupID: GroupID, _ db: Database) throws -> FeedKey? {
        let mark = try readMark(memberID: memberID, groupID: groupID, db) ?? FeedKey(createdAtMillis: -1, id: -1)
        return try Row.fetchOne(
            db,
            sql: """
                SELECT s.createdAt, s.id FROM story s
                WHERE s.groupId = ?1 AND (s.createdAt, s.id) > (?2, ?3)
                  AND s.authorId != ?4 AND s.hiddenAt IS NULL AND s.createdAt >= \(backlogFloor(group: "?1", viewer: "?4"))
                  AND s.authorId NOT IN (SELECT mutedId FROM mute WHERE memberId = ?4)
                  AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.memberId = ?4 AND x.storyId = s.id)
                ORDER BY s.createdAt, s.id LIMIT 1
                """, arguments: [groupID, mark.createdAtMillis, mark.id, memberID]
        ).map { FeedKey(createdAtMillis: $0[0], id: $0[1]) }
    }

    /// Moves the mark up to the story just before the oldest unread one (the newest story
    /// when none is unread), never back, and drops the `story_read` rows it now covers.
    static func foldReadMark(memberID: MemberID, groupID: GroupID, _ db: Database) throws {
        // Below the oldest unread story, or (none) below anything.
        let next =
            try oldestUnread(memberID: memberID, groupID: groupID, db)
            ?? FeedKey(createdAtMillis: .max, id: .max)
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT createdAt, id FROM story WHERE groupId = ? AND (createdAt, id) < (?, ?)
                    ORDER BY createdAt DESC, id DESC LIMIT 1
                    """, arguments: [groupID, next.createdAtMillis, next.id])
        else { return }
        let mark = FeedKey(createdAtMillis: row[0], id: row[1])
        try db.execute(
            sql: """
                INSERT INTO read_position (memberId, groupId, createdAt, storyId) VALUES (?, ?, ?, ?)
                ON CONFLICT (memberId, groupId) DO UPDATE SET createdAt = excluded.createdAt, storyId = excluded.storyId
                WHERE (excluded.createdAt, excluded.storyId) > (read_position.createdAt, read_position.storyId)
                """, arguments: [memberID, groupID, mark.createdAtMillis, mark.id])
        try db.execute(
            sql: "DELETE FROM story_read WHERE memberId = ? AND groupId = ? AND (createdAt, storyId) <= (?, ?)",
            arguments: [memberID, groupID, mark.createdAtMillis, mark.id])
    }

    /// The `unread` column of a story row for `viewer` (arguments: the viewer three times),
    /// put first in the select so its arguments come first; nil viewer: nothing is unread.
    static func storySelectWithUnread(for viewer: MemberID?) -> (sql: String, arguments: StatementArguments) {
        precondition(storySelect.hasPrefix("SELECT "), "the unread column goes first in storySelect")
        let columns = storySelect.dropFirst("SELECT ".count)
        guard let viewer else { return ("SELECT 0 AS unread, " + columns, []) }
        let unread = """
            SELECT (s.authorId != ? AND s.hiddenAt IS NULL
              AND (s.createdAt, s.id) > (SELECT ifnull(max(p.createdAt), -1), ifnull(max(p.storyId), -1)
                                         FROM read_position p WHERE p.memberId = ? AND p.groupId = s.groupId)
              AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.memberId = ? AND x.storyId = s.id)) AS unread,
            """
        return (unread + " " + columns, [viewer, viewer, viewer])
    }
}
