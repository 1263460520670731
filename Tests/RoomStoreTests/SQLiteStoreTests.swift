import Foundation
import GRDB
import RoomCore
import Testing

@testable import RoomStore
@testable import SQLiteStore

// What only SQLite has, tested through its file and its type: rows the file holds, a
// database from before v12, the bulk import. The contract suites run the same rules on
// every backend; these check how SQLite keeps them. (Opening a file: OpeningTests.swift.)

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

/// Rows in `table` that belong to a story, counted with plain GRDB, read-only: what the file
/// really holds, whatever the store's reading code shows.
private func rows(in table: String, story id: StoryID, path: String) throws -> Int {
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: config)
    defer { try? queue.close() }
    return try queue.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE storyId = ?", arguments: [id]) ?? 0
    }
}

/// SQLite only: the bulk import and a read position written as a v11 database held it.
/// 100,000 stories through the bulk import, as peerroom-bench builds its rooms.
@Suite("SQLite: unread at 100,000 stories")
struct SQLiteReadingAtScaleTests {
    static let size = 100_000

    @Test func perStoryCountsAndUPagingAt100000Stories() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let third = try await room.group("third").id
        let fern = try await room.member("fern").id
        let bea = try await room.member("bea_r").id
        let start = seedNow.millisecondsSince1970 + 60_000
        for batch in stride(from: 0, to: Self.size, by: 10_000) {
            let stories = (batch..<(batch + 10_000)).map { index in
                ImportStory(
                    story: NewStory(groupID: third, kind: .reflection, title: "Story \(index)", body: "Day \(index)."),
                    authorID: index % 2 == 0 ? fern : bea,
                    createdAt: Date(millisecondsSince1970: start + Int64(index) * 1000))
            }
            _ = try await room.sqlite().store.importStories(stories)
        }
        // The backend's own queries, by member id (this suite is SQLite's).
        let store = try room.sqlite().store
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
            try rows(in: "story_read", memberID: cobalt, path: room.sqlite().path) == 1,
            "the 50 read in order are folded into the mark; only the newest is kept apart")

        // Echo caught up (before v12) to all but the 80 newest: per-story counts below the cap.
        let echo = try await room.member("Echo").id
        let mark = try await store.stories(groupID: third, page: .first, limit: 81, viewer: echo).items[80]
        let queue = try DatabaseQueue(path: room.sqlite().path)
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

/// Read marks as the file holds them, and a file from before v12.
@Suite("SQLite: read marks in the file")
struct SQLiteReadingTests {
    @Test func theMarkFoldsInStoriesReadInOrderSoNoRowsPileUp() async throws {
        let room = try await ReadingRoom(.sqlite)
        defer { room.room.remove() }
        let path = try room.room.sqlite().path
        try await room.read(3)
        try await room.read(1)
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 2)
        #expect(try await room.room.acting(room.reader).readPosition(groupID: room.group.id) == nil)
        try await room.read(0)
        #expect(
            try await room.room.acting(room.reader).readPosition(groupID: room.group.id)
                == room.stories[1].pageKey, "caught up to the story before the oldest unread one")
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 1, "only story 3 is read out of order")
        try await room.read(2)
        try await room.read(4)
        #expect(
            try await room.room.acting(room.reader).readPosition(groupID: room.group.id) == room.mine.pageKey)
        #expect(try rows(in: "story_read", memberID: room.reader, path: path) == 0)
        #expect(try await room.next() == nil)
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

    /// Migration v15 fills `handle_order` for the members a room has, and the roster pages by it
    /// (BINARY), not by NOCASE: accented handles sort with their letters, not after "z".
    @Test func v15OrdersTheRosterByFoldedHandlesForMembersMadeBeforeIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v14 change log")
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO peer_group (id, slug, name, topic, isOpen, createdAt) VALUES (1, 'g', 'G', 't', 1, 0)"
            )
            // Made in this order (ids 1…6); written straight to the file, as no handle of today's
            // rules is outside ASCII, so that the order of folded letters is stated for them.
            for (index, handle) in ["Émile", "émile2", "ZOË", "zoe", "Ärger", "adam"].enumerated() {
                try db.execute(
                    sql: "INSERT INTO member (id, handle, createdAt) VALUES (?, ?, 0)", arguments: [index + 1, handle])
                try db.execute(
                    sql:
                        "INSERT INTO membership (groupId, memberId, role, roleRank, joinedAt) VALUES (1, ?, 'member', ?, 0)",
                    arguments: [index + 1, Role.member.rank])
            }
        }
        try queue.close()
        chmod(path, 0o600)
        let store = try SQLiteRoomStore(path: path)
        let guest = try await store.session(memberID: nil)
        let forward = try await readForward(limit: 2) { try await guest.roster(groupID: 1, page: $0, limit: 2) }
        let promised = ["adam", "Ärger", "Émile", "émile2", "ZOË", "zoe"]
        #expect(forward.items.map(\.handle) == promised)
        let backward = try await readBackward(limit: 4) { try await guest.roster(groupID: 1, page: $0, limit: 4) }
        #expect(backward.items.map(\.handle) == promised)
        // A member made afterwards is kept in order by the insert.
        let abe = try await store.createMember(handle: "Abe", login: nil, recoveryStart: nil)
        try await store.joinOpenGroups(memberID: abe.id, role: .member)
        let roster = try await readForward(limit: 3) { try await guest.roster(groupID: 1, page: $0, limit: 3) }
        #expect(roster.items.map(\.handle) == ["Abe"] + promised)
    }

    @Test func forgettingAMemberTakesTheirReadingWithThem() async throws {
        let room = try await ReadingRoom(.sqlite)
        defer { room.room.remove() }
        try await room.read(3)
        try await room.room.acting(room.reader).forget()
        #expect(try rows(in: "story_read", memberID: room.reader, path: room.room.sqlite().path) == 0)
    }
}

/// The same rules, checked in the file itself: nothing refused or deleted stays behind as rows.
@Suite("SQLite: sharing leaves no rows behind")
struct SQLiteSharingTests {
    /// The contract's `anEmptyOrOverLongReplyIsRefusedAndNoReplyShows` states the rule; here
    /// the file itself holds no row of a refused reply, and the limit itself is written.
    @Test func aRefusedReplyLeavesNoRowInTheFile() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let mila = try await room.member("mila")
        let tooLong = String(repeating: "r", count: Limits.replyMaxCharacters + 1)
        for body in [" \n\t ", tooLong] {
            await #expect(throws: StoreError.self) {
                try await room.acting(mila.id, at: later(1)).reply(to: rough.id, body: body)
            }
        }
        #expect(try rows(in: "reply", story: rough.id, path: room.sqlite().path) == 0)
        let exact = String(repeating: "r", count: Limits.replyMaxCharacters)
        _ = try await room.acting(mila.id, at: later(1)).reply(to: rough.id, body: exact)
        #expect(try rows(in: "reply", story: rough.id, path: room.sqlite().path) == 1)
    }

    /// The contract's `eachMemberGivesEachKindOncePerStoryEvenAtOnce` states the rule; here the
    /// file itself holds one row per reaction after presses at once.
    @Test func pressesAtOnceLeaveOneRowPerReactionInTheFile() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let store = try await room.as("Echo")
        let storyID = ninety.id
        room.clock.set(later(10))
        _ = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<7 {
                group.addTask { try await store.toggleReaction(storyID: storyID, kind: .support) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let reactions = try await room.store.story(id: ninety.id).reactions
        #expect(try rows(in: "reaction", story: ninety.id, path: room.sqlite().path) == reactions.count)
        #expect(try await room.story(titled: "Ninety days").reactionCount == reactions.count)
    }

    @Test func aStoryNoOneElseRepliedToGoesEntirely() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let rough = try await room.story(titled: "Rough night")
        let dune = try await room.member("dune")
        _ = try await room.acting(dune.id, at: later(1)).reply(to: rough.id, body: "Update: slept.")
        try await room.acting(room.member("mila").id, at: later(1)).toggleReaction(
            storyID: rough.id, kind: .support)
        #expect(try await room.acting(dune.id).othersReplyCount(storyID: rough.id) == 0)

        #expect(try await room.acting(dune.id).deleteStory(id: rough.id) == 0)

        #expect(try await room.allStories(circle.id).map(\.title) == ["Ninety days"])
        #expect(try await room.group("circle").storyCount == 1)
        await #expect(throws: StoreError.unknownStory(rough.id)) { try await room.store.story(id: rough.id) }
        #expect(try rows(in: "reply", story: rough.id, path: room.sqlite().path) == 0)
        #expect(try rows(in: "reaction", story: rough.id, path: room.sqlite().path) == 0)
    }
}

/// The bulk import (SQLite's, for peerroom-bench and big rooms) is bounded like posting.
@Suite("SQLite: the bulk import is bounded in bytes")
struct SQLiteSizeLimitTests {
    @Test func postAndImportRefuseABodyPastItsBytesNamingTheField() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let dune = try await room.member("dune").id
        let before = try await room.allStories(circle).count
        let story = NewStory(groupID: circle, kind: .reflection, title: "Heavy", body: SizeLimitTests.heavy)
        let posted = await #expect(throws: StoreError.self) { try await room.acting(dune, at: seedNow).post(story) }
        guard case .invalid(let error) = posted else {
            Issue.record("expected invalid, got \(String(describing: posted))")
            return
        }
        #expect(error.field == "body")
        #expect(error.problem.contains("bytes"))

        let item = ImportStory(
            story: NewStory(groupID: circle, kind: .reflection, title: "Fine", body: "Fine"), authorID: dune,
            createdAt: seedNow,
            replies: [
                ImportReply(authorID: dune, body: "a" + String(repeating: "\u{301}", count: 40), createdAt: seedNow)
            ])
        let imported = await #expect(throws: StoreError.self) { try await room.sqlite().store.importStories([item]) }
        guard case .invalid(let replyError) = imported else {
            Issue.record("expected invalid, got \(String(describing: imported))")
            return
        }
        #expect(replyError.field == "reply")
        #expect(replyError.problem.contains("code points"))
        #expect(try await room.allStories(circle).count == before, "nothing was written")
    }
}
