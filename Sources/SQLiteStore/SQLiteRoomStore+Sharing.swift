import Foundation
import GRDB
import RoomCore
import RoomStore

/// Replies, reactions, edits, deletes and drafts. Authorship and membership are checked
/// here, inside the write transaction, so no caller can get around them.
extension SQLiteRoomStore {
    func reply(to storyID: StoryID, authorID: MemberID, body: String) async throws -> Reply {
        let time = clock.now()
        let body = try Self.validated { () throws(ValidationError) in try Validate.reply(body) }
        return try await write { db in
            let groupID = try Self.groupOf(story: storyID, visibleTo: authorID, db)
            try Self.requireMembership(db, memberID: authorID, groupID: groupID)
            try db.execute(
                sql: "INSERT INTO reply (storyId, authorId, body, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [storyID, authorID, body, time.millisecondsSince1970])
            return try Self.fetchReply(db.lastInsertedRowID, db)
        }
    }

    @discardableResult
    func toggleReaction(storyID: StoryID, memberID: MemberID, kind: ReactionKind) async throws
        -> Bool
    {
        let time = clock.now()
        return try await write { db in
            let groupID = try Self.groupOf(story: storyID, visibleTo: memberID, db)
            try Self.requireMembership(db, memberID: memberID, groupID: groupID)
            try db.execute(
                sql: "DELETE FROM reaction WHERE storyId = ? AND memberId = ? AND kind = ?",
                arguments: [storyID, memberID, kind.rawValue])
            if db.changesCount > 0 { return false }
            try db.execute(
                sql: "INSERT INTO reaction (storyId, memberId, kind, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [storyID, memberID, kind.rawValue, time.millisecondsSince1970])
            return true
        }
    }

    func editStory(
        id: StoryID, by memberID: MemberID, title: String?, contentWarning: String?, body: String?
    ) async throws -> Story {
        let time = clock.now()
        let title = try title.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.title(text) }
        }
        let body = try body.map { text in try Self.validated { () throws(ValidationError) in try Validate.body(text) } }
        let warning = try contentWarning.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.contentWarning(text) }
        }
        return try await write { db in
            try Self.requireAuthor(of: "story", table: "story", id: id, memberID: memberID, db)
            if let title { try db.execute(sql: "UPDATE story SET title = ? WHERE id = ?", arguments: [title, id]) }
            if let body { try db.execute(sql: "UPDATE story SET body = ? WHERE id = ?", arguments: [body, id]) }
            if let warning {
                try db.execute(sql: "UPDATE story SET contentWarning = ? WHERE id = ?", arguments: [warning, id])
            }
            try db.execute(
                sql: "UPDATE story SET updatedAt = ? WHERE id = ?", arguments: [time.millisecondsSince1970, id])
            return try Self.fetchStory(id, viewer: memberID, db)
        }
    }

    func editReply(id: ReplyID, by memberID: MemberID, body: String) async throws -> Reply {
        let body = try Self.validated { () throws(ValidationError) in try Validate.reply(body) }
        return try await write { db in
            try Self.requireAuthor(of: "reply", table: "reply", id: id, memberID: memberID, db)
            try db.execute(sql: "UPDATE reply SET body = ? WHERE id = ?", arguments: [body, id])
            return try Self.fetchReply(id, db)
        }
    }

    func editEncouragement(id: EncouragementID, by memberID: MemberID, body: String)
        async throws -> Encouragement
    {
        let body = try Self.validated { () throws(ValidationError) in try Validate.encouragement(body) }
        return try await write { db in
            try Self.requireAuthor(of: "encouragement", table: "encouragement", id: id, memberID: memberID, db)
            try db.execute(sql: "UPDATE encouragement SET body = ? WHERE id = ?", arguments: [body, id])
            let row = try Row.fetchOne(db, sql: Self.encouragementSelect + " WHERE e.id = ?", arguments: [id])!
            return Self.encouragement(row)
        }
    }

    /// Nobody's words are erased by someone else: when others replied, the story becomes a
    /// "[removed]" shell (by the "[removed]" member, as after forget-me) under which their
    /// replies stay; the author's own replies and reactions on it go. Without others' replies
    /// it is deleted entirely.
    @discardableResult
    func deleteStory(id: StoryID, by memberID: MemberID) async throws -> Int {
        let now = clock.now().millisecondsSince1970
        return try await write { db in
            try Self.requireAuthor(of: "story", table: "story", id: id, memberID: memberID, db)
            let others =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM reply WHERE storyId = ? AND authorId != ?",
                    arguments: [id, memberID])
                ?? 0
            guard others > 0 else {
                try db.execute(sql: "DELETE FROM story WHERE id = ?", arguments: [id])
                return 0
            }
            let removed = try Self.removedMemberID(db, now: now)
            try db.execute(
                sql: "DELETE FROM reply WHERE storyId = ? AND authorId = ?", arguments: [id, memberID])
            try db.execute(
                sql: "DELETE FROM reaction WHERE storyId = ? AND memberId = ?", arguments: [id, memberID])
            try db.execute(
                sql: """
                    UPDATE story SET authorId = ?, title = ?, body = ?, contentWarning = NULL, updatedAt = ?
                    WHERE id = ?
                    """,
                arguments: [
                    removed, Self.removedHandle, Self.removedByAuthorBody, now, id,
                ])
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM reply WHERE storyId = ? AND hiddenAt IS NULL", arguments: [id]) ?? 0
        }
    }

    func othersReplyCount(storyID: StoryID, memberID: MemberID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM reply WHERE storyId = ? AND authorId != ? AND hiddenAt IS NULL",
                arguments: [storyID, memberID]) ?? 0
        }
    }

    /// What a story deleted by its author says, above the replies of others that stay.
    public static let removedByAuthorBody = "Removed by its author. The replies below are others' words and stay."

    func deleteReply(id: ReplyID, by memberID: MemberID) async throws {
        try await delete(what: "reply", table: "reply", id: id, memberID: memberID)
    }

    func deleteEncouragement(id: EncouragementID, by memberID: MemberID) async throws {
        try await delete(what: "encouragement", table: "encouragement", id: id, memberID: memberID)
    }

    // MARK: Drafts

    func saveDraft(_ draft: Draft, memberID: MemberID) async throws {
        try Self.validated { () throws(ValidationError) in
            try Validate.draftField(draft.title, field: "title", maxCharacters: Limits.titleMaxCharacters)
            try Validate.draftField(
                draft.contentWarning, field: "content warning", maxCharacters: Limits.contentWarningMaxCharacters)
            try Validate.draftField(draft.body, field: "text", maxCharacters: Limits.bodyMaxCharacters)
        }
        // Stamped by the store's clock, as every write is (not by the caller's `updatedAt`).
        let now = clock.now().millisecondsSince1970
        try await write { db in
            if draft.isEmpty {
                try db.execute(
                    sql: "DELETE FROM draft WHERE memberId = ? AND target = ?",
                    arguments: [memberID, draft.target.description])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO draft (memberId, target, kind, title, contentWarning, body, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (memberId, target) DO UPDATE SET
                      kind = excluded.kind, title = excluded.title, contentWarning = excluded.contentWarning,
                      body = excluded.body, updatedAt = excluded.updatedAt
                    """,
                arguments: [
                    memberID, draft.target.description, draft.kind?.rawValue, draft.title, draft.contentWarning,
                    draft.body, now,
                ])
        }
    }

    func draft(for target: DraftTarget, memberID: MemberID) async throws -> Draft? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: Self.draftSelect + " WHERE memberId = ? AND target = ?",
                arguments: [memberID, target.description]
            ).flatMap(Self.draft)
        }
    }

    func drafts(memberID: MemberID) async throws -> [Draft] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: Self.draftSelect + " WHERE memberId = ? ORDER BY updatedAt DESC", arguments: [memberID]
            ).compactMap(Self.draft)
        }
    }

    func discardDraft(for target: DraftTarget, memberID: MemberID) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM draft WHERE memberId = ? AND target = ?", arguments: [memberID, target.description])
        }
    }

    // MARK: Helpers

    static let draftSelect = "SELECT target, kind, title, contentWarning, body, updatedAt FROM draft"

    static func draft(_ row: Row) -> Draft? {
        guard let target = DraftTarget(row["target"]) else { return nil }
        return Draft(
            target: target, kind: (row["kind"] as String?).flatMap(StoryKind.init(rawValue:)), title: row["title"],
            contentWarning: row["contentWarning"], body: row["body"],
            updatedAt: Date(millisecondsSince1970: row["updatedAt"]))
    }

    private func delete(what: String, table: String, id: Int64, memberID: MemberID) async throws {
        try await write { db in
            try Self.requireAuthor(of: what, table: table, id: id, memberID: memberID, db)
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
        }
    }

    static func requireAuthor(of what: String, table: String, id: Int64, memberID: MemberID, _ db: Database) throws {
        guard let author = try MemberID.fetchOne(db, sql: "SELECT authorId FROM \(table) WHERE id = ?", arguments: [id])
        else {
            switch table {
            case "story": throw StoreError.unknownStory(id)
            case "reply": throw StoreError.unknownReply(id)
            default: throw StoreError.unknownEncouragement(id)
            }
        }
        if author != memberID { throw StoreError.notYours(what: what, id: id) }
    }

    /// The group of a story the member may see (a hidden one is theirs alone to answer).
    static func groupOf(story id: StoryID, visibleTo memberID: MemberID, _ db: Database) throws -> GroupID {
        guard
            let group = try GroupID.fetchOne(
                db,
                sql:
                    "SELECT groupId FROM story s WHERE id = ? AND (hiddenAt IS NULL OR authorId = ?) AND \(storyInBacklog)",
                arguments: [id, memberID, memberID, memberID])
        else {
            throw StoreError.unknownStory(id)
        }
        return group
    }

    static func fetchReply(_ id: ReplyID, _ db: Database) throws -> Reply {
        reply(try Row.fetchOne(db, sql: replySelect + " WHERE r.id = ?", arguments: [id])!)
    }

    static func reply(_ row: Row) -> Reply {
        Reply(
            id: row[0], storyID: row[1], authorHandle: row[2], body: row[3],
            createdAt: Date(millisecondsSince1970: row[4]), isHidden: row[5])
    }
}
