import Foundation
import RoomCore
import RoomStore
import Testing

@Suite("Live: change tokens and refresh pages")
struct LiveStoreTests {
    @Test func aWriteByAnotherStoreOnTheSameFileMovesTheToken() async throws {
        let room = try await FixtureRoom()
        defer { room.folder.remove() }
        let other = try SQLiteRoomStore(path: room.folder.databasePath)
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

    @Test func fromReadsTheItemWithTheKeyAndWhatFollows() async throws {
        let room = try await FixtureRoom()
        defer { room.folder.remove() }
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
    @Test func aHeartbeatMakesAMemberHereAndItEndsWithinAMinute() async throws {
        let room = try await FixtureRoom()
        defer { room.folder.remove() }
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

@Suite("Unread: read positions")
struct ReadPositionTests {
    @Test func positionsMoveForwardOnlyAndCountWhatIsNew() async throws {
        let room = try await FixtureRoom()
        defer { room.folder.remove() }
        let group = try await room.group("third")
        let people = try await room.roster(group.id).map(\.id)
        let (reader, writer) = (people[0], people[1])
        var stories: [StorySummary] = []
        for index in 0..<5 {
            stories.append(
                try await room.store.post(
                    NewStory(groupID: group.id, authorID: writer, kind: .triumph, title: "s\(index)", body: "b"),
                    at: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(index) * 1000)))
        }
        _ = try await room.store.post(
            NewStory(groupID: group.id, authorID: reader, kind: .triumph, title: "mine", body: "b"),
            at: Date(millisecondsSince1970: 1_800_000_009_000))
        func unread() async throws -> Int {
            try await room.store.groups(memberID: reader).first { $0.id == group.id }?.unreadCount ?? -1
        }
        #expect(try await unread() == 5, "everything new, except one's own story")
        #expect(try await room.store.nextUnread(memberID: reader, groupID: group.id) == stories[0].id)

        try await room.store.markRead(storyID: stories[2].id, memberID: reader)
        #expect(try await unread() == 2)
        #expect(try await room.store.readPosition(memberID: reader, groupID: group.id) == stories[2].pageKey)
        #expect(try await room.store.nextUnread(memberID: reader, groupID: group.id) == stories[3].id)

        try await room.store.markRead(storyID: stories[0].id, memberID: reader)
        #expect(try await unread() == 2, "reading an older story does not move the position back")
        try await room.store.markRead(storyID: stories[4].id, memberID: reader)
        #expect(try await unread() == 0)
        #expect(try await room.store.nextUnread(memberID: reader, groupID: group.id) == nil)
        #expect(try await room.store.groups(memberID: writer).first { $0.id == group.id }?.unreadCount == 1)
    }
}
