import Foundation
import GRDB
import RoomCore
import RoomStore

extension SQLiteRoomStore {
    /// The meeting answers, check-ins and mentorship of `export --me`: the member's own only.
    static func exportMeetingsAndMentorship(_ export: inout MemberExport, memberID: MemberID, _ db: Database) throws {
        func date(_ value: Int64) -> Date { Date(millisecondsSince1970: value) }
        export.rsvps = try Row.fetchAll(
            db, sql: "SELECT meetingId, occurrence, answer FROM meeting_rsvp WHERE memberId = ? ORDER BY occurrence",
            arguments: [memberID]
        ).map { MemberExport.RSVPItem(meeting: $0[0], occurrence: date($0[1]), answer: $0[2]) }
        export.meetingCheckIns = try Row.fetchAll(
            db, sql: "SELECT meetingId, occurrence FROM meeting_checkin WHERE memberId = ? ORDER BY occurrence",
            arguments: [memberID]
        ).map { MemberExport.MeetingCheckInItem(meeting: $0[0], occurrence: date($0[1])) }
        export.checkIns = try Row.fetchAll(
            db, sql: "SELECT day, mood, note FROM daily_checkin WHERE memberId = ? ORDER BY day", arguments: [memberID]
        ).map { MemberExport.CheckInItem(day: $0[0], mood: $0[1], note: $0[2]) }
        export.mentorOffers = try Row.fetchAll(
            db,
            sql: """
                SELECT g.slug, o.note, o.capacity, o.available FROM mentor_offer o JOIN peer_group g ON g.id = o.groupId
                WHERE o.memberId = ? ORDER BY g.slug
                """, arguments: [memberID]
        ).map { MemberExport.MentorOfferItem(group: $0[0], note: $0[1], capacity: $0[2], available: $0[3]) }
        export.mentorships = try Row.fetchAll(
            db, sql: mentorshipSelect + " WHERE s.mentorId = ?1 OR s.menteeId = ?1 ORDER BY s.id", arguments: [memberID]
        ).map(mentorship).map {
            MemberExport.MentorshipItem(
                id: $0.id, group: $0.groupSlug, mentor: $0.mentorHandle, mentee: $0.menteeHandle,
                status: $0.status.rawValue)
        }
        export.mentorMessages = try Row.fetchAll(
            db,
            sql: "SELECT mentorshipId, body, createdAt FROM mentor_message WHERE authorId = ? ORDER BY createdAt, id",
            arguments: [memberID]
        ).map { MemberExport.MentorMessageItem(mentorship: $0[0], body: $0[1], createdAt: date($0[2])) }
        export.supportCalls = try Row.fetchAll(
            db,
            sql: """
                SELECT id, line, createdAt, answeredAt IS NOT NULL FROM support_signal WHERE memberId = ?
                ORDER BY createdAt, id
                """, arguments: [memberID]
        ).map { MemberExport.SupportCallItem(id: $0[0], line: $0[1], createdAt: date($0[2]), answered: $0[3]) }
        export.supportMessages = try Row.fetchAll(
            db,
            sql: "SELECT signalId, body, createdAt FROM support_message WHERE authorId = ? ORDER BY createdAt, id",
            arguments: [memberID]
        ).map { MemberExport.SupportMessageItem(call: $0[0], body: $0[1], createdAt: date($0[2])) }
    }
}
