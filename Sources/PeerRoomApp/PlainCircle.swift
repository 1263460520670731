import Foundation
import RoomCore
import RoomStore

/// The plain room's share circle: `circle N` shows the circle of meeting N of the last
/// meetings list (and makes it the one the other commands act on), `raise` and `lower` the
/// member's own hand, and for facilitators `pass` and `lower HANDLE`. The words are
/// `ShareCircle`'s, the same as the room's circle view.
extension PlainRoom {
    /// `circle [N]`: the circle of meeting N, or again the one shown last.
    mutating func showCircle(_ text: String) async throws {
        try requireMember()
        let usage = "circle N"
        if text.isEmpty, let shown = circleShown {
            let circle = try await store.shareCircle(meetingID: shown.meetingID, occurrence: shown.occurrence)
            return say(circle: circle)
        }
        let number = try number(text, usage: usage, list: "meetings")
        if meetingList.isEmpty {
            try await listMeetings()
            throw Hint("Those are the meetings; type \(usage) again with a number from this list.")
        }
        let occurrence = try item(number, of: meetingList, kind: "meeting")
        let circle = try await store.shareCircle(meetingID: occurrence.meeting.id, occurrence: occurrence.start)
        circleShown = (occurrence.meeting.id, occurrence.start)
        say(circle: circle)
    }

    /// `raise`: the member's hand goes up in the circle shown last.
    mutating func raiseHand() async throws {
        try requireWriter()
        let shown = try requireCircle()
        let circle = try await store.raiseHand(meetingID: shown.meetingID, occurrence: shown.occurrence)
        say("Your hand is up.")
        say(circle: circle)
    }

    /// `lower [HANDLE]`: the member's own hand, or (facilitators) that member's.
    mutating func lowerHand(_ text: String) async throws {
        try requireWriter()
        let shown = try requireCircle()
        var hand: CircleHandID?
        if !text.isEmpty {
            let now = try await store.shareCircle(meetingID: shown.meetingID, occurrence: shown.occurrence)
            guard let found = now.hands.first(where: { $0.handle.lowercased() == text.lowercased() }) else {
                throw Hint("\(text) has no hand up in this circle. Type circle to see who has.")
            }
            hand = found.id
        }
        let circle = try await store.lowerHand(meetingID: shown.meetingID, occurrence: shown.occurrence, hand: hand)
        say(hand == nil ? "Your hand is down." : "Lowered \(text)'s hand.")
        say(circle: circle)
    }

    /// `pass`: facilitators: the speaker is done, the next hand speaks.
    mutating func passTurn() async throws {
        try requireWriter()
        let shown = try requireCircle()
        let now = try await store.shareCircle(meetingID: shown.meetingID, occurrence: shown.occurrence)
        let circle = try await store.passTurn(
            meetingID: shown.meetingID, occurrence: shown.occurrence, expecting: now.speaking?.id)
        say("Turn passed.")
        say(circle: circle)
    }

    func requireCircle() throws -> (meetingID: MeetingID, occurrence: Date) {
        guard let circleShown else {
            throw Hint("No share circle is open: type meetings, then circle N for a meeting under way.")
        }
        return circleShown
    }

    /// The circle in reading order, as the room's view says it.
    func say(circle: ShareCircle) {
        let state = circle.isUnderWay ? "under way" : "not under way"
        say("Share circle — \(circle.meeting.title) (\(circle.meeting.groupName)), \(state).")
        say(circle.speakingLine)
        say(lines: circle.waiting.isEmpty ? ["Nobody is waiting to share."] : circle.queueLines)
        say(circle.myLine)
        say(
            circle.iFacilitate
                ? "Type raise, lower, or circle to see it again; you facilitate: pass, lower HANDLE."
                : "Type raise, lower, or circle to see it again.")
    }
}
