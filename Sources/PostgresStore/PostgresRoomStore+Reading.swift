import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Reading. The policies already leave out what `current_user` may not see (closed groups,
/// others' hidden content); the feeds also leave out what a facilitator hid (unless `me`
/// wrote it) and what `me` muted, as the contract says.
extension PostgresRoomStore {
    public func groups() async throws -> [GroupSummary] {
        try await listGroups(onlyMine: me != nil)
    }

    public func groupDirectory() async throws -> [GroupSummary] {
        try await listGroups(onlyMine: false)
    }

    /// Whether the room has a group yet: what opening asks before the room starts, without the
    /// directory's counts (its unread walk is the first frame's cost).
    public func hasGroups() async throws -> Bool {
        try await read { try await $0.scalar("SELECT EXISTS (SELECT 1 FROM peer_group)", as: Bool.self) ?? false }
    }

    func listGroups(onlyMine: Bool) async throws -> [GroupSummary] {
        let isMember = me != nil
        return try await read { connection in
            // The floor of each limited group, from the arrays the stories' policy reads.
            let rows = try await connection.rows(
                """
                WITH b AS (SELECT backlog_groups() AS groups, backlog_floors() AS floors)
                SELECT g.id, g.slug, g.name, g.topic, g.is_open, g.backlog_days,
                  g.id = ANY ((SELECT readable_groups())::bigint[]) AS readable,
                  (SELECT count(*) FROM membership ms WHERE ms.group_id = g.id) AS members,
                  \(unescaped: Self.backlogColumns),
                  (SELECT count(*) FROM (SELECT 1 FROM story s WHERE s.group_id = g.id AND s.author_id != (SELECT me())
                     AND s.hidden_at IS NULL AND s.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))
                     AND (s.created_at, s.id) > (SELECT coalesce(max(p.created_at), -1), coalesce(max(p.story_id), -1)
                       FROM read_position p WHERE p.member_id = (SELECT me()) AND p.group_id = g.id)
                     AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.member_id = (SELECT me()) AND x.story_id = s.id)
                     ORDER BY s.created_at DESC, s.id DESC
                     LIMIT \(Int64(GroupSummary.unreadCountLimit))) u) AS unread,
                  (SELECT role FROM my_group mg WHERE mg.group_id = g.id AND mg.member_id = (SELECT me())) AS my_role,
                  (SELECT kind FROM join_request j WHERE j.group_id = g.id AND j.member_id = (SELECT me())) AS request
                FROM b, peer_group g
                WHERE \(onlyMine) = false OR g.id = ANY ((SELECT my_groups())::bigint[])
                ORDER BY g.name, g.id
                """)
            return try rows.map { row in
                var group = try Decode.group(row)
                try Decode.backlog(&group, row)
                if isMember {
                    group.unreadCount = try row.count("unread")
                    group.myRole = try row.optionalText("my_role").flatMap(Role.init(rawValue:))
                    group.joinRequest = try row.optionalText("request").flatMap(JoinRequestKind.init(rawValue:))
                }
                if try !row.bool("readable") { Decode.withoutContent(&group) }
                return group
            }
        }
    }

    public func group(slug: String) async throws -> GroupSummary {
        try await read { connection in
            guard
                let row = try await connection.rows(
                    """
                    SELECT g.id, g.slug, g.name, g.topic, g.is_open, g.backlog_days,
                      g.id = ANY ((SELECT readable_groups())::bigint[]) AS readable,
                      (SELECT count(*) FROM membership ms WHERE ms.group_id = g.id) AS members,
                      coalesce((SELECT c.stories FROM group_story_count c WHERE c.group_id = g.id), 0) AS stories
                    FROM peer_group g WHERE g.slug = \(slug)
                    """
                ).first
            else {
                let known = try await connection.values("SELECT slug FROM peer_group ORDER BY slug", as: String.self)
                throw StoreError.unknownGroup(slug, known: known)
            }
            var group = try Decode.group(row)
            if try !row.bool("readable") { Decode.withoutContent(&group) }
            return group
        }
    }

    /// `closedGroup` for a group the policies do not let `me` read.
    static func requireReadable(_ connection: PostgresConnection, groupID: GroupID) async throws {
        let readable = try await connection.scalar("SELECT readable(\(groupID))", as: Bool.self) ?? false
        guard !readable else { return }
        let slug = try await connection.scalar("SELECT slug FROM peer_group WHERE id = \(groupID)", as: String.self)
        throw StoreError.closedGroup(slug ?? "group \(groupID)")
    }

    public func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int) async throws -> Page<RosterEntry> {
        let since = nowMillis - Self.presenceWindowMillis
        return try await read { connection in
            var sql = SQLBuilder()
            sql.append(
                """
                SELECT m.id, m.handle, ms.role, ms.role_rank,
                  CASE WHEN ms.shares_recovery_start THEN
                    (SELECT recovery_start FROM member_private p WHERE p.member_id = m.id) END AS recovery_start,
                  EXISTS (SELECT 1 FROM presence p WHERE p.member_id = m.id AND p.last_seen > \(sql.bind(since))) AS here,
                  EXISTS (SELECT 1 FROM mute u WHERE u.member_id = (SELECT me()) AND u.muted_id = m.id) AS muted,
                  CASE
                    WHEN EXISTS (SELECT 1 FROM mentorship s WHERE s.group_id = ms.group_id AND s.status = 'active'
                                 AND s.mentor_id = m.id AND s.mentee_id = (SELECT me())) THEN 'my-mentor'
                    WHEN EXISTS (SELECT 1 FROM mentorship s WHERE s.group_id = ms.group_id AND s.status = 'active'
                                 AND s.mentee_id = m.id AND s.mentor_id = (SELECT me())) THEN 'my-mentee'
                    WHEN mentor_room(m.id, ms.group_id) > 0 THEN 'mentor'
                  END AS mark
                FROM membership ms JOIN member m ON m.id = ms.member_id
                WHERE ms.group_id = \(sql.bind(groupID))
                """)
            return try await Self.page(
                connection, sql, page: page, limit: limit,
                key: "(ms.role_rank, m.handle_order, m.id)",
                keyValues: { sql, key in
                    "(\(sql.bind(Int64(key.role.rank))), \(sql.bind(key.handleOrder)) COLLATE \"C\", \(sql.bind(key.id)))"
                },
                forward: "ORDER BY ms.role_rank, m.handle_order, m.id",
                backward: "ORDER BY ms.role_rank DESC, m.handle_order DESC, m.id DESC", newestFirst: false,
                decode: Decode.rosterEntry
            ).checkingReadable(connection, groupID: groupID)
        }
    }

    public func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws -> Page<StorySummary> {
        try await read { connection in
            var sql = SQLBuilder(Self.storySelect)
            let group = sql.bind(groupID)
            sql.append(" WHERE s.group_id = \(group) AND \(Self.storyVisible)")
            // The policy holds the backlog; saying the floor here too lets the scan stop at it
            // when the viewer wrote nothing older (else it walks the group to find their own).
            // One InitPlan in the same statement: no round trip of its own.
            sql.append(
                """
                 AND s.created_at >= coalesce((SELECT f FROM (SELECT ((SELECT backlog_floors()))[array_position(
                     (SELECT backlog_groups()), \(group))] AS f) x
                   WHERE f IS NOT NULL AND NOT EXISTS (SELECT 1 FROM story o WHERE o.author_id = (SELECT me())
                     AND o.group_id = \(group) AND o.created_at < f)), \(sql.bind(Int64.min)))
                """)
            return try await Self.page(
                connection, sql, page: page, limit: limit, key: "(s.created_at, s.id)",
                keyValues: { sql, key in "(\(sql.bind(key.createdAtMillis)), \(sql.bind(key.id)))" },
                forward: "ORDER BY s.created_at DESC, s.id DESC", backward: "ORDER BY s.created_at, s.id",
                newestFirst: true, decode: Decode.storySummary
            ).checkingReadable(connection, groupID: groupID)
        }
    }

    public func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws
        -> Page<Encouragement>
    {
        try await read { connection in
            var sql = SQLBuilder(Self.encouragementSelect)
            sql.append(" WHERE e.group_id = \(sql.bind(groupID)) AND \(Self.encouragementVisible)")
            return try await Self.page(
                connection, sql, page: page, limit: limit, key: "(e.created_at, e.id)",
                keyValues: { sql, key in "(\(sql.bind(key.createdAtMillis)), \(sql.bind(key.id)))" },
                forward: "ORDER BY e.created_at DESC, e.id DESC", backward: "ORDER BY e.created_at, e.id",
                newestFirst: true, decode: Decode.encouragement
            ).checkingReadable(connection, groupID: groupID)
        }
    }

    public func story(id: StoryID) async throws -> Story {
        try await read { connection in try await Self.fetchStory(id, connection) }
    }

    static func fetchStory(_ id: StoryID, _ connection: PostgresConnection) async throws -> Story {
        var sql = SQLBuilder(storySelect)
        sql.append(" WHERE s.id = \(sql.bind(id)) AND \(storyVisible)")
        guard let row = try await connection.rows(sql.query).first else { throw StoreError.unknownStory(id) }
        var replies = SQLBuilder(replySelect)
        replies.append(" WHERE r.story_id = \(replies.bind(id)) AND \(replyVisible) ORDER BY r.created_at, r.id")
        let reactions = try await connection.rows(
            """
            SELECT x.kind, m.handle FROM reaction x JOIN member m ON m.id = x.member_id
            WHERE x.story_id = \(id) ORDER BY x.created_at, lower(m.handle)
            """)
        return Story(
            summary: try Decode.storySummary(row), body: try row.text("body"),
            replies: try await connection.rows(replies.query).map(Decode.reply),
            reactions: try reactions.compactMap { row in
                let handle = try row.text("handle")
                return ReactionKind(rawValue: try row.text("kind")).map { Reaction(kind: $0, memberHandle: handle) }
            },
            // The author's own (the policy lets authors read the warn actions on their stories).
            warningNote: try await connection.scalar(
                """
                SELECT a.note FROM moderation_action a JOIN story s ON s.id = a.target_id
                WHERE a.action = 'warn' AND a.target_kind = 'story' AND a.target_id = \(id) AND s.author_id = (SELECT me())
                  AND s.content_warning IS NOT NULL
                ORDER BY a.created_at DESC, a.id DESC LIMIT 1
                """, as: String.self))
    }

    public func member(handle: String) async throws -> Member {
        try await read { connection in try await Self.fetchMember(handle: handle, connection) }
    }

    static func fetchMember(handle: String, _ connection: PostgresConnection) async throws -> Member {
        if let row = try await connection.rows(
            """
            SELECT m.id, m.handle, p.recovery_start FROM member m LEFT JOIN member_private p ON p.member_id = m.id
            WHERE lower(m.handle) = lower(\(handle)) AND m.handle != '[removed]'
            """
        ).first {
            return try Decode.member(row)
        }
        // A bounded set of neighbours, ranked by closeness: a typo never lists the whole room.
        let near = try await connection.values(
            """
            (SELECT handle FROM member WHERE lower(handle) >= lower(\(handle)) ORDER BY lower(handle) LIMIT 50)
            UNION (SELECT handle FROM member WHERE lower(handle) < lower(\(handle)) ORDER BY lower(handle) DESC LIMIT 50)
            UNION (SELECT handle FROM member WHERE lower(left(handle, 1)) = lower(left(\(handle), 1)) LIMIT 200)
            """, as: String.self
        ).filter { $0 != "[removed]" }
        throw StoreError.unknownMember(handle, known: CloseMatches.best(to: handle, among: near))
    }

    // MARK: Shared SQL

    /// `floor` (nil: the viewer reads everything) and `stories`, which in a limited group counts
    /// what the viewer reads: the stories from their floor on, and their own from before it.
    /// Needs `b` (the backlog arrays) and `g` (the group).
    static let backlogColumns = """
        b.floors[array_position(b.groups, g.id)] AS floor,
        CASE WHEN g.id = ANY (b.groups) THEN
          (SELECT count(*) FROM story s WHERE s.group_id = g.id AND s.hidden_at IS NULL
             AND s.created_at >= b.floors[array_position(b.groups, g.id)])
          + (SELECT count(*) FROM story s WHERE s.group_id = g.id AND s.hidden_at IS NULL AND s.author_id = (SELECT me())
             AND s.created_at < b.floors[array_position(b.groups, g.id)])
        ELSE coalesce((SELECT c.stories FROM group_story_count c WHERE c.group_id = g.id), 0) END AS stories
        """

    /// How long a room counts as open after its last heartbeat (rooms beat every 20 seconds).
    static let presenceWindowMillis: Int64 = 60_000

    static let storySelect = storySelect(
        counts: """
            (SELECT count(*) FROM reply r WHERE r.story_id = s.id AND r.hidden_at IS NULL) AS replies,
              (SELECT count(*) FROM reaction x WHERE x.story_id = s.id) AS reactions
            """)

    /// A story's summary columns, its reply and reaction counts (`replies`, `reactions`) as
    /// given, then `columns` more, read from `stories` (a `FROM` item that names the story `s`).
    static func storySelect(counts: String, columns: String = "", stories: String = "story s") -> String {
        """
        SELECT s.id, s.group_id, s.kind, s.title, m.handle AS author, s.created_at, s.content_warning, s.body,
          \(counts),\(columns)
          s.hidden_at IS NOT NULL AS hidden,
          ((SELECT me()) IS NOT NULL AND s.author_id != (SELECT me()) AND s.hidden_at IS NULL
            AND (s.created_at, s.id) > (SELECT coalesce(max(p.created_at), -1), coalesce(max(p.story_id), -1)
                                        FROM read_position p WHERE p.member_id = (SELECT me()) AND p.group_id = s.group_id)
            AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.member_id = (SELECT me()) AND x.story_id = s.id)) AS unread
        FROM \(stories) JOIN member m ON m.id = s.author_id
        """
    }

    static let replySelect = """
        SELECT r.id, r.story_id, m.handle, r.body, r.created_at, r.hidden_at IS NOT NULL AS hidden
        FROM reply r JOIN member m ON m.id = r.author_id
        """

    static let encouragementSelect = """
        SELECT e.id, e.group_id, a.handle AS author, t.handle AS recipient, e.body, e.created_at,
          e.hidden_at IS NOT NULL AS hidden
        FROM encouragement e JOIN member a ON a.id = e.author_id LEFT JOIN member t ON t.id = e.recipient_id
        """

    /// Nothing a facilitator hid unless `me` wrote it; nothing by someone `me` muted.
    static let storyVisible =
        "(s.hidden_at IS NULL OR s.author_id = (SELECT me())) AND s.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))"
    static let replyVisible =
        "(r.hidden_at IS NULL OR r.author_id = (SELECT me())) AND r.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))"
    static let encouragementVisible =
        "(e.hidden_at IS NULL OR e.author_id = (SELECT me())) AND e.author_id NOT IN (SELECT muted_id FROM mute WHERE member_id = (SELECT me()))"

    /// One keyset page in list order; one extra row tells `hasMore`. The policies leave a group
    /// `me` may not read empty, so only an empty page asks why (`checkingReadable`).
    static func page<Key, Item>(
        _ connection: PostgresConnection, _ base: SQLBuilder, page: PageRequest<Key>, limit: Int, key: String,
        keyValues: (inout SQLBuilder, Key) -> String, forward: String, backward: String, newestFirst: Bool,
        decode: (PostgresRandomAccessRow) throws -> Item
    ) async throws -> Page<Item> {
        let limit = max(1, limit)
        let down = newestFirst ? "<" : ">"
        let up = newestFirst ? ">" : "<"
        var sql = base
        let backwards: Bool
        switch page {
        case .first:
            sql.append(" " + forward)
            backwards = false
        case .last:
            sql.append(" " + backward)
            backwards = true
        case .after(let value):
            let values = keyValues(&sql, value)
            sql.append(" AND \(key) \(down) \(values) \(forward)")
            backwards = false
        case .before(let value):
            let values = keyValues(&sql, value)
            sql.append(" AND \(key) \(up) \(values) \(backward)")
            backwards = true
        case .from(let value):
            let values = keyValues(&sql, value)
            sql.append(" AND \(key) \(down)= \(values) \(forward)")
            backwards = false
        }
        sql.append(" LIMIT \(sql.bind(Int64(limit + 1)))")
        var items = try await connection.rows(sql.query).map(decode)
        let hasMore = items.count > limit
        if hasMore { items.removeLast() }
        if backwards { items.reverse() }
        return Page(items: items, hasMore: hasMore)
    }
}

extension Page {
    /// The page, or `closedGroup` when it is empty because the group is not `me`'s to read: a
    /// page with rows proves the group readable, so the common case costs no extra round trip.
    func checkingReadable(_ connection: PostgresConnection, groupID: GroupID) async throws -> Page {
        if items.isEmpty { try await PostgresRoomStore.requireReadable(connection, groupID: groupID) }
        return self
    }
}

/// Rows into models.
enum Decode {
    static func group(_ row: PostgresRandomAccessRow) throws -> GroupSummary {
        var group = GroupSummary(
            id: try row.int("id"), slug: try row.text("slug"), name: try row.text("name"), topic: try row.text("topic"),
            isOpen: try row.bool("is_open"), memberCount: try row.count("members"), storyCount: try row.count("stories")
        )
        group.backlogDays = try row.optionalInt("backlog_days").map(Int.init)
        return group
    }

    /// The viewer's floor in a limited group (`floor`, `Backlog.nonMemberFloorMillis` for a non-member).
    static func backlog(_ group: inout GroupSummary, _ row: PostgresRandomAccessRow) throws {
        guard let floor = try row.optionalInt("floor") else { return }
        group.readsFrom =
            floor == Backlog.nonMemberFloorMillis ? .distantFuture : Date(millisecondsSince1970: floor)
    }

    /// A closed group as a non-member sees it: its name and topic, no counts.
    static func withoutContent(_ group: inout GroupSummary) {
        group.isReadable = false
        group.memberCount = 0
        group.storyCount = 0
        group.unreadCount = 0
    }

    static func member(_ row: PostgresRandomAccessRow) throws -> Member {
        Member(
            id: try row.int("id"), handle: try row.text("handle"),
            recoveryStart: try row.optionalText("recovery_start").flatMap(CalendarDay.init(iso:)))
    }

    static func rosterEntry(_ row: PostgresRandomAccessRow) throws -> RosterEntry {
        RosterEntry(
            id: try row.int("id"), handle: try row.text("handle"),
            role: Role(rawValue: try row.text("role")) ?? .member,
            recoveryStart: try row.optionalText("recovery_start").flatMap(CalendarDay.init(iso:)),
            isHere: try row.bool("here"), isMuted: try row.bool("muted"),
            mentorMark: try row.optionalText("mark").flatMap(MentorMark.init(rawValue:)))
    }

    static func storySummary(_ row: PostgresRandomAccessRow) throws -> StorySummary {
        StorySummary(
            id: try row.int("id"), groupID: try row.int("group_id"),
            kind: StoryKind(rawValue: try row.text("kind")) ?? .reflection, title: try row.text("title"),
            authorHandle: try row.text("author"), createdAt: try row.date("created_at"),
            contentWarning: try row.optionalText("content_warning"), replyCount: try row.count("replies"),
            reactionCount: try row.count("reactions"), isHidden: try row.bool("hidden"),
            isUnread: try row.bool("unread"))
    }

    static func reply(_ row: PostgresRandomAccessRow) throws -> Reply {
        Reply(
            id: try row.int("id"), storyID: try row.int("story_id"), authorHandle: try row.text("handle"),
            body: try row.text("body"), createdAt: try row.date("created_at"), isHidden: try row.bool("hidden"))
    }

    static func encouragement(_ row: PostgresRandomAccessRow) throws -> Encouragement {
        Encouragement(
            id: try row.int("id"), groupID: try row.int("group_id"), authorHandle: try row.text("author"),
            recipientHandle: try row.optionalText("recipient"), body: try row.text("body"),
            createdAt: try row.date("created_at"), isHidden: try row.bool("hidden"))
    }

    static func draft(_ row: PostgresRandomAccessRow) throws -> Draft? {
        guard let target = DraftTarget(try row.text("target")) else { return nil }
        return Draft(
            target: target, kind: try row.optionalText("kind").flatMap(StoryKind.init(rawValue:)),
            title: try row.text("title"), contentWarning: try row.text("content_warning"), body: try row.text("body"),
            updatedAt: try row.date("updated_at"))
    }
}
