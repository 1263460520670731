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
        let story = try await room.store.post(
            NewStory(groupID: circle, authorID: dune, kind: .triumph, title: "One", body: "Text"), at: later)
        #expect(try await count() == start + 1)
        let mila = try await room.member("mila").id
        try await room.store.moderate(.story(story.id), hide: true, by: mila, note: "n", at: later)
        #expect(try await count() == start)
        try await room.store.moderate(.story(story.id), hide: true, by: mila, note: "again", at: later)
        #expect(try await count() == start, "hiding twice counts once")
        try await room.store.moderate(.story(story.id), hide: false, by: mila, note: "back", at: later)
        #expect(try await count() == start + 1)
        try await room.store.deleteStory(id: story.id, by: dune)
        #expect(try await count() == start)
        try await room.store.forget(memberID: dune)
        #expect(try await count() == start - 1, "dune's seeded story went (no one else replied to it)")
        #expect(try await room.allStories(circle).count == (try await count()))
    }

    @Test(arguments: Backend.all) func unreadCountsStopAtTheLimit(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let third = try await room.group("third").id
        let fern = try await room.member("fern").id
        for index in 0..<(GroupSummary.unreadCountLimit + 20) {
            _ = try await room.store.post(
                NewStory(groupID: third, authorID: fern, kind: .reflection, title: "Story \(index)", body: "Text"),
                at: Date(millisecondsSince1970: seedNow.millisecondsSince1970 + Int64(index) * 1000))
        }
        let groups = try await room.store.groups(memberID: room.member("cobalt").id)
        let group = try #require(groups.first { $0.slug == "third" })
        #expect(group.storyCount == GroupSummary.unreadCountLimit + 20)
        #expect(group.unreadCount == GroupSummary.unreadCountLimit)
        #expect(group.unreadLabel == "99+ new")
    }
}
