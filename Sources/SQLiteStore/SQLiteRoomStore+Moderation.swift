import Foundation
import GRDB
import RoomCore
import RoomStore

/// Reports, mutes and the facilitators' queue. Every rule is checked here, inside the
/// transaction: whoever calls, a non-member cannot report, a non-facilitator cannot see the
/// queue or hide anything, and hidden content leaves every list through `storyVisible` & co.
extension SQLiteRoomStore {
    func report(_ target: ModerationTarget, by memberID: MemberID, reason: String) async throws {
        let time = clock.now()
        let reason = try Self.validated { () throws(ValidationError) in try Validate.reportReason(reason) }
        try await write { db in
            let found = try Self.locate(target, db)
            try Self.requireMembership(db, memberID: memberID, groupID: found.groupID)
            if found.authorID == memberID {
                throw StoreError.ownContent("you wrote \(target); edit or delete it instead of reporting it")
            }
            if found.isHidden { throw Self.unknown(target) }
            try db.execute(
                sql: """
                    INSERT INTO report (groupId, targetKind, targetId, reporterId, reason, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (targetKind, targetId, reporterId) DO UPDATE SET
                      reason = excluded.reason, createdAt = excluded.createdAt, resolvedAt = NULL
                    """,
                arguments: [found.groupID, target.kind, target.id, memberID, reason, time.millisecondsSince1970])
        }
    }

    func setMuted(_ mutedID: MemberID, by memberID: MemberID, muted: Bool) async throws {
        let time = clock.now()
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE id = ?", arguments: [mutedID]) == true else {
                throw StoreError.unknownMember("member \(mutedID)", known: [])
            }
            if mutedID == memberID { throw StoreError.ownContent("you cannot mute yourself") }
            if muted {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO mute (memberId, mutedId, createdAt) VALUES (?, ?, ?)",
                    arguments: [memberID, mutedID, time.millisecondsSince1970])
            } else {
                try db.execute(
                    sql: "DELETE FROM mute WHERE memberId = ? AND mutedId = ?", arguments: [memberID, mutedID])
            }
        }
    }

    func mutedMembers(memberID: MemberID) async throws -> [Member] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.handle, NULL AS recoveryStart FROM mute u JOIN member m ON m.id = u.mutedId
                    WHERE u.memberId = ? ORDER BY m.handle
                    """, arguments: [memberID]
            ).map(Self.member)
        }
    }

    func moderationQueue(groupID: GroupID, facilitatorID: MemberID) async throws -> [ModerationItem] {
        try await pool.read { db in
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: groupID)
            let targets = try Row.fetchAll(
                db,
                sql: """
                    SELECT targetKind, targetId FROM report WHERE groupId = ?1 AND resolvedAt IS NULL
                    UNION SELECT 'story', id FROM story WHERE groupId = ?1 AND hiddenAt IS NOT NULL
                    UNION SELECT 'reply', r.id FROM reply r JOIN story s ON s.id = r.storyId
                      WHERE s.groupId = ?1 AND r.hiddenAt IS NOT NULL
                    UNION SELECT 'encouragement', id FROM encouragement WHERE groupId = ?1 AND hiddenAt IS NOT NULL
                    """, arguments: [groupID]
            ).compactMap { ModerationTarget(kind: $0[0], id: $0[1]) }
            var items: [ModerationItem] = []
            for target in targets {
                guard let found = try? Self.locate(target, db) else { continue }
                let reports = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT reason, createdAt FROM report
                        WHERE targetKind = ? AND targetId = ? AND resolvedAt IS NULL ORDER BY createdAt, id
                        """, arguments: [target.kind, target.id]
                ).map { ModerationItem.Report(reason: $0[0], createdAt: Date(millisecondsSince1970: $0[1])) }
                let note = try String.fetchOne(
                    db,
                    sql: """
                        SELECT note FROM moderation_action WHERE targetKind = ? AND targetId = ?
                        ORDER BY createdAt DESC, id DESC LIMIT 1
                        """, arguments: [target.kind, target.id])
                items.append(
                    ModerationItem(
                        target: target, groupID: found.groupID, authorHandle: found.authorHandle,
                        excerpt: found.excerpt, isHidden: found.isHidden, openReports: reports, lastNote: note,
                        contentWarning: found.contentWarning, storyID: found.storyID))
            }
            // Waiting reports first, the longest-waiting at the top; then what is hidden.
            return items.sorted { a, b in
                switch (a.openReports.first, b.openReports.first) {
                case (let x?, let y?):
                    (x.createdAt, a.target.kind, a.target.id) < (y.createdAt, b.target.kind, b.target.id)
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): (a.target.kind, a.target.id) < (b.target.kind, b.target.id)
                }
            }
        }
    }

    func moderate(
        _ target: ModerationTarget, hide: Bool, by facilitatorID: MemberID, note: String
    ) async throws {
        let time = clock.now()
        let note = try Self.validated { () throws(ValidationError) in try Validate.moderationNote(note) }
        try await write { db in
            let found = try Self.locate(target, db)
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: found.groupID)
            let now = time.millisecondsSince1970
            try db.execute(
                sql: "UPDATE \(Self.table(target)) SET hiddenAt = ? WHERE id = ?",
                arguments: [hide ? now : nil, target.id])
            try db.execute(
                sql: "UPDATE report SET resolvedAt = ? WHERE targetKind = ? AND targetId = ? AND resolvedAt IS NULL",
                arguments: [now, target.kind, target.id])
            try db.execute(
                sql: """
                    INSERT INTO moderation_action (groupId, targetKind, targetId, facilitatorId, action, note, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [found.groupID, target.kind, target.id, facilitatorID, hide ? "hide" : "restore", note, now])
        }
    }

    func addContentWarning(storyID: StoryID, warning: String, by facilitatorID: MemberID, note: String) async throws {
        let time = clock.now()
        let checked = try Self.validated { () throws(ValidationError) in
            (try Validate.addedContentWarning(warning), try Validate.moderationNote(note))
        }
        let warning = checked.0
        try await write { db in
            let found = try Self.locate(.story(storyID), db)
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: found.groupID)
            let now = time.millisecondsSince1970
            try db.execute(sql: "UPDATE story SET contentWarning = ? WHERE id = ?", arguments: [warning, storyID])
            try db.execute(
                sql:
                    "UPDATE report SET resolvedAt = ? WHERE targetKind = 'story' AND targetId = ? AND resolvedAt IS NULL",
                arguments: [now, storyID])
            try db.execute(
                sql: """
                    INSERT INTO moderation_action
                      (groupId, targetKind, targetId, facilitatorId, action, note, createdAt, warning)
                    VALUES (?, 'story', ?, ?, 'warn', ?, ?, ?)
                    """,
                arguments: [found.groupID, storyID, facilitatorID, checked.1, now, warning])
        }
    }

    /// The note of the last warning a facilitator put on `viewer`'s own story; nil for others.
    static func warningNote(_ storyID: StoryID, viewer: MemberID?, _ db: Database) throws -> String? {
        try String.fetchOne(
            db,
            sql: """
                SELECT a.note FROM moderation_action a JOIN story s ON s.id = a.targetId
                WHERE a.action = 'warn' AND a.targetKind = 'story' AND a.targetId = ? AND s.authorId = ?
                  AND s.contentWarning IS NOT NULL
                ORDER BY a.createdAt DESC, a.id DESC LIMIT 1
                """, arguments: [storyID, viewer ?? -1])
    }

    // MARK: Helpers

    struct Located {
        var groupID: GroupID
        var authorID: MemberID
        var authorHandle: String
        var excerpt: String
        var isHidden: Bool
        /// The story's content warning (a reply's: its story's).
        var contentWarning: String?
        /// The story it is or is under; nil for encouragement.
        var storyID: StoryID?
    }

    static func table(_ target: ModerationTarget) -> String { target.kind }

    static func unknown(_ target: ModerationTarget) -> StoreError {
        switch target {
        case .story(let id): .unknownStory(id)
        case .reply(let id): .unknownReply(id)
        case .encouragement(let id): .unknownEncouragement(id)
        }
    }

    /// Where a piece of content lives, who wrote it, and how it reads in the queue.
    static func locate(_ target: ModerationTarget, _ db: Database) throws -> Located {
        let sql: String
        switch target {
        case .story:
            sql = """
                SELECT s.groupId, s.authorId, m.handle, s.title, s.hiddenAt IS NOT NULL, s.contentWarning, s.id
                FROM story s JOIN member m ON m.id = s.authorId WHERE s.id = ?
                """
        case .reply:
            sql = """
                SELECT s.groupId, r.authorId, m.handle, r.body, r.hiddenAt IS NOT NULL, s.contentWarning, s.id
                FROM reply r JOIN story s ON s.id = r.storyId JOIN member m ON m.id = r.authorId WHERE r.id = ?
                """
        case .encouragement:
            sql = """
                SELECT e.groupId, e.authorId, m.handle, e.body, e.hiddenAt IS NOT NULL, NULL, NULL
                FROM encouragement e JOIN member m ON m.id = e.authorId WHERE e.id = ?
                """
        }
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [target.id]) else { throw unknown(target) }
        let text: String = row[3]
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return Located(
            groupID: row[0], authorID: row[1], authorHandle: row[2], excerpt: String(firstLine.prefix(120)),
            isHidden: row[4], contentWarning: row[5], storyID: row[6])
    }

    static func requireFacilitator(_ db: Database, memberID: MemberID, groupID: GroupID) throws {
        let role = try String.fetchOne(
            db, sql: "SELECT role FROM membership WHERE memberId = ? AND groupId = ?", arguments: [memberID, groupID])
        guard role == Role.facilitator.rawValue else {
            let handle = try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [memberID])
            let slug = try String.fetchOne(db, sql: "SELECT slug FROM peer_group WHERE id = ?", arguments: [groupID])
            throw StoreError.notAFacilitator(handle: handle ?? "member \(memberID)", group: slug ?? "group \(groupID)")
        }
    }
}
