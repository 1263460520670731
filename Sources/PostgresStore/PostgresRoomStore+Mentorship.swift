import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Mentorship. A mentorship and its thread are readable by its two members alone (policy
/// `pair`); answering and capacity are checked by the invoker trigger `check_mentorship`, in a
/// SERIALIZABLE transaction so two mentees accepted at once cannot overfill a mentor.
extension PostgresRoomStore {
    public func offerMentoring(groupID: GroupID, note: String, capacity: Int, available: Bool) async throws {
        let me = try requireMe()
        let note = try Self.validated { () throws(ValidationError) in try Validate.mentorNote(note) }
        let capacity = try Self.validated { () throws(ValidationError) in try Validate.mentorCapacity(capacity) }
        let now = nowMillis
        try await write { connection in
            let role = try await connection.scalar(
                "SELECT role FROM my_group WHERE member_id = (SELECT me()) AND group_id = \(groupID)", as: String.self)
            guard let role else {
                try await Self.requireMembership(connection, me: me, groupID: groupID)
                return
            }
            guard role == Role.peerMentor.rawValue || role == Role.facilitator.rawValue else {
                throw StoreError.notAllowed("only the group's peer mentors and facilitators offer mentoring")
            }
            try await connection.run(
                """
                INSERT INTO mentor_offer (member_id, group_id, note, capacity, available, updated_at)
                VALUES (\(me.id), \(groupID), \(note), \(Int64(capacity)), \(available), \(now))
                ON CONFLICT (member_id, group_id) DO UPDATE SET note = excluded.note, capacity = excluded.capacity,
                  available = excluded.available, updated_at = excluded.updated_at
                """)
        }
    }

    public func mentors(groupID: GroupID) async throws -> [MentorOffer] {
        try await read { connection in
            try await connection.rows(
                """
                SELECT m.handle, o.group_id, o.note, o.capacity::bigint AS capacity, o.available,
                  mentee_count(o.member_id, o.group_id)::bigint AS mentees
                FROM mentor_offer o JOIN member m ON m.id = o.member_id
                JOIN membership ms ON ms.member_id = o.member_id AND ms.group_id = o.group_id
                WHERE o.group_id = \(groupID) ORDER BY lower(m.handle), m.id
                """
            ).map { row in
                MentorOffer(
                    handle: try row.text("handle"), groupID: try row.int("group_id"), note: try row.text("note"),
                    capacity: try row.count("capacity"), isAvailable: try row.bool("available"),
                    mentees: try row.count("mentees"))
            }
        }
    }

    public func requestMentor(groupID: GroupID, mentorID: MemberID?, note: String?) async throws -> Mentorship {
        let me = try requireMe()
        let note = try note.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.mentorNote(text) }
        }
        let now = nowMillis
        return try await write(serializable: true) { connection in
            try await Self.requireMembership(connection, me: me, groupID: groupID)
            if try await connection.scalar(
                """
                SELECT true FROM mentorship WHERE group_id = \(groupID) AND mentee_id = (SELECT me())
                  AND status IN ('requested', 'active')
                """, as: Bool.self) != nil
            {
                throw StoreError.notAllowed("you already have a mentor (or a request) in this group; end it first")
            }
            let open = try await connection.rows(
                """
                SELECT o.member_id, mentor_room(o.member_id, o.group_id)::bigint AS spare FROM mentor_offer o
                JOIN membership ms ON ms.member_id = o.member_id AND ms.group_id = o.group_id
                WHERE o.group_id = \(groupID) AND o.member_id != (SELECT me()) AND mentor_room(o.member_id, o.group_id) > 0
                """
            ).map { (id: try $0.int("member_id"), spare: try $0.int("spare")) }
            let chosen: MemberID
            if let mentorID {
                guard mentorID != me.id else { throw StoreError.ownContent("you cannot be your own mentor") }
                guard open.contains(where: { $0.id == mentorID }) else {
                    throw StoreError.notAllowed("that member is not an available mentor in this group right now")
                }
                chosen = mentorID
            } else {
                guard let best = open.max(by: { ($0.spare, $1.id) < ($1.spare, $0.id) }) else {
                    throw StoreError.notAllowed("no mentor in this group is available right now; try again soon")
                }
                chosen = best.id
            }
            let id = try await connection.scalar(
                """
                INSERT INTO mentorship (group_id, mentor_id, mentee_id, status, request_note, requested_at)
                VALUES (\(groupID), \(chosen), \(me.id), 'requested', \(note), \(now)) RETURNING id
                """, as: Int64.self)!
            return try await Self.fetchMentorship(id, connection)
        }
    }

    public func respondToMentorship(id: MentorshipID, accept: Bool, note: String?) async throws -> Mentorship {
        let me = try requireMe()
        let note = try note.map { text in
            try Self.validated { () throws(ValidationError) in try Validate.mentorNote(text) }
        }
        let now = nowMillis
        return try await write(serializable: true) { connection in
            let row = try await Self.mentorshipRow(id, connection)
            guard row.mentor == me.id else {
                throw StoreError.notAllowed("only the mentor asked can accept or decline")
            }
            guard row.status == .requested else {
                throw StoreError.notAllowed("mentorship \(id) is \(row.status.rawValue), not waiting for an answer")
            }
            if accept,
                try await connection.scalar("SELECT mentor_room((SELECT me()), \(row.group))", as: Int32.self) ?? 0 <= 0
            {
                throw StoreError.notAllowed("you have no room for another mentee; raise your capacity first")
            }
            let response = note ?? (accept ? nil : Mentorship.kindDecline(mentor: me.handle))
            try await connection.run(
                """
                UPDATE mentorship SET status = \(accept ? "active" : "declined"), response_note = \(response),
                  responded_at = \(now) WHERE id = \(id)
                """)
            return try await Self.fetchMentorship(id, connection)
        }
    }

    public func endMentorship(id: MentorshipID) async throws {
        _ = try requireMe()
        let now = nowMillis
        try await write { connection in
            let row = try await Self.mentorshipRow(id, connection)
            guard row.status == .requested || row.status == .active else {
                throw StoreError.notAllowed("mentorship \(id) has already ended")
            }
            try await connection.run("UPDATE mentorship SET status = 'ended', ended_at = \(now) WHERE id = \(id)")
        }
    }

    public func mentorships() async throws -> [Mentorship] {
        try await read { connection in
            var sql = SQLBuilder(Self.mentorshipSelect)
            sql.append(" WHERE (SELECT me()) IN (s.mentor_id, s.mentee_id) ORDER BY s.requested_at, s.id")
            return try await connection.rows(sql.query).map(Decode.mentorship)
        }
    }

    public func sendMentorMessage(to memberID: MemberID, body: String) async throws -> MentorMessage {
        _ = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.mentorMessage(body) }
        let now = nowMillis
        return try await write { connection in
            guard
                let id = try await connection.scalar(
                    """
                    SELECT id FROM mentorship WHERE status = 'active'
                      AND ((mentor_id = (SELECT me()) AND mentee_id = \(memberID)) OR (mentee_id = (SELECT me()) AND mentor_id = \(memberID)))
                    ORDER BY id DESC LIMIT 1
                    """, as: Int64.self)
            else { throw StoreError.notAllowed("you can write privately only to your mentor or mentee") }
            let message = try await connection.scalar(
                """
                INSERT INTO mentor_message (mentorship_id, author_id, body, created_at)
                VALUES (\(id), (SELECT me()), \(body), \(now)) RETURNING id
                """, as: Int64.self)!
            return try await Self.messages(connection, where: "x.id = $1", message)[0]
        }
    }

    /// The policy shows only threads `me` is in, so another pair's is empty, not an error.
    public func mentorThread(with memberID: MemberID) async throws -> [MentorMessage] {
        try await read { connection in
            try await Self.messages(
                connection,
                where:
                    "(s.mentor_id = $1 AND s.mentee_id = (SELECT me())) OR (s.mentee_id = $1 AND s.mentor_id = (SELECT me()))",
                memberID)
        }
    }

    public func mentorThread(id: MentorshipID) async throws -> [MentorMessage] {
        try await read { connection in
            _ = try await Self.mentorshipRow(id, connection)
            return try await Self.messages(connection, where: "s.id = $1", id)
        }
    }

    // MARK: Helpers

    static let mentorshipSelect = """
        SELECT s.id, s.group_id, g.slug, mr.handle AS mentor, mt.handle AS mentee, s.status, s.request_note,
          s.response_note, s.requested_at
        FROM mentorship s JOIN peer_group g ON g.id = s.group_id
        JOIN member mr ON mr.id = s.mentor_id JOIN member mt ON mt.id = s.mentee_id
        """

    static func fetchMentorship(_ id: MentorshipID, _ connection: PostgresConnection) async throws -> Mentorship {
        var sql = SQLBuilder(mentorshipSelect)
        sql.append(" WHERE s.id = \(sql.bind(id))")
        guard let row = try await connection.rows(sql.query).first else { throw StoreError.unknownMentorship(id) }
        return try Decode.mentorship(row)
    }

    /// `unknownMentorship` unless `me` is one of its two (the policy hides the rest).
    static func mentorshipRow(_ id: MentorshipID, _ connection: PostgresConnection) async throws
        -> (group: GroupID, mentor: MemberID, mentee: MemberID, status: Mentorship.Status)
    {
        guard
            let row = try await connection.rows(
                "SELECT group_id, mentor_id, mentee_id, status FROM mentorship WHERE id = \(id)"
            ).first
        else { throw StoreError.unknownMentorship(id) }
        return (
            try row.int("group_id"), try row.int("mentor_id"), try row.int("mentee_id"),
            Mentorship.Status(rawValue: try row.text("status")) ?? .ended
        )
    }

    static func messages(_ connection: PostgresConnection, where condition: String, _ value: Int64) async throws
        -> [MentorMessage]
    {
        let sql = """
            SELECT x.id, x.mentorship_id, m.handle, x.body, x.created_at FROM mentor_message x
            JOIN mentorship s ON s.id = x.mentorship_id JOIN member m ON m.id = x.author_id
            WHERE \(condition) ORDER BY x.created_at, x.id
            """
        return try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings(value))).map { row in
            MentorMessage(
                id: try row.int("id"), mentorshipID: try row.int("mentorship_id"), authorHandle: try row.text("handle"),
                body: try row.text("body"), createdAt: try row.date("created_at"))
        }
    }
}

extension Decode {
    static func mentorship(_ row: PostgresRandomAccessRow) throws -> Mentorship {
        Mentorship(
            id: try row.int("id"), groupID: try row.int("group_id"), groupSlug: try row.text("slug"),
            mentorHandle: try row.text("mentor"), menteeHandle: try row.text("mentee"),
            status: Mentorship.Status(rawValue: try row.text("status")) ?? .ended,
            requestNote: try row.optionalText("request_note"), responseNote: try row.optionalText("response_note"),
            requestedAt: try row.date("requested_at"))
    }
}
