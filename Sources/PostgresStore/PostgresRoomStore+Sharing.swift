import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Writing. The policies refuse anything not `me`'s to write; the checks here come first only
/// to say why (`notAMember`, `notYours`, `unknownStory`).
extension PostgresRoomStore {
    @discardableResult
    public func takePseudonym(_ handle: String, recoveryStart: CalendarDay?) async throws -> Member {
        let handle = try Self.validated { () throws(ValidationError) in try Validate.handle(handle) }
        if me != nil { throw StoreError.notAllowed("your role already has a pseudonym") }
        let now = nowMillis
        let member = try await write(handle: handle) { connection in
            let id = try await connection.scalar(
                "INSERT INTO member (handle, handle_order, created_at) VALUES (\(handle), \(Member.handleOrder(handle)), \(now)) RETURNING id",
                as: Int64.self)!
            try await connection.run(
                "INSERT INTO member_login (role_name, member_id) VALUES (current_user, \(id))")
            if let recoveryStart {
                try await connection.run(
                    "INSERT INTO member_private (member_id, recovery_start) VALUES (\(id), \(recoveryStart.description))"
                )
            }
            try await connection.run(
                """
                INSERT INTO membership (group_id, member_id, role, joined_at)
                SELECT id, \(id), 'newcomer', \(now) FROM peer_group WHERE is_open
                """)
            return Member(id: id, handle: handle, recoveryStart: recoveryStart)
        }
        setMe(member)
        return member
    }

    public func post(_ story: NewStory) async throws -> StorySummary {
        let me = try requireMe()
        let story = try Self.validated(story)
        let now = nowMillis
        return try await write { connection in
            try await Self.requireMembership(connection, me: me, groupID: story.groupID)
            let id = try await connection.scalar(
                """
                INSERT INTO story (group_id, author_id, kind, title, content_warning, body, created_at)
                VALUES (\(story.groupID), \(me.id), \(story.kind.rawValue), \(story.title), \(story.contentWarning),
                        \(story.body), \(now)) RETURNING id
                """, as: Int64.self)!
            var sql = SQLBuilder(Self.storySelect)
            sql.append(" WHERE s.id = \(sql.bind(id))")
            return try Decode.storySummary(try await connection.rows(sql.query)[0])
        }
    }

    public func encourage(_ message: NewEncouragement) async throws -> Encouragement {
        let me = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.encouragement(message.body) }
        let now = nowMillis
        return try await write { connection in
            try await Self.requireMembership(connection, me: me, groupID: message.groupID)
            if let recipient = message.recipientID {
                let isMember =
                    try await connection.scalar(
                        "SELECT true FROM membership WHERE group_id = \(message.groupID) AND member_id = \(recipient)",
                        as: Bool.self) ?? false
                if !isMember {
                    let handle = try await connection.scalar(
                        "SELECT handle FROM member WHERE id = \(recipient)", as: String.self)
                    throw StoreError.notAMember(
                        handle: handle ?? "member \(recipient)", group: try await Self.slug(message.groupID, connection)
                    )
                }
            }
            let id = try await connection.scalar(
                """
                INSERT INTO encouragement (group_id, author_id, recipient_id, body, created_at)
                VALUES (\(message.groupID), \(me.id), \(message.recipientID), \(body), \(now)) RETURNING id
                """, as: Int64.self)!
            return try await Self.fetchEncouragement(id, connection)
        }
    }

    public func reply(to storyID: StoryID, body: String) async throws -> Reply {
        let me = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.reply(body) }
        let now = nowMillis
        return try await write { connection in
            let groupID = try await Self.groupOf(story: storyID, connection)
            try await Self.requireMembership(connection, me: me, groupID: groupID)
            let id = try await connection.scalar(
                """
                INSERT INTO reply (story_id, group_id, author_id, body, created_at)
                VALUES (\(storyID), \(groupID), \(me.id), \(body), \(now)) RETURNING id
                """, as: Int64.self)!
            return try await Self.fetchReply(id, connection)
        }
    }

    @discardableResult
    public func toggleReaction(storyID: StoryID, kind: ReactionKind) async throws -> Bool {
        let me = try requireMe()
        let now = nowMillis
        return try await write { connection in
            let groupID = try await Self.groupOf(story: storyID, connection)
            try await Self.requireMembership(connection, me: me, groupID: groupID)
            // One toggle at a time per member and story (two of `me`'s rooms at once): each sees
            // what the other did.
            try await connection.run(
                "SELECT pg_advisory_xact_lock(hashtextextended('reaction:' || \(storyID)::text || ':' || \(me.id)::text, 0))"
            )
            let removed = try await connection.run(
                """
                DELETE FROM reaction WHERE story_id = \(storyID) AND member_id = \(me.id) AND kind = \(kind.rawValue)
                RETURNING 1
                """)
            if removed > 0 { return false }
            // Given at the same moment by another of `me`'s sessions: given once, all the same.
            try await connection.run(
                """
                INSERT INTO reaction (story_id, member_id, kind, created_at)
                VALUES (\(storyID), \(me.id), \(kind.rawValue), \(now)) ON CONFLICT DO NOTHING
                """)
            return true
        }
    }

    public func editStory(id: StoryID, title: String?, contentWarning: String?, body: String?) async throws -> Story {
        let me = try requireMe()
        let title = try title.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.title(text) }
        }
        let body = try body.map { text in try Self.validated { () throws(ValidationError) in try Validate.body(text) } }
        let warning = try contentWarning.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.contentWarning(text) }
        }
        let now = nowMillis
        return try await write { connection in
            try await Self.requireAuthor(.story(id), me: me, connection)
            // `contentWarning` "" removes it (Validate turns it into nil); nil leaves it.
            try await connection.run(
                """
                UPDATE story SET title = coalesce(\(title), title), body = coalesce(\(body), body),
                  content_warning = CASE WHEN \(contentWarning != nil) THEN \(warning ?? nil) ELSE content_warning END,
                  updated_at = \(now)
                WHERE id = \(id)
                """)
            return try await Self.fetchStory(id, connection)
        }
    }

    public func editReply(id: ReplyID, body: String) async throws -> Reply {
        let me = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.reply(body) }
        let now = nowMillis
        return try await write { connection in
            try await Self.requireAuthor(.reply(id), me: me, connection)
            try await connection.run("UPDATE reply SET body = \(body), updated_at = \(now) WHERE id = \(id)")
            return try await Self.fetchReply(id, connection)
        }
    }

    public func editEncouragement(id: EncouragementID, body: String) async throws -> Encouragement {
        let me = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.encouragement(body) }
        let now = nowMillis
        return try await write { connection in
            try await Self.requireAuthor(.encouragement(id), me: me, connection)
            try await connection.run("UPDATE encouragement SET body = \(body), updated_at = \(now) WHERE id = \(id)")
            return try await Self.fetchEncouragement(id, connection)
        }
    }

    /// The database keeps the "[removed]" shell (trigger `story_shell`) when others replied.
    @discardableResult
    public func deleteStory(id: StoryID) async throws -> Int {
        let me = try requireMe()
        return try await write { connection in
            try await Self.requireAuthor(.story(id), me: me, connection)
            try await connection.run("DELETE FROM story WHERE id = \(id)")
            return Int(
                try await connection.scalar(
                    "SELECT count(*) FROM reply WHERE story_id = \(id) AND hidden_at IS NULL", as: Int64.self) ?? 0)
        }
    }

    public func othersReplyCount(storyID: StoryID) async throws -> Int {
        try await read { connection in
            Int(
                try await connection.scalar(
                    """
                    SELECT count(*) FROM reply r JOIN story s ON s.id = r.story_id
                    WHERE r.story_id = \(storyID) AND s.author_id = (SELECT me()) AND r.author_id != (SELECT me()) AND r.hidden_at IS NULL
                    """, as: Int64.self) ?? 0)
        }
    }

    public func deleteReply(id: ReplyID) async throws {
        let me = try requireMe()
        try await write { connection in
            try await Self.requireAuthor(.reply(id), me: me, connection)
            try await connection.run("DELETE FROM reply WHERE id = \(id)")
        }
    }

    public func deleteEncouragement(id: EncouragementID) async throws {
        let me = try requireMe()
        try await write { connection in
            try await Self.requireAuthor(.encouragement(id), me: me, connection)
            try await connection.run("DELETE FROM encouragement WHERE id = \(id)")
        }
    }

    // MARK: Drafts (the policy: the member's own rows only)

    public func saveDraft(_ draft: Draft) async throws {
        let me = try requireMe()
        try Self.validated { () throws(ValidationError) in
            try Validate.draftField(draft.title, field: "title", maxCharacters: Limits.titleMaxCharacters)
            try Validate.draftField(
                draft.contentWarning, field: "content warning", maxCharacters: Limits.contentWarningMaxCharacters)
            try Validate.draftField(draft.body, field: "text", maxCharacters: Limits.bodyMaxCharacters)
        }
        let target = draft.target.description
        try await write { connection in
            if draft.isEmpty {
                try await connection.run("DELETE FROM draft WHERE member_id = \(me.id) AND target = \(target)")
                return
            }
            try await connection.run(
                """
                INSERT INTO draft (member_id, target, kind, title, content_warning, body, updated_at)
                VALUES (\(me.id), \(target), \(draft.kind?.rawValue), \(draft.title), \(draft.contentWarning),
                        \(draft.body), \(draft.updatedAt.millisecondsSince1970))
                ON CONFLICT (member_id, target) DO UPDATE SET kind = excluded.kind, title = excluded.title,
                  content_warning = excluded.content_warning, body = excluded.body, updated_at = excluded.updated_at
                """)
        }
    }

    public func draft(for target: DraftTarget) async throws -> Draft? {
        guard me != nil else { return nil }
        let target = target.description
        return try await read { connection in
            try await connection.rows(
                "SELECT * FROM draft WHERE member_id = (SELECT me()) AND target = \(target)"
            ).first.flatMap(Decode.draft)
        }
    }

    public func drafts() async throws -> [Draft] {
        guard me != nil else { return [] }
        return try await read { connection in
            try await connection.rows("SELECT * FROM draft WHERE member_id = (SELECT me()) ORDER BY updated_at DESC")
                .compactMap(Decode.draft)
        }
    }

    public func discardDraft(for target: DraftTarget) async throws {
        guard me != nil else { return }
        let target = target.description
        try await write { connection in
            try await connection.run("DELETE FROM draft WHERE member_id = (SELECT me()) AND target = \(target)")
        }
    }

    // MARK: Helpers

    static func requireMembership(_ connection: PostgresConnection, me: Member, groupID: GroupID) async throws {
        let isMember = try await connection.scalar("SELECT in_group(\(groupID))", as: Bool.self) ?? false
        if !isMember {
            throw StoreError.notAMember(handle: me.handle, group: try await slug(groupID, connection))
        }
    }

    static func slug(_ groupID: GroupID, _ connection: PostgresConnection) async throws -> String {
        try await connection.scalar("SELECT slug FROM peer_group WHERE id = \(groupID)", as: String.self)
            ?? "group \(groupID)"
    }

    /// The group of a story `me` may see (a hidden one only when `me` wrote it).
    static func groupOf(story id: StoryID, _ connection: PostgresConnection) async throws -> GroupID {
        guard
            let group = try await connection.scalar(
                """
                SELECT coalesce((SELECT group_id FROM story WHERE id = \(id) AND (hidden_at IS NULL OR author_id = (SELECT me()))),
                                story_group(\(id)))
                """, as: Int64.self)
        else { throw StoreError.unknownStory(id) }
        return group
    }

    static func requireAuthor(_ target: ModerationTarget, me: Member, _ connection: PostgresConnection) async throws {
        let (table, id): (String, Int64) =
            switch target {
            case .story(let id): ("story", id)
            case .reply(let id): ("reply", id)
            case .encouragement(let id): ("encouragement", id)
            }
        guard
            let author = try await connection.scalar(
                PostgresQuery(unsafeSQL: "SELECT author_id FROM \(table) WHERE id = $1", binds: bindings(id)),
                as: Int64.self)
        else {
            switch target {
            case .story: throw StoreError.unknownStory(id)
            case .reply: throw StoreError.unknownReply(id)
            case .encouragement: throw StoreError.unknownEncouragement(id)
            }
        }
        if author != me.id { throw StoreError.notYours(what: table, id: id) }
    }

    static func bindings(_ values: Int64...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    static func fetchReply(_ id: ReplyID, _ connection: PostgresConnection) async throws -> Reply {
        var sql = SQLBuilder(replySelect)
        sql.append(" WHERE r.id = \(sql.bind(id))")
        guard let row = try await connection.rows(sql.query).first else { throw StoreError.unknownReply(id) }
        return try Decode.reply(row)
    }

    static func fetchEncouragement(_ id: EncouragementID, _ connection: PostgresConnection) async throws
        -> Encouragement
    {
        var sql = SQLBuilder(encouragementSelect)
        sql.append(" WHERE e.id = \(sql.bind(id))")
        guard let row = try await connection.rows(sql.query).first else { throw StoreError.unknownEncouragement(id) }
        return try Decode.encouragement(row)
    }

    static func validated(_ story: NewStory) throws(StoreError) -> NewStory {
        var story = story
        story.title = try validated { () throws(ValidationError) in try Validate.title(story.title) }
        story.body = try validated { () throws(ValidationError) in try Validate.body(story.body) }
        story.contentWarning = try validated { () throws(ValidationError) in
            try Validate.contentWarning(story.contentWarning)
        }
        return story
    }

    static func validated<T>(_ body: () throws(ValidationError) -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw .invalid(error) }
    }
}
