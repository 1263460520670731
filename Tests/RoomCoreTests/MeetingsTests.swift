import Foundation
import RoomCore
import Testing

private let london = TimeZone(identifier: "Europe/London")!
private let newYork = TimeZone(identifier: "America/New_York")!

/// An instant from "2026-03-29T18:00:00Z".
private func utc(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

private func weekly(
    _ weekday: Int, _ hour: Int, _ minute: Int = 0, zone: String = "Europe/London", from: String = "2026-01-01",
    minutes: Int = 60
) -> Meeting {
    Meeting(
        id: 1, groupID: 1, groupName: "Circle", title: "Weekly",
        schedule: .weekly(weekday: weekday, hour: hour, minute: minute, from: CalendarDay(iso: from)!),
        timeZone: zone, durationMinutes: minutes, location: "online", facilitatorHandle: "mila")
}

@Suite("Meetings: recurrence across time zones and clock changes")
struct RecurrenceTests {
    @Test func aLondonEveningStaysAtNineteenHundredWhenTheClocksGoForwardInMarch() {
        // The last Sunday of March 2026 is the 29th: GMT (UTC+0) becomes BST (UTC+1).
        let sunday = weekly(1, 19)
        let starts = Recurrence.occurrences(of: sunday, notEndedAt: utc("2026-03-20T00:00:00Z"), limit: 3)
        #expect(starts == [utc("2026-03-22T19:00:00Z"), utc("2026-03-29T18:00:00Z"), utc("2026-04-05T18:00:00Z")])
        #expect(starts.map { MeetingTime.when($0, zone: london, now: $0) } == ["Sun 19:00", "Sun 19:00", "Sun 19:00"])
    }

    @Test func andWhenTheyGoBackInOctober() {
        // The last Sunday of October 2026 is the 25th: BST becomes GMT again.
        let sunday = weekly(1, 19)
        let starts = Recurrence.occurrences(of: sunday, notEndedAt: utc("2026-10-17T00:00:00Z"), limit: 3)
        #expect(starts == [utc("2026-10-18T18:00:00Z"), utc("2026-10-25T19:00:00Z"), utc("2026-11-01T19:00:00Z")])
    }

    @Test func aMemberInAnotherZoneSeesTheGapChangeInTheWeeksTheClocksDisagree() {
        // New York moves on 8 March, London on 29 March: for three weeks they are 4 hours apart.
        let tuesday = weekly(3, 19)
        let starts = Recurrence.occurrences(of: tuesday, notEndedAt: utc("2026-03-01T00:00:00Z"), limit: 5)
        let shown = starts.map { MeetingTime.when($0, zone: newYork, now: $0) }
        #expect(shown == ["Tue 14:00", "Tue 15:00", "Tue 15:00", "Tue 15:00", "Tue 14:00"])
    }

    @Test func aMeetingUnderWayStillCountsAndAnEndedOneDoesNot() {
        let sunday = weekly(1, 19, minutes: 90)
        let during = Recurrence.occurrences(of: sunday, notEndedAt: utc("2026-03-22T20:00:00Z"), limit: 1)
        #expect(during == [utc("2026-03-22T19:00:00Z")])
        let after = Recurrence.occurrences(of: sunday, notEndedAt: utc("2026-03-22T20:30:00Z"), limit: 1)
        #expect(after == [utc("2026-03-29T18:00:00Z")])
    }

    @Test func nothingBeforeTheFirstDayAndNothingWhenCancelled() {
        var meeting = weekly(1, 19, from: "2026-04-01")
        #expect(
            Recurrence.occurrences(of: meeting, notEndedAt: utc("2026-03-01T00:00:00Z"), limit: 1)
                == [utc("2026-04-05T18:00:00Z")])
        #expect(!Recurrence.isOccurrence(utc("2026-03-29T18:00:00Z"), of: meeting))
        #expect(Recurrence.isOccurrence(utc("2026-04-05T18:00:00Z"), of: meeting))
        #expect(!Recurrence.isOccurrence(utc("2026-04-05T19:00:00Z"), of: meeting), "an hour off is not it")
        meeting.isCancelled = true
        #expect(Recurrence.occurrences(of: meeting, notEndedAt: utc("2026-03-01T00:00:00Z"), limit: 1).isEmpty)
    }

    @Test func aOneOffMeetingHappensOnce() {
        var meeting = weekly(1, 19)
        meeting.schedule = .once(utc("2026-05-01T17:30:00Z"))
        #expect(
            Recurrence.occurrences(of: meeting, notEndedAt: utc("2026-04-01T00:00:00Z"), limit: 5)
                == [utc("2026-05-01T17:30:00Z")])
        #expect(Recurrence.occurrences(of: meeting, notEndedAt: utc("2026-05-01T18:30:00Z"), limit: 5).isEmpty)
        #expect(Recurrence.isOccurrence(utc("2026-05-01T17:30:00Z"), of: meeting))
    }

    @Test func weekdaysOfCalendarDays() {
        #expect(Recurrence.weekday(of: CalendarDay(iso: "1970-01-01")!) == 5, "a Thursday")
        #expect(Recurrence.weekday(of: CalendarDay(iso: "2026-03-29")!) == 1, "a Sunday")
        #expect(Recurrence.weekday(of: CalendarDay(iso: "1969-12-28")!) == 1, "before 1970 too")
    }
}

@Suite("Meetings: how a time reads")
struct MeetingTimeTests {
    let now = utc("2026-11-18T08:26:40Z")  // a Wednesday morning in London

    @Test func countdowns() {
        func countdown(_ start: String, minutes: Double = 60) -> String {
            let start = utc(start)
            return MeetingTime.countdown(start, end: start.addingTimeInterval(minutes * 60), zone: london, now: now)
        }
        #expect(countdown("2026-11-18T08:00:00Z") == "now")
        #expect(countdown("2026-11-18T07:00:00Z") == "ended")
        #expect(countdown("2026-11-18T09:00:00Z") == "in 34 min")
        #expect(countdown("2026-11-18T19:00:00Z") == "in 11 h")
        #expect(countdown("2026-11-19T07:00:00Z") == "tomorrow", "over 12 hours away, on the next day")
        #expect(countdown("2026-11-19T19:00:00Z") == "tomorrow")
        #expect(countdown("2026-11-20T19:00:00Z") == "in 2 days")
    }

    @Test func daysAreCountedInTheMembersOwnCalendar() {
        // 01:00 UTC on Friday is still Thursday evening in New York.
        let start = utc("2026-11-20T01:00:00Z")
        let end = start.addingTimeInterval(3600)
        #expect(MeetingTime.countdown(start, end: end, zone: london, now: now) == "in 2 days")
        #expect(MeetingTime.countdown(start, end: end, zone: newYork, now: now) == "tomorrow")
        #expect(MeetingTime.when(start, zone: london, now: now) == "Fri 01:00")
        #expect(MeetingTime.when(start, zone: newYork, now: now) == "Thu 20:00")
    }

    @Test func aMeetingMoreThanAWeekAwayNamesItsDate() {
        #expect(MeetingTime.when(utc("2026-12-03T18:30:00Z"), zone: london, now: now) == "Thu 3 Dec 18:30")
    }

    @Test func parsing() throws {
        #expect(MeetingTime.parseTime("19:05")! == (19, 5))
        #expect(MeetingTime.parseTime("7:05") == nil)
        #expect(MeetingTime.parseTime("24:00") == nil)
        #expect(MeetingTime.parseWeekday("tue") == 3)
        #expect(MeetingTime.parseWeekday("Saturday") == 7)
        #expect(MeetingTime.parseWeekday("t") == nil)
        #expect(throws: ValidationError.self) { try Validate.timeZone("Mars/Olympus") }
        #expect(try Validate.timeZone("Europe/London") == "Europe/London")
    }
}
