import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// The share circle of a meeting under way (migration "v20 share circle"). The database keeps
/// who may do what (policies: members read and raise or lower their own hand, facilitators
/// pass the turn and lower any); this type checks first to say why, checks that the
/// occurrence is under way by the room's clock, and passes the turn in a SERIALIZABLE
/// transaction (retried), so two facilitators passing at once never skip a waiting hand.
extension PostgresRoomStore {
    public func shareCircle(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle {
        let me = try requireMe()
        let time = clock.now()
        return try await read { connection in
            let meeting = try await Self.circleMeeting(meetingID, occurrence, me: me, connection)
            return try await Self.circle(meeting, occurrence, me: me, now: time, connection)
        }
    }

    public func raiseHand(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle {
        let me = try requireMe()
        let time = clock.now()
        return try await write { connection in
            let meeting = try await Self.circleMeeting(meetingID, occurrence, me: me, connection)
            guard meeting.isUnderWay(occurrence, at: time) else {
                throw StoreError.notNow(ShareCircle.notUnderWayMessage)
            }
            let raised = try await connection.run(
                """
                INSERT INTO circle_hand (meeting_id, occurrence, group_id, member_id, raised_at)
                VALUES (\(meetingID), \(occurrence.millisecondsSince1970), \(meeting.groupID), \(me.id), \(time.millisecondsSince1970))
                ON CONFLICT (meeting_id, occurrence, member_id) DO NOTHING RETURNING id
                """)
            guard raised == 1 else { throw StoreError.notNow(ShareCircle.alreadyUpMessage) }
            return try await Self.circle(meeting, occurrence, me: me, now: time, connection)
        }
    }

    public func lowerHand(meetingID: MeetingID, occurrence: Date, hand: CircleHandID?) async throws -> ShareCircle {
        let me = try requireMe()
        let time = clock.now()
        return try await write { connection in
            let meeting = try await Self.circleMeeting(meetingID, occurrence, me: me, connection)
            let at = occurrence.millisecondsSince1970
            if let hand {
                let owner = try await connection.scalar(
                    """
                    SELECT member_id FROM circle_hand WHERE id = \(hand) AND meeting_id = \(meetingID)
                      AND occurrence = \(at)
                    """, as: Int64.self)
                if let owner, owner != me.id {
                    try await Self.requireFacilitator(connection, memberID: me.id, groupID: meeting.groupID)
                }
                try await connection.run(
                    "DELETE FROM circle_hand WHERE id = \(hand) AND meeting_id = \(meetingID) AND occurrence = \(at)")
            } else {
                try await connection.run(
                    """
                    DELETE FROM circle_hand WHERE meeting_id = \(meetingID) AND occurrence = \(at)
                      AND member_id = \(me.id)
                    """)
            }
            return try await Self.circle(meeting, occurrence, me: me, now: time, connection)
        }
    }

    public func passTurn(meetingID: MeetingID, occurrence: Date, expecting: CircleHandID?) async throws
        -> ShareCircle
    {
        let me = try requireMe()
        let time = clock.now()
        return try await write(serializable: true) { connection in
            let meeting = try await Self.circleMeeting(meetingID, occurrence, me: me, connection)
            try await Self.requireFacilitator(connection, memberID: me.id, groupID: meeting.groupID)
            guard meeting.isUnderWay(occurrence, at: time) else {
                throw StoreError.notNow(ShareCircle.notUnderWayMessage)
            }
            let at = occurrence.millisecondsSince1970
            let speaker = try await connection.scalar(
                """
                SELECT id FROM circle_hand WHERE meeting_id = \(meetingID) AND occurrence = \(at)
                  AND speaking_since IS NOT NULL
                """, as: Int64.self)
            guard speaker == expecting else { throw StoreError.notNow(ShareCircle.turnMovedMessage) }
            if let speaker { try await connection.run("DELETE FROM circle_hand WHERE id = \(speaker)") }
            try await connection.run(
                """
                UPDATE circle_hand SET speaking_since = \(time.millisecondsSince1970) WHERE id = (SELECT min(id)
                  FROM circle_hand WHERE meeting_id = \(meetingID) AND occurrence = \(at) AND speaking_since IS NULL)
                """)
            return try await Self.circle(meeting, occurrence, me: me, now: time, connection)
        }
    }

    // MARK: Helpers

    /// A real occurrence of a meeting of one of `me`'s groups.
    static func circleMeeting(_ id: MeetingID, _ occurrence: Date, me: Member, _ connection: PostgresConnection)
        async throws -> Meeting
    {
        let meeting = try await memberMeeting(id, me: me, connection)
        try requireOccurrence(meeting, occurrence)
        return meeting
    }

    static func circle(_ meeting: Meeting, _ occurrence: Date, me: Member, now: Date, _ connection: PostgresConnection)
        async throws -> ShareCircle
    {
        let rows = try await connection.rows(
            """
            SELECT h.id, m.handle, h.member_id, h.speaking_since IS NOT NULL AS speaking
            FROM circle_hand h JOIN member m ON m.id = h.member_id
            WHERE h.meeting_id = \(meeting.id) AND h.occurrence = \(occurrence.millisecondsSince1970) ORDER BY h.id
            """)
        let hands = try rows.map { row in
            CircleHand(
                id: try row.int("id"), handle: try row.text("handle"), isMine: try row.int("member_id") == me.id,
                isSpeaking: try row.bool("speaking"))
        }
        let facilitates =
            try await connection.scalar("SELECT facilitates(\(meeting.groupID))", as: Bool.self) ?? false
        return ShareCircle(
            meeting: meeting, occurrence: occurrence, isUnderWay: meeting.isUnderWay(occurrence, at: now),
            iFacilitate: facilitates, speaking: hands.first(where: \.isSpeaking),
            waiting: hands.filter { !$0.isSpeaking })
    }
}
