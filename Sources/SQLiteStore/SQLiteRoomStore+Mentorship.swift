import Foundation
import GRDB
import RoomCore
import RoomStore

/// Peer mentorship. The rules live here, inside each transaction: only peer mentors (and
/// facilitators) offer; a member asks within a group they belong to; only the mentor accepts
/// or declines; either side ends it. A mentorship's thread is read and written only by its
/// two members: every other viewer gets `unknownMentorship`, as if it did not exist, and no
/// list, feed, search or export of anyone else holds a word of it.
extension SQLiteRoomStore {
    func offerMentoring(
        memberID: MemberID, groupID: GroupID, note: String, capacity: Int, available: Bool
    ) async throws {
        let time = clock.now()
        let note = try Self.validated { () throws(ValidationError) in try Validate.mentorNote(note) }
        let capacity = try Self.validated { () throws(ValidationError) in try Validate.mentorCapacity(capacity) }
        try await write { db in
            let role = try String.fetchOne(
                db, sql: "SELECT role FROM membership WHERE memberId = ? AND groupId = ?",
                arguments: [memberID, groupID])
            guard let role else {
                try Self.requireMembership(db, memberID: memberID, groupID: groupID)
                return
            }
            guard role == Role.peerMentor.rawValue || role == Role.facilitator.rawValue else {
                throw StoreError.notAllowed("only the group's peer mentors and facilitators offer mentoring")
            }
            try db.execute(
                sql: """
                    INSERT INTO mentor_offer (memberId, groupId, note, capacity, available, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (memberId, groupId) DO UPDATE SET note = excluded.note, capacity = excluded.capacity,
                      available = excluded.available, updatedAt = excluded.updatedAt
                    """, arguments: [memberID, groupID, note, capacity, available, time.millisecondsSince1970])
        }
    }

    func mentors(groupID: GroupID, viewer: MemberID?) async throws -> [MentorOffer] {
        try await pool.read { db in
            guard try Self.mayRead(db, groupID: groupID, viewer: viewer) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT m.handle, o.groupId, o.note, o.capacity, o.available,
                      (SELECT COUNT(*) FROM mentorship s WHERE s.mentorId = o.memberId AND s.groupId = o.groupId
                         AND s.status = 'active') AS mentees
                    FROM mentor_offer o JOIN member m ON m.id = o.memberId
                    JOIN membership ms ON ms.memberId = o.memberId AND ms.groupId = o.groupId
                    WHERE o.groupId = ? ORDER BY m.handle
                    """, arguments: [groupID]
            ).map {
                MentorOffer(
                    handle: $0[0], groupID: $0[1], note: $0[2], capacity: $0[3], isAvailable: $0[4], mentees: $0[5])
            }
        }
    }

    func requestMentor(
        menteeID: MemberID, groupID: GroupID, mentorID: MemberID?, note: String?
    ) async throws -> Mentorship {
        let time = clock.now()
        let note = try note.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.mentorNote(text) }
        }
        return try await write { db in
            try Self.requireMembership(db, memberID: menteeID, groupID: groupID)
            if try Bool.fetchOne(
                db,
                sql: """
                    SELECT 1 FROM mentorship WHERE groupId = ? AND menteeId = ? AND status IN ('requested', 'active')
                    """, arguments: [groupID, menteeID]) == true
            {
                throw StoreError.notAllowed("you already have a mentor (or a request) in this group; end it first")
            }
            let open = try Self.openOffers(groupID: groupID, db).filter { $0.memberID != menteeID }
            let chosen: MemberID
            if let mentorID {
                guard mentorID != menteeID else { throw StoreError.ownContent("you cannot be your own mentor") }
                guard open.contains(where: { $0.memberID == mentorID }) else {
                    throw StoreError.notAllowed("that member is not an available mentor in this group right now")
                }
                chosen = mentorID
            } else {
                // Anyone available: the one with the most room.
                guard let best = open.max(by: { ($0.spare, $1.memberID) < ($1.spare, $0.memberID) }) else {
                    throw StoreError.notAllowed("no mentor in this group is available right now; try again soon")
                }
                chosen = best.memberID
            }
            try db.execute(
                sql: """
                    INSERT INTO mentorship (groupId, mentorId, menteeId, status, requestNote, requestedAt)
                    VALUES (?, ?, ?, 'requested', ?, ?)
                    """, arguments: [groupID, chosen, menteeID, note, time.millisecondsSince1970])
            return try Self.fetchMentorship(db.lastInsertedRowID, db)
        }
    }

    func respondToMentorship(
        id: MentorshipID, by mentorID: MemberID, accept: Bool, note: String?
    ) async throws -> Mentorship {
        let time = clock.now()
        let note = try note.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.mentorNote(text) }
        }
        return try await write { db in
            let row = try Self.mentorshipRow(id, involving: mentorID, db)
            guard row.mentorID == mentorID else {
                throw StoreError.notAllowed("only the mentor asked can accept or decline")
            }
            guard row.status == .requested else {
                throw StoreError.notAllowed("mentorship \(id) is \(row.status.rawValue), not waiting for an answer")
            }
            if accept {
                let offer = try Self.openOffers(groupID: row.groupID, db).first { $0.memberID == mentorID }
                if offer == nil {
                    throw StoreError.notAllowed("you have no room for another mentee; raise your capacity first")
                }
            }
            let handle = try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [mentorID])
            try db.execute(
                sql: "UPDATE mentorship SET status = ?, responseNote = ?, respondedAt = ? WHERE id = ?",
                arguments: [
                    accept ? "active" : "declined",
                    note ?? (accept ? nil : Mentorship.kindDecline(mentor: handle ?? "The mentor")),
                    time.millisecondsSince1970, id,
                ])
            return try Self.fetchMentorship(id, db)
        }
    }

    func endMentorship(id: MentorshipID, by memberID: MemberID) async throws {
        let time = clock.now()
        try await write { db in
            let row = try Self.mentorshipRow(id, involving: memberID, db)
            guard row.status == .requested || row.status == .active else {
                throw StoreError.notAllowed("mentorship \(id) has already ended")
            }
            try db.execute(
                sql: "UPDATE mentorship SET status = 'ended', endedAt = ? WHERE id = ?",
                arguments: [time.millisecondsSince1970, id])
        }
    }

    func mentorships(memberID: MemberID) async throws -> [Mentorship] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: Self.mentorshipSelect + " WHERE s.mentorId = ?1 OR s.menteeId = ?1 ORDER BY s.requestedAt, s.id",
                arguments: [memberID]
            ).map(Self.mentorship)
        }
    }

    func sendMentorMessage(from memberID: MemberID, to otherID: MemberID, body: String)
        async throws -> MentorMessage
    {
        let time = clock.now()
        let body = try Self.validated { () throws(ValidationError) in try Validate.mentorMessage(body) }
        return try await write { db in
            guard
                let id = try MentorshipID.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM mentorship WHERE status = 'active'
                          AND ((mentorId = ?1 AND menteeId = ?2) OR (mentorId = ?2 AND menteeId = ?1))
                        ORDER BY id DESC LIMIT 1
                        """, arguments: [memberID, otherID])
            else {
                throw StoreError.notAllowed("you can write privately only to your mentor or mentee")
            }
            try db.execute(
                sql: "INSERT INTO mentor_message (mentorshipId, authorId, body, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [id, memberID, body, time.millisecondsSince1970])
            return try Self.fetchMessages(sql: "m.id = ?", [db.lastInsertedRowID], db)[0]
        }
    }

    func mentorThread(viewer: MemberID, with otherID: MemberID) async throws -> [MentorMessage] {
        try await pool.read { db in
            // Only the two: the viewer must be one side of the mentorship, the other the other.
            try Self.fetchMessages(
                sql: """
                    s.id IN (SELECT id FROM mentorship
                             WHERE (mentorId = ? AND menteeId = ?) OR (mentorId = ? AND menteeId = ?))
                    """, [viewer, otherID, otherID, viewer], db)
        }
    }

    func mentorThread(id: MentorshipID, viewer: MemberID) async throws -> [MentorMessage] {
        try await pool.read { db in
            _ = try Self.mentorshipRow(id, involving: viewer, db)
            return try Self.fetchMessages(sql: "s.id = ?", [id], db)
        }
    }

    // MARK: Helpers

    /// The roster's `mentorMark` for the viewer (arguments: the viewer twice): their mentor,
    /// their mentee, or a mentor with room in this group.
    static let mentorMarkColumn = """
        CASE
          WHEN EXISTS (SELECT 1 FROM mentorship s WHERE s.groupId = ms.groupId AND s.status = 'active'
                       AND s.mentorId = m.id AND s.menteeId = ?) THEN 'my-mentor'
          WHEN EXISTS (SELECT 1 FROM mentorship s WHERE s.groupId = ms.groupId AND s.status = 'active'
                       AND s.menteeId = m.id AND s.mentorId = ?) THEN 'my-mentee'
          WHEN EXISTS (SELECT 1 FROM mentor_offer o WHERE o.memberId = m.id AND o.groupId = ms.groupId AND o.available
                       AND o.capacity > (SELECT COUNT(*) FROM mentorship s WHERE s.mentorId = m.id
                                         AND s.groupId = ms.groupId AND s.status = 'active')) THEN 'mentor'
        END
        """

    struct OpenOffer {
        var memberID: MemberID
        var spare: Int
    }

    struct MentorshipRow {
        var groupID: GroupID
        var mentorID: MemberID
        var menteeID: MemberID
        var status: Mentorship.Status
    }

    static func openOffers(groupID: GroupID, _ db: Database) throws -> [OpenOffer] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.memberId, o.capacity - (SELECT COUNT(*) FROM mentorship s WHERE s.mentorId = o.memberId
                  AND s.groupId = o.groupId AND s.status = 'active') AS spare
                FROM mentor_offer o JOIN membership ms ON ms.memberId = o.memberId AND ms.groupId = o.groupId
                WHERE o.groupId = ? AND o.available
                """, arguments: [groupID]
        ).map { OpenOffer(memberID: $0[0], spare: $0[1]) }.filter { $0.spare > 0 }
    }

    /// A mentorship the member is part of; anyone else is told there is no such mentorship.
    static func mentorshipRow(_ id: MentorshipID, involving memberID: MemberID, _ db: Database) throws
        -> MentorshipRow
    {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT groupId, mentorId, menteeId, status FROM mentorship WHERE id = ?", arguments: [id]),
            row[1] == memberID || row[2] == memberID
        else { throw StoreError.unknownMentorship(id) }
        return MentorshipRow(
            groupID: row[0], mentorID: row[1], menteeID: row[2], status: Mentorship.Status(rawValue: row[3]) ?? .ended)
    }

    static let mentorshipSelect = """
        SELECT s.id, s.groupId, g.slug, mr.handle AS mentor, me.handle AS mentee, s.status, s.requestNote,
          s.responseNote, s.requestedAt
        FROM mentorship s JOIN peer_group g ON g.id = s.groupId JOIN member mr ON mr.id = s.mentorId
        JOIN member me ON me.id = s.menteeId
        """

    static func fetchMentorship(_ id: MentorshipID, _ db: Database) throws -> Mentorship {
        guard let row = try Row.fetchOne(db, sql: mentorshipSelect + " WHERE s.id = ?", arguments: [id]) else {
            throw StoreError.unknownMentorship(id)
        }
        return mentorship(row)
    }

    static func mentorship(_ row: Row) -> Mentorship {
        Mentorship(
            id: row[0], groupID: row[1], groupSlug: row[2], mentorHandle: row[3], menteeHandle: row[4],
            status: Mentorship.Status(rawValue: row[5]) ?? .ended, requestNote: row[6], responseNote: row[7],
            requestedAt: Date(millisecondsSince1970: row[8]))
    }

    static func fetchMessages(sql condition: String, _ arguments: StatementArguments, _ db: Database) throws
        -> [MentorMessage]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.mentorshipId, a.handle, m.body, m.createdAt
                FROM mentor_message m JOIN mentorship s ON s.id = m.mentorshipId JOIN member a ON a.id = m.authorId
                WHERE \(condition) ORDER BY m.createdAt, m.id
                """, arguments: arguments
        ).map {
            MentorMessage(
                id: $0[0], mentorshipID: $0[1], authorHandle: $0[2], body: $0[3],
                createdAt: Date(millisecondsSince1970: $0[4]))
        }
    }
}
