import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@Suite("Group counts follow every write")
struct GroupCountTests {
    @Test(arguments: Backend.all) func theStoryCountFollowsPostsDeletesHidingAndForgetting(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        func count() async throws -> Int { try await room.group("circle").storyCount }
        let start = try await count()
        let circle = try await room.group("circle").id
        let dune = try await room.member("dune").id
        let later = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)
        let story = try await room.acting(dune, at: later).post(
            NewStory(groupID: circle, kind: .triumph, title: "One", body: "Text"))
        #expect(try await count() == start + 1)
        let mila = try await room.member("mila").id
        try await room.acting(mila, at: later).moderate(.story(story.id), hide: true, note: "n")
        #expect(try await count() == start)
        try await room.acting(mila, at: later).moderate(.story(story.id), hide: true, note: "again")
        #expect(try await count() == start, "hiding twice counts once")
        try await room.acting(mila, at: later).moderate(.story(story.id), hide: false, note: "back")
        #expect(try await count() == start + 1)
        try await room.acting(dune).deleteStory(id: story.id)
        #expect(try await count() == start)
        try await room.acting(dune).forget()
        #expect(try await count() == start - 1, "dune's seeded story went (no one else replied to it)")
        #expect(try await room.allStories(circle).count == (try await count()))
    }

    @Test(arguments: Backend.all) func unreadCountsStopAtTheLimit(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let third = try await room.group("third").id
        let fern = try await room.member("fern").id
        for index in 0..<(GroupSummary.unreadCountLimit + 20) {
            _ = try await room.acting(
                fern, at: Date(millisecondsSince1970: seedNow.millisecondsSince1970 + Int64(index) * 1000)
            ).post(
                NewStory(groupID: third, kind: .reflection, title: "Story \(index)", body: "Text"))
        }
        let groups = try await room.acting(room.member("cobalt").id).groups()
        let group = try #require(groups.first { $0.slug == "third" })
        #expect(group.storyCount == GroupSummary.unreadCountLimit + 20)
        #expect(group.unreadCount == GroupSummary.unreadCountLimit)
        #expect(group.unreadLabel == "99+ new")
    }
}
