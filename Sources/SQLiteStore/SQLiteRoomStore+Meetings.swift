import Foundation
import GRDB
import RoomCore
import RoomStore

/// Meetings, answers (RSVP) and check-ins to a meeting. The rules live here, inside each
/// transaction: only a group's facilitators add, edit and cancel its meetings; only its
/// members answer or check in, and only to a real occurrence, before it ends (answers) or
/// once it has begun (check-ins).
extension SQLiteRoomStore {
    /// How long after a meeting ends its members may still check in to it.
    public static let meetingCheckInWindow: TimeInterval = 7 * 24 * 3600

    func addMeeting(_ meeting: NewMeeting, by memberID: MemberID) async throws -> Meeting {
        let time = clock.now()
        let checked = try Self.checked(
            title: meeting.title, timeZone: meeting.timeZone, duration: meeting.durationMinutes,
            location: meeting.location)
        return try await write { db in
            try Self.requireFacilitator(db, memberID: memberID, groupID: meeting.groupID)
            let facilitator = meeting.facilitatorID ?? memberID
            try Self.requireFacilitator(db, memberID: facilitator, groupID: meeting.groupID)
            let rule = Self.ruleColumns(meeting.schedule)
            try db.execute(
                sql: """
                    INSERT INTO meeting (groupId, title, weekday, hour, minute, fromDay, startsAt, timeZone,
                      durationMinutes, location, facilitatorId, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [meeting.groupID, checked.title] + rule + [
                    checked.timeZone, checked.duration, checked.location, facilitator, time.millisecondsSince1970,
                ])
            return try Self.fetchMeeting(db.lastInsertedRowID, db)
        }
    }

    func editMeeting(id: MeetingID, _ changes: MeetingChanges, by memberID: MemberID)
        async throws -> Meeting
    {
        let time = clock.now()
        return try await write { db in
            let old = try Self.fetchMeeting(id, db)
            try Self.requireFacilitator(db, memberID: memberID, groupID: old.groupID)
            let checked = try Self.checked(
                title: changes.title ?? old.title, timeZone: changes.timeZone ?? old.timeZone,
                duration: changes.durationMinutes ?? old.durationMinutes, location: changes.location ?? old.location)
            let rule = Self.ruleColumns(changes.schedule ?? old.schedule)
            if let facilitator = changes.facilitatorID {
                try Self.requireFacilitator(db, memberID: facilitator, groupID: old.groupID)
                try db.execute(
                    sql: "UPDATE meeting SET facilitatorId = ? WHERE id = ?", arguments: [facilitator, id])
            }
            try db.execute(
                sql: """
                    UPDATE meeting SET title = ?, weekday = ?, hour = ?, minute = ?, fromDay = ?, startsAt = ?,
                      timeZone = ?, durationMinutes = ?, location = ?, updatedAt = ? WHERE id = ?
                    """,
                arguments: [checked.title] + rule + [
                    checked.timeZone, checked.duration, checked.location, time.millisecondsSince1970, id,
                ])
            return try Self.fetchMeeting(id, db)
        }
    }

    func cancelMeeting(id: MeetingID, by memberID: MemberID) async throws {
        let time = clock.now()
        try await write { db in
            let meeting = try Self.fetchMeeting(id, db)
            try Self.requireFacilitator(db, memberID: memberID, groupID: meeting.groupID)
            try db.execute(
                sql: "UPDATE meeting SET cancelledAt = coalesce(cancelledAt, ?) WHERE id = ?",
                arguments: [time.millisecondsSince1970, id])
        }
    }

    func meeting(id: MeetingID, viewer: MemberID?) async throws -> Meeting {
        try await pool.read { db in
            let meeting = try Self.fetchMeeting(id, db)
            guard try Self.mayRead(db, groupID: meeting.groupID, viewer: viewer) else {
                throw StoreError.unknownMeeting(id)
            }
            return meeting
        }
    }

    func upcomingMeetings(viewer: MemberID?, groupID: GroupID?, after time: Date, limit: Int) async throws
        -> [MeetingOccurrence]
    {
        try await pool.read { db in
            var sql = Self.meetingSelect + " WHERE mt.cancelledAt IS NULL AND mt.groupId IN \(Self.readableGroups)"
            var arguments: StatementArguments = [viewer ?? -1]
            if let viewer {
                sql += " AND mt.groupId IN (SELECT groupId FROM membership WHERE memberId = ?)"
                arguments += [viewer]
            }
            if let groupID {
                sql += " AND mt.groupId = ?"
                arguments += [groupID]
            }
            let meetings = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.meeting)
            let starts = meetings.flatMap { meeting in
                Recurrence.occurrences(of: meeting, notEndedAt: time, limit: limit).map {
                    MeetingOccurrence(meeting: meeting, start: $0)
                }
            }
            let soonest = starts.sorted { ($0.start, $0.meeting.id) < ($1.start, $1.meeting.id) }.prefix(limit)
            return try soonest.map { try Self.withAnswers($0, viewer: viewer, db) }
        }
    }

    func rsvp(meetingID: MeetingID, occurrence: Date, memberID: MemberID, _ answer: RSVP)
        async throws
    {
        let time = clock.now()
        try await write { db in
            let meeting = try Self.fetchMeeting(meetingID, db)
            try Self.requireMembership(db, memberID: memberID, groupID: meeting.groupID)
            try Self.requireOccurrence(meeting, occurrence)
            if meeting.end(of: occurrence) <= time {
                throw StoreError.notNow("that meeting has ended; check in to it instead")
            }
            try db.execute(
                sql: """
                    INSERT INTO meeting_rsvp (meetingId, occurrence, memberId, answer, updatedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (meetingId, occurrence, memberId) DO UPDATE SET
                      answer = excluded.answer, updatedAt = excluded.updatedAt
                    """,
                arguments: [
                    meetingID, occurrence.millisecondsSince1970, memberID, answer.rawValue, time.millisecondsSince1970,
                ])
        }
    }

    func checkIn(meetingID: MeetingID, occurrence: Date, memberID: MemberID) async throws {
        let time = clock.now()
        try await write { db in
            let meeting = try Self.fetchMeeting(meetingID, db)
            try Self.requireMembership(db, memberID: memberID, groupID: meeting.groupID)
            try Self.requireOccurrence(meeting, occurrence)
            if time < occurrence {
                throw StoreError.notNow("that meeting has not begun; check in once you are there")
            }
            let end = meeting.end(of: occurrence)
            if time > end.addingTimeInterval(Self.meetingCheckInWindow) {
                throw StoreError.notNow("check-ins close a week after a meeting")
            }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO meeting_checkin (meetingId, occurrence, memberId, createdAt)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [meetingID, occurrence.millisecondsSince1970, memberID, time.millisecondsSince1970])
        }
    }

    /// The member's most recent occurrence of a meeting that has begun (for `checkin --meeting`).
    func latestOccurrence(meetingID: MeetingID) async throws -> Date? {
        let time = clock.now()
        let meeting = try await pool.read { db in try Self.fetchMeeting(meetingID, db) }
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
        SELECT mt.*, g.name AS groupName, g.slug AS groupSlug, coalesce(f.handle, '') AS facilitator
        FROM meeting mt JOIN peer_group g ON g.id = mt.groupId LEFT JOIN member f ON f.id = mt.facilitatorId
        """

    static func fetchMeeting(_ id: MeetingID, _ db: Database) throws -> Meeting {
        guard let row = try Row.fetchOne(db, sql: meetingSelect + " WHERE mt.id = ?", arguments: [id]) else {
            throw StoreError.unknownMeeting(id)
        }
        return meeting(row)
    }

    static func meeting(_ row: Row) -> Meeting {
        let schedule: MeetingSchedule
        if let weekday: Int = row["weekday"], let day = (row["fromDay"] as String?).flatMap(CalendarDay.init(iso:)) {
            schedule = .weekly(weekday: weekday, hour: row["hour"], minute: row["minute"], from: day)
        } else {
            schedule = .once(Date(millisecondsSince1970: row["startsAt"]))
        }
        return Meeting(
            id: row["id"], groupID: row["groupId"], groupName: row["groupName"], title: row["title"],
            schedule: schedule, timeZone: row["timeZone"], durationMinutes: row["durationMinutes"],
            location: row["location"], facilitatorHandle: row["facilitator"],
            isCancelled: (row["cancelledAt"] as Int64?) != nil, groupSlug: row["groupSlug"])
    }

    static func ruleColumns(_ schedule: MeetingSchedule) -> StatementArguments {
        switch schedule {
        case .weekly(let weekday, let hour, let minute, let from):
            [weekday, hour, minute, from.description, nil]
        case .once(let start):
            [nil, nil, nil, nil, start.millisecondsSince1970]
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

    static func withAnswers(_ occurrence: MeetingOccurrence, viewer: MemberID?, _ db: Database) throws
        -> MeetingOccurrence
    {
        var occurrence = occurrence
        let at = occurrence.start.millisecondsSince1970
        let counts = try Row.fetchAll(
            db,
            sql: "SELECT answer, COUNT(*) FROM meeting_rsvp WHERE meetingId = ? AND occurrence = ? GROUP BY answer",
            arguments: [occurrence.meeting.id, at])
        for row in counts {
            switch RSVP(rawValue: row[0]) {
            case .going: occurrence.going = row[1]
            case .maybe: occurrence.maybe = row[1]
            case .no: occurrence.cannot = row[1]
            case nil: break
            }
        }
        if let viewer {
            occurrence.myRSVP = try String.fetchOne(
                db, sql: "SELECT answer FROM meeting_rsvp WHERE meetingId = ? AND occurrence = ? AND memberId = ?",
                arguments: [occurrence.meeting.id, at, viewer]
            ).flatMap(RSVP.init(rawValue:))
            occurrence.checkedIn =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM meeting_checkin WHERE meetingId = ? AND occurrence = ? AND memberId = ?",
                    arguments: [occurrence.meeting.id, at, viewer]) ?? false
        }
        return occurrence
    }
}
