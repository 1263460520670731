import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

@Suite("Check-ins and milestones: the store")
struct CheckInStoreTests {
    @Test(arguments: Backend.all) func oneCheckInPerDayASecondReplacesTheFirst(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        try await room.acting(cobalt).setRecoveryStart(day("2025-05-02"))
        _ = try await room.acting(cobalt, at: utc("2026-03-01T08:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-01"), mood: 2))
        _ = try await room.acting(cobalt, at: utc("2026-03-02T08:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-02"), mood: 3))
        _ = try await room.acting(cobalt, at: utc("2026-03-03T08:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-03"), mood: 2, note: "Rough morning"))
        let summary = try await room.acting(cobalt, at: utc("2026-03-03T20:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-03"), mood: 4, note: "Better by evening"))
        #expect(summary.today == DailyCheckIn(day: day("2026-03-03"), mood: 4, note: "Better by evening"))
        #expect(summary.streak == 3)
        #expect(summary.daysSinceStart == 305)
        let later = try await room.acting(cobalt).checkInSummary(today: day("2026-03-05"))
        #expect(later.streak == 0 && later.today == nil)
        await #expect(throws: StoreError.self, "not today anywhere") {
            _ = try await room.acting(cobalt, at: utc("2026-03-03T20:00:00Z")).recordCheckIn(
                DailyCheckIn(day: day("2026-02-01"), mood: 3))
        }
        await #expect(throws: StoreError.self) {
            _ = try await room.acting(cobalt, at: utc("2026-03-03T20:00:00Z")).recordCheckIn(
                DailyCheckIn(day: day("2026-03-03"), mood: 9))
        }
    }

    @Test(arguments: Backend.all) func aMilestoneIsCelebratedOnceInTheGroupsTheMemberChose(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt")
        let circle = try await room.group("circle").id
        let third = try await room.group("third").id  // cobalt is in both
        try await room.acting(cobalt.id).setRecoveryStart(day("2026-02-06"))
        try await room.acting(cobalt.id).shareMilestones(groupID: circle, shared: true)
        // 23:30 UTC on 7 March: 8 March in Tokyo, where cobalt lives.
        let summary = try await room.acting(cobalt.id, at: utc("2026-03-07T23:30:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-08"), mood: 5, note: "private words"))
        #expect(summary.milestoneToday?.description == "30 days")
        #expect(summary.celebratedIn == ["circle"])
        let feed = try await room.allEncouragement(circle)
        let celebration = try #require(feed.first { $0.body.hasPrefix("🎉") })
        #expect(celebration.body == "🎉 cobalt reaches 30 days today. Celebrate with them!")
        #expect(celebration.authorHandle == "cobalt" && celebration.recipientHandle == nil)
        #expect(try await room.allEncouragement(third).allSatisfy { !$0.body.contains("🎉") }, "not shared there")
        let again = try await room.acting(cobalt.id, at: utc("2026-03-09T09:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-09"), mood: 4))
        #expect(again.celebratedIn.isEmpty, "once")
        #expect(try await room.allEncouragement(circle).filter { $0.body.contains("🎉") }.count == 1)
        // Others answer with encouragement, as to anyone.
        let mila = try await room.member("mila").id
        _ = try await room.acting(mila, at: utc("2026-03-09T10:00:00Z")).encourage(
            NewEncouragement(groupID: circle, recipientID: cobalt.id, body: "So glad for you!"))
        // The note is nowhere but the member's own summary.
        let own = try await room.acting(cobalt.id).export()
        #expect(own.checkIns.map(\.note) == ["private words", nil])
        let export = try await room.acting(mila).export()
        #expect(!"\(export)".contains("private words"))
        let everything = try await room.allEncouragement(circle).map(\.body) + room.allStories(circle).map(\.title)
        #expect(!everything.contains { $0.contains("private words") })
    }

    @Test(arguments: Backend.all) func nothingIsCelebratedWithoutChoosingTo(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        try await room.acting(cobalt).setRecoveryStart(day("2026-03-01"))
        let summary = try await room.acting(cobalt, at: utc("2026-03-08T12:00:00Z")).recordCheckIn(
            DailyCheckIn(day: day("2026-03-08"), mood: 3))
        #expect(summary.milestoneToday?.description == "7 days" && summary.celebratedIn.isEmpty)
        let fern = try await room.member("fern").id
        let circle = try await room.group("circle").id
        await #expect(throws: StoreError.self, "not a member") {
            try await room.acting(fern).shareMilestones(groupID: circle, shared: true)
        }
    }
}
