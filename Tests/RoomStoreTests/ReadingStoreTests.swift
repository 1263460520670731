import Foundation
import GRDB
import RoomCore
import Testing

@testable import RoomStore

/// Rows of a table for one member, read with plain GRDB.
private func rows(in table: String, memberID: MemberID, path: String) throws -> Int {
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: config)
    defer { try? queue.close() }
    return try queue.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE memberId = ?", arguments: [memberID]) ?? 0
    }
}

/// The third group of the fixture with five stories by one member and one by the reader.
private struct ReadingRoom {
    let room: FixtureRoom
    let group: GroupSummary
    let reader: MemberID
    let writer: MemberID
    /// Oldest first.
    let stories: [StorySummary]
    let mine: StorySummary

    init() async throws {
        room = try await FixtureRoom()
        group = try await room.group("third")
        let people = try await room.roster(group.id).map(\.id)
        (reader, writer) = (people[0], people[1])
        var stories: [StorySummary] = []
        for index in 0..<5 {
            stories.append(
                try await room.store.post(
                    NewStory(groupID: group.id, authorID: writer, kind: .triumph, title: "s\(index)", body: "b"),
                    at: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(index) * 1000)))
        }
        self.stories = stories
        mine = try await room.store.post(
            NewStory(groupID: group.id, authorID: reader, kind: .triumph, title: "mine", body: "b"),
            at: Date(millisecondsSince1970: 1_800_000_009_000))
    }

    func unread(_ member: MemberID? = nil) async throws -> Int {
        try await room.store.groups(memberID: member ?? reader).first { $0.id == group.id }?.unreadCount ?? -1
    }

    func next() async throws -> StoryID? { try await room.store.nextUnread(memberID: reader, groupID: group.id) }

    func read(_ index: Int) async throws { try await room.store.markRead(storyID: stories[index].id, memberID: reader) }

    /// The group's stories as the reader's list marks them, oldest first.
    func marks() async throws -> [Bool] {
        let page = try await room.store.stories(groupID: group.id, page: .first, limit: 50, viewer: reader)
        return page.items.reversed().map(\.isUnread)
    }
}

@Suite("Unread, per story")
struct ReadingStoreTests {
    @Test func theCountFallsByExactlyOnePerStoryReadInAnyOrder() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
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

    @Test func uWalksEveryUnreadStoryOldestFirstAfterTheNewestWasOpened() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
        try await room.read(4)
        var walked: [StoryID] = []
        while let id = try await room.next() {
            walked.append(id)
            try await room.room.store.markRead(storyID: id, memberID: room.reader)
            try #require(walked.count <= 5)
        }
        #expect(walked == room.stories.prefix(4).map(\.id))
    }

    @Test func listsAndTheReaderMarkEachUnreadStory() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
        #expect(try await room.marks() == [true, true, true, true, true, false], "one's own story is never new")
        try await room.read(4)
        try await room.read(1)
        #expect(try await room.marks() == [true, false, true, true, false, false])
        let store = room.room.store
        #expect(try await store.story(id: room.stories[0].id, viewer: room.reader).summary.isUnread)
        #expect(try await !store.story(id: room.stories[1].id, viewer: room.reader).summary.isUnread)
        let everyone = try await store.stories(groupID: room.group.id, page: .first, limit: 50, viewer: nil)
        #expect(everyone.items.allSatisfy { !$0.isUnread }, "without a reader nothing is new")
    }

    @Test func theMarkFoldsInStoriesReadInOrderSoNoRowsPileUp() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
        let path = room.room.folder.databasePath
        try await room.read(3)
        try await room.read(1)
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 2)
        #expect(try await room.room.store.readPosition(memberID: room.reader, groupID: room.group.id) == nil)
        try await room.read(0)
        #expect(
            try await room.room.store.readPosition(memberID: room.reader, groupID: room.group.id)
                == room.stories[1].pageKey, "caught up to the story before the oldest unread one")
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 1, "only story 3 is read out of order")
        try await room.read(2)
        try await room.read(4)
        #expect(
            try await room.room.store.readPosition(memberID: room.reader, groupID: room.group.id) == room.mine.pageKey)
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 0)
        #expect(try await room.next() == nil)
    }

    @Test func hiddenAndMutedStoriesAreNotCountedAndASharedStoryComesInNew() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
        let store = room.room.store
        let fern = try await room.room.member("fern").id
        try await store.moderate(.story(room.stories[0].id), hide: true, by: fern, note: "n", at: Date())
        #expect(try await room.unread() == 4)
        #expect(try await room.next() == room.stories[1].id)
        try await store.setMuted(room.writer, by: room.reader, muted: true, at: Date())
        #expect(try await room.unread() == 0)
        #expect(try await room.next() == nil)
        try await store.setMuted(room.writer, by: room.reader, muted: false, at: Date())
        let later = try await store.post(
            NewStory(groupID: room.group.id, authorID: room.writer, kind: .setback, title: "later", body: "b"),
            at: Date(millisecondsSince1970: 1_800_000_020_000))
        #expect(try await room.unread() == 5)
        try await store.markRead(storyID: later.id, memberID: room.reader)
        #expect(try await room.unread() == 4)
        #expect(try await room.next() == room.stories[1].id)
    }

    /// A database written before v12: its read positions were "the newest story opened".
    @Test func positionsFromBeforeKeepHistoryReadAndOnlyLaterStoriesAreNew() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v11 mentorship")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO peer_group (id, slug, name, topic, isOpen, createdAt) VALUES (1, 'g', 'G', 't', 1, 0);
                    INSERT INTO member (id, handle, createdAt) VALUES (1, 'reader', 0), (2, 'writer', 0);
                    INSERT INTO membership (groupId, memberId, role, roleRank, joinedAt)
                      VALUES (1, 1, 'member', 3, 0), (1, 2, 'member', 3, 0);
                    INSERT INTO story (id, groupId, authorId, kind, title, body, createdAt)
                      VALUES (1, 1, 2, 'triumph', 'a', 'b', 1000), (2, 1, 2, 'triumph', 'a', 'b', 2000),
                             (3, 1, 2, 'triumph', 'a', 'b', 3000), (4, 1, 2, 'triumph', 'a', 'b', 4000);
                    INSERT INTO read_position (memberId, groupId, createdAt, storyId) VALUES (1, 1, 3000, 3);
                    """)
        }
        try queue.close()
        chmod(path, 0o600)  // made by GRDB directly with the test's umask; the room refuses 0644
        let store = try SQLiteRoomStore(path: path)
        #expect(try await store.groups(memberID: 1).first?.unreadCount == 1, "only the story after the position")
        #expect(try await store.nextUnread(memberID: 1, groupID: 1) == 4)
        let marks = try await store.stories(groupID: 1, page: .first, limit: 10, viewer: 1).items.map(\.isUnread)
        #expect(marks == [true, false, false, false])
        try await store.markRead(storyID: 4, memberID: 1)
        #expect(try await store.groups(memberID: 1).first?.unreadCount == 0)
    }

    @Test func forgettingAMemberTakesTheirReadingWithThem() async throws {
        let room = try await ReadingRoom()
        defer { room.room.folder.remove() }
        try await room.read(3)
        try await room.room.store.forget(memberID: room.reader)
        #expect(try rows(in: "story_read", memberID: room.reader, path: room.room.folder.databasePath) == 0)
    }
}

/// 100,000 stories through the bulk import, as peerroom-bench builds its rooms.
@Suite("Unread at 100,000 stories")
struct ReadingAtScaleTests {
    static let size = 100_000

    @Test func perStoryCountsAndUPagingAt100000Stories() async throws {
        let room = try await FixtureRoom()
        defer { room.folder.remove() }
        let third = try await room.group("third").id
        let fern = try await room.member("fern").id
        let bea = try await room.member("bea_r").id
        let start = seedNow.millisecondsSince1970 + 60_000
        for batch in stride(from: 0, to: Self.size, by: 10_000) {
            let stories = (batch..<(batch + 10_000)).map { index in
                ImportStory(
                    story: NewStory(
                        groupID: third, authorID: index % 2 == 0 ? fern : bea, kind: .reflection,
                        title: "Story \(index)", body: "Day \(index)."),
                    createdAt: Date(millisecondsSince1970: start + Int64(index) * 1000))
            }
            _ = try await room.store.importStories(stories)
        }
        let store = room.store
        // Cobalt has read none of them.
        let cobalt = try await room.member("cobalt").id
        func group(_ member: MemberID) async throws -> GroupSummary {
            try #require(try await store.groups(memberID: member).first { $0.id == third })
        }
        #expect(try await group(cobalt).storyCount == Self.size)
        #expect(try await group(cobalt).unreadLabel == "99+ new")
        let newest = try await store.stories(groupID: third, page: .first, limit: 50, viewer: cobalt)
        let oldest = try await store.stories(groupID: third, page: .last, limit: 50, viewer: cobalt)
        #expect(newest.items.allSatisfy(\.isUnread) && oldest.items.allSatisfy(\.isUnread))
        // Opening the newest story leaves the 99,999 others unread; u starts from the oldest.
        let top = try #require(newest.items.first)
        try await store.markRead(storyID: top.id, memberID: cobalt)
        #expect(try await group(cobalt).unreadLabel == "99+ new")
        let oldestFirst = oldest.items.reversed().map(\.id)
        var walked: [StoryID] = []
        for _ in 0..<oldestFirst.count {
            let id = try #require(try await store.nextUnread(memberID: cobalt, groupID: third))
            walked.append(id)
            try await store.markRead(storyID: id, memberID: cobalt)
        }
        #expect(walked == oldestFirst, "u walks the oldest 50 in order")
        let after = try await store.stories(groupID: third, page: .last, limit: 50, viewer: cobalt)
        #expect(after.items.allSatisfy { !$0.isUnread })
        let topAgain = try await store.stories(groupID: third, page: .first, limit: 3, viewer: cobalt)
        #expect(topAgain.items.map(\.isUnread) == [false, true, true])
        #expect(
            try rows(in: "story_read", memberID: cobalt, path: room.folder.databasePath) == 1,
            "the 50 read in order are folded into the mark; only the newest is kept apart")

        // Echo caught up (before v12) to all but the 80 newest: per-story counts below the cap.
        let echo = try await room.member("Echo").id
        let mark = try await store.stories(groupID: third, page: .first, limit: 81, viewer: echo).items[80]
        let queue = try DatabaseQueue(path: room.folder.databasePath)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO read_position (memberId, groupId, createdAt, storyId) VALUES (?, ?, ?, ?)",
                arguments: [echo, third, mark.pageKey.createdAtMillis, mark.id])
        }
        try queue.close()
        #expect(try await group(echo).unreadCount == 80)
        let recent = try await store.stories(groupID: third, page: .first, limit: 80, viewer: echo).items
        try await store.markRead(storyID: recent[0].id, memberID: echo)
        #expect(try await group(echo).unreadCount == 79)
        try await store.markRead(storyID: recent[40].id, memberID: echo)
        #expect(try await group(echo).unreadCount == 78)
        #expect(try await store.nextUnread(memberID: echo, groupID: third) == recent[79].id)
        try await store.markRead(storyID: recent[79].id, memberID: echo)
        #expect(try await group(echo).unreadCount == 77)
        #expect(try await store.nextUnread(memberID: echo, groupID: third) == recent[78].id)
    }
}
