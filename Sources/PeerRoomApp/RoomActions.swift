import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// Each act of a member, once: the room's effect runner, the commands and the plain room call
/// these. An act checks its input the same way everywhere, calls the session's store, and
/// returns what it did as an `Acted`, whose `words(_:)` each surface shows (a notice, a
/// printed line, a plain line). Rules stay in the store; "now" and "today" are the store's
/// clock, so a test clock drives them too.
struct RoomActions: Sendable {
    /// The session acts as its member (or a guest, which the store refuses to let write).
    let store: any RoomStore

    /// The member's calendar day now (in their time zone), by the backend's clock.
    var today: CalendarDay { Recurrence.day(of: store.clock.now(), in: .current) }

    // MARK: Checks before anything is touched (commands run them before opening the store)

    static func check(_ story: NewStory) throws {
        _ = try Validate.title(story.title)
        _ = try Validate.body(story.body)
        _ = try Validate.contentWarning(story.contentWarning)
    }

    static func checkReply(_ body: String) throws { _ = try Validate.reply(body) }

    static func checkEncouragement(_ body: String) throws { _ = try Validate.encouragement(body) }

    // MARK: Acts

    /// Takes a pseudonym: the session acts as the new member from now on.
    func takePseudonym(_ handle: String) async throws -> (member: Member, acted: Acted) {
        let member = try await store.takePseudonym(handle, recoveryStart: nil)
        return (member, .welcomed(handle: member.handle))
    }

    /// `group`: the story's group, where the surface names it (the room's words do not).
    func post(_ story: NewStory, in group: GroupSummary? = nil) async throws -> (acted: Acted, story: StorySummary) {
        try Self.check(story)
        let posted = try await store.post(story)
        return (.posted(posted, group: group), posted)
    }

    /// The story is read again after the reply: the room shows it with the reply under it.
    func reply(to storyID: StoryID, body: String) async throws -> (acted: Acted, story: Story) {
        try Self.checkReply(body)
        let reply = try await store.reply(to: storyID, body: body)
        let story = try await store.story(id: storyID)
        return (.replied(reply, story: story.summary), story)
    }

    /// To the whole group, or to the member `handle`. `group` as for `post`.
    func encourage(
        groupID: GroupID, to handle: String?, body: String, in group: GroupSummary? = nil
    ) async throws -> (acted: Acted, sent: Encouragement) {
        try Self.checkEncouragement(body)
        var recipient: MemberID?
        if let handle { recipient = try await store.member(handle: handle).id }
        let sent = try await store.encourage(NewEncouragement(groupID: groupID, recipientID: recipient, body: body))
        return (.encouraged(sent, group: group), sent)
    }

    /// Gives the reaction, or takes it back; the story as it is after it.
    func react(to storyID: StoryID, _ kind: ReactionKind) async throws -> (acted: Acted, story: StorySummary) {
        let given = try await store.toggleReaction(storyID: storyID, kind: kind)
        let story = try await store.story(id: storyID).summary
        return (.reacted(kind, given: given, story: story, by: store.me?.handle ?? ""), story)
    }

    /// `title`: the story's, where the surface names stories by title.
    func report(_ target: ModerationTarget, reason: String, title: String? = nil) async throws -> Acted {
        let reason = try Validate.reportReason(reason)
        try await store.report(target, reason: reason)
        return .reported(target, title: title)
    }

    /// The daily check-in, on the member's calendar day by the store's clock.
    func checkIn(mood: Int, note: String?) async throws -> CheckInSummary {
        let mood = try Validate.mood(mood)
        let note = try Validate.checkInNote(note)
        return try await store.recordCheckIn(DailyCheckIn(day: today, mood: mood, note: note))
    }

    /// "I was there": to `start`, or else the latest occurrence that has begun.
    func checkIn(toMeeting meeting: MeetingID, at start: Date? = nil) async throws -> Acted {
        var occurrence = start
        if occurrence == nil { occurrence = try await store.latestOccurrence(meetingID: meeting) }
        guard let start = occurrence else {
            throw Failure("meeting \(meeting) has not begun yet; check in once you are there", status: .dataError)
        }
        try await store.checkIn(meetingID: meeting, occurrence: start)
        return .checkedInToMeeting(meeting, when: MeetingTime.when(start, zone: .current, now: store.clock.now()))
    }

    /// Occurrences not yet ended by the store's clock, soonest first.
    func upcomingMeetings(groupID: GroupID?, limit: Int) async throws -> [MeetingOccurrence] {
        try await store.upcomingMeetings(groupID: groupID, after: store.clock.now(), limit: limit)
    }
}
