import Foundation
import GRDB
import RoomCore
import RoomStore

/// The share circle of a meeting under way (migration "v20 share circle"). The rules live in
/// the write transactions (one writer at a time, so a check and its write are one step): only
/// the group's members read the circle and raise or lower their own hand, raise only while the
/// occurrence is under way and once at a time; only its facilitators pass the turn or lower
/// another's hand.
extension SQLiteRoomStore {
    func shareCircle(meetingID: MeetingID, occurrence: Date, viewer: MemberID) async throws -> ShareCircle {
        let time = clock.now()
        return try await pool.read { db in
            let meeting = try Self.circleMeeting(meetingID, occurrence, viewer: viewer, db)
            return try Self.circle(meeting, occurrence, viewer: viewer, now: time, db)
        }
    }

    func raiseHand(meetingID: MeetingID, occurrence: Date, memberID: MemberID) async throws -> ShareCircle {
        let time = clock.now()
        return try await write { db in
            let meeting = try Self.circleMeeting(meetingID, occurrence, viewer: memberID, db)
            guard meeting.isUnderWay(occurrence, at: time) else {
                throw StoreError.notNow(ShareCircle.notUnderWayMessage)
            }
            try db.execute(
                sql: """
                    INSERT INTO circle_hand (meetingId, occurrence, groupId, memberId, raisedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (meetingId, occurrence, memberId) DO NOTHING
                    """,
                arguments: [
                    meetingID, occurrence.millisecondsSince1970, meeting.groupID, memberID, time.millisecondsSince1970,
                ])
            guard db.changesCount == 1 else { throw StoreError.notNow(ShareCircle.alreadyUpMessage) }
            return try Self.circle(meeting, occurrence, viewer: memberID, now: time, db)
        }
    }

    func lowerHand(meetingID: MeetingID, occurrence: Date, hand: CircleHandID?, memberID: MemberID) async throws
        -> ShareCircle
    {
        let time = clock.now()
        return try await write { db in
            let meeting = try Self.circleMeeting(meetingID, occurrence, viewer: memberID, db)
            let at = occurrence.millisecondsSince1970
            if let hand {
                let owner = try MemberID.fetchOne(
                    db, sql: "SELECT memberId FROM circle_hand WHERE id = ? AND meetingId = ? AND occurrence = ?",
                    arguments: [hand, meetingID, at])
                if let owner, owner != memberID {
                    try Self.requireFacilitator(db, memberID: memberID, groupID: meeting.groupID)
                }
                try db.execute(sql: "DELETE FROM circle_hand WHERE id = ?", arguments: [hand])
            } else {
                try db.execute(
                    sql: "DELETE FROM circle_hand WHERE meetingId = ? AND occurrence = ? AND memberId = ?",
                    arguments: [meetingID, at, memberID])
            }
            return try Self.circle(meeting, occurrence, viewer: memberID, now: time, db)
        }
    }

    func passTurn(meetingID: MeetingID, occurrence: Date, expecting: CircleHandID?, memberID: MemberID)
        async throws -> ShareCircle
    {
        let time = clock.now()
        return try await write { db in
            let meeting = try Self.circleMeeting(meetingID, occurrence, viewer: memberID, db)
            try Self.requireFacilitator(db, memberID: memberID, groupID: meeting.groupID)
            guard meeting.isUnderWay(occurrence, at: time) else {
                throw StoreError.notNow(ShareCircle.notUnderWayMessage)
            }
            let at = occurrence.millisecondsSince1970
            let speaker = try CircleHandID.fetchOne(
                db,
                sql: "SELECT id FROM circle_hand WHERE meetingId = ? AND occurrence = ? AND speakingSince IS NOT NULL",
                arguments: [meetingID, at])
            guard speaker == expecting else { throw StoreError.notNow(ShareCircle.turnMovedMessage) }
            if let speaker { try db.execute(sql: "DELETE FROM circle_hand WHERE id = ?", arguments: [speaker]) }
            try db.execute(
                sql: """
                    UPDATE circle_hand SET speakingSince = ? WHERE id = (SELECT min(id) FROM circle_hand
                      WHERE meetingId = ? AND occurrence = ? AND speakingSince IS NULL)
                    """, arguments: [time.millisecondsSince1970, meetingID, at])
            return try Self.circle(meeting, occurrence, viewer: memberID, now: time, db)
        }
    }

    // MARK: Helpers

    /// A real occurrence of a meeting of one of `viewer`'s groups.
    static func circleMeeting(_ id: MeetingID, _ occurrence: Date, viewer: MemberID, _ db: Database) throws -> Meeting {
        let meeting = try fetchMeeting(id, db)
        guard try mayRead(db, groupID: meeting.groupID, viewer: viewer) else { throw StoreError.unknownMeeting(id) }
        try requireMembership(db, memberID: viewer, groupID: meeting.groupID)
        try requireOccurrence(meeting, occurrence)
        return meeting
    }

    static func circle(_ meeting: Meeting, _ occurrence: Date, viewer: MemberID, now: Date, _ db: Database) throws
        -> ShareCircle
    {
        let hands = try Row.fetchAll(
            db,
            sql: """
                SELECT h.id, m.handle, h.memberId, h.speakingSince IS NOT NULL AS speaking
                FROM circle_hand h JOIN member m ON m.id = h.memberId
                WHERE h.meetingId = ? AND h.occurrence = ? ORDER BY h.id
                """, arguments: [meeting.id, occurrence.millisecondsSince1970]
        ).map { row in
            CircleHand(
                id: row["id"], handle: row["handle"], isMine: (row["memberId"] as MemberID) == viewer,
                isSpeaking: row["speaking"])
        }
        let role = try String.fetchOne(
            db, sql: "SELECT role FROM membership WHERE memberId = ? AND groupId = ?",
            arguments: [viewer, meeting.groupID])
        return ShareCircle(
            meeting: meeting, occurrence: occurrence, isUnderWay: meeting.isUnderWay(occurrence, at: now),
            iFacilitate: role == Role.facilitator.rawValue, speaking: hands.first(where: \.isSpeaking),
            waiting: hands.filter { !$0.isSpeaking })
    }
}
