import Foundation
import GRDB
import RoomCore
import RoomStore
import Testing

/// `seedNow` plus `minutes`: the moment a test write is stamped with.
private func minute(_ minutes: Int64) -> Date {
    Date(millisecondsSince1970: seedNow.millisecondsSince1970 + minutes * 60_000)
}

extension FixtureRoom {
    fileprivate func id(_ handle: String) async throws -> MemberID { try await member(handle).id }

    /// `handle`'s for-you list (all of it) and count.
    fileprivate func forYou(_ handle: String) async throws -> (items: [ForYouItem], count: Int) {
        let store = try await self.as(handle)
        return (try await store.forYou(limit: ForYou.listLimit), try await store.forYouCount())
    }

    /// The story "Ninety days" by Mika in the circle: three replies (mila, Alder, dune) and two
    /// reactions (mila, dune) in the seed.
    fileprivate func ninetyDays() async throws -> StorySummary {
        try #require(try await allStories(try await group("circle").id).first { $0.title == "Ninety days" })
    }
}

/// Issue 18's "for you": replies to my stories, encouragement to me, messages in my
/// mentorships and reactions to my stories, by others, new until I have seen them.
@Suite("For you: the store")
struct ForYouStoreTests {
    @Test(arguments: Backend.all) func othersRepliesReactionsAndEncouragementToMeAreForMe(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let circle = try await room.group("circle")

        let mika = try await room.forYou("Mika")
        // Newest first: the seed's reactions (given at its "now"), then the replies by age.
        #expect(mika.items.map(\.kind) == [.reaction, .reaction, .reply, .reply, .reply])
        #expect(mika.items.map(\.handle) == ["dune", "mila", "mila", "Alder", "dune"])
        #expect(mika.items.map(\.reaction) == [.support, .proud, nil, nil, nil])
        #expect(mika.items.map(\.excerpt) == [nil, nil, "So proud of you.", "Ninety is huge.", "First!"])
        #expect(mika.items.allSatisfy { $0.storyID == story.id && $0.storyTitle == "Ninety days" })
        #expect(mika.items.allSatisfy { $0.groupID == circle.id && $0.groupSlug == "circle" && $0.isNew })
        #expect(mika.items.filter { $0.kind == .reply }.allSatisfy { $0.itemID != nil })
        #expect(mika.count == 5)
        #expect(mika.items.first?.headline == "dune reacted to “Ninety days”: sending support")

        // Encouragement to dune is dune's; to the whole group it is nobody's.
        let dune = try await room.forYou("dune")
        #expect(dune.items.map(\.kind) == [.encouragement])
        #expect(dune.items.first?.handle == "Alder")
        #expect(dune.items.first?.excerpt == "You made it through the night.")
        #expect(dune.items.first?.storyID == nil && dune.items.first?.itemID != nil)
        #expect(dune.count == 1)
        for handle in ["mila", "Alder", "cobalt"] {
            #expect(try await room.forYou(handle).count == 0, "\(handle) wrote, nothing was for them")
        }

        // My own acts are never for me.
        let me = try await room.acting(try await room.id("Mika"), at: minute(5))
        _ = try await me.reply(to: story.id, body: "Thank you, all of you.")
        try await me.toggleReaction(storyID: story.id, kind: .proud)
        _ = try await me.encourage(NewEncouragement(groupID: circle.id, recipientID: nil, body: "Keep going"))
        #expect(try await room.forYou("Mika").items.count == 5)
        #expect(try await room.forYou("Mika").count == 5)

        // A guest has nothing for them and cannot mark anything.
        let guest = try await room.acting(nil)
        #expect(try await guest.forYou(limit: 10).isEmpty)
        #expect(try await guest.forYouCount() == 0)
        await #expect(throws: StoreError.self) { try await guest.markForYouSeen(through: minute(0)) }
    }

    @Test(arguments: Backend.all) func aMentorshipMessageIsForTheOtherOfThePair(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        room.clock.set(minute(1))
        try await room.as("zed.9").offerMentoring(groupID: circle, note: "Evenings", capacity: 2, available: true)
        let asked = try await room.as("Echo").requestMentor(groupID: circle, mentorID: room.id("zed.9"), note: nil)
        let mentorship = try await room.as("zed.9").respondToMentorship(id: asked.id, accept: true, note: nil)
        #expect(try await room.forYou("zed.9").count == 0, "asking and answering are not messages")

        room.clock.set(minute(2))
        let sent = try await room.as("Echo").sendMentorMessage(to: room.id("zed.9"), body: "Can we talk tonight?")
        let zed = try await room.forYou("zed.9")
        #expect(zed.items.map(\.kind) == [.mentorMessage])
        #expect(zed.items.first?.mentorshipID == mentorship.id && zed.items.first?.itemID == sent.id)
        #expect(zed.items.first?.excerpt == "Can we talk tonight?" && zed.items.first?.handle == "Echo")
        #expect(zed.items.first?.headline == "Echo wrote to you privately")
        #expect(try await room.forYou("Echo").count == 0, "her own message")
        for handle in ["mila", "Alder", "bea_r"] {  // the group's facilitators and another mentor
            #expect(try await room.forYou(handle).items.isEmpty, "\(handle) sees nothing of the thread")
        }
        room.clock.set(minute(3))
        _ = try await room.as("zed.9").sendMentorMessage(to: room.id("Echo"), body: "Yes, at eight.")
        #expect(try await room.forYou("Echo").items.map(\.excerpt) == ["Yes, at eight."])
        // Ended, the thread is still theirs, and so are its messages.
        try await room.as("Echo").endMentorship(id: mentorship.id)
        #expect(try await room.forYou("zed.9").count == 1)
    }

    @Test(arguments: Backend.all) func nothingByAMemberIMutedCounts(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.as("Mika")
        try await mika.setMuted(try await room.id("dune"), muted: true)
        let muted = try await room.forYou("Mika")
        #expect(!muted.items.contains { $0.handle == "dune" })
        #expect(muted.count == 3)
        try await mika.setMuted(try await room.id("dune"), muted: false)
        #expect(try await room.forYou("Mika").count == 5)
    }

    @Test(arguments: Backend.all) func hiddenItemsShowToNoOneFacilitatorsIncluded(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let story = try await room.ninetyDays()
        let mila = try await room.as("mila")  // a facilitator of the circle
        let reply = try #require(try await mila.story(id: story.id).replies.first { $0.authorHandle == "Alder" })
        try await mila.moderate(.reply(reply.id), hide: true, note: "Kept for the facilitators")
        let mika = try await room.forYou("Mika")
        #expect(!mika.items.contains { $0.itemID == reply.id })
        #expect(mika.count == 4)

        // Alder, a facilitator too, is not shown a hidden reply to his own story either.
        room.clock.set(minute(1))
        let alders = try await room.as("Alder").post(
            NewStory(groupID: circle, kind: .reflection, title: "Two years", body: "Today."))
        room.clock.set(minute(2))
        let cobalts = try await room.as("cobalt").reply(to: alders.id, body: "Not kind words")
        #expect(try await room.forYou("Alder").count == 1)
        try await mila.moderate(.reply(cobalts.id), hide: true, note: "Unkind")
        #expect(try await room.forYou("Alder").items.isEmpty)
        #expect(try await room.forYou("Alder").count == 0)

        // Hidden encouragement is gone from its recipient's list; restored, it is back.
        let message = try #require(try await room.allEncouragement(circle).first { $0.recipientHandle == "dune" })
        try await mila.moderate(.encouragement(message.id), hide: true, note: "Checking")
        #expect(try await room.forYou("dune").count == 0)
        try await mila.moderate(.encouragement(message.id), hide: false, note: "Fine")
        #expect(try await room.forYou("dune").count == 1)
    }

    @Test(arguments: Backend.all) func aClosedGroupsItemsAreItsMembersAlone(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let quiet = try await room.group("quiet-room").id
        room.clock.set(minute(1))
        let story = try await room.as("fern").post(
            NewStory(groupID: quiet, kind: .setback, title: "Night shift", body: "Only here."))
        room.clock.set(minute(2))
        _ = try await room.as("Alder").reply(to: story.id, body: "Between us: I know that night.")
        let fern = try await room.forYou("fern")
        #expect(fern.items.map(\.groupSlug) == ["quiet-room"])
        #expect(fern.count == 1)
        // Outside the closed group, nobody gets a word of it, whatever they have of their own.
        for handle in ["Mika", "dune", "mila", "cobalt"] {
            #expect(
                !(try await room.forYou(handle).items.contains { $0.groupID == quiet }),
                "\(handle) is not in the quiet room")
        }
        // A non-member cannot be written to there at all.
        await #expect(throws: StoreError.self) {
            _ = try await room.as("Alder").encourage(
                NewEncouragement(groupID: quiet, recipientID: try await room.id("dune"), body: "Hi"))
        }
    }

    @Test(arguments: Backend.all) func seeingClearsTheCountAndSomethingNewBringsItBack(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let mika = try await room.as("Mika")
        let shown = try await mika.forYou(limit: 50)
        #expect(try await mika.forYouCount() == 5)

        room.clock.set(minute(10))
        try await mika.markForYouSeen(through: try #require(shown.first).createdAt)
        #expect(try await mika.forYouCount() == 0)
        let seen = try await mika.forYou(limit: 50)
        #expect(seen.count == 5 && seen.allSatisfy { !$0.isNew }, "still listed, no longer new")
        #expect(try await room.forYou("dune").count == 1, "dune's are dune's to clear")

        room.clock.set(minute(11))
        _ = try await room.as("cobalt").reply(to: story.id, body: "Ninety! Wow.")
        #expect(try await mika.forYouCount() == 1)
        let again = try await mika.forYou(limit: 50)
        #expect(again.map(\.isNew) == [true, false, false, false, false, false])
        #expect(again.first?.handle == "cobalt")

        // The mark does not move back, and not past now: something at the next minute is new.
        try await mika.markForYouSeen(through: minute(0))
        #expect(try await mika.forYouCount() == 1)
        try await mika.markForYouSeen(through: minute(60))
        #expect(try await mika.forYouCount() == 0)
        room.clock.set(minute(12))
        try await room.as("dune").toggleReaction(storyID: story.id, kind: .beenThere)
        #expect(try await mika.forYouCount() == 1, "the mark stopped at now (minute 11), not at minute 60")
        // Another session of the same member (another process) sees the same mark.
        #expect(try await room.opened.reopen("Mika").forYouCount() == 1)
    }

    @Test(arguments: Backend.all) func theOrderIsNewestFirstThenKindThenIdThenHandle(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let story = try await room.ninetyDays()
        let mika = try await room.id("Mika")
        // All at one moment.
        room.clock.set(minute(30))
        let first = try await room.as("dune").reply(to: story.id, body: "one")
        let second = try await room.as("cobalt").reply(to: story.id, body: "two")
        try await room.as("cobalt").toggleReaction(storyID: story.id, kind: .beenThere)
        try await room.as("Alder").toggleReaction(storyID: story.id, kind: .support)
        try await room.as("Alder").toggleReaction(storyID: story.id, kind: .beenThere)
        _ = try await room.as("Echo").encourage(NewEncouragement(groupID: circle, recipientID: mika, body: "three"))
        let items = try await room.as("Mika").forYou(limit: 7)
        #expect(
            items.prefix(6).map(\.id) == [
                "reply:\(second.id)", "reply:\(first.id)", "encouragement:\(items[2].itemID ?? 0)",
                "reaction:\(story.id):Alder:been-there", "reaction:\(story.id):Alder:support",
                "reaction:\(story.id):cobalt:been-there",
            ])
        #expect(items[2].kind == .encouragement && items[2].handle == "Echo")
        #expect(items.prefix(6).allSatisfy { $0.createdAt == minute(30) })
        #expect(items.count == 7 && items[6].createdAt < minute(30), "then the older ones")
        #expect(try await room.as("Mika").forYou(limit: 2).map(\.id) == Array(items.prefix(2).map(\.id)))
    }

    @Test(arguments: Backend.all) func anExcerptIsOneSafeShortLineAndAWarningKeepsItBack(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        room.clock.set(minute(1))
        let long = "Line one\n\n  line two \u{1B}[31mred " + String(repeating: "and more ", count: 20)
        _ = try await room.as("cobalt").reply(to: story.id, body: long)
        let excerpt = try #require(try await room.forYou("Mika").items.first?.excerpt)
        #expect(excerpt.hasPrefix("Line one line two ␛[31mred and more"))
        #expect(excerpt.count == ForYou.excerptCharacters && excerpt.hasSuffix("…"))
        #expect(!excerpt.unicodeScalars.contains { !SafeText.isSafe($0) })

        // dune's "Rough night" is behind a content warning: its replies come without their words.
        let rough = try #require(
            try await room.allStories(try await room.group("circle").id).first { $0.title == "Rough night" })
        room.clock.set(minute(2))
        _ = try await room.as("cobalt").reply(to: rough.id, body: "Cravings pass. I promise.")
        let item = try #require(try await room.forYou("dune").items.first { $0.kind == .reply })
        #expect(item.contentWarning == "cravings" && item.excerpt == nil)
    }

    @Test(arguments: Backend.all) func whatChangesTheCountIsToldToItsMemberByTheChangeLog(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let story = try await room.ninetyDays()
        let mika = try await room.as("Mika")
        var last = try await mika.lastChange()
        func told() async throws -> [RoomChange] {
            let (changes, next) = try await mika.changes(after: last)
            last = next
            return changes
        }
        room.clock.set(minute(1))
        _ = try await room.as("cobalt").reply(to: story.id, body: "Again, well done.")
        #expect(try await told().contains(.story(story.id)))
        try await room.as("cobalt").toggleReaction(storyID: story.id, kind: .proud)
        #expect(try await told().contains(.story(story.id)))
        _ = try await room.as("cobalt").encourage(
            NewEncouragement(groupID: circle, recipientID: try await room.id("Mika"), body: "You!"))
        #expect(try await told().contains(.feed(circle, .encouragement)))
        // Seeing is private, like a read mark: it tells no one.
        try await mika.markForYouSeen(through: minute(1))
        #expect(try await told().isEmpty)
        #expect(try await room.as("cobalt").changes(after: last).changes.isEmpty)
    }
}

/// SQLite only: no command leaves a group yet, so the file is changed as one would.
@Suite("SQLite: for you after leaving a group")
struct SQLiteForYouLeavingTests {
    @Test func aGroupILeftShowsNothingForMeAnyMore() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        #expect(try await room.forYou("Mika").count == 5)
        let mika = try await room.id("Mika")
        let circle = try await room.group("circle").id
        let queue = try DatabaseQueue(path: try room.sqlite().path)
        try await queue.write { db in
            try db.execute(
                sql: "DELETE FROM membership WHERE memberId = ? AND groupId = ?", arguments: [mika, circle])
        }
        try queue.close()
        #expect(try await room.forYou("Mika").items.isEmpty)
        #expect(try await room.forYou("Mika").count == 0)
    }
}
