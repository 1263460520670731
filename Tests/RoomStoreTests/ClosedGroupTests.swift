import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// The fixture's closed "quiet-room" (fern facilitates, Alder is a member) with something in
/// every list: a story with a reply and a reaction, encouragement, a meeting, a mentor offer.
/// dune belongs to the open groups only; ghost to none.
private struct QuietRoom {
    let room: FixtureRoom
    let quiet: GroupID
    let fern: MemberID
    let alder: MemberID
    let dune: MemberID
    let ghost: MemberID
    let story: StoryID
    let meeting: MeetingID

    init(_ backend: Backend) async throws {
        room = try await FixtureRoom(backend)
        quiet = try await room.group("quiet-room").id
        fern = try await room.member("fern").id
        alder = try await room.member("Alder").id
        dune = try await room.member("dune").id
        ghost = try await room.member("ghost").id
        story = try await room.acting(alder, at: seedNow).post(
            NewStory(
                groupID: quiet, kind: .reflection, title: "Harbour lights",
                body: "Only the quiet room knows about the harbour.")
        ).id
        _ = try await room.acting(fern, at: seedNow).reply(to: story, body: "Thank you for trusting us.")
        try await room.acting(fern, at: seedNow).toggleReaction(storyID: story, kind: .support)
        _ = try await room.acting(fern, at: seedNow).encourage(
            NewEncouragement(groupID: quiet, recipientID: alder, body: "Glad you are here."))
        meeting = try await room.acting(fern, at: seedNow).addMeeting(
            NewMeeting(
                groupID: quiet, title: "Quiet hour",
                schedule: .weekly(weekday: 3, hour: 19, minute: 0, from: CalendarDay(iso: "2026-03-01")!),
                timeZone: "Europe/London", durationMinutes: 60, location: "the back room at 12 Harbour Lane")
        ).id
        try await room.acting(fern, at: seedNow).offerMentoring(
            groupID: quiet, note: "Ask me anything", capacity: 2, available: true)
    }

    var store: any RoomStore { room.store }

    /// Everyone outside the group: a guest (nil), a member of other groups, a member of none.
    var outsiders: [(String, MemberID?)] { [("a guest", nil), ("dune", dune), ("ghost", ghost)] }
    /// Everyone inside it.
    var insiders: [(String, MemberID?)] { [("Alder, a member", alder), ("fern, its facilitator", fern)] }

    func stories(_ viewer: MemberID?) async throws -> [StorySummary] {
        try await room.acting(viewer).stories(groupID: quiet, page: .first, limit: 50).items
    }
}

@Suite("Closed groups: reading, per role")
struct ClosedGroupReadingTests {
    @Test(arguments: Backend.all) func outsidersReadNothingOfAClosedGroupAndInsidersReadAll(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let closed = StoreError.closedGroup("quiet-room")
        for (who, viewer) in q.outsiders {
            await #expect(throws: closed, "\(who): stories") { try await q.stories(viewer) }
            await #expect(throws: closed, "\(who): roster") {
                try await q.room.acting(viewer).roster(groupID: q.quiet, page: .first, limit: 50)
            }
            await #expect(throws: closed, "\(who): encouragement") {
                try await q.room.acting(viewer).encouragement(groupID: q.quiet, page: .first, limit: 50)
            }
            await #expect(throws: StoreError.unknownStory(q.story), "\(who): the story, as if there were none") {
                try await q.room.acting(viewer).story(id: q.story)
            }
            #expect(try await q.room.acting(viewer).search("harbour", groupID: nil, limit: 50).isEmpty, "\(who)")
            #expect(try await q.room.acting(viewer).search("harbour", groupID: q.quiet, limit: 50).isEmpty, "\(who)")
            let meetings = try await q.room.acting(viewer).upcomingMeetings(groupID: nil, after: seedNow, limit: 50)
            #expect(!meetings.contains { $0.meeting.groupID == q.quiet }, "\(who): meetings")
            #expect(
                try await q.room.acting(viewer).upcomingMeetings(groupID: q.quiet, after: seedNow, limit: 5).isEmpty,
                "\(who): the group's meetings")
            await #expect(throws: StoreError.unknownMeeting(q.meeting), "\(who): the meeting and where it is") {
                try await q.room.acting(viewer).meeting(id: q.meeting)
            }
            #expect(try await q.room.acting(viewer).mentors(groupID: q.quiet).isEmpty, "\(who): mentors")
            let listed = try #require(try await q.room.acting(viewer).groupDirectory().first { $0.id == q.quiet })
            #expect(!listed.isReadable && listed.name == "Quiet Room" && listed.topic == "Invitation only", "\(who)")
            #expect(listed.memberCount == 0 && listed.storyCount == 0 && listed.unreadCount == 0, "\(who): counts")
        }
        for (who, viewer) in q.insiders {
            #expect(try await q.stories(viewer).map(\.title) == ["Harbour lights"], "\(who)")
            let roster = try await q.room.acting(viewer).roster(groupID: q.quiet, page: .first, limit: 50)
            #expect(roster.items.map(\.handle) == ["fern", "Alder"], "\(who)")
            let messages = try await q.room.acting(viewer).encouragement(groupID: q.quiet, page: .first, limit: 50)
            #expect(messages.items.map(\.body) == ["Glad you are here."], "\(who)")
            let story = try await q.room.acting(viewer).story(id: q.story)
            #expect(story.replies.count == 1 && story.reactions.count == 1, "\(who)")
            #expect(try await q.room.acting(viewer).search("harbour", groupID: nil, limit: 50).count == 1, "\(who)")
            let meetings = try await q.room.acting(viewer).upcomingMeetings(groupID: q.quiet, after: seedNow, limit: 1)
            #expect(meetings.first?.meeting.location == "the back room at 12 Harbour Lane", "\(who)")
            #expect(try await q.room.acting(viewer).meeting(id: q.meeting).title == "Quiet hour", "\(who)")
            #expect(try await q.room.acting(viewer).mentors(groupID: q.quiet).map(\.handle) == ["fern"], "\(who)")
            let listed = try #require(try await q.room.acting(viewer).groupDirectory().first { $0.id == q.quiet })
            #expect(listed.isReadable && listed.memberCount == 2 && listed.storyCount == 1, "\(who): counts")
        }
    }

    @Test(arguments: Backend.all) func countsAndUnreadOfAClosedGroupStayWithItsMembers(_ backend: Backend) async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let guestList = try await q.room.acting(nil).groups()
        let listed = try #require(guestList.first { $0.id == q.quiet })
        #expect(!listed.isReadable && listed.memberCount == 0 && listed.storyCount == 0)
        let bySlug = try await q.store.group(slug: "quiet-room")
        #expect(!bySlug.isReadable && bySlug.memberCount == 0 && bySlug.storyCount == 0, "listed for no one")
        #expect(try await q.store.group(slug: "circle").storyCount == 2, "an open group keeps its counts")
        // The next unread story and the read position are the members' alone.
        #expect(try await q.room.acting(q.dune).nextUnread(groupID: q.quiet) == nil)
        #expect(try await q.room.acting(q.fern).nextUnread(groupID: q.quiet) == q.story)
        await #expect(throws: StoreError.unknownStory(q.story)) {
            try await q.room.acting(q.dune).markRead(storyID: q.story)
        }
        #expect(try await q.room.acting(q.dune).readPosition(groupID: q.quiet) == nil)
        let fernsList = try await q.room.acting(q.fern).groups()
        #expect(fernsList.first { $0.id == q.quiet }?.unreadCount == 1)
    }

    @Test(arguments: Backend.all) func outsidersWriteNothingInAClosedGroup(_ backend: Backend) async throws {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let refused = StoreError.notAMember(handle: "dune", group: "quiet-room")
        await #expect(throws: refused, "post") {
            try await q.room.acting(q.dune, at: seedNow).post(
                NewStory(groupID: q.quiet, kind: .triumph, title: "In", body: "Hello"))
        }
        await #expect(throws: refused, "encourage") {
            try await q.room.acting(q.dune, at: seedNow).encourage(NewEncouragement(groupID: q.quiet, body: "Hi"))
        }
        await #expect(throws: refused, "reply") {
            try await q.room.acting(q.dune, at: seedNow).reply(to: q.story, body: "Hi")
        }
        await #expect(throws: refused, "react") {
            try await q.room.acting(q.dune, at: seedNow).toggleReaction(storyID: q.story, kind: .proud)
        }
        await #expect(throws: refused, "report") {
            try await q.room.acting(q.dune, at: seedNow).report(.story(q.story), reason: "nosy")
        }
        let next = try await q.room.acting(q.fern).upcomingMeetings(groupID: q.quiet, after: seedNow, limit: 1)
        let start = try #require(next.first?.start)
        await #expect(throws: refused, "rsvp") {
            try await q.room.acting(q.dune, at: seedNow).rsvp(meetingID: q.meeting, occurrence: start, .going)
        }
        #expect(try await q.stories(q.fern).count == 1, "nothing was added")
    }
}

@Suite("Closed groups: asking, inviting, answering")
struct JoinRequestTests {
    @Test(arguments: Backend.all) func askingWaitsForAFacilitatorWhoApprovesAndThenTheMemberReads(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        #expect(try await q.room.acting(q.dune, at: seedNow).join(groupID: q.quiet) == .asked)
        #expect(try await q.room.acting(q.dune, at: seedNow).join(groupID: q.quiet) == .asked, "asking twice")
        await #expect(throws: StoreError.closedGroup("quiet-room"), "asking is not reading") {
            try await q.stories(q.dune)
        }
        let asked = try await q.room.acting(q.dune).groupDirectory().first { $0.id == q.quiet }
        #expect(asked?.joinRequest == .asked && asked?.isReadable == false)
        #expect(try await !q.room.acting(q.dune).groups().contains { $0.id == q.quiet })

        // Only facilitators see and answer requests: not a member, not the one who asked.
        for (who, id) in [("Alder", q.alder), ("dune", q.dune)] {
            await #expect(throws: StoreError.notAFacilitator(handle: who, group: "quiet-room")) {
                try await q.room.acting(id).joinRequests(groupID: q.quiet)
            }
            await #expect(throws: StoreError.notAFacilitator(handle: who, group: "quiet-room")) {
                try await q.room.acting(id, at: seedNow).answerJoinRequest(
                    groupID: q.quiet, memberID: q.dune, approve: true)
            }
        }
        let requests = try await q.room.acting(q.fern).joinRequests(groupID: q.quiet)
        #expect(requests.map(\.handle) == ["dune"] && requests.map(\.kind) == [.asked])

        try await q.room.acting(q.fern, at: seedNow).answerJoinRequest(
            groupID: q.quiet, memberID: q.dune, approve: true)
        #expect(try await q.stories(q.dune).map(\.title) == ["Harbour lights"])
        let joined = try await q.room.acting(q.dune).groups().first { $0.id == q.quiet }
        #expect(joined?.myRole == .newcomer && joined?.joinRequest == nil)
        #expect(try await q.room.acting(q.fern).joinRequests(groupID: q.quiet).isEmpty)
        #expect(try await q.room.acting(q.dune, at: seedNow).join(groupID: q.quiet) == .alreadyMember)
    }

    @Test(arguments: Backend.all) func aDeclinedRequestLeavesThemOutsideAndTheyMayAskAgain(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        _ = try await q.room.acting(q.ghost, at: seedNow).join(groupID: q.quiet)
        try await q.room.acting(q.fern, at: seedNow).answerJoinRequest(
            groupID: q.quiet, memberID: q.ghost, approve: false)
        await #expect(throws: StoreError.closedGroup("quiet-room")) { try await q.stories(q.ghost) }
        #expect(try await q.room.acting(q.fern).joinRequests(groupID: q.quiet).isEmpty)
        await #expect(throws: StoreError.unknownJoinRequest(handle: "ghost", group: "quiet-room")) {
            try await q.room.acting(q.fern, at: seedNow).answerJoinRequest(
                groupID: q.quiet, memberID: q.ghost, approve: true)
        }
        #expect(try await q.room.acting(q.ghost, at: seedNow).join(groupID: q.quiet) == .asked)
    }

    @Test(arguments: Backend.all) func anInvitationIsAcceptedByJoiningAndLetsInOneWhoAsked(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        await #expect(throws: StoreError.notAFacilitator(handle: "Alder", group: "quiet-room")) {
            try await q.room.acting(q.alder, at: seedNow).invite(memberID: q.ghost, groupID: q.quiet)
        }
        #expect(try await q.room.acting(q.fern, at: seedNow).invite(memberID: q.ghost, groupID: q.quiet) == .invited)
        await #expect(throws: StoreError.closedGroup("quiet-room"), "invited is not in yet") {
            try await q.stories(q.ghost)
        }
        let invitations = try await q.room.acting(q.fern).joinRequests(groupID: q.quiet)
        #expect(invitations.map(\.kind) == [.invited] && invitations.first?.invitedBy == "fern")
        await #expect(throws: StoreError.unknownJoinRequest(handle: "ghost", group: "quiet-room"), "theirs to accept") {
            try await q.room.acting(q.fern, at: seedNow).answerJoinRequest(
                groupID: q.quiet, memberID: q.ghost, approve: true)
        }
        #expect(try await q.room.acting(q.ghost).groupDirectory().first { $0.id == q.quiet }?.joinRequest == .invited)
        #expect(try await q.room.acting(q.ghost, at: seedNow).join(groupID: q.quiet) == .joined)
        #expect(try await q.stories(q.ghost).count == 1)

        _ = try await q.room.acting(q.dune, at: seedNow).join(groupID: q.quiet)
        #expect(try await q.room.acting(q.fern, at: seedNow).invite(memberID: q.dune, groupID: q.quiet) == .joined)
        #expect(
            try await q.room.acting(q.fern, at: seedNow).invite(memberID: q.dune, groupID: q.quiet) == .alreadyMember)
    }

    @Test(arguments: Backend.all) func anOpenGroupIsJoinedAtOnce(_ backend: Backend) async throws {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let third = try await q.room.group("third").id
        #expect(try await q.room.acting(q.ghost, at: seedNow).join(groupID: third) == .joined)
        #expect(try await q.room.acting(q.ghost).groups().map(\.slug) == ["third"])
    }
}
