import Foundation
import RoomCore
import RoomStore
import Testing

/// The newcomer backlog (issue 18), on every backend: in the fixture's open "circle" (Alder
/// facilitates; Mika and dune joined when it was seeded), two stories from before the seeding
/// ("Ninety days" by Mika, "Rough night" by dune), "Old news" by Mika two days after it, and
/// "Fresh start" an hour after "newbie" joined, ten days after it. Mika answers dune's story.
private struct BacklogRoom {
    let room: FixtureRoom
    let circle: GroupID
    let alder: MemberID
    let mika: MemberID
    let dune: MemberID
    let newbie: any RoomStore
    let joined: Date
    let oldNews: StoryID
    let roughNight: StoryID
    let ninetyDays: StoryID

    static func day(_ days: Double) -> Date { seedNow.addingTimeInterval(days * 86_400) }

    init(_ backend: Backend) async throws {
        room = try await FixtureRoom(backend)
        circle = try await room.group("circle").id
        alder = try await room.member("Alder").id
        mika = try await room.member("Mika").id
        dune = try await room.member("dune").id
        let stories = try await room.allStories(circle)
        roughNight = try #require(stories.first { $0.title == "Rough night" }).id
        ninetyDays = try #require(stories.first { $0.title == "Ninety days" }).id
        oldNews = try await room.acting(mika, at: Self.day(2)).post(
            NewStory(groupID: circle, kind: .reflection, title: "Old news", body: "From before newbie came.")
        )
        .id
        joined = Self.day(10)
        room.clock.set(joined)
        newbie = try await room.opened.newcomer("newbie")
        _ = try await newbie.takePseudonym("newbie", recoveryStart: nil)
        _ = try await room.acting(mika, at: Self.day(10.05)).post(
            NewStory(groupID: circle, kind: .triumph, title: "Fresh start", body: "Welcome, newbie."))
        _ = try await room.acting(mika, at: Self.day(10.1)).reply(to: roughNight, body: "You are not alone.")
    }

    func titles(_ store: any RoomStore) async throws -> Set<String> {
        Set(
            try await readForward(limit: 2) { try await store.stories(groupID: circle, page: $0, limit: 2) }.items.map(
                \.title))
    }

    func summary(_ store: any RoomStore) async throws -> GroupSummary {
        try #require(try await store.groupDirectory().first { $0.id == circle })
    }

    func set(_ days: Int?) async throws {
        try await room.acting(alder).setBacklog(groupID: circle, days: days)
    }
}

@Suite("Newcomer backlog: how far back members read")
struct BacklogStoreTests {
    static let everything: Set = ["Ninety days", "Rough night", "Old news", "Fresh start"]

    @Test(arguments: Backend.all) func everythingIsTheDefaultAndReadsAsBefore(_ backend: Backend) async throws {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        #expect(try await b.titles(b.newbie) == Self.everything)
        let listed = try await b.summary(b.newbie)
        #expect(listed.backlogDays == nil && listed.readsFrom == nil && listed.storyCount == 4)
    }

    @Test(arguments: Backend.all) func aNewcomerWithZeroDaysReadsOnlyWhatWasSharedSinceTheyJoined(_ backend: Backend)
        async throws
    {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        try await b.set(0)
        #expect(try await b.titles(b.newbie) == ["Fresh start"])
        await #expect(throws: StoreError.unknownStory(b.oldNews), "an older story is no story to them") {
            try await b.newbie.story(id: b.oldNews)
        }
        #expect(try await b.newbie.search("news", groupID: nil, limit: 20).isEmpty)
        #expect(try await b.newbie.search("welcome", groupID: nil, limit: 20).count == 1)
        await #expect(throws: StoreError.self, "nor do they answer it") {
            try await b.newbie.reply(to: b.oldNews, body: "Hello")
        }
        await #expect(throws: StoreError.self) { try await b.newbie.toggleReaction(storyID: b.oldNews, kind: .support) }
        // Counts are what they read.
        let listed = try #require(try await b.newbie.groups().first { $0.id == b.circle })
        #expect(listed.backlogDays == 0 && listed.readsFrom == b.joined)
        #expect(listed.storyCount == 1 && listed.unreadCount == 1)
        #expect(try await b.newbie.nextUnread(groupID: b.circle) != nil)
    }

    @Test(arguments: Backend.all) func nDaysReadFromThatManyDaysBeforeJoining(_ backend: Backend) async throws {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        try await b.set(9)
        #expect(try await b.titles(b.newbie) == ["Old news", "Fresh start"])
        _ = try await b.newbie.story(id: b.oldNews)
        let listed = try await b.summary(b.newbie)
        #expect(listed.readsFrom == BacklogRoom.day(1) && listed.storyCount == 2 && listed.backlogDays == 9)
        try await b.set(nil)
        #expect(try await b.titles(b.newbie) == Self.everything, "back to everything")
        #expect(try await b.summary(b.newbie).readsFrom == nil)
    }

    @Test(arguments: Backend.all) func ownStoriesAndTheirRepliesAreNeverHeldBack(_ backend: Backend) async throws {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        try await b.set(0)
        let dune = try await b.room.acting(b.dune)
        // dune joined at the seeding: their own older story stays, Mika's older one goes.
        #expect(try await b.titles(dune) == ["Rough night", "Old news", "Fresh start"])
        let story = try await dune.story(id: b.roughNight)
        #expect(story.replies.map(\.body) == ["You are not alone."])
        await #expect(throws: StoreError.unknownStory(b.ninetyDays)) { try await dune.story(id: b.ninetyDays) }
        let listed = try await b.summary(dune)
        #expect(listed.storyCount == 3)
        #expect(try await dune.search("rough", groupID: b.circle, limit: 20).count == 1)
    }

    @Test(arguments: Backend.all) func facilitatorsReadEverythingAndOutsidersNothing(_ backend: Backend) async throws {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        try await b.set(0)
        let alder = try await b.room.acting(b.alder)
        #expect(try await b.titles(alder) == Self.everything)
        let mine = try await b.summary(alder)
        #expect(mine.readsFrom == nil && mine.storyCount == 4 && mine.backlogDays == 0)
        _ = try await alder.story(id: b.ninetyDays)
        // A guest has joined nothing: a limited group's history is for its members.
        let guest = try await b.room.acting(nil)
        #expect(try await b.titles(guest).isEmpty)
        #expect(try await b.summary(guest).storyCount == 0)
        #expect(try await b.summary(guest).readsFrom == .distantFuture)
    }

    @Test(arguments: Backend.all) func onlyFacilitatorsChangeItAndOnlyToSensibleValues(_ backend: Backend) async throws
    {
        let b = try await BacklogRoom(backend)
        defer { b.room.remove() }
        await #expect(throws: StoreError.notAFacilitator(handle: "Mika", group: "circle")) {
            try await b.room.acting(b.mika).setBacklog(groupID: b.circle, days: 0)
        }
        await #expect(throws: StoreError.self, "a newcomer neither") {
            try await b.newbie.setBacklog(groupID: b.circle, days: 0)
        }
        for days in [-1, Backlog.maxDays + 1] {
            await #expect(throws: StoreError.self, "\(days)") {
                try await b.room.acting(b.alder).setBacklog(groupID: b.circle, days: days)
            }
        }
        #expect(try await b.summary(b.newbie).backlogDays == nil, "nothing changed")
        #expect(try await b.titles(b.newbie) == Self.everything)
    }
}
