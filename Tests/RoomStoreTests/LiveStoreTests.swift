import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@Suite("Live: change tokens and refresh pages")
struct LiveStoreTests {
    @Test(arguments: Backend.all) func aWriteByAnotherConnectionMovesTheToken(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let other = try await room.opened.reopen()
        let before = try await room.store.changeToken()
        #expect(try await room.store.changeToken() == before, "reading moves nothing")
        let group = try await room.group("third")
        let author = try await room.roster(group.id)[0].id
        _ = try await other.post(
            NewStory(groupID: group.id, authorID: author, kind: .triumph, title: "Elsewhere", body: "B"), at: Date())
        #expect(try await room.store.changeToken() != before)
        let mine = try await room.store.changeToken()
        _ = try await room.store.encourage(
            NewEncouragement(groupID: group.id, authorID: author, body: "Hi"), at: Date())
        #expect(try await room.store.changeToken() != mine, "its own writes count too")
    }

    @Test(arguments: Backend.all) func fromReadsTheItemWithTheKeyAndWhatFollows(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let author = try await room.roster(group.id)[0].id
        for index in 0..<10 {
            _ = try await room.store.post(
                NewStory(groupID: group.id, authorID: author, kind: .triumph, title: "s\(index)", body: "b"),
                at: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(index / 3) * 1000))
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
        try await room.store.heartbeat(memberID: member.id, process: "host:1", at: Date())
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == true)
        try await room.store.leave(memberID: member.id, process: "host:1")
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == false)

        // A crashed process: its last heartbeat was 61 seconds ago.
        try await room.store.heartbeat(memberID: member.id, process: "host:2", at: Date().addingTimeInterval(-61))
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == false)
        try await room.store.heartbeat(memberID: member.id, process: "host:3", at: Date().addingTimeInterval(-30))
        #expect(try await room.roster(group.id).first { $0.id == member.id }?.isHere == true)
    }
}
