import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private let soon = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)
private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

/// Issue 12 in the store: warned text never leaves it as a preview, and check-ins count
/// kindly (current, total, longest; no celebration on a hard day).
@Suite("Care: content warnings and check-ins in the store")
struct CareStoreTests {
    @Test(arguments: Backend.all) func aWarnedStoryIsFoundButItsTextGivesNoSnippetExceptToItsAuthor(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        // "Rough night" (content warning: cravings) holds "here" in its text only.
        let mila = try await room.member("mila").id
        let hits = try await room.acting(mila).search("here", groupID: nil, limit: 10)
        let hit = try #require(hits.first { $0.story.title == "Rough night" })
        #expect(hit.story.contentWarning == "cravings")
        #expect(hit.snippet.parts.isEmpty, "no word of the text: \(hit.snippet.plain)")
        let guest = try await room.acting(nil).search("here", groupID: nil, limit: 10)
        #expect(guest.first { $0.story.title == "Rough night" }?.snippet.parts.isEmpty == true)
        let dune = try await room.member("dune").id
        let own = try await room.acting(dune).search("here", groupID: nil, limit: 10)
        #expect(own.first { $0.story.title == "Rough night" }?.snippet.plain.contains("I am here") == true)
        // A story without a warning keeps its snippet.
        let ninety = try #require(
            try await room.acting(mila).search("thank", groupID: nil, limit: 10).first)
        #expect(ninety.snippet.plain.contains("Thank you all"))
    }

    @Test(arguments: Backend.all) func theQueueCarriesTheWarningOfAStoryAndOfTheStoryAReplyIsUnder(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let rough = try #require(try await room.allStories(circle.id).first { $0.title == "Rough night" })
        let cobalt = try await room.member("cobalt").id
        let reply = try await room.acting(cobalt, at: soon).reply(
            to: rough.id, body: "Same here, I nearly bought a bottle")
        try await room.acting(room.member("MIRA").id, at: soon).report(.reply(reply.id), reason: "too raw")
        try await room.acting(room.member("MIRA").id, at: soon).report(.story(rough.id), reason: "check on dune")
        let queue = try await room.acting(room.member("mila").id).moderationQueue(groupID: circle.id)
        #expect(queue.first { $0.target == .reply(reply.id) }?.contentWarning == "cravings")
        #expect(queue.first { $0.target == .story(rough.id) }?.contentWarning == "cravings")
    }

    @Test(arguments: Backend.all) func aCheckInCountsTheStreakBesideTheDaysInAllAndTheLongestRun(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        // Four days in a row in February, a gap, then two days in March.
        for date in ["2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-03-02"] {
            _ = try await room.acting(cobalt, at: utc(date + "T12:00:00Z")).recordCheckIn(
                DailyCheckIn(day: day(date), mood: 3))
        }
        let summary = try await room.acting(cobalt, at: utc("2026-03-03T12:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-03"), mood: 4))
        #expect(summary.streak == 2)
        #expect(summary.totalDays == 6)
        #expect(summary.longestStreak == 4, "the gap does not erase the run before it")
    }

    @Test(arguments: Backend.all) func aHardDayPostsNoCelebrationAndTheNextCheckInOfTheWeekDoes(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        let circle = try await room.group("circle").id
        try await room.acting(cobalt).setRecoveryStart(day("2026-02-06"))
        try await room.acting(cobalt).shareMilestones(groupID: circle, shared: true)
        let hard = try await room.acting(cobalt, at: utc("2026-03-08T09:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-08"), mood: 1))
        #expect(hard.isHardDay)
        #expect(hard.celebratedIn.isEmpty)
        #expect(try await room.allEncouragement(circle).allSatisfy { !$0.body.contains("🎉") })
        let better = try await room.acting(cobalt, at: utc("2026-03-10T09:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-10"), mood: 3))
        #expect(better.celebratedIn == ["circle"])
        #expect(
            try await room.allEncouragement(circle).map(\.body).contains(
                "🎉 cobalt reached 30 days on 2026-03-08. Celebrate with them!"))
    }

    @Test(arguments: Backend.all) func aRecoveryStartInTheFutureIsRefusedAndChangesNothing(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        try await room.acting(cobalt).setRecoveryStart(day("2026-02-06"))
        let ahead = CalendarDay(daysSinceEpoch: Recurrence.day(of: Date(), in: .gmt).daysSinceEpoch + 3)
        await #expect(throws: StoreError.self) {
            try await room.acting(cobalt).setRecoveryStart(ahead)
        }
        #expect(try await room.acting(cobalt).export().recoveryStart == "2026-02-06")
    }
}
