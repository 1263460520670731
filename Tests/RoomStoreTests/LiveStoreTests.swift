import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@Suite("Live: the change feed's position and refresh pages")
struct LiveStoreTests {
    @Test(arguments: Backend.all) func aWriteByAnotherConnectionMovesTheChangeFeed(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let author = try await room.roster(group.id)[0]
        let other = try await room.opened.reopen(author.handle)
        let before = try await room.store.lastChange()
        _ = try await room.store.stories(groupID: group.id, page: .first, limit: 10)
        #expect(try await room.store.lastChange() == before, "reading moves nothing")
        #expect(try await room.store.changes(after: before).changes.isEmpty)
        _ = try await other.post(NewStory(groupID: group.id, kind: .triumph, title: "Elsewhere", body: "B"))
        #expect(try await room.store.lastChange() != before)
        #expect(try await room.store.changes(after: before).changes.contains(.feed(group.id, .stories)))
        let mine = try await room.store.lastChange()
        _ = try await room.as(author.handle).encourage(NewEncouragement(groupID: group.id, body: "Hi"))
        #expect(try await room.store.lastChange() != mine, "its own writes count too")
        #expect(try await room.store.changes(after: mine).changes.contains(.feed(group.id, .encouragement)))
    }

    @Test(arguments: Backend.all) func fromReadsTheItemWithTheKeyAndWhatFollows(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let author = try await room.roster(group.id)[0].id
        for index in 0..<10 {
            _ = try await room.acting(
                author, at: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(index / 3) * 1000)
            ).post(
                NewStory(groupID: group.id, kind: .triumph, title: "s\(index)", body: "b"))
        }
        let all = try await room.store.stories(groupID: group.id, page: .first, limit: 100).items
        let from = try await room.store.stories(groupID: group.id, page: .from(all[4].pageKey), limit: 3)
        #expect(from.items.map(\.id) == all[4..<7].map(\.id))
        #expect(from.hasMore)
    }
}

@Suite("Presence")
struct PresenceTests {
    @Test(arguments: Backend.all) func aHeartbeatMakesAMemberHereAndItEndsWithinAMinute(_ backend: Backend) async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let member = try await room.roster(group.id)[0]
        #expect(!member.isHere)
        let now = later(60)
        let session = try await room.acting(member.id, at: now)
        try await session.heartbeat(instance: "host:1")
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == true)
        try await session.leave(instance: "host:1")
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == false)

        // A crashed process: its last heartbeat was 61 seconds ago (the roster reads the clock).
        room.clock.set(now.addingTimeInterval(-61))
        try await session.heartbeat(instance: "host:2")
        room.clock.set(now)
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == false)
        room.clock.set(now.addingTimeInterval(-30))
        try await session.heartbeat(instance: "host:3")
        room.clock.set(now)
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == true)
        room.clock.set(now.addingTimeInterval(31))
        #expect(
            try await room.roster(group.id).first { $0.id == member.id }?.isHere == false,
            "a minute after its last heartbeat, by the store's clock")
    }
}
