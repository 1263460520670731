import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private let now = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)

/// The typed changes a room polls: what others may see changed is told, to whom may see it;
/// private writes tell nothing.
@Suite("Live: typed changes")
struct ChangeLogTests {
    /// What changed since `seq`, to `handle` (nil: a guest).
    private func changes(_ room: FixtureRoom, after seq: Int64, to handle: String?) async throws -> [RoomChange] {
        var viewer: MemberID?
        if let handle { viewer = try await room.member(handle).id }
        return try await room.acting(viewer).changes(after: seq).changes
    }

    @Test(arguments: Backend.all) func draftsCheckInsReadMarksAndHeartbeatsTellNoOne(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let cobalt = try await room.member("cobalt").id
        let story = try #require(try await room.allStories(circle).first)
        try await room.acting(cobalt, at: now).heartbeat(instance: "here:1")
        let before = try await room.store.lastChange()

        try await room.saveDraft(
            as: cobalt,
            Draft(target: .story(group: circle), title: "Not yet", body: "Only mine", updatedAt: now))
        try await room.saveDraft(
            as: cobalt,
            Draft(target: .reply(story: story.id), body: "Thinking", updatedAt: now))
        _ = try await room.acting(cobalt, at: now).recordCheckIn(
            DailyCheckIn(day: CalendarDay(year: 2026, month: 9, day: 21)!, mood: 2))
        try await room.acting(cobalt).markRead(storyID: story.id)
        try await room.acting(cobalt, at: now.addingTimeInterval(20)).heartbeat(instance: "here:1")
        try await room.acting(cobalt).discardDraft(for: .story(group: circle))

        #expect(try await room.store.lastChange() == before, "nothing logged")
        for handle in ["mila", "cobalt", nil] {
            #expect(try await changes(room, after: before, to: handle).isEmpty)
        }
    }

    @Test(arguments: Backend.all) func arrivingAndLeavingShowOnEveryRosterOfTheMember(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let dune = try await room.member("dune").id
        let groups = [try await room.group("circle").id, try await room.group("third").id]
        let before = try await room.store.lastChange()
        try await room.acting(dune, at: Date()).heartbeat(instance: "here:2")
        #expect(Set(try await changes(room, after: before, to: "fern")) == Set(groups.map { .roster($0) }))
        let here = try await room.store.lastChange()
        try await room.acting(dune).leave(instance: "here:2")
        #expect(Set(try await changes(room, after: here, to: nil)) == Set(groups.map { .roster($0) }))
    }

    @Test(arguments: Backend.all) func aStoryPostedElsewhereTellsItsGroupsFeedAndTheStory(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let third = try await room.group("third").id
        let before = try await room.store.lastChange()
        // As another process opens the room, acting as dune.
        let other = try await room.opened.reopen("dune")
        room.clock.set(now)
        let story = try await other.post(NewStory(groupID: third, kind: .triumph, title: "Elsewhere", body: "B"))

        let (seen, last) = try await room.acting(try await room.member("fern").id).changes(after: before)
        #expect(seen == [.groups, .feed(third, .stories), .story(story.id)])
        #expect(last > before)
        #expect(try await room.acting(nil).changes(after: last).changes.isEmpty, "each change is told once")

        _ = try await other.reply(to: story.id, body: "And more")
        #expect(try await changes(room, after: last, to: nil) == [.feed(third, .stories), .story(story.id)])
    }

    @Test(arguments: Backend.all) func aMentorshipMessageIsToldToItsTwoMembersOnly(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let zed = try await room.member("zed.9").id
        let echo = try await room.member("Echo").id
        try await room.acting(zed, at: now).offerMentoring(
            groupID: circle, note: "Evenings", capacity: 2, available: true)
        let asked = try await room.acting(echo, at: now).requestMentor(groupID: circle, mentorID: zed, note: nil)
        _ = try await room.acting(zed, at: now).respondToMentorship(id: asked.id, accept: true, note: nil)
        let before = try await room.store.lastChange()

        _ = try await room.acting(echo, at: now).sendMentorMessage(to: zed, body: "Hard night")
        #expect(try await changes(room, after: before, to: "zed.9") == [.mentorship(asked.id)])
        #expect(try await changes(room, after: before, to: "Echo") == [.mentorship(asked.id)])
        for stranger in ["mila", "Alder", "cobalt", nil] {  // facilitators and members of the group, a guest
            #expect(try await changes(room, after: before, to: stranger).isEmpty, "\(stranger ?? "a guest")")
        }
    }

    @Test(arguments: Backend.all) func aReportIsToldToTheGroupsFacilitatorsOnly(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let story = try #require(try await room.allStories(circle).first)
        let before = try await room.store.lastChange()
        try await room.acting(try await room.member("cobalt").id, at: now).report(
            .story(story.id), reason: "Names a dealer")
        for facilitator in ["mila", "Alder"] {
            #expect(try await changes(room, after: before, to: facilitator) == [.queue(circle)])
        }
        for other in ["cobalt", "MIRA", "fern", nil] {  // fern facilitates other groups, not this one
            #expect(try await changes(room, after: before, to: other).isEmpty)
        }
    }
}

/// The SQLite change log keeps its last 10,000 rows: a room that asks from before them reloads.
@Suite("SQLite: the change log is pruned")
struct ChangeLogPruningTests {
    @Test func askingFromBeforeWhatIsKeptOrFromAnotherFileSaysResync() async throws {
        let folder = try TemporaryFolder()
        let opened = try await Backend.sqlite.open(TestClock())
        defer {
            opened.remove()
            folder.remove()
        }
        let stories = (0..<10_050).map {
            #"{ "author": "fern", "kind": "triumph", "title": "t\#($0)", "body": "b", "hoursAgo": 1 }"#
        }
        let seed = try folder.writeSeed(
            members: #"{ "members": [{ "handle": "fern" }] }"#,
            groups: [
                "big.json": #"""
                { "slug": "big", "name": "Big", "topic": "Many", "members": [{ "handle": "fern", "role": "facilitator" }],
                  "stories": [\#(stories.joined(separator: ",\n"))], "encouragement": [] }
                """#
            ])
        let store = try await opened.guest()
        let empty = try await store.lastChange()
        _ = try await opened.load(try SeedLoader.load(directory: seed), seedNow)
        let (changes, last) = try await store.changes(after: empty)
        #expect(changes == [.resync], "the first changes were pruned: the room reloads everything")
        #expect(last > empty + 10_050)
        #expect(try await store.changes(after: last).changes.isEmpty)
        #expect(try await store.changes(after: last + 5).changes == [.resync], "a replaced file")
    }
}
