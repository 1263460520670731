import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Meetings: of readable groups (policy `read`); added, edited and cancelled by the group's
/// facilitators (policies `add`, `keep`); answered by members as themselves.
extension PostgresRoomStore {
    static let meetingCheckInWindow: TimeInterval = 7 * 24 * 3600

    public func addMeeting(_ meeting: NewMeeting) async throws -> Meeting {
        let me = try requireMe()
        let checked = try Self.checked(
            title: meeting.title, timeZone: meeting.timeZone, duration: meeting.durationMinutes,
            location: meeting.location)
        let now = nowMillis
        return try await write { connection in
            try await Self.requireFacilitator(connection, me: me, groupID: meeting.groupID)
            let facilitator = meeting.facilitatorID ?? me.id
            try await Self.requireFacilitator(connection, memberID: facilitator, groupID: meeting.groupID)
            let rule = Self.rule(meeting.schedule)
            let id = try await connection.scalar(
                """
                INSERT INTO meeting (group_id, title, weekday, hour, minute, from_day, starts_at, time_zone,
                  duration_minutes, location, facilitator_id, created_at)
                VALUES (\(meeting.groupID), \(checked.title), \(rule.weekday), \(rule.hour), \(rule.minute), \(rule.from),
                  \(rule.startsAt), \(checked.timeZone), \(Int64(checked.duration)), \(checked.location), \(facilitator), \(now))
                RETURNING id
                """, as: Int64.self)!
            return try await Self.fetchMeeting(id, connection)
        }
    }

    public func editMeeting(id: MeetingID, _ changes: MeetingChanges) async throws -> Meeting {
        let me = try requireMe()
        let now = nowMillis
        return try await write { connection in
            let old = try await Self.fetchMeeting(id, connection)
            try await Self.requireFacilitator(connection, me: me, groupID: old.groupID)
            let checked = try Self.checked(
                title: changes.title ?? old.title, timeZone: changes.timeZone ?? old.timeZone,
                duration: changes.durationMinutes ?? old.durationMinutes, location: changes.location ?? old.location)
            let rule = Self.rule(changes.schedule ?? old.schedule)
            if let facilitator = changes.facilitatorID {
                try await Self.requireFacilitator(connection, memberID: facilitator, groupID: old.groupID)
                try await connection.run("UPDATE meeting SET facilitator_id = \(facilitator) WHERE id = \(id)")
            }
            try await connection.run(
                """
                UPDATE meeting SET title = \(checked.title), weekday = \(rule.weekday), hour = \(rule.hour),
                  minute = \(rule.minute), from_day = \(rule.from), starts_at = \(rule.startsAt),
                  time_zone = \(checked.timeZone), duration_minutes = \(Int64(checked.duration)),
                  location = \(checked.location), updated_at = \(now)
                WHERE id = \(id)
                """)
            return try await Self.fetchMeeting(id, connection)
        }
    }

    public func cancelMeeting(id: MeetingID) async throws {
        let me = try requireMe()
        let now = nowMillis
        try await write { connection in
            let meeting = try await Self.fetchMeeting(id, connection)
            try await Self.requireFacilitator(connection, me: me, groupID: meeting.groupID)
            try await connection.run(
                "UPDATE meeting SET cancelled_at = coalesce(cancelled_at, \(now)) WHERE id = \(id)")
        }
    }

    public func meeting(id: MeetingID) async throws -> Meeting {
        try await read { connection in try await Self.fetchMeeting(id, connection) }
    }

    public func upcomingMeetings(groupID: GroupID?, after time: Date, limit: Int) async throws -> [MeetingOccurrence] {
        let isMember = me != nil
        return try await read { connection in
            var sql = SQLBuilder(Self.meetingSelect)
            sql.append(
                " WHERE mt.cancelled_at IS NULL AND mt.group_id = ANY ((SELECT CASE WHEN me() IS NULL THEN open_groups() ELSE my_groups() END)::bigint[])"
            )
            if let groupID { sql.append(" AND mt.group_id = \(sql.bind(groupID))") }
            let meetings = try await connection.rows(sql.query).map(Decode.meeting)
            let starts = meetings.flatMap { meeting in
                Recurrence.occurrences(of: meeting, notEndedAt: time, limit: limit).map {
                    MeetingOccurrence(meeting: meeting, start: $0)
                }
            }
            let soonest = starts.sorted { ($0.start, $0.meeting.id) < ($1.start, $1.meeting.id) }.prefix(limit)
            var result: [MeetingOccurrence] = []
            for occurrence in soonest {
                result.append(try await Self.withAnswers(occurrence, isMember: isMember, connection))
            }
            return result
        }
    }

    public func rsvp(meetingID: MeetingID, occurrence: Date, _ answer: RSVP) async throws {
        let me = try requireMe()
        let time = clock.now()
        try await write { connection in
            let meeting = try await Self.memberMeeting(meetingID, me: me, connection)
            try Self.requireOccurrence(meeting, occurrence)
            if meeting.end(of: occurrence) <= time {
                throw StoreError.notNow("that meeting has ended; check in to it instead")
            }
            try await connection.run(
                """
                INSERT INTO meeting_rsvp (meeting_id, occurrence, member_id, answer, updated_at)
                VALUES (\(meetingID), \(occurrence.millisecondsSince1970), \(me.id), \(answer.rawValue), \(time.millisecondsSince1970))
                ON CONFLICT (meeting_id, occurrence, member_id) DO UPDATE SET answer = excluded.answer,
                  updated_at = excluded.updated_at
                """)
        }
    }

    public func checkIn(meetingID: MeetingID, occurrence: Date) async throws {
        let me = try requireMe()
        let time = clock.now()
        try await write { connection in
            let meeting = try await Self.memberMeeting(meetingID, me: me, connection)
            try Self.requireOccurrence(meeting, occurrence)
            if time < occurrence { throw StoreError.notNow("that meeting has not begun; check in once you are there") }
            let end = meeting.end(of: occurrence)
            if time > end.addingTimeInterval(Self.meetingCheckInWindow) {
                throw StoreError.notNow("check-ins close a week after a meeting")
            }
            try await connection.run(
                """
                INSERT INTO meeting_checkin (meeting_id, occurrence, member_id, created_at)
                VALUES (\(meetingID), \(occurrence.millisecondsSince1970), \(me.id), \(time.millisecondsSince1970))
                ON CONFLICT DO NOTHING
                """)
        }
    }

    public func latestOccurrence(meetingID: MeetingID) async throws -> Date? {
        let meeting = try await read { connection in try await Self.fetchMeeting(meetingID, connection) }
        let time = clock.now()
        switch meeting.schedule {
        case .once(let start):
            return start <= time ? start : nil
        case .weekly(_, _, _, let from):
            let week = time.addingTimeInterval(-8 * 24 * 3600)
            return Recurrence.occurrences(of: meeting, notEndedAt: week, limit: 3)
                .last { $0 <= time && Recurrence.day(of: $0, in: meeting.zone) >= from }
        }
    }

    // MARK: Helpers

    static let meetingSelect = """
        SELECT mt.id, mt.group_id, mt.title, mt.weekday::bigint AS weekday, mt.hour::bigint AS hour,
          mt.minute::bigint AS minute, mt.from_day, mt.starts_at, mt.time_zone,
          mt.duration_minutes::bigint AS duration_minutes, mt.location, mt.cancelled_at,
          g.name AS group_name, g.slug AS group_slug, coalesce(f.handle, '') AS facilitator
        FROM meeting mt JOIN peer_group g ON g.id = mt.group_id LEFT JOIN member f ON f.id = mt.facilitator_id
        """

    /// A meeting of one of `me`'s groups: `notAMember` for another group's (also a closed one).
    static func memberMeeting(_ id: MeetingID, me: Member, _ connection: PostgresConnection) async throws -> Meeting {
        if let group = try await connection.scalar("SELECT meeting_group(\(id))", as: Int64.self) {
            try await requireMembership(connection, me: me, groupID: group)
        }
        return try await fetchMeeting(id, connection)
    }

    /// A meeting `me` may see (the policy), else `unknownMeeting`.
    static func fetchMeeting(_ id: MeetingID, _ connection: PostgresConnection) async throws -> Meeting {
        var sql = SQLBuilder(meetingSelect)
        sql.append(" WHERE mt.id = \(sql.bind(id))")
        guard let row = try await connection.rows(sql.query).first else { throw StoreError.unknownMeeting(id) }
        return try Decode.meeting(row)
    }

    static func requireFacilitator(_ connection: PostgresConnection, memberID: MemberID, groupID: GroupID) async throws
    {
        let role = try await connection.scalar(
            "SELECT role FROM membership WHERE member_id = \(memberID) AND group_id = \(groupID)", as: String.self)
        guard role == Role.facilitator.rawValue else {
            let handle = try await connection.scalar(
                "SELECT handle FROM member WHERE id = \(memberID)", as: String.self)
            throw StoreError.notAFacilitator(
                handle: handle ?? "member \(memberID)", group: try await slug(groupID, connection))
        }
    }

    struct Rule {
        var weekday: Int64?
        var hour: Int64?
        var minute: Int64?
        var from: String?
        var startsAt: Int64?
    }

    static func rule(_ schedule: MeetingSchedule) -> Rule {
        switch schedule {
        case .weekly(let weekday, let hour, let minute, let from):
            Rule(weekday: Int64(weekday), hour: Int64(hour), minute: Int64(minute), from: from.description)
        case .once(let start):
            Rule(startsAt: start.millisecondsSince1970)
        }
    }

    static func checked(title: String, timeZone: String, duration: Int, location: String) throws -> (
        title: String, timeZone: String, duration: Int, location: String
    ) {
        try validated { () throws(ValidationError) in
            (
                try Validate.meetingTitle(title), try Validate.timeZone(timeZone),
                try Validate.meetingDuration(duration), try Validate.meetingLocation(location)
            )
        }
    }

    static func requireOccurrence(_ meeting: Meeting, _ start: Date) throws {
        if meeting.isCancelled { throw StoreError.notNow("meeting \(meeting.id) was cancelled") }
        guard Recurrence.isOccurrence(start, of: meeting) else {
            throw StoreError.notNow("meeting \(meeting.id) does not take place at that time")
        }
    }

    static func withAnswers(_ occurrence: MeetingOccurrence, isMember: Bool, _ connection: PostgresConnection)
        async throws -> MeetingOccurrence
    {
        var occurrence = occurrence
        let at = occurrence.start.millisecondsSince1970
        let id = occurrence.meeting.id
        let counts = try await connection.rows(
            "SELECT answer, count(*) AS n FROM meeting_rsvp WHERE meeting_id = \(id) AND occurrence = \(at) GROUP BY answer"
        )
        for row in counts {
            switch RSVP(rawValue: try row.text("answer")) {
            case .going: occurrence.going = try row.count("n")
            case .maybe: occurrence.maybe = try row.count("n")
            case .no: occurrence.cannot = try row.count("n")
            case nil: break
            }
        }
        if isMember {
            occurrence.myRSVP = try await connection.scalar(
                "SELECT answer FROM meeting_rsvp WHERE meeting_id = \(id) AND occurrence = \(at) AND member_id = (SELECT me())",
                as: String.self
            ).flatMap(RSVP.init(rawValue:))
            occurrence.checkedIn =
                try await connection.scalar(
                    "SELECT true FROM meeting_checkin WHERE meeting_id = \(id) AND occurrence = \(at) AND member_id = (SELECT me())",
                    as: Bool.self) ?? false
        }
        return occurrence
    }
}

extension Decode {
    static func meeting(_ row: PostgresRandomAccessRow) throws -> Meeting {
        let schedule: MeetingSchedule
        if let weekday = try row.optionalInt("weekday"),
            let day = try row.optionalText("from_day").flatMap(CalendarDay.init(iso:))
        {
            schedule = .weekly(
                weekday: Int(weekday), hour: Int(try row.optionalInt("hour") ?? 0),
                minute: Int(try row.optionalInt("minute") ?? 0), from: day)
        } else {
            schedule = .once(Date(millisecondsSince1970: try row.optionalInt("starts_at") ?? 0))
        }
        return Meeting(
            id: try row.int("id"), groupID: try row.int("group_id"), groupName: try row.text("group_name"),
            title: try row.text("title"), schedule: schedule, timeZone: try row.text("time_zone"),
            durationMinutes: try row.count("duration_minutes"), location: try row.text("location"),
            facilitatorHandle: try row.text("facilitator"), isCancelled: try row.optionalInt("cancelled_at") != nil,
            groupSlug: try row.text("group_slug"))
    }
}
