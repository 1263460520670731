import Foundation
import GRDB
import RoomCore
import RoomStore

extension SQLiteRoomStore {
    /// Everything `memberID` wrote and their settings, oldest first.
    func export(memberID: MemberID) async throws -> MemberExport {
        try await pool.read { db in
            guard
                let member = try Row.fetchOne(
                    db, sql: "SELECT handle, recoveryStart FROM member WHERE id = ?", arguments: [memberID])
            else { throw StoreError.unknownMember("#\(memberID)", known: []) }
            func date(_ value: Int64) -> Date { Date(millisecondsSince1970: value) }
            var export = MemberExport(
                handle: member[0], recoveryStart: member[1],
                groups: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT g.slug, ms.role, ms.sharesRecoveryStart FROM membership ms
                        JOIN peer_group g ON g.id = ms.groupId WHERE ms.memberId = ? ORDER BY g.slug
                        """, arguments: [memberID]
                ).map { MemberExport.Group(slug: $0[0], role: $0[1], sharesRecoveryStart: $0[2]) },
                stories: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.id, g.slug, s.kind, s.title, s.contentWarning, s.body, s.createdAt FROM story s
                        JOIN peer_group g ON g.id = s.groupId WHERE s.authorId = ? ORDER BY s.createdAt, s.id
                        """, arguments: [memberID]
                ).map {
                    MemberExport.StoryItem(
                        id: $0[0], group: $0[1], kind: $0[2], title: $0[3], contentWarning: $0[4], body: $0[5],
                        createdAt: date($0[6]))
                },
                replies: try Row.fetchAll(
                    db, sql: "SELECT id, storyId, body, createdAt FROM reply WHERE authorId = ? ORDER BY createdAt, id",
                    arguments: [memberID]
                ).map { MemberExport.ReplyItem(id: $0[0], story: $0[1], body: $0[2], createdAt: date($0[3])) },
                encouragement: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.id, g.slug, r.handle, e.body, e.createdAt FROM encouragement e
                        JOIN peer_group g ON g.id = e.groupId LEFT JOIN member r ON r.id = e.recipientId
                        WHERE e.authorId = ? ORDER BY e.createdAt, e.id
                        """, arguments: [memberID]
                ).map {
                    MemberExport.EncouragementItem(
                        id: $0[0], group: $0[1], to: $0[2], body: $0[3], createdAt: date($0[4]))
                },
                reactions: try Row.fetchAll(
                    db, sql: "SELECT storyId, kind FROM reaction WHERE memberId = ? ORDER BY createdAt, storyId",
                    arguments: [memberID]
                ).map { MemberExport.ReactionItem(story: $0[0], kind: $0[1]) },
                drafts: try Row.fetchAll(
                    db,
                    sql:
                        "SELECT target, title, contentWarning, body, updatedAt FROM draft WHERE memberId = ? ORDER BY updatedAt",
                    arguments: [memberID]
                ).map {
                    MemberExport.DraftItem(
                        target: $0[0], title: $0[1], contentWarning: $0[2], body: $0[3], updatedAt: date($0[4]))
                },
                muted: try String.fetchAll(
                    db,
                    sql:
                        "SELECT m.handle FROM mute u JOIN member m ON m.id = u.mutedId WHERE u.memberId = ? ORDER BY 1",
                    arguments: [memberID]),
                reports: try Row.fetchAll(
                    db,
                    sql: "SELECT targetKind, targetId, reason, createdAt FROM report WHERE reporterId = ? ORDER BY id",
                    arguments: [memberID]
                ).map { MemberExport.ReportItem(kind: $0[0], id: $0[1], reason: $0[2], createdAt: date($0[3])) })
            try Self.exportMeetingsAndMentorship(&export, memberID: memberID, db)
            return export
        }
    }

    func setRecoveryStart(memberID: MemberID, _ day: CalendarDay?) async throws {
        // Not a day that is still to come everywhere on Earth (UTC's day + 1 is today somewhere).
        let latest = CalendarDay(
            daysSinceEpoch: Recurrence.day(of: clock.now(), in: TimeZone(identifier: "UTC")!).daysSinceEpoch + 1)
        if let day, day > latest {
            throw StoreError.invalid(
                ValidationError(
                    field: "recovery start", problem: "\(day) is in the future; it must be a day that has begun"))
        }
        try await write { db in
            try db.execute(
                sql: "UPDATE member SET recoveryStart = ? WHERE id = ?", arguments: [day?.description, memberID])
        }
    }

    func shareRecoveryStart(memberID: MemberID, groupID: GroupID, shared: Bool) async throws {
        try await write { db in
            try Self.requireMembership(db, memberID: memberID, groupID: groupID)
            try db.execute(
                sql: "UPDATE membership SET sharesRecoveryStart = ? WHERE memberId = ? AND groupId = ?",
                arguments: [shared, memberID, groupID])
        }
    }

    /// The handle that stands where a forgotten member's stories were, so others' replies stay.
    public static let removedHandle = "[removed]"

    /// The "[removed]" member (made when first needed): the author of shells of stories whose
    /// author deleted them or was forgotten. No one can take its handle (`Validate.handle`).
    static func removedMemberID(_ db: Database, now: Int64) throws -> MemberID {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO member (handle, handle_order, login, recoveryStart, createdAt)
                VALUES (?, ?, NULL, NULL, ?)
                """,
            arguments: [removedHandle, Member.handleOrder(removedHandle), now])
        return try MemberID.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ?", arguments: [removedHandle])!
    }

    /// The other side of a forgotten member's mentorships keeps their own messages (in their
    /// thread and their export): the mentorship stays, ended, with "[removed]" in the
    /// forgotten one's place; the forgotten member's messages and notes go. A mentorship
    /// whose other side was forgotten before has no one left to keep it, and goes.
    static func forgetMentorships(memberID: MemberID, removed: MemberID, now: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM mentorship WHERE (mentorId = ?1 AND menteeId = ?2) OR (mentorId = ?2 AND menteeId = ?1)
                """, arguments: [memberID, removed])
        try db.execute(sql: "DELETE FROM mentor_message WHERE authorId = ?", arguments: [memberID])
        try db.execute(
            sql: """
                UPDATE mentorship SET status = 'ended', endedAt = ifnull(endedAt, ?3)
                WHERE (mentorId = ?1 OR menteeId = ?1) AND status IN ('requested', 'active')
                """, arguments: [memberID, removed, now])
        try db.execute(
            sql: "UPDATE mentorship SET menteeId = ?2, requestNote = NULL WHERE menteeId = ?1",
            arguments: [memberID, removed])
        try db.execute(
            sql: "UPDATE mentorship SET mentorId = ?2, responseNote = NULL WHERE mentorId = ?1",
            arguments: [memberID, removed])
    }

    /// Deletes the member and everything they wrote, in one transaction. Their stories stay
    /// only as "[removed]" shells under which other people's replies remain.
    func forget(memberID: MemberID) async throws {
        let now = clock.now().millisecondsSince1970
        try await write { db in
            let removed = try Self.removedMemberID(db, now: now)
            // Stories with replies from others keep a shell; the rest go.
            try db.execute(
                sql: """
                    UPDATE story SET authorId = ?, title = ?, body = ?, contentWarning = NULL, updatedAt = ?
                    WHERE authorId = ? AND EXISTS (SELECT 1 FROM reply r WHERE r.storyId = story.id AND r.authorId != ?)
                    """, arguments: [removed, Self.removedHandle, Self.removedHandle, now, memberID, memberID])
            try db.execute(sql: "DELETE FROM story WHERE authorId = ?", arguments: [memberID])
            // Encouragement others sent to them stays others' words, addressed to "[removed]"
            // rather than turned into a message to everyone.
            try db.execute(
                sql: "UPDATE encouragement SET recipientId = ? WHERE recipientId = ?", arguments: [removed, memberID])
            try Self.forgetMentorships(memberID: memberID, removed: removed, now: now, db)
            // The member row goes; replies, encouragement, reactions, memberships, drafts,
            // presence and read positions go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM member WHERE id = ?", arguments: [memberID])
        }
    }
}
