import Foundation
import GRDB
import RoomCore
import RoomStore

/// Closed groups: who may read them, and how people get in. A non-member (or a guest) reads
/// nothing of a closed group and writes nothing there; only its facilitators invite, see the
/// requests and answer them. Every rule is checked here, inside the transaction.
extension SQLiteRoomStore {
    /// The groups whose content a viewer may read (one argument: the viewer, -1 for nobody):
    /// every open group, and the closed ones they belong to.
    static let readableGroups =
        "(SELECT id FROM peer_group WHERE isOpen UNION SELECT groupId FROM membership WHERE memberId = ?)"

    /// The moment `viewer` reads others' stories of a group from (the newcomer backlog), as SQL:
    /// far in the past when the group keeps nothing back or the viewer facilitates it, far in the
    /// future for a non-member of a limited group, else their joining less the group's days.
    /// `group` and `viewer` are SQL expressions (a column, a placeholder).
    static func backlogFloor(group: String, viewer: String) -> String {
        """
        (SELECT CASE WHEN bg.backlogDays IS NULL OR bm.role = 'facilitator' THEN \(noFloor)
           WHEN bm.joinedAt IS NULL THEN \(Backlog.nonMemberFloorMillis)
           ELSE bm.joinedAt - bg.backlogDays * \(Backlog.dayMillis) END
         FROM peer_group bg LEFT JOIN membership bm ON bm.groupId = bg.id AND bm.memberId = \(viewer)
         WHERE bg.id = \(group))
        """
    }

    /// The floor of one who reads everything.
    static let noFloor = Int64.min + 1

    /// A story `s` within the viewer's backlog, or their own (arguments: the viewer twice, -1
    /// for nobody). Every read of stories uses it with `storyVisible`.
    static let storyInBacklog = "(s.authorId = ? OR s.createdAt >= \(backlogFloor(group: "s.groupId", viewer: "?")))"

    /// The feed's backlog condition for one group, with its arguments: none when the viewer reads
    /// everything there; `createdAt >= floor` (an index range: the scan stops at the floor) when
    /// they wrote nothing older; else their own older stories too.
    static func feedBacklog(_ db: Database, groupID: GroupID, viewer: MemberID?) throws -> (
        sql: String, arguments: StatementArguments
    ) {
        let floor = try Int64.fetchOne(
            db, sql: "SELECT \(backlogFloor(group: "?2", viewer: "?1"))", arguments: [viewer ?? -1, groupID])
        guard let floor, floor != noFloor else { return ("", []) }
        let ownBefore =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM story WHERE authorId = ? AND groupId = ? AND createdAt < ?)",
                arguments: [viewer ?? -1, groupID, floor]) == true
        return ownBefore
            ? (" AND (s.authorId = ? OR s.createdAt >= ?)", [viewer ?? -1, floor]) : (" AND s.createdAt >= ?", [floor])
    }

    /// A facilitator sets the group's backlog (nil: everything).
    func setBacklog(groupID: GroupID, days: Int?, by facilitatorID: MemberID) async throws {
        let days = try Self.validated { () throws(ValidationError) in try Backlog.check(days) }
        try await write { db in
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: groupID)
            try db.execute(sql: "UPDATE peer_group SET backlogDays = ? WHERE id = ?", arguments: [days, groupID])
        }
    }

    /// Whether `viewer` may read the group's content (an unknown group: yes, there is none).
    static func mayRead(_ db: Database, groupID: GroupID, viewer: MemberID?) throws -> Bool {
        guard
            let isOpen = try Bool.fetchOne(db, sql: "SELECT isOpen FROM peer_group WHERE id = ?", arguments: [groupID])
        else { return true }
        if isOpen { return true }
        guard let viewer else { return false }
        return try Bool.fetchOne(
            db, sql: "SELECT 1 FROM membership WHERE groupId = ? AND memberId = ?", arguments: [groupID, viewer])
            == true
    }

    /// Refuses a closed group's lists to anyone outside it.
    static func requireReadable(_ db: Database, groupID: GroupID, viewer: MemberID?) throws {
        guard try !mayRead(db, groupID: groupID, viewer: viewer) else { return }
        let slug = try String.fetchOne(db, sql: "SELECT slug FROM peer_group WHERE id = ?", arguments: [groupID])
        throw StoreError.closedGroup(slug ?? "group \(groupID)")
    }

    func join(groupID: GroupID, memberID: MemberID) async throws -> JoinOutcome {
        let time = clock.now()
        return try await write { db in
            guard
                let isOpen = try Bool.fetchOne(
                    db, sql: "SELECT isOpen FROM peer_group WHERE id = ?", arguments: [groupID])
            else { throw StoreError.unknownGroup("group \(groupID)", known: []) }
            if try Self.isMember(db, memberID: memberID, groupID: groupID) { return .alreadyMember }
            let invited =
                try String.fetchOne(
                    db, sql: "SELECT kind FROM join_request WHERE groupId = ? AND memberId = ?",
                    arguments: [groupID, memberID]) == JoinRequestKind.invited.rawValue
            if isOpen || invited {
                try Self.admit(db, memberID: memberID, groupID: groupID, at: time)
                return .joined
            }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO join_request (groupId, memberId, kind, createdAt) VALUES (?, ?, 'asked', ?)
                    """, arguments: [groupID, memberID, time.millisecondsSince1970])
            return .asked
        }
    }

    func invite(memberID: MemberID, groupID: GroupID, by facilitatorID: MemberID) async throws
        -> JoinOutcome
    {
        let time = clock.now()
        return try await write { db in
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: groupID)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE id = ?", arguments: [memberID]) == true else {
                throw StoreError.unknownMember("member \(memberID)", known: [])
            }
            if try Self.isMember(db, memberID: memberID, groupID: groupID) { return .alreadyMember }
            let asked =
                try String.fetchOne(
                    db, sql: "SELECT kind FROM join_request WHERE groupId = ? AND memberId = ?",
                    arguments: [groupID, memberID]) == JoinRequestKind.asked.rawValue
            if asked {
                try Self.admit(db, memberID: memberID, groupID: groupID, at: time)
                return .joined
            }
            try db.execute(
                sql: """
                    INSERT INTO join_request (groupId, memberId, kind, invitedBy, createdAt)
                    VALUES (?, ?, 'invited', ?, ?)
                    ON CONFLICT (groupId, memberId) DO UPDATE SET invitedBy = excluded.invitedBy
                    """, arguments: [groupID, memberID, facilitatorID, time.millisecondsSince1970])
            return .invited
        }
    }

    func joinRequests(groupID: GroupID, facilitatorID: MemberID) async throws -> [JoinRequest] {
        try await pool.read { db in
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: groupID)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT j.groupId, j.memberId, m.handle, j.kind, f.handle AS invitedBy, j.createdAt
                    FROM join_request j JOIN member m ON m.id = j.memberId LEFT JOIN member f ON f.id = j.invitedBy
                    WHERE j.groupId = ? ORDER BY j.createdAt, m.handle
                    """, arguments: [groupID]
            ).map { row in
                JoinRequest(
                    groupID: row[0], memberID: row[1], handle: row[2],
                    kind: JoinRequestKind(rawValue: row[3]) ?? .asked, invitedBy: row[4],
                    createdAt: Date(millisecondsSince1970: row[5]))
            }
        }
    }

    func answerJoinRequest(
        groupID: GroupID, memberID: MemberID, approve: Bool, by facilitatorID: MemberID
    ) async throws {
        let time = clock.now()
        try await write { db in
            try Self.requireFacilitator(db, memberID: facilitatorID, groupID: groupID)
            let kind = try String.fetchOne(
                db, sql: "SELECT kind FROM join_request WHERE groupId = ? AND memberId = ?",
                arguments: [groupID, memberID])
            // Approving is for those who asked; an invitation is theirs to accept.
            guard let kind, !approve || kind == JoinRequestKind.asked.rawValue else {
                let handle = try String.fetchOne(
                    db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [memberID])
                let slug = try String.fetchOne(
                    db, sql: "SELECT slug FROM peer_group WHERE id = ?", arguments: [groupID])
                throw StoreError.unknownJoinRequest(
                    handle: handle ?? "member \(memberID)", group: slug ?? "group \(groupID)")
            }
            if approve {
                try Self.admit(db, memberID: memberID, groupID: groupID, at: time)
            } else {
                try db.execute(
                    sql: "DELETE FROM join_request WHERE groupId = ? AND memberId = ?", arguments: [groupID, memberID])
            }
        }
    }

    static func isMember(_ db: Database, memberID: MemberID, groupID: GroupID) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM membership WHERE memberId = ? AND groupId = ?", arguments: [memberID, groupID])
            == true
    }

    /// Makes the member a newcomer of the group and closes their request or invitation.
    static func admit(_ db: Database, memberID: MemberID, groupID: GroupID, at time: Date) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO membership (groupId, memberId, role, roleRank, sharesRecoveryStart, joinedAt)
                VALUES (?, ?, ?, ?, 0, ?)
                """,
            arguments: [groupID, memberID, Role.newcomer.rawValue, Role.newcomer.rank, time.millisecondsSince1970])
        try db.execute(
            sql: "DELETE FROM join_request WHERE groupId = ? AND memberId = ?", arguments: [groupID, memberID])
    }
}
