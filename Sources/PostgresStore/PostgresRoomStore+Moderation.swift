import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Moderation and closed groups. Who reported is never read here: facilitators read
/// `report_summary`, a view that shows reasons and times only.
extension PostgresRoomStore {
    public func report(_ target: ModerationTarget, reason: String) async throws {
        let me = try requireMe()
        let reason = try Self.validated { () throws(ValidationError) in try Validate.reportReason(reason) }
        let now = nowMillis
        try await write { connection in
            // An outsider of a closed group hears "not a member", as on every backend.
            if case .story(let id) = target,
                let group = try await connection.scalar("SELECT story_group(\(id))", as: Int64.self)
            {
                try await Self.requireMembership(connection, me: me, groupID: group)
            }
            let found = try await Self.locate(target, connection)
            try await Self.requireMembership(connection, me: me, groupID: found.groupID)
            if found.authorID == me.id {
                throw StoreError.ownContent("you wrote \(target); edit or delete it instead of reporting it")
            }
            if found.isHidden { throw Self.unknown(target) }
            // Again: the reason is replaced (one's own report only: the policy).
            try await connection.run(
                "DELETE FROM report WHERE target_kind = \(target.kind) AND target_id = \(target.id) AND reporter_id = \(me.id)"
            )
            try await connection.run(
                """
                INSERT INTO report (group_id, target_kind, target_id, reporter_id, reason, created_at)
                VALUES (\(found.groupID), \(target.kind), \(target.id), \(me.id), \(reason), \(now))
                """)
        }
    }

    public func setMuted(_ memberID: MemberID, muted: Bool) async throws {
        let me = try requireMe()
        let now = nowMillis
        try await write { connection in
            guard try await connection.scalar("SELECT true FROM member WHERE id = \(memberID)", as: Bool.self) != nil
            else { throw StoreError.unknownMember("member \(memberID)", known: []) }
            if memberID == me.id { throw StoreError.ownContent("you cannot mute yourself") }
            if muted {
                try await connection.run(
                    "INSERT INTO mute (member_id, muted_id, created_at) VALUES (\(me.id), \(memberID), \(now)) ON CONFLICT DO NOTHING"
                )
            } else {
                try await connection.run("DELETE FROM mute WHERE member_id = \(me.id) AND muted_id = \(memberID)")
            }
        }
    }

    public func mutedMembers() async throws -> [Member] {
        try await read { connection in
            try await connection.rows(
                """
                SELECT m.id, m.handle, NULL::text AS recovery_start FROM mute u JOIN member m ON m.id = u.muted_id
                WHERE u.member_id = (SELECT me()) ORDER BY lower(m.handle), m.id
                """
            ).map(Decode.member)
        }
    }

    public func moderationQueue(groupID: GroupID) async throws -> [ModerationItem] {
        let me = try requireMe()
        return try await read { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: groupID)
            let reported = try await connection.rows(
                "SELECT target_kind, target_id, reasons, reported_at FROM report_summary WHERE group_id = \(groupID)")
            var reports: [ModerationTarget: [ModerationItem.Report]] = [:]
            for row in reported {
                guard let target = ModerationTarget(kind: try row.text("target_kind"), id: try row.int("target_id"))
                else { continue }
                let reasons = try row["reasons"].decode([String].self)
                let times = try row["reported_at"].decode([Int64].self)
                reports[target] = zip(reasons, times).map {
                    ModerationItem.Report(reason: $0, createdAt: Date(millisecondsSince1970: $1))
                }
            }
            let hidden = try await connection.rows(
                """
                SELECT 'story' AS kind, id FROM story WHERE group_id = \(groupID) AND hidden_at IS NOT NULL
                UNION SELECT 'reply', id FROM reply WHERE group_id = \(groupID) AND hidden_at IS NOT NULL
                UNION SELECT 'encouragement', id FROM encouragement WHERE group_id = \(groupID) AND hidden_at IS NOT NULL
                """
            ).compactMap { ModerationTarget(kind: try $0.text("kind"), id: try $0.int("id")) }
            var items: [ModerationItem] = []
            for target in Set(reports.keys).union(hidden) {
                guard let found = try? await Self.locate(target, connection) else { continue }
                let note = try await connection.scalar(
                    """
                    SELECT note FROM moderation_action WHERE target_kind = \(target.kind) AND target_id = \(target.id)
                    ORDER BY created_at DESC, id DESC LIMIT 1
                    """, as: String.self)
                items.append(
                    ModerationItem(
                        target: target, groupID: found.groupID, authorHandle: found.authorHandle,
                        excerpt: found.excerpt,
                        isHidden: found.isHidden, openReports: reports[target] ?? [], lastNote: note,
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

    /// A facilitator's hide or restore: a `moderation_action` row (its policy: facilitators of
    /// the group), which the owner's trigger applies to `hidden_at` and the open reports.
    public func moderate(_ target: ModerationTarget, hide: Bool, note: String) async throws {
        let me = try requireMe()
        let note = try Self.validated { () throws(ValidationError) in try Validate.moderationNote(note) }
        let now = nowMillis
        try await write { connection in
            let found = try await Self.locate(target, connection)
            try await Self.requireFacilitator(connection, me: me, groupID: found.groupID)
            try await connection.run(
                """
                INSERT INTO moderation_action (group_id, target_kind, target_id, facilitator_id, action, note, created_at)
                VALUES (\(found.groupID), \(target.kind), \(target.id), \(me.id), \(hide ? "hide" : "restore"), \(note), \(now))
                """)
        }
    }

    /// A facilitator's content warning: a `moderation_action` row ('warn', its policy:
    /// facilitators of the group), which the owner's trigger applies to the story.
    public func addContentWarning(storyID: StoryID, warning: String, note: String) async throws {
        let me = try requireMe()
        let checked = try Self.validated { () throws(ValidationError) in
            (try Validate.addedContentWarning(warning), try Validate.moderationNote(note))
        }
        let warning = checked.0
        let now = nowMillis
        try await write { connection in
            let found = try await Self.locate(.story(storyID), connection)
            try await Self.requireFacilitator(connection, me: me, groupID: found.groupID)
            try await connection.run(
                """
                INSERT INTO moderation_action
                  (group_id, target_kind, target_id, facilitator_id, action, note, created_at, warning)
                VALUES (\(found.groupID), 'story', \(storyID), \(me.id), 'warn', \(checked.1), \(now), \(warning))
                """)
        }
    }

    // MARK: Closed groups

    public func join(groupID: GroupID) async throws -> JoinOutcome {
        let me = try requireMe()
        let now = nowMillis
        return try await write { connection in
            guard
                let isOpen = try await connection.scalar(
                    "SELECT is_open FROM peer_group WHERE id = \(groupID)", as: Bool.self)
            else { throw StoreError.unknownGroup("group \(groupID)", known: []) }
            if try await connection.scalar("SELECT in_group(\(groupID))", as: Bool.self) == true {
                return .alreadyMember
            }
            let invited =
                try await connection.scalar(
                    "SELECT kind FROM join_request WHERE group_id = \(groupID) AND member_id = \(me.id)",
                    as: String.self)
                == JoinRequestKind.invited.rawValue
            if isOpen || invited {
                try await Self.admit(connection, memberID: me.id, groupID: groupID, now: now)
                return .joined
            }
            try await connection.run(
                """
                INSERT INTO join_request (group_id, member_id, kind, created_at) VALUES (\(groupID), \(me.id), 'asked', \(now))
                ON CONFLICT DO NOTHING
                """)
            return .asked
        }
    }

    public func invite(memberID: MemberID, groupID: GroupID) async throws -> JoinOutcome {
        let me = try requireMe()
        let now = nowMillis
        return try await write { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: groupID)
            guard try await connection.scalar("SELECT true FROM member WHERE id = \(memberID)", as: Bool.self) != nil
            else { throw StoreError.unknownMember("member \(memberID)", known: []) }
            if try await connection.scalar(
                "SELECT true FROM membership WHERE group_id = \(groupID) AND member_id = \(memberID)", as: Bool.self)
                != nil
            {
                return .alreadyMember
            }
            let kind = try await connection.scalar(
                "SELECT kind FROM join_request WHERE group_id = \(groupID) AND member_id = \(memberID)", as: String.self
            )
            if kind == JoinRequestKind.asked.rawValue {
                try await Self.admit(connection, memberID: memberID, groupID: groupID, now: now)
                return .joined
            }
            if kind == nil {
                try await connection.run(
                    """
                    INSERT INTO join_request (group_id, member_id, kind, invited_by, created_at)
                    VALUES (\(groupID), \(memberID), 'invited', \(me.id), \(now))
                    """)
            }
            return .invited
        }
    }

    public func joinRequests(groupID: GroupID) async throws -> [JoinRequest] {
        let me = try requireMe()
        return try await read { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: groupID)
            return try await connection.rows(
                """
                SELECT j.group_id, j.member_id, m.handle, j.kind, f.handle AS invited_by, j.created_at
                FROM join_request j JOIN member m ON m.id = j.member_id LEFT JOIN member f ON f.id = j.invited_by
                WHERE j.group_id = \(groupID) ORDER BY j.created_at, lower(m.handle)
                """
            ).map { row in
                JoinRequest(
                    groupID: try row.int("group_id"), memberID: try row.int("member_id"),
                    handle: try row.text("handle"),
                    kind: JoinRequestKind(rawValue: try row.text("kind")) ?? .asked,
                    invitedBy: try row.optionalText("invited_by"), createdAt: try row.date("created_at"))
            }
        }
    }

    public func answerJoinRequest(groupID: GroupID, memberID: MemberID, approve: Bool) async throws {
        let me = try requireMe()
        let now = nowMillis
        try await write { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: groupID)
            let kind = try await connection.scalar(
                "SELECT kind FROM join_request WHERE group_id = \(groupID) AND member_id = \(memberID)", as: String.self
            )
            // Approving is for those who asked; an invitation is theirs to accept.
            guard let kind, !approve || kind == JoinRequestKind.asked.rawValue else {
                let handle = try await connection.scalar(
                    "SELECT handle FROM member WHERE id = \(memberID)", as: String.self)
                throw StoreError.unknownJoinRequest(
                    handle: handle ?? "member \(memberID)", group: try await Self.slug(groupID, connection))
            }
            if approve {
                try await Self.admit(connection, memberID: memberID, groupID: groupID, now: now)
            } else {
                try await connection.run(
                    "DELETE FROM join_request WHERE group_id = \(groupID) AND member_id = \(memberID)")
            }
        }
    }

    /// A newcomer of the group; their request or invitation closes (policies: oneself to an
    /// open group or an invitation, or a facilitator letting in one who asked).
    static func admit(_ connection: PostgresConnection, memberID: MemberID, groupID: GroupID, now: Int64) async throws {
        try await connection.run(
            """
            INSERT INTO membership (group_id, member_id, role, joined_at) VALUES (\(groupID), \(memberID), 'newcomer', \(now))
            ON CONFLICT DO NOTHING
            """)
        try await connection.run("DELETE FROM join_request WHERE group_id = \(groupID) AND member_id = \(memberID)")
    }

    // MARK: Helpers

    struct Located {
        var groupID: GroupID
        var authorID: MemberID
        var authorHandle: String
        var excerpt: String
        var isHidden: Bool
        var contentWarning: String?
        /// The story it is or is under; nil for encouragement.
        var storyID: StoryID?
    }

    static func unknown(_ target: ModerationTarget) -> StoreError {
        switch target {
        case .story(let id): .unknownStory(id)
        case .reply(let id): .unknownReply(id)
        case .encouragement(let id): .unknownEncouragement(id)
        }
    }

    /// Content as `me` may see it (the policies decide); `unknown…` when it is not there for them.
    static func locate(_ target: ModerationTarget, _ connection: PostgresConnection) async throws -> Located {
        let sql: String
        switch target {
        case .story:
            sql = """
                SELECT s.group_id, s.author_id, m.handle, s.title AS text, s.hidden_at IS NOT NULL AS hidden, s.content_warning,
                  s.id AS story_id
                FROM story s JOIN member m ON m.id = s.author_id WHERE s.id = $1
                """
        case .reply:
            sql = """
                SELECT r.group_id, r.author_id, m.handle, r.body AS text, r.hidden_at IS NOT NULL AS hidden,
                  (SELECT content_warning FROM story WHERE id = r.story_id) AS content_warning, r.story_id
                FROM reply r JOIN member m ON m.id = r.author_id WHERE r.id = $1
                """
        case .encouragement:
            sql = """
                SELECT e.group_id, e.author_id, m.handle, e.body AS text, e.hidden_at IS NOT NULL AS hidden,
                  NULL::text AS content_warning, NULL::bigint AS story_id
                FROM encouragement e JOIN member m ON m.id = e.author_id WHERE e.id = $1
                """
        }
        guard let row = try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings(target.id))).first
        else { throw unknown(target) }
        let text = try row.text("text")
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return Located(
            groupID: try row.int("group_id"), authorID: try row.int("author_id"), authorHandle: try row.text("handle"),
            excerpt: String(firstLine.prefix(120)), isHidden: try row.bool("hidden"),
            contentWarning: try row.optionalText("content_warning"), storyID: try row.optionalInt("story_id"))
    }

    /// The newcomer backlog: only the group's facilitators (checked here and by the policy).
    public func setBacklog(groupID: GroupID, days: Int?) async throws {
        let me = try requireMe()
        let days = try Self.validated { () throws(ValidationError) in try Backlog.check(days) }
        try await write { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: groupID)
            try await connection.run(
                "UPDATE peer_group SET backlog_days = \(days.map(Int64.init)) WHERE id = \(groupID)")
        }
    }

    static func requireFacilitator(_ connection: PostgresConnection, me: Member, groupID: GroupID) async throws {
        guard try await connection.scalar("SELECT facilitates(\(groupID))", as: Bool.self) == true else {
            throw StoreError.notAFacilitator(handle: me.handle, group: try await slug(groupID, connection))
        }
    }
}
