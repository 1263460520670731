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
        story = try await room.store.post(
            NewStory(
                groupID: quiet, authorID: alder, kind: .reflection, title: "Harbour lights",
                body: "Only the quiet room knows about the harbour."), at: seedNow
        ).id
        _ = try await room.store.reply(to: story, authorID: fern, body: "Thank you for trusting us.", at: seedNow)
        try await room.store.toggleReaction(storyID: story, memberID: fern, kind: .support, at: seedNow)
        _ = try await room.store.encourage(
            NewEncouragement(groupID: quiet, authorID: fern, recipientID: alder, body: "Glad you are here."),
            at: seedNow)
        meeting = try await room.store.addMeeting(
            NewMeeting(
                groupID: quiet, title: "Quiet hour",
                schedule: .weekly(weekday: 3, hour: 19, minute: 0, from: CalendarDay(iso: "2026-03-01")!),
                timeZone: "Europe/London", durationMinutes: 60, location: "the back room at 12 Harbour Lane"),
            by: fern, at: seedNow
        ).id
        try await room.store.offerMentoring(
            memberID: fern, groupID: quiet, note: "Ask me anything", capacity: 2, available: true, at: seedNow)
    }

    var store: any RoomStore { room.store }

    /// Everyone outside the group: a guest (nil), a member of other groups, a member of none.
    var outsiders: [(String, MemberID?)] { [("a guest", nil), ("dune", dune), ("ghost", ghost)] }
    /// Everyone inside it.
    var insiders: [(String, MemberID?)] { [("Alder, a member", alder), ("fern, its facilitator", fern)] }

    func stories(_ viewer: MemberID?) async throws -> [StorySummary] {
        try await store.stories(groupID: quiet, page: .first, limit: 50, viewer: viewer).items
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
                try await q.store.roster(groupID: q.quiet, page: .first, limit: 50, viewer: viewer)
            }
            await #expect(throws: closed, "\(who): encouragement") {
                try await q.store.encouragement(groupID: q.quiet, page: .first, limit: 50, viewer: viewer)
            }
            await #expect(throws: StoreError.unknownStory(q.story), "\(who): the story, as if there were none") {
                try await q.store.story(id: q.story, viewer: viewer)
            }
            #expect(try await q.store.search("harbour", groupID: nil, viewer: viewer, limit: 50).isEmpty, "\(who)")
            #expect(try await q.store.search("harbour", groupID: q.quiet, viewer: viewer, limit: 50).isEmpty, "\(who)")
            let meetings = try await q.store.upcomingMeetings(viewer: viewer, groupID: nil, after: seedNow, limit: 50)
            #expect(!meetings.contains { $0.meeting.groupID == q.quiet }, "\(who): meetings")
            #expect(
                try await q.store.upcomingMeetings(viewer: viewer, groupID: q.quiet, after: seedNow, limit: 5).isEmpty,
                "\(who): the group's meetings")
            await #expect(throws: StoreError.unknownMeeting(q.meeting), "\(who): the meeting and where it is") {
                try await q.store.meeting(id: q.meeting, viewer: viewer)
            }
            #expect(try await q.store.mentors(groupID: q.quiet, viewer: viewer).isEmpty, "\(who): mentors")
            let listed = try #require(try await q.store.groupDirectory(viewer: viewer).first { $0.id == q.quiet })
            #expect(!listed.isReadable && listed.name == "Quiet Room" && listed.topic == "Invitation only", "\(who)")
            #expect(listed.memberCount == 0 && listed.storyCount == 0 && listed.unreadCount == 0, "\(who): counts")
        }
        for (who, viewer) in q.insiders {
            #expect(try await q.stories(viewer).map(\.title) == ["Harbour lights"], "\(who)")
            let roster = try await q.store.roster(groupID: q.quiet, page: .first, limit: 50, viewer: viewer)
            #expect(roster.items.map(\.handle) == ["fern", "Alder"], "\(who)")
            let messages = try await q.store.encouragement(groupID: q.quiet, page: .first, limit: 50, viewer: viewer)
            #expect(messages.items.map(\.body) == ["Glad you are here."], "\(who)")
            let story = try await q.store.story(id: q.story, viewer: viewer)
            #expect(story.replies.count == 1 && story.reactions.count == 1, "\(who)")
            #expect(try await q.store.search("harbour", groupID: nil, viewer: viewer, limit: 50).count == 1, "\(who)")
            let meetings = try await q.store.upcomingMeetings(
                viewer: viewer, groupID: q.quiet, after: seedNow, limit: 1)
            #expect(meetings.first?.meeting.location == "the back room at 12 Harbour Lane", "\(who)")
            #expect(try await q.store.meeting(id: q.meeting, viewer: viewer).title == "Quiet hour", "\(who)")
            #expect(try await q.store.mentors(groupID: q.quiet, viewer: viewer).map(\.handle) == ["fern"], "\(who)")
            let listed = try #require(try await q.store.groupDirectory(viewer: viewer).first { $0.id == q.quiet })
            #expect(listed.isReadable && listed.memberCount == 2 && listed.storyCount == 1, "\(who): counts")
        }
    }

    @Test(arguments: Backend.all) func countsAndUnreadOfAClosedGroupStayWithItsMembers(_ backend: Backend) async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let guestList = try await q.store.groups(memberID: nil)
        let listed = try #require(guestList.first { $0.id == q.quiet })
        #expect(!listed.isReadable && listed.memberCount == 0 && listed.storyCount == 0)
        let bySlug = try await q.store.group(slug: "quiet-room")
        #expect(!bySlug.isReadable && bySlug.memberCount == 0 && bySlug.storyCount == 0, "listed for no one")
        #expect(try await q.store.group(slug: "circle").storyCount == 2, "an open group keeps its counts")
        // The next unread story and the read position are the members' alone.
        #expect(try await q.store.nextUnread(memberID: q.dune, groupID: q.quiet) == nil)
        #expect(try await q.store.nextUnread(memberID: q.fern, groupID: q.quiet) == q.story)
        await #expect(throws: StoreError.unknownStory(q.story)) {
            try await q.store.markRead(storyID: q.story, memberID: q.dune)
        }
        #expect(try await q.store.readPosition(memberID: q.dune, groupID: q.quiet) == nil)
        let fernsList = try await q.store.groups(memberID: q.fern)
        #expect(fernsList.first { $0.id == q.quiet }?.unreadCount == 1)
    }

    @Test(arguments: Backend.all) func outsidersWriteNothingInAClosedGroup(_ backend: Backend) async throws {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let refused = StoreError.notAMember(handle: "dune", group: "quiet-room")
        await #expect(throws: refused, "post") {
            try await q.store.post(
                NewStory(groupID: q.quiet, authorID: q.dune, kind: .triumph, title: "In", body: "Hello"), at: seedNow)
        }
        await #expect(throws: refused, "encourage") {
            try await q.store.encourage(NewEncouragement(groupID: q.quiet, authorID: q.dune, body: "Hi"), at: seedNow)
        }
        await #expect(throws: refused, "reply") {
            try await q.store.reply(to: q.story, authorID: q.dune, body: "Hi", at: seedNow)
        }
        await #expect(throws: refused, "react") {
            try await q.store.toggleReaction(storyID: q.story, memberID: q.dune, kind: .proud, at: seedNow)
        }
        await #expect(throws: refused, "report") {
            try await q.store.report(.story(q.story), by: q.dune, reason: "nosy", at: seedNow)
        }
        let next = try await q.store.upcomingMeetings(viewer: q.fern, groupID: q.quiet, after: seedNow, limit: 1)
        let start = try #require(next.first?.start)
        await #expect(throws: refused, "rsvp") {
            try await q.store.rsvp(meetingID: q.meeting, occurrence: start, memberID: q.dune, .going, at: seedNow)
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
        #expect(try await q.store.join(groupID: q.quiet, memberID: q.dune, at: seedNow) == .asked)
        #expect(try await q.store.join(groupID: q.quiet, memberID: q.dune, at: seedNow) == .asked, "asking twice")
        await #expect(throws: StoreError.closedGroup("quiet-room"), "asking is not reading") {
            try await q.stories(q.dune)
        }
        let asked = try await q.store.groupDirectory(viewer: q.dune).first { $0.id == q.quiet }
        #expect(asked?.joinRequest == .asked && asked?.isReadable == false)
        #expect(try await !q.store.groups(memberID: q.dune).contains { $0.id == q.quiet })

        // Only facilitators see and answer requests: not a member, not the one who asked.
        for (who, id) in [("Alder", q.alder), ("dune", q.dune)] {
            await #expect(throws: StoreError.notAFacilitator(handle: who, group: "quiet-room")) {
                try await q.store.joinRequests(groupID: q.quiet, facilitatorID: id)
            }
            await #expect(throws: StoreError.notAFacilitator(handle: who, group: "quiet-room")) {
                try await q.store.answerJoinRequest(
                    groupID: q.quiet, memberID: q.dune, approve: true, by: id, at: seedNow)
            }
        }
        let requests = try await q.store.joinRequests(groupID: q.quiet, facilitatorID: q.fern)
        #expect(requests.map(\.handle) == ["dune"] && requests.map(\.kind) == [.asked])

        try await q.store.answerJoinRequest(groupID: q.quiet, memberID: q.dune, approve: true, by: q.fern, at: seedNow)
        #expect(try await q.stories(q.dune).map(\.title) == ["Harbour lights"])
        let joined = try await q.store.groups(memberID: q.dune).first { $0.id == q.quiet }
        #expect(joined?.myRole == .newcomer && joined?.joinRequest == nil)
        #expect(try await q.store.joinRequests(groupID: q.quiet, facilitatorID: q.fern).isEmpty)
        #expect(try await q.store.join(groupID: q.quiet, memberID: q.dune, at: seedNow) == .alreadyMember)
    }

    @Test(arguments: Backend.all) func aDeclinedRequestLeavesThemOutsideAndTheyMayAskAgain(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        _ = try await q.store.join(groupID: q.quiet, memberID: q.ghost, at: seedNow)
        try await q.store.answerJoinRequest(
            groupID: q.quiet, memberID: q.ghost, approve: false, by: q.fern, at: seedNow)
        await #expect(throws: StoreError.closedGroup("quiet-room")) { try await q.stories(q.ghost) }
        #expect(try await q.store.joinRequests(groupID: q.quiet, facilitatorID: q.fern).isEmpty)
        await #expect(throws: StoreError.unknownJoinRequest(handle: "ghost", group: "quiet-room")) {
            try await q.store.answerJoinRequest(
                groupID: q.quiet, memberID: q.ghost, approve: true, by: q.fern, at: seedNow)
        }
        #expect(try await q.store.join(groupID: q.quiet, memberID: q.ghost, at: seedNow) == .asked)
    }

    @Test(arguments: Backend.all) func anInvitationIsAcceptedByJoiningAndLetsInOneWhoAsked(_ backend: Backend)
        async throws
    {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        await #expect(throws: StoreError.notAFacilitator(handle: "Alder", group: "quiet-room")) {
            try await q.store.invite(memberID: q.ghost, groupID: q.quiet, by: q.alder, at: seedNow)
        }
        #expect(try await q.store.invite(memberID: q.ghost, groupID: q.quiet, by: q.fern, at: seedNow) == .invited)
        await #expect(throws: StoreError.closedGroup("quiet-room"), "invited is not in yet") {
            try await q.stories(q.ghost)
        }
        let invitations = try await q.store.joinRequests(groupID: q.quiet, facilitatorID: q.fern)
        #expect(invitations.map(\.kind) == [.invited] && invitations.first?.invitedBy == "fern")
        await #expect(throws: StoreError.unknownJoinRequest(handle: "ghost", group: "quiet-room"), "theirs to accept") {
            try await q.store.answerJoinRequest(
                groupID: q.quiet, memberID: q.ghost, approve: true, by: q.fern, at: seedNow)
        }
        #expect(try await q.store.groupDirectory(viewer: q.ghost).first { $0.id == q.quiet }?.joinRequest == .invited)
        #expect(try await q.store.join(groupID: q.quiet, memberID: q.ghost, at: seedNow) == .joined)
        #expect(try await q.stories(q.ghost).count == 1)

        _ = try await q.store.join(groupID: q.quiet, memberID: q.dune, at: seedNow)
        #expect(try await q.store.invite(memberID: q.dune, groupID: q.quiet, by: q.fern, at: seedNow) == .joined)
        #expect(try await q.store.invite(memberID: q.dune, groupID: q.quiet, by: q.fern, at: seedNow) == .alreadyMember)
    }

    @Test(arguments: Backend.all) func anOpenGroupIsJoinedAtOnce(_ backend: Backend) async throws {
        let q = try await QuietRoom(backend)
        defer { q.room.remove() }
        let third = try await q.room.group("third").id
        #expect(try await q.store.join(groupID: third, memberID: q.ghost, at: seedNow) == .joined)
        #expect(try await q.store.groups(memberID: q.ghost).map(\.slug) == ["third"])
    }
}
