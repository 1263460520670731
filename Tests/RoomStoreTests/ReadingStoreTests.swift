import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// The third group of the fixture with five stories by one member and one by the reader.
struct ReadingRoom {
    let room: FixtureRoom
    let group: GroupSummary
    let reader: MemberID
    let writer: MemberID
    /// Oldest first.
    let stories: [StorySummary]
    let mine: StorySummary

    init(_ backend: Backend) async throws {
        room = try await FixtureRoom(backend)
        group = try await room.group("third")
        let people = try await room.roster(group.id).map(\.id)
        (reader, writer) = (people[0], people[1])
        var stories: [StorySummary] = []
        for index in 0..<5 {
            stories.append(
                try await room.acting(writer, at: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(index) * 1000))
                    .post(
                        NewStory(groupID: group.id, kind: .triumph, title: "s\(index)", body: "b")))
        }
        self.stories = stories
        mine = try await room.acting(reader, at: Date(millisecondsSince1970: 1_800_000_009_000)).post(
            NewStory(groupID: group.id, kind: .triumph, title: "mine", body: "b"))
    }

    func unread(_ member: MemberID? = nil) async throws -> Int {
        try await room.acting(member ?? reader).groups().first { $0.id == group.id }?.unreadCount ?? -1
    }

    func next() async throws -> StoryID? { try await room.acting(reader).nextUnread(groupID: group.id) }

    func read(_ index: Int) async throws { try await room.acting(reader).markRead(storyID: stories[index].id) }

    /// The group's stories as the reader's list marks them, oldest first.
    func marks() async throws -> [Bool] {
        let page = try await room.acting(reader).stories(groupID: group.id, page: .first, limit: 50)
        return page.items.reversed().map(\.isUnread)
    }
}

@Suite("Unread, per story")
struct ReadingStoreTests {
    @Test(arguments: Backend.all) func theCountFallsByExactlyOnePerStoryReadInAnyOrder(_ backend: Backend) async throws
    {
        let room = try await ReadingRoom(backend)
        defer { room.room.remove() }
        #expect(try await room.unread() == 5, "everything new, except one's own story")
        try await room.read(4)
        #expect(try await room.unread() == 4, "opening the newest leaves the four older ones unread")
        try await room.read(2)
        #expect(try await room.unread() == 3)
        try await room.read(2)
        #expect(try await room.unread() == 3, "reading a story again counts once")
        try await room.read(0)
        #expect(try await room.unread() == 2)
        try await room.read(1)
        try await room.read(3)
        #expect(try await room.unread() == 0)
        #expect(try await room.unread(room.writer) == 1, "the reader's own story is new to the writer")
    }

    @Test(arguments: Backend.all) func uWalksEveryUnreadStoryOldestFirstAfterTheNewestWasOpened(_ backend: Backend)
        async throws
    {
        let room = try await ReadingRoom(backend)
        defer { room.room.remove() }
        try await room.read(4)
        var walked: [StoryID] = []
        while let id = try await room.next() {
            walked.append(id)
            try await room.room.acting(room.reader).markRead(storyID: id)
            try #require(walked.count <= 5)
        }
        #expect(walked == room.stories.prefix(4).map(\.id))
    }

    @Test(arguments: Backend.all) func listsAndTheReaderMarkEachUnreadStory(_ backend: Backend) async throws {
        let room = try await ReadingRoom(backend)
        defer { room.room.remove() }
        #expect(try await room.marks() == [true, true, true, true, true, false], "one's own story is never new")
        try await room.read(4)
        try await room.read(1)
        #expect(try await room.marks() == [true, false, true, true, false, false])
        #expect(try await room.room.acting(room.reader).story(id: room.stories[0].id).summary.isUnread)
        #expect(try await !room.room.acting(room.reader).story(id: room.stories[1].id).summary.isUnread)
        let everyone = try await room.room.acting(nil).stories(groupID: room.group.id, page: .first, limit: 50)
        #expect(everyone.items.allSatisfy { !$0.isUnread }, "without a reader nothing is new")
    }

    @Test(arguments: Backend.all) func hiddenAndMutedStoriesAreNotCountedAndASharedStoryComesInNew(_ backend: Backend)
        async throws
    {
        let room = try await ReadingRoom(backend)
        defer { room.room.remove() }
        let fern = try await room.room.member("fern").id
        try await room.room.acting(fern, at: Date()).moderate(.story(room.stories[0].id), hide: true, note: "n")
        #expect(try await room.unread() == 4)
        #expect(try await room.next() == room.stories[1].id)
        try await room.room.acting(room.reader, at: Date()).setMuted(room.writer, muted: true)
        #expect(try await room.unread() == 0)
        #expect(try await room.next() == nil)
        try await room.room.acting(room.reader, at: Date()).setMuted(room.writer, muted: false)
        let later = try await room.room.acting(room.writer, at: Date(millisecondsSince1970: 1_800_000_020_000)).post(
            NewStory(groupID: room.group.id, kind: .setback, title: "later", body: "b"))
        #expect(try await room.unread() == 5)
        try await room.room.acting(room.reader).markRead(storyID: later.id)
        #expect(try await room.unread() == 4)
        #expect(try await room.next() == room.stories[1].id)
    }

    @Test(arguments: Backend.all) func theMarkMovesUpOnlyWhenTheStoriesBeforeItAreRead(_ backend: Backend) async throws
    {
        let room = try await ReadingRoom(backend)
        defer { room.room.remove() }
        try await room.read(3)
        try await room.read(1)
        #expect(try await room.room.acting(room.reader).readPosition(groupID: room.group.id) == nil)
        try await room.read(0)
        #expect(
            try await room.room.acting(room.reader).readPosition(groupID: room.group.id)
                == room.stories[1].pageKey, "caught up to the story before the oldest unread one")
        try await room.read(2)
        try await room.read(4)
        #expect(
            try await room.room.acting(room.reader).readPosition(groupID: room.group.id) == room.mine.pageKey)
        #expect(try await room.next() == nil)
    }

}
