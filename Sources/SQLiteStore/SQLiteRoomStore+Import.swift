import Foundation
import GRDB
import RoomCore
import RoomStore

/// A story to import with its replies and reactions, each at its own time (bulk loading:
/// benchmarks, or moving a room over from another tool).
public struct ImportStory: Sendable, Equatable {
    public var story: NewStory
    /// Who wrote it: an import writes as anyone (it is the backend's, not a session's).
    public var authorID: MemberID
    public var createdAt: Date
    public var replies: [ImportReply]
    public var reactions: [ImportReaction]

    public init(
        story: NewStory, authorID: MemberID, createdAt: Date, replies: [ImportReply] = [],
        reactions: [ImportReaction] = []
    ) {
        self.story = story
        self.authorID = authorID
        self.createdAt = createdAt
        self.replies = replies
        self.reactions = reactions
    }
}

public struct ImportReply: Sendable, Equatable {
    public var authorID: MemberID
    public var body: String
    public var createdAt: Date

    public init(authorID: MemberID, body: String, createdAt: Date) {
        self.authorID = authorID
        self.body = body
        self.createdAt = createdAt
    }
}

public struct ImportReaction: Sendable, Equatable {
    public var memberID: MemberID
    public var kind: ReactionKind
    public var createdAt: Date

    public init(memberID: MemberID, kind: ReactionKind, createdAt: Date) {
        self.memberID = memberID
        self.kind = kind
        self.createdAt = createdAt
    }
}

/// A message of encouragement to import at its own time.
public struct ImportEncouragement: Sendable, Equatable {
    public var message: NewEncouragement
    public var authorID: MemberID
    public var createdAt: Date

    public init(message: NewEncouragement, authorID: MemberID, createdAt: Date) {
        self.message = message
        self.authorID = authorID
        self.createdAt = createdAt
    }
}

/// What an import added. A reaction given twice (same member, kind and story) counts once.
public struct ImportReport: Sendable, Equatable {
    public var stories = 0
    public var replies = 0
    public var reactions = 0
    public var encouragement = 0

    public init() {}

    public static func + (lhs: ImportReport, rhs: ImportReport) -> ImportReport {
        var sum = lhs
        sum.stories += rhs.stories
        sum.replies += rhs.replies
        sum.reactions += rhs.reactions
        sum.encouragement += rhs.encouragement
        return sum
    }
}

/// Stories checked for import: text validated and trimmed with `RoomCore.Validate`, as
/// `post` and `reply` would store it, replies no older than their story. Checking needs
/// no database, so a caller may check the next batch while the store writes this one.
public struct ValidatedImport: Sendable {
    public let stories: [ImportStory]

    public init(_ stories: [ImportStory]) throws {
        self.stories = try stories.enumerated().map { index, item in
            try SQLiteRoomStore.checkedForImport(item, index: index)
        }
    }
}

/// Bulk import: many rows in one transaction through prepared statements. The rules are
/// those of `post`, `reply`, `toggleReaction` and `encourage`: text checked with
/// `RoomCore.Validate` (and stored trimmed), authors, reacting members and recipients
/// members of the group. All or nothing: one bad item and nothing of the call is written.
extension SQLiteRoomStore {
    public func importStories(_ stories: [ImportStory]) async throws -> ImportReport {
        try await importStories(try ValidatedImport(stories))
    }

    /// Writes stories that were checked already; membership is checked here, in the transaction.
    public func importStories(_ validated: ValidatedImport) async throws -> ImportReport {
        let checked = validated.stories
        return try await write { db in
            // A bigger page cache for the length of the import keeps the indexes' pages in
            // memory between rows (about 20% faster at 100,000 stories); then back as it was.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var members = try MembershipCheck(db: db)
            let insertStory = try db.makeStatement(
                sql: """
                    INSERT INTO story (groupId, authorId, kind, title, contentWarning, body, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertReply = try db.makeStatement(
                sql: "INSERT INTO reply (storyId, authorId, body, createdAt) VALUES (?, ?, ?, ?)")
            let insertReaction = try db.makeStatement(
                sql:
                    "INSERT INTO reaction (storyId, memberId, kind, createdAt) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
            )
            var report = ImportReport()
            for item in checked {
                let story = item.story
                try members.require(item.authorID, in: story.groupID)
                try insertStory.execute(arguments: [
                    story.groupID, item.authorID, story.kind.rawValue, story.title, story.contentWarning, story.body,
                    item.createdAt.millisecondsSince1970,
                ])
                let storyID = db.lastInsertedRowID
                report.stories += 1
                for reply in item.replies {
                    try members.require(reply.authorID, in: story.groupID)
                    try insertReply.execute(arguments: [
                        storyID, reply.authorID, reply.body, reply.createdAt.millisecondsSince1970,
                    ])
                    report.replies += 1
                }
                for reaction in item.reactions {
                    try members.require(reaction.memberID, in: story.groupID)
                    try insertReaction.execute(arguments: [
                        storyID, reaction.memberID, reaction.kind.rawValue, reaction.createdAt.millisecondsSince1970,
                    ])
                    report.reactions += db.changesCount
                }
            }
            return report
        }
    }

    public func importEncouragement(_ messages: [ImportEncouragement]) async throws -> ImportReport {
        let checked = try messages.map { item in
            var item = item
            item.message.body = try Self.validated { () throws(ValidationError) in
                try Validate.encouragement(item.message.body)
            }
            if item.message.recipientID == item.authorID {
                throw StoreError.invalid(
                    ValidationError(field: "recipient", problem: "encouragement goes to someone else"))
            }
            return item
        }
        return try await write { db in
            var members = try MembershipCheck(db: db)
            let insert = try db.makeStatement(
                sql:
                    "INSERT INTO encouragement (groupId, authorId, recipientId, body, createdAt) VALUES (?, ?, ?, ?, ?)"
            )
            var report = ImportReport()
            for item in checked {
                let message = item.message
                try members.require(item.authorID, in: message.groupID)
                if let recipient = message.recipientID { try members.require(recipient, in: message.groupID) }
                try insert.execute(arguments: [
                    message.groupID, item.authorID, message.recipientID, message.body,
                    item.createdAt.millisecondsSince1970,
                ])
                report.encouragement += 1
            }
            return report
        }
    }

    /// After a bulk import: folds the write-ahead log into the database file and empties it,
    /// so the file is whole on its own (to copy or cache) and readers start from a short log.
    public func finishImport() async throws {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        _ = try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// The item with its text validated and trimmed, as `post` and `reply` would store it.
    static func checkedForImport(_ item: ImportStory, index: Int) throws -> ImportStory {
        var item = item
        item.story = try validated(item.story)
        for r in item.replies.indices {
            item.replies[r].body = try validated { () throws(ValidationError) in
                try Validate.reply(item.replies[r].body)
            }
            if item.replies[r].createdAt < item.createdAt {
                throw StoreError.invalid(
                    ValidationError(
                        field: "reply", problem: "stories[\(index)]: a reply cannot be older than its story"))
            }
        }
        return item
    }
}

/// Membership checks for a bulk write: each (member, group) pair is asked of the database
/// once per call; a missing one throws `notAMember` with the names, as `post` does.
private struct MembershipCheck {
    let db: Database
    private var known: Set<Pair> = []
    private let statement: Statement

    private struct Pair: Hashable {
        var member: MemberID
        var group: GroupID
    }

    init(db: Database) throws {
        self.db = db
        statement = try db.makeStatement(sql: "SELECT 1 FROM membership WHERE memberId = ? AND groupId = ?")
    }

    mutating func require(_ member: MemberID, in group: GroupID) throws {
        let pair = Pair(member: member, group: group)
        if known.contains(pair) { return }
        if try Bool.fetchOne(statement, arguments: [member, group]) == true {
            known.insert(pair)
            return
        }
        try SQLiteRoomStore.requireMembership(db, memberID: member, groupID: group)
    }
}
