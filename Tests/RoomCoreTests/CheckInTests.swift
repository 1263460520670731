import Foundation
import RoomCore
import Testing

private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

@Suite("Check-ins and milestones")
struct MilestoneTests {
    @Test func theMilestonesOfARecovery() {
        let all = Milestone.all(start: day("2024-01-10"), through: day("2027-01-10"))
        #expect(
            all.map(\.description) == [
                "1 day", "7 days", "30 days", "60 days", "90 days", "180 days", "1 year", "2 years", "3 years",
            ])
        #expect(all[6].day == day("2025-01-09"), "365 days after a start in a leap year")
        #expect(all[7].day == day("2026-01-10") && all[8].day == day("2027-01-10"), "then each anniversary")
    }

    @Test func aLeapDayStartIsCelebratedOnTheTwentyEighthInOtherYears() {
        let start = day("2024-02-29")
        #expect(Milestone.reached(start: start, on: day("2026-02-28"))?.description == "2 years")
        #expect(Milestone.reached(start: start, on: day("2028-02-29"))?.description == "4 years")
    }

    @Test func reachedOnlyOnTheDayAndTheNextOneAfterIt() {
        let start = day("2026-02-06")
        #expect(Milestone.reached(start: start, on: day("2026-03-08"))?.description == "30 days")
        #expect(Milestone.reached(start: start, on: day("2026-03-09")) == nil)
        #expect(Milestone.next(start: start, after: day("2026-03-08")).description == "60 days")
        #expect(Milestone.next(start: start, after: day("2026-02-06")).description == "1 day")
        let late = Milestone.next(start: day("2020-05-05"), after: day("2026-05-05"))
        #expect(late.description == "7 years" && late.day == day("2027-05-05"))
    }

    @Test func theSameInstantIsAMilestoneInTokyoButNotYetInLondon() throws {
        // 23:30 UTC on 7 March is already 8 March in Tokyo: 30 days after 6 February there.
        let instant = try Date("2026-03-07T23:30:00Z", strategy: .iso8601)
        let start = day("2026-02-06")
        let tokyo = Recurrence.day(of: instant, in: TimeZone(identifier: "Asia/Tokyo")!)
        let london = Recurrence.day(of: instant, in: TimeZone(identifier: "Europe/London")!)
        let angeles = Recurrence.day(of: instant, in: TimeZone(identifier: "America/Los_Angeles")!)
        #expect(Milestone.reached(start: start, on: tokyo)?.description == "30 days")
        #expect(Milestone.reached(start: start, on: london) == nil)
        #expect(Milestone.reached(start: start, on: angeles) == nil)
        // A minute after midnight in London on the clock-change night it is 8 March there too.
        let later = try Date("2026-03-08T00:01:00Z", strategy: .iso8601)
        #expect(
            Milestone.reached(start: start, on: Recurrence.day(of: later, in: TimeZone(identifier: "Europe/London")!))?
                .description == "30 days")
    }

    @Test func aStreakCountsDaysInARowUpToTodayOrYesterday() {
        let days: Set = [day("2026-03-01"), day("2026-03-02"), day("2026-03-03"), day("2026-02-27")]
        #expect(CheckInSummary.streak(days: days, today: day("2026-03-03")) == 3)
        #expect(CheckInSummary.streak(days: days, today: day("2026-03-04")) == 3, "today's is still to come")
        #expect(CheckInSummary.streak(days: days, today: day("2026-03-05")) == 0)
    }

    @Test func moodAndNote() throws {
        #expect(throws: ValidationError.self) { try Validate.mood(0) }
        #expect(throws: ValidationError.self) { try Validate.mood(6) }
        #expect(try Validate.checkInNote("  ") == nil)
        #expect(try Validate.checkInNote(" Slept well. ") == "Slept well.")
    }
}

@Suite("Check-ins: streaks that never shame")
struct StreakTests {
    @Test func theLongestRunSurvivesAGap() {
        let days: Set = [
            day("2026-01-30"), day("2026-01-31"), day("2026-02-01"), day("2026-02-02"),  // four, across months
            day("2026-02-10"), day("2026-03-03"), day("2026-03-04"),
        ]
        #expect(CheckInSummary.longestStreak(days: days) == 4)
        #expect(CheckInSummary.streak(days: days, today: day("2026-03-04")) == 2)
        #expect(CheckInSummary.longestStreak(days: []) == 0)
        #expect(CheckInSummary.longestStreak(days: [day("2024-02-28"), day("2024-02-29"), day("2024-03-01")]) == 3)
    }

    @Test func totalsAndLongestAreNeverBelowTheCurrentStreak() {
        let summary = CheckInSummary(
            today: DailyCheckIn(day: day("2026-03-04"), mood: 1), streak: 3, totalDays: 1, longestStreak: 2,
            daysSinceStart: nil, milestoneToday: nil, nextMilestone: nil)
        #expect(summary.totalDays == 3 && summary.longestStreak == 3)
        #expect(summary.isHardDay)
        #expect(
            !CheckInSummary(today: nil, streak: 0, daysSinceStart: nil, milestoneToday: nil, nextMilestone: nil)
                .isHardDay)
    }
}
