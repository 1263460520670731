import Foundation
import GRDB
import GRDBSQLite
import RoomCore
import RoomStore

/// The embedded backend: one SQLite file in WAL mode, shared safely by several processes
/// on one host (busy timeout, immediate write transactions, every write in one transaction).
public final class SQLiteRoomStore: Sendable {
    /// Who may open a new database file: its owner only, or the members of one Unix group
    /// (a support group sharing one host).
    public enum FileSharing: Sendable, Equatable {
        case ownerOnly
        case group(gid_t)
    }

    public let path: String
    /// The file is there but not writable for this user: browsing works, writing does not.
    public let isReadOnly: Bool
    /// Where every write reads "now" (and presence, "recently").
    public let clock: RoomClock
    let pool: DatabasePool
    /// A separate read-only connection for polling changes (`changes(after:viewer:)`).
    let watcher: DatabaseQueue

    /// How long one attempt waits for another process's write lock, and how many attempts a
    /// write makes before it says the room is busy (`StoreError.busy`).
    public struct Patience: Sendable, Equatable {
        public var busyTimeout: TimeInterval
        public var attempts: Int

        public init(busyTimeout: TimeInterval = 5, attempts: Int = 3) {
            self.busyTimeout = busyTimeout
            self.attempts = max(1, attempts)
        }
    }

    let patience: Patience

    /// Opens (creating when needed) the database at `path` and brings its schema up to date.
    /// A file written by a newer peerroom is refused, not touched. A new file, its `-wal` and
    /// `-shm` and its folder are private to the owner (0600, 0700), or to a group (0660, 2770)
    /// with `sharing`, from the moment they exist; if any step fails, nothing is left behind.
    /// A room others may read is refused (`StoreError.looseMode`).
    public init(
        path: String, sharing: FileSharing = .ownerOnly, patience: Patience = Patience(), clock: RoomClock = .system
    ) throws {
        self.path = path
        self.clock = clock
        self.patience = patience
        let fm = FileManager.default
        let isNew = !fm.fileExists(atPath: path)
        var created = DatabaseFiles.Created()
        do {
            if isNew {
                // Made here with their final modes before SQLite opens them; the files SQLite makes
                // by itself (a first -journal) copy the database file's mode. No umask is set:
                // it is process-wide, and would narrow what other threads create meanwhile.
                try DatabaseFiles.createFolders(for: path, sharing: sharing, into: &created)
                for file in DatabaseFiles.all(path) {
                    try DatabaseFiles.createFile(file, sharing: sharing, for: path, into: &created)
                }
            } else {
                try DatabaseFiles.check(path, sharing: sharing)
                if access(path, R_OK) != 0 {
                    throw StoreError.cannotOpen(path: path, reason: "you may not read it (permission denied)")
                }
                DatabaseFiles.precreateCompanions(of: path)
            }
            isReadOnly = !isNew && access(path, W_OK) != 0
            if !isNew {
                try Self.refuseNewerSchema(path: path, patience: patience)
            }
            var config = Configuration()
            config.readonly = isReadOnly
            config.busyMode = .timeout(patience.busyTimeout)
            let readOnly = isReadOnly
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Keep -wal and -shm (with the modes given above) rather than deleting them on the
                // last close and letting the next process make them with its own group.
                if !readOnly { try Self.persistWAL(db) }
            }
            let pool = try DatabasePool(path: path, configuration: config)
            self.pool = pool
            if isReadOnly {
                let behind = try pool.read { db in try !Schema.migrator.hasCompletedMigrations(db) }
                if behind {
                    throw StoreError.cannotOpen(path: path, reason: "it needs an upgrade, but you may not write to it")
                }
            } else if try pool.read({ db in try !Schema.migrator.hasCompletedMigrations(db) }) {
                // Only a database that needs it takes the write lock: reading works while
                // another process holds it.
                try Schema.migrator.migrate(pool)
            }
            var watching = Configuration()
            watching.readonly = true
            watching.busyMode = .timeout(patience.busyTimeout)
            watcher = try DatabaseQueue(path: path, configuration: watching)
        } catch let error as StoreError {
            created.undo()
            throw error
        } catch let error as DatabaseError {
            created.undo()
            switch StoreError.from(error) {
            case .busy?: throw StoreError.busy
            case .diskFull?: throw StoreError.diskFull
            default:
                throw StoreError.cannotOpen(path: path, reason: error.message ?? "SQLite result \(error.resultCode)")
            }
        } catch {
            created.undo()
            throw error
        }
    }

    /// SQLite's persistent WAL: the last connection to close leaves `-wal` and `-shm` in place.
    static func persistWAL(_ db: Database) throws {
        var flag: CInt = 1
        let code = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &flag)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
    }

    /// Every write goes through here, so a read-only room says so clearly.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        // A write that finds another process holding the lock (a stopped writer, a long
        // import) waits `busyTimeout`, then tries again, a bounded number of times.
        var attempt = 1
        while true {
            do {
                return try await pool.write(body)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < patience.attempts {
                attempt += 1
            }
        }
    }

    /// Looks at an existing file read-only first, so a database from a newer peerroom is
    /// refused before anything (even the journal mode) is changed.
    static func refuseNewerSchema(path: String, patience: Patience) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(patience.busyTimeout)  // other processes may be writing right now
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        let migrator = Schema.migrator
        try queue.read { db in
            guard try db.tableExists("grdb_migrations"), try migrator.hasBeenSuperseded(db) else { return }
            let applied = try migrator.appliedIdentifiers(db)
            throw StoreError.newerDatabase(
                path: path, unknownMigrations: applied.subtracting(Set(migrator.migrations)).sorted())
        }
        try queue.close()
    }

    /// The schema's migrations, oldest first, as recorded in a database this version wrote.
    public static var schemaVersions: [String] { Schema.migrator.migrations }

    // MARK: Health

    /// What `PRAGMA integrity_check` says, and how many stories there are and are whole
    /// (title, body, author and group all present).
    public struct HealthReport: Sendable {
        public var integrity: String
        public var stories: Int
        public var wholeStories: Int
    }

    public func healthReport() async throws -> HealthReport {
        try await pool.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            let stories = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM story") ?? 0
            let whole =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM story s JOIN member m ON m.id = s.authorId
                        JOIN peer_group g ON g.id = s.groupId WHERE length(s.title) > 0 AND length(s.body) > 0
                        """) ?? 0
            return HealthReport(integrity: integrity, stories: stories, wholeStories: whole)
        }
    }

    // MARK: Reading

    func groups(memberID: MemberID?) async throws -> [GroupSummary] {
        try await listGroups(viewer: memberID, onlyTheirs: memberID != nil)
    }

    func groupDirectory(viewer: MemberID?) async throws -> [GroupSummary] {
        try await listGroups(viewer: viewer, onlyTheirs: false)
    }

    /// The viewer's groups, or every group as the viewer (nil: a guest) may see it.
    func listGroups(viewer: MemberID?, onlyTheirs: Bool) async throws -> [GroupSummary] {
        try await pool.read { db in
            // Unread: stories above the member's caught-up mark that they can see, not their own
            // and not read since, counted up to `unreadCap` only, so a long-unread group costs no
            // more than a short one.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT g.id, g.slug, g.name, g.topic, g.isOpen, g.backlogDays,
                      (SELECT COUNT(*) FROM membership WHERE groupId = g.id) AS members,
                      \(Self.backlogFloor(group: "g.id", viewer: "?1")) AS floor,
                      (SELECT stories FROM group_count WHERE groupId = g.id) AS stories,
                      CASE WHEN g.backlogDays IS NOT NULL THEN (SELECT COUNT(*) FROM story s
                          WHERE s.groupId = g.id AND s.hiddenAt IS NULL
                            AND s.createdAt >= \(Self.backlogFloor(group: "g.id", viewer: "?1")))
                        + (SELECT COUNT(*) FROM story s WHERE s.authorId = ?1 AND s.groupId = g.id AND s.hiddenAt IS NULL
                            AND s.createdAt < \(Self.backlogFloor(group: "g.id", viewer: "?1")))
                      END AS readableStories,
                      (SELECT COUNT(*) FROM (
                        SELECT 1 FROM story s WHERE s.groupId = g.id AND s.authorId != ?1 AND s.hiddenAt IS NULL
                          AND s.createdAt >= \(Self.backlogFloor(group: "g.id", viewer: "?1"))
                          AND s.authorId NOT IN (SELECT mutedId FROM mute WHERE memberId = ?1)
                          AND (s.createdAt, s.id) > (
                            SELECT ifnull(max(r.createdAt), -1), ifnull(max(r.storyId), -1) FROM read_position r
                            WHERE r.memberId = ?1 AND r.groupId = g.id)
                          AND NOT EXISTS (SELECT 1 FROM story_read x WHERE x.memberId = ?1 AND x.storyId = s.id)
                        LIMIT \(Self.unreadCap))) AS unread,
                      ms.role AS myRole,
                      (SELECT kind FROM join_request j WHERE j.groupId = g.id AND j.memberId = ?1) AS request
                    FROM peer_group g \(onlyTheirs ? "" : "LEFT ")JOIN membership ms ON ms.groupId = g.id AND ms.memberId = ?1
                    ORDER BY g.name, g.id
                    """,
                arguments: [viewer ?? -1])
            return rows.map { row in
                var group = Self.group(row)
                Self.applyBacklog(&group, row)
                if viewer != nil {
                    group.unreadCount = row["unread"]
                    group.myRole = (row["myRole"] as String?).flatMap(Role.init(rawValue:))
                    group.joinRequest = (row["request"] as String?).flatMap(JoinRequestKind.init(rawValue:))
                }
                if !group.isOpen && group.myRole == nil { Self.withoutContent(&group) }
                return group
            }
        }
    }

    /// The viewer's floor (`floor`) and, when it holds stories back, the count they can read
    /// (`readableStories`: `group_count` is the group's whole count).
    static func applyBacklog(_ group: inout GroupSummary, _ row: Row) {
        guard let floor = row["floor"] as Int64?, floor != noFloor else { return }
        group.readsFrom =
            floor == Backlog.nonMemberFloorMillis ? .distantFuture : Date(millisecondsSince1970: floor)
        group.storyCount = row["readableStories"] ?? group.storyCount
    }

    /// A closed group as a non-member sees it: its name and topic, no counts.
    static func withoutContent(_ group: inout GroupSummary) {
        group.isReadable = false
        group.memberCount = 0
        group.storyCount = 0
        group.unreadCount = 0
    }

    /// Unread counts stop here; lists show "99+ new" beyond it.
    static let unreadCap = GroupSummary.unreadCountLimit

    public func group(slug: String) async throws -> GroupSummary {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT g.id, g.slug, g.name, g.topic, g.isOpen, g.backlogDays,
                      (SELECT COUNT(*) FROM membership WHERE groupId = g.id) AS members,
                      (SELECT stories FROM group_count WHERE groupId = g.id) AS stories
                    FROM peer_group g WHERE g.slug = ?
                    """, arguments: [slug])
            guard let row else {
                let known = try String.fetchAll(db, sql: "SELECT slug FROM peer_group ORDER BY slug")
                throw StoreError.unknownGroup(slug, known: known)
            }
            var group = Self.group(row)
            if !group.isOpen { Self.withoutContent(&group) }
            return group
        }
    }

    func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int, viewer: MemberID?) async throws
        -> Page<RosterEntry>
    {
        let now = clock.now().millisecondsSince1970
        return try await pool.read { db in
            try Self.requireReadable(db, groupID: groupID, viewer: viewer)
            let select = """
                SELECT m.id, m.handle, ms.role, ms.roleRank,
                  CASE WHEN ms.sharesRecoveryStart THEN m.recoveryStart END AS recoveryStart,
                  EXISTS (SELECT 1 FROM presence p WHERE p.memberId = m.id AND p.lastSeen > ?) AS isHere,
                  EXISTS (SELECT 1 FROM mute u WHERE u.memberId = ? AND u.mutedId = m.id) AS isMuted,
                  \(Self.mentorMarkColumn) AS mentorMark
                FROM membership ms JOIN member m ON m.id = ms.memberId
                WHERE ms.groupId = ?
                """
            // handle_order is compared as bytes (BINARY): code point order, as on every backend.
            let forward = "ORDER BY ms.roleRank, m.handle_order, m.id"
            let backward = "ORDER BY ms.roleRank DESC, m.handle_order DESC, m.id DESC"
            let key = "(ms.roleRank, m.handle_order, m.id)"
            return try Self.page(
                db, page: page, limit: limit, select: select,
                baseArguments: [
                    now - Self.presenceWindowMillis, viewer ?? -1, viewer ?? -1, viewer ?? -1,
                    groupID,
                ],
                keyExpression: key,
                keyArguments: { [$0.role.rank, $0.handleOrder, $0.id] }, forwardOrder: forward, backwardOrder: backward,
                decode: Self.rosterEntry)
        }
    }

    func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int, viewer: MemberID?) async throws
        -> Page<StorySummary>
    {
        try await pool.read { db in
            try Self.requireReadable(db, groupID: groupID, viewer: viewer)
            let select = Self.storySelectWithUnread(for: viewer)
            let backlog = try Self.feedBacklog(db, groupID: groupID, viewer: viewer)
            return try Self.page(
                db, page: page, limit: limit,
                select: select.sql + " WHERE s.groupId = ? AND " + Self.storyVisible + backlog.sql,
                baseArguments: select.arguments + [groupID, viewer ?? -1, viewer ?? -1] + backlog.arguments,
                keyExpression: "(s.createdAt, s.id)",
                keyArguments: { [$0.createdAtMillis, $0.id] },
                forwardOrder: "ORDER BY s.createdAt DESC, s.id DESC", backwardOrder: "ORDER BY s.createdAt, s.id",
                newestFirst: true, decode: Self.storySummary)
        }
    }

    func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int, viewer: MemberID?)
        async throws -> Page<Encouragement>
    {
        try await pool.read { db in
            try Self.requireReadable(db, groupID: groupID, viewer: viewer)
            return try Self.page(
                db, page: page, limit: limit,
                select: Self.encouragementSelect + " WHERE e.groupId = ? AND " + Self.encouragementVisible,
                baseArguments: [groupID, viewer ?? -1, viewer ?? -1], keyExpression: "(e.createdAt, e.id)",
                keyArguments: { [$0.createdAtMillis, $0.id] },
                forwardOrder: "ORDER BY e.createdAt DESC, e.id DESC", backwardOrder: "ORDER BY e.createdAt, e.id",
                newestFirst: true, decode: Self.encouragement)
        }
    }

    func story(id: StoryID, viewer: MemberID?) async throws -> Story {
        try await pool.read { db in try Self.fetchStory(id, viewer: viewer, db) }
    }

    /// A story as `viewer` may see it: hidden or muted, it is "no story" to them.
    static func fetchStory(_ id: StoryID, viewer: MemberID?, _ db: Database) throws -> Story {
        let select = Self.storySelectWithUnread(for: viewer)
        guard
            let row = try Row.fetchOne(
                db, sql: select.sql + " WHERE s.id = ? AND " + Self.storyVisible + " AND " + Self.storyInBacklog,
                arguments: select.arguments + [id, viewer ?? -1, viewer ?? -1, viewer ?? -1, viewer ?? -1])
        else {
            throw StoreError.unknownStory(id)
        }
        // A closed group's story is "no story" to anyone outside it.
        guard try mayRead(db, groupID: row["groupId"], viewer: viewer) else { throw StoreError.unknownStory(id) }
        let replies = try Row.fetchAll(
            db,
            sql: Self.replySelect + " WHERE r.storyId = ? AND " + Self.replyVisible + " ORDER BY r.createdAt, r.id",
            arguments: [id, viewer ?? -1, viewer ?? -1]
        ).map(Self.reply)
        let reactions = try Row.fetchAll(
            db,
            sql: """
                SELECT x.kind, m.handle FROM reaction x JOIN member m ON m.id = x.memberId
                WHERE x.storyId = ? ORDER BY x.createdAt, m.handle
                """, arguments: [id]
        ).compactMap { row in
            ReactionKind(rawValue: row[0]).map { Reaction(kind: $0, memberHandle: row[1]) }
        }
        return Story(
            summary: Self.storySummary(row), body: row["body"], replies: replies, reactions: reactions,
            warningNote: try warningNote(id, viewer: viewer, db))
    }

    public func member(handle: String) async throws -> Member {
        try await pool.read { db in try Self.fetchMember(handle: handle, db).member }
    }

    public func member(handle: String, actingFor login: String) async throws -> Member {
        let (member, mayAct) = try await pool.read { db in
            let found = try Self.fetchMember(handle: handle, db)
            let bound: String? = found.row["login"]
            let seededBy: String? = found.row["seededBy"]
            return (found.member, bound == login || seededBy == login)
        }
        guard mayAct else { throw StoreError.notYourMember(handle: member.handle, login: login) }
        return member
    }

    /// A member by handle (case-insensitive) with its row; throws `unknownMember` listing handles.
    static func fetchMember(handle: String, _ db: Database) throws -> (member: Member, row: Row) {
        if let row = try Row.fetchOne(
            db, sql: "SELECT id, handle, recoveryStart, login, seededBy FROM member WHERE handle = ?",
            arguments: [handle])
        {
            return (Self.member(row), row)
        }
        // Suggestions come from a bounded set: the neighbours in handle order and handles that
        // share the first letter, ranked by closeness. A typo never lists the whole room.
        let near = try String.fetchAll(
            db,
            sql: """
                SELECT handle FROM (SELECT handle FROM member WHERE handle >= ?1 ORDER BY handle LIMIT 50)
                UNION SELECT handle FROM (SELECT handle FROM member WHERE handle < ?1 ORDER BY handle DESC LIMIT 50)
                UNION SELECT handle FROM (SELECT handle FROM member WHERE substr(handle, 1, 1) = substr(?1, 1, 1)
                  COLLATE NOCASE LIMIT 200)
                """, arguments: [handle])
        throw StoreError.unknownMember(handle, known: CloseMatches.best(to: handle, among: near))
    }

    public func members(login: String) async throws -> [Member] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, handle, recoveryStart FROM member WHERE login = ? ORDER BY id", arguments: [login]
            ).map(Self.member)
        }
    }

    public func isEmpty() async throws -> Bool {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM peer_group") == 0 }
    }

    // MARK: Writing

    public func createMember(handle: String, login: String?, recoveryStart: CalendarDay?) async throws -> Member {
        let handle = try Self.validated { () throws(ValidationError) in try Validate.handle(handle) }
        let now = clock.now().millisecondsSince1970
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE handle = ?", arguments: [handle]) == true {
                throw StoreError.handleTaken(handle)
            }
            try db.execute(
                sql: """
                    INSERT INTO member (handle, handle_order, login, recoveryStart, createdAt)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [handle, Member.handleOrder(handle), login, recoveryStart?.description, now])
            return Member(id: db.lastInsertedRowID, handle: handle, recoveryStart: recoveryStart)
        }
    }

    public func joinOpenGroups(memberID: MemberID, role: Role) async throws {
        let now = clock.now().millisecondsSince1970
        try await write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO membership (groupId, memberId, role, roleRank, sharesRecoveryStart, joinedAt)
                    SELECT id, ?, ?, ?, 0, ? FROM peer_group WHERE isOpen
                    """, arguments: [memberID, role.rawValue, role.rank, now])
        }
    }

    func post(_ story: NewStory, authorID: MemberID) async throws -> StorySummary {
        let time = clock.now()
        let story = try Self.validated(story)
        return try await write { db in
            try Self.requireMembership(db, memberID: authorID, groupID: story.groupID)
            try db.execute(
                sql: """
                    INSERT INTO story (groupId, authorId, kind, title, contentWarning, body, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    story.groupID, authorID, story.kind.rawValue, story.title, story.contentWarning, story.body,
                    time.millisecondsSince1970,
                ])
            let id = db.lastInsertedRowID
            return Self.storySummary(try Row.fetchOne(db, sql: Self.storySelect + " WHERE s.id = ?", arguments: [id])!)
        }
    }

    func encourage(_ message: NewEncouragement, authorID: MemberID) async throws -> Encouragement {
        let time = clock.now()
        let body = try Self.validated { () throws(ValidationError) in try Validate.encouragement(message.body) }
        return try await write { db in
            try Self.requireMembership(db, memberID: authorID, groupID: message.groupID)
            if let recipient = message.recipientID {
                try Self.requireMembership(db, memberID: recipient, groupID: message.groupID)
            }
            try db.execute(
                sql:
                    "INSERT INTO encouragement (groupId, authorId, recipientId, body, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [message.groupID, authorID, message.recipientID, body, time.millisecondsSince1970])
            let id = db.lastInsertedRowID
            let row = try Row.fetchOne(db, sql: Self.encouragementSelect + " WHERE e.id = ?", arguments: [id])!
            return Self.encouragement(row)
        }
    }

    public func load(_ seed: SeedBundle, now: Date, seededBy login: String? = nil) async throws -> SeedReport {
        // A bundle built in code has not met the loader's checks; check it here too.
        let files =
            seed.groupFiles.count == seed.groups.count ? seed.groupFiles : seed.groups.map { "group \($0.slug)" }
        try SeedValidator(membersFile: seed.membersFile, groupFiles: files).validate(seed)
        return try await write { db in try SeedWriter(db: db, now: now, seededBy: login, groupFiles: files).write(seed)
        }
    }

    // MARK: Helpers

    static let encouragementSelect = """
        SELECT e.id, e.groupId, a.handle AS author, r.handle AS recipient, e.body, e.createdAt,
          e.hiddenAt IS NOT NULL AS hidden
        FROM encouragement e JOIN member a ON a.id = e.authorId
        LEFT JOIN member r ON r.id = e.recipientId
        """

    static let storySelect = """
        SELECT s.id, s.groupId, s.kind, s.title, m.handle AS author, s.createdAt, s.contentWarning, s.body,
          (SELECT COUNT(*) FROM reply WHERE storyId = s.id AND hiddenAt IS NULL) AS replies,
          (SELECT COUNT(*) FROM reaction WHERE storyId = s.id) AS reactions,
          s.hiddenAt IS NOT NULL AS hidden
        FROM story s JOIN member m ON m.id = s.authorId
        """

    static let replySelect = """
        SELECT r.id, r.storyId, m.handle, r.body, r.createdAt, r.hiddenAt IS NOT NULL AS hidden
        FROM reply r JOIN member m ON m.id = r.authorId
        """

    /// What a viewer may see (arguments: the viewer twice, -1 for nobody): nothing a facilitator
    /// hid unless they wrote it, and nothing by a member they muted. Every list and feed uses these.
    static let storyVisible =
        "(s.hiddenAt IS NULL OR s.authorId = ?) AND s.authorId NOT IN (SELECT mutedId FROM mute WHERE memberId = ?)"
    static let replyVisible =
        "(r.hiddenAt IS NULL OR r.authorId = ?) AND r.authorId NOT IN (SELECT mutedId FROM mute WHERE memberId = ?)"
    static let encouragementVisible =
        "(e.hiddenAt IS NULL OR e.authorId = ?) AND e.authorId NOT IN (SELECT mutedId FROM mute WHERE memberId = ?)"

    /// One keyset page. `forwardOrder` is list order; `.before`/`.last` read backwards and
    /// reverse, so every page comes back in list order. One extra row tells `hasMore`.
    static func page<Key, Item>(
        _ db: Database, page: PageRequest<Key>, limit: Int, select: String, baseArguments: StatementArguments,
        keyExpression: String, keyArguments: (Key) -> [any DatabaseValueConvertible],
        forwardOrder: String, backwardOrder: String, newestFirst: Bool = false, decode: (Row) -> Item
    ) throws -> Page<Item> {
        let limit = max(1, limit)
        // In a newest-first list, "after" (further down) means smaller keys.
        let down = newestFirst ? "<" : ">"
        let up = newestFirst ? ">" : "<"
        var sql = select
        var arguments = baseArguments
        let backwards: Bool
        switch page {
        case .first:
            sql += " " + forwardOrder
            backwards = false
        case .last:
            sql += " " + backwardOrder
            backwards = true
        case .after(let key):
            let values = keyArguments(key)
            sql += " AND \(keyExpression) \(down) (\(values.map { _ in "?" }.joined(separator: ", "))) " + forwardOrder
            arguments += StatementArguments(values)
            backwards = false
        case .before(let key):
            let values = keyArguments(key)
            sql += " AND \(keyExpression) \(up) (\(values.map { _ in "?" }.joined(separator: ", "))) " + backwardOrder
            arguments += StatementArguments(values)
            backwards = true
        case .from(let key):
            let values = keyArguments(key)
            sql += " AND \(keyExpression) \(down)= (\(values.map { _ in "?" }.joined(separator: ", "))) " + forwardOrder
            arguments += StatementArguments(values)
            backwards = false
        }
        sql += " LIMIT ?"
        arguments += [limit + 1]
        var items = try Row.fetchAll(db, sql: sql, arguments: arguments).map(decode)
        let hasMore = items.count > limit
        if hasMore { items.removeLast() }
        if backwards { items.reverse() }
        return Page(items: items, hasMore: hasMore)
    }

    static func requireMembership(_ db: Database, memberID: MemberID, groupID: GroupID) throws {
        let isMember = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM membership WHERE memberId = ? AND groupId = ?", arguments: [memberID, groupID])
        if isMember != true {
            let handle = try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [memberID])
            let slug = try String.fetchOne(db, sql: "SELECT slug FROM peer_group WHERE id = ?", arguments: [groupID])
            throw StoreError.notAMember(handle: handle ?? "member \(memberID)", group: slug ?? "group \(groupID)")
        }
    }

    /// A new story with its title, body and content warning checked and trimmed, as stored.
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

    static func group(_ row: Row) -> GroupSummary {
        var group = GroupSummary(
            id: row["id"], slug: row["slug"], name: row["name"], topic: row["topic"], isOpen: row["isOpen"],
            memberCount: row["members"], storyCount: row["stories"])
        group.backlogDays = row["backlogDays"]
        return group
    }

    static func member(_ row: Row) -> Member {
        Member(
            id: row["id"], handle: row["handle"],
            recoveryStart: (row["recoveryStart"] as String?).flatMap(CalendarDay.init(iso:)))
    }

    static func rosterEntry(_ row: Row) -> RosterEntry {
        RosterEntry(
            id: row["id"], handle: row["handle"], role: Role(rawValue: row["role"]) ?? .member,
            recoveryStart: (row["recoveryStart"] as String?).flatMap(CalendarDay.init(iso:)), isHere: row["isHere"],
            isMuted: row["isMuted"], mentorMark: (row["mentorMark"] as String?).flatMap(MentorMark.init(rawValue:)))
    }

    // MARK: Presence

    /// How long a process counts as present after its last heartbeat. Rooms beat every
    /// 20 seconds, so a crashed one stops counting within a minute.
    public static let presenceWindowMillis: Int64 = 60_000

    /// Says that `process` (host and pid) has the room open as `memberID`, now.
    func heartbeat(memberID: MemberID, process: String) async throws {
        let time = clock.now()
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO presence (memberId, process, lastSeen) VALUES (?, ?, ?)
                    ON CONFLICT (memberId, process) DO UPDATE SET lastSeen = excluded.lastSeen
                    """, arguments: [memberID, process, time.millisecondsSince1970])
            // Old rows of crashed processes are of no use to anyone.
            try db.execute(
                sql: "DELETE FROM presence WHERE lastSeen < ?",
                arguments: [time.millisecondsSince1970 - 10 * Self.presenceWindowMillis])
        }
    }

    /// Says that `process` closed the room.
    func leave(memberID: MemberID, process: String) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM presence WHERE memberId = ? AND process = ?", arguments: [memberID, process])
        }
    }

    static func storySummary(_ row: Row) -> StorySummary {
        StorySummary(
            id: row["id"], groupID: row["groupId"], kind: StoryKind(rawValue: row["kind"]) ?? .reflection,
            title: row["title"], authorHandle: row["author"],
            createdAt: Date(millisecondsSince1970: row["createdAt"]), contentWarning: row["contentWarning"],
            replyCount: row["replies"], reactionCount: row["reactions"], isHidden: row["hidden"],
            isUnread: row.hasColumn("unread") && (row["unread"] as Bool?) == true)
    }

    static func encouragement(_ row: Row) -> Encouragement {
        Encouragement(
            id: row["id"], groupID: row["groupId"], authorHandle: row["author"], recipientHandle: row["recipient"],
            body: row["body"], createdAt: Date(millisecondsSince1970: row["createdAt"]), isHidden: row["hidden"])
    }
}
