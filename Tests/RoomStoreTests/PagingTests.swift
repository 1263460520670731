import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// 250 timestamps in 13 buckets, spread so that insertion order is not time order and about
/// 19 items share each millisecond.
private func timestamp(_ index: Int) -> Date {
    Date(millisecondsSince1970: 1_800_000_000_000 + Int64((index * 7_919) % 13) * 60_000)
}

/// Newest first; equal times, the larger id first.
private func inFeedOrder(_ keys: [FeedKey]) -> [FeedKey] {
    keys.sorted { ($0.createdAtMillis, $0.id) > ($1.createdAtMillis, $1.id) }
}

@Suite("Keyset paging")
struct PagingTests {
    @Test(arguments: Backend.all, [37, 50, 1, 250, 300])
    func storiesPageThroughEveryStoryExactlyOnce(_ backend: Backend, limit: Int) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let authors = try await room.roster(group.id).map(\.id)
        #expect(authors.count == 5)

        var posted: [StorySummary] = []
        for index in 0..<250 {
            posted.append(
                try await room.acting(authors[index % authors.count], at: timestamp(index)).post(
                    NewStory(
                        groupID: group.id, kind: StoryKind.allCases[index % 4], title: "story \(index)",
                        body: "body \(index)")))
        }
        #expect(Set(posted.map(\.createdAt)).count == 13)
        let expected = inFeedOrder(posted.map(\.pageKey))

        let forward = try await readForward(limit: limit) {
            try await room.store.stories(groupID: group.id, page: $0, limit: limit)
        }
        #expect(forward.items.map(\.pageKey) == expected)
        #expect(Set(forward.items.map(\.id)).count == 250)
        #expect(forward.pages == (250 + limit - 1) / limit)

        let backward = try await readBackward(limit: limit) {
            try await room.store.stories(groupID: group.id, page: $0, limit: limit)
        }
        #expect(backward.items.map(\.pageKey) == expected)
        #expect(backward.pages == (250 + limit - 1) / limit)

        // What a page shows is what was posted.
        let byID = Dictionary(uniqueKeysWithValues: posted.map { ($0.id, $0) })
        for story in forward.items {
            #expect(byID[story.id] == story)
        }
        #expect(try await room.group("third").storyCount == 250)
    }

    @Test(arguments: Backend.all) func aStoryPageMeansTheSameFromEitherEnd(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let author = try await room.member("fern")
        for index in 0..<10 {
            _ = try await room.acting(author.id, at: Date(millisecondsSince1970: 1_000_000)).post(
                NewStory(groupID: group.id, kind: .reflection, title: "s\(index)", body: "b"))
        }
        let first = try await room.store.stories(groupID: group.id, page: .first, limit: 4)
        #expect(first.hasMore)
        #expect(first.items.map(\.title) == ["s9", "s8", "s7", "s6"])
        let last = try await room.store.stories(groupID: group.id, page: .last, limit: 4)
        #expect(last.hasMore)
        #expect(last.items.map(\.title) == ["s3", "s2", "s1", "s0"])
        let middle = try await room.store.stories(groupID: group.id, page: .after(first.items[3].pageKey), limit: 2)
        #expect(middle.items.map(\.title) == ["s5", "s4"])
        #expect(middle.hasMore)
        let upward = try await room.store.stories(groupID: group.id, page: .before(last.items[0].pageKey), limit: 2)
        #expect(upward.items.map(\.title) == ["s5", "s4"])
        #expect(upward.hasMore)
        let top = try await room.store.stories(groupID: group.id, page: .before(first.items[0].pageKey), limit: 4)
        #expect(top == Page(items: [], hasMore: false))
        let bottom = try await room.store.stories(groupID: group.id, page: .after(last.items[3].pageKey), limit: 4)
        #expect(bottom == Page(items: [], hasMore: false))
    }

    @Test(arguments: Backend.all, [37, 40, 7])
    func encouragementPagesThroughEveryMessageExactlyOnce(_ backend: Backend, limit: Int) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let group = try await room.group("third")
        let people = try await room.roster(group.id).map(\.id)

        var sent: [Encouragement] = []
        for index in 0..<250 {
            let author = people[index % people.count]
            let recipient: MemberID? = index % 3 == 0 ? people[(index + 1) % people.count] : nil
            sent.append(
                try await room.acting(author, at: timestamp(index)).encourage(
                    NewEncouragement(
                        groupID: group.id, recipientID: recipient, body: "note \(index)")))
        }
        let expected = inFeedOrder(sent.map(\.pageKey))

        let forward = try await readForward(limit: limit) {
            try await room.store.encouragement(groupID: group.id, page: $0, limit: limit)
        }
        #expect(forward.items.map(\.pageKey) == expected)
        #expect(Set(forward.items.map(\.id)).count == 250)
        #expect(forward.pages == (250 + limit - 1) / limit)

        let backward = try await readBackward(limit: limit) {
            try await room.store.encouragement(groupID: group.id, page: $0, limit: limit)
        }
        #expect(backward.items.map(\.pageKey) == expected)

        let byID = Dictionary(uniqueKeysWithValues: sent.map { ($0.id, $0) })
        for message in forward.items {
            #expect(byID[message.id] == message)
        }
        #expect(forward.items.filter { $0.recipientHandle != nil }.count == 84)
    }

    @Test(arguments: Backend.all) func otherGroupsStayOutOfAFeed(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let third = try await room.group("third")
        let circle = try await room.group("circle")
        let dune = try await room.member("dune")
        _ = try await room.acting(dune.id, at: seedNow).post(
            NewStory(groupID: third.id, kind: .triumph, title: "in third", body: "b"))
        let circleStories = try await room.allStories(circle.id)
        #expect(circleStories.map(\.title) == ["Rough night", "Ninety days"])
        #expect(try await room.allStories(third.id).map(\.title) == ["in third"])
    }
}

@Suite("Roster")
struct RosterTests {
    private let expectedCircle: [(String, Role)] = [
        ("Alder", .facilitator), ("mila", .facilitator),
        ("bea_r", .peerMentor), ("zed.9", .peerMentor),
        ("9lives", .member), ("_under", .member), ("cobalt", .member), ("Mika", .member), ("MIRA", .member),
        ("dune", .newcomer), ("Echo", .newcomer),
    ]

    @Test(arguments: Backend.all) func facilitatorsFirstThenMentorsMembersNewcomersEachByHandleIgnoringCase(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let roster = try await room.roster(room.group("circle").id)
        #expect(roster.map(\.handle) == expectedCircle.map(\.0))
        #expect(roster.map(\.role) == expectedCircle.map(\.1))
        #expect(roster.map(\.role) == roster.map(\.role).sorted())
    }

    /// The order every backend keeps: role, then `Member.handleOrder`, then id (handles of
    /// today's rules are ASCII; the SQLite suite and RoomCore's state the order of accents).
    @Test(arguments: Backend.all) func theRosterIsInRoleThenHandleOrderThenIdOrderReadEitherWay(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        for slug in ["circle", "third"] {
            let group = try await room.group(slug).id
            let forward = try await readForward(limit: 3) {
                try await room.store.roster(groupID: group, page: $0, limit: 3)
            }.items
            let stated = forward.sorted {
                ($0.role.rank, Member.handleOrder($0.handle), $0.id) < (
                    $1.role.rank, Member.handleOrder($1.handle), $1.id
                )
            }
            #expect(forward == stated, "\(slug)")
            let backward = try await readBackward(limit: 2) {
                try await room.store.roster(groupID: group, page: $0, limit: 2)
            }.items
            #expect(backward == forward, "\(slug)")
        }
    }

    @Test(arguments: Backend.all) func recoveryStartShowsOnlyWhereTheMemberSharesIt(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let roster = try await room.roster(room.group("circle").id)
        let starts = Dictionary(uniqueKeysWithValues: roster.map { ($0.handle, $0.recoveryStart?.description) })
        // Shared, and known.
        #expect(starts["mila"] == "2019-01-01")
        #expect(starts["Alder"] == "2020-05-01")
        #expect(starts["9lives"] == "2021-09-09")
        #expect(starts["Echo"] == "2023-03-03")
        // Known, but not shared with this group (false or left out).
        #expect(starts["zed.9"] == .some(nil))
        #expect(starts["Mika"] == .some(nil))
        #expect(starts["bea_r"] == .some(nil))
        #expect(starts["cobalt"] == .some(nil))
        #expect(starts["dune"] == .some(nil))
        // Shared, but never given.
        #expect(starts["MIRA"] == .some(nil))

        // Alder shares with the circle but not with the quiet room.
        let alder = try await room.member("Alder")
        let quiet = try await readForward(limit: 100) {
            try await room.acting(alder.id).roster(groupID: room.group("quiet-room").id, page: $0, limit: 100)
        }.items
        #expect(quiet.map(\.handle) == ["fern", "Alder"])
        #expect(quiet.first { $0.handle == "Alder" }?.recoveryStart == nil)
        #expect(quiet.first { $0.handle == "fern" }?.recoveryStart?.description == "2012-11-30")
        // The member's own record still holds it.
        #expect(try await room.member("Alder").recoveryStart?.description == "2020-05-01")
        #expect(try await room.member("Mika").recoveryStart?.description == "2022-02-02")
    }

    @Test(arguments: Backend.all, [1, 2, 3, 4, 5, 11, 12])
    func rosterPagesGiveEachMemberOnce(_ backend: Backend, limit: Int) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let groupID = try await room.group("circle").id
        let forward = try await readForward(limit: limit) {
            try await room.store.roster(groupID: groupID, page: $0, limit: limit)
        }
        #expect(forward.items.map(\.handle) == expectedCircle.map(\.0))
        #expect(forward.pages == (11 + limit - 1) / limit)
        let backward = try await readBackward(limit: limit) {
            try await room.store.roster(groupID: groupID, page: $0, limit: limit)
        }
        #expect(backward.items.map(\.handle) == expectedCircle.map(\.0))
        #expect(backward.pages == (11 + limit - 1) / limit)
    }
}
