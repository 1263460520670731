import Foundation
import RoomCore
import Testing

private func day(_ text: String) throws -> CalendarDay {
    try #require(CalendarDay(iso: text), "\(text) should parse")
}

@Suite("CalendarDay")
struct CalendarDayTests {
    @Test(arguments: ["2024-02-29", "2023-02-14", "1970-01-01", "0001-01-01", "9999-12-31", "2000-02-29", "1999-12-31"])
    func isoTextRoundTrips(text: String) throws {
        let parsed = try day(text)
        #expect(parsed.description == text)
        #expect("\(parsed)" == text)
        #expect(CalendarDay(iso: parsed.description) == parsed)
    }

    @Test func isoTextGivesTheRightFields() throws {
        let leapDay = try day("2024-02-29")
        #expect(leapDay.year == 2024)
        #expect(leapDay.month == 2)
        #expect(leapDay.day == 29)
        #expect(CalendarDay(year: 5, month: 3, day: 7)?.description == "0005-03-07")
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "2024-1-01", "2024-01-1", "24-01-01", "2024-00-10", "2024-01-00", "2024-04-31",
        "1900-02-29", "0000-01-01", "2024/01/01", "20240101", "2024-01-01-", "", "abcd-ef-gh", "2024-01-01T00:00",
        " 2024-01-01",
    ])
    func invalidDatesAreRejected(text: String) {
        #expect(CalendarDay(iso: text) == nil)
    }

    /// Only digits make up `YYYY-MM-DD`: a sign is not a digit, so "+1" is not a month. A
    /// recovery start typed or seeded as "2024-+1-01" must be refused, not read as January.
    @Test(arguments: ["2024-+1-01", "2024-01-+1", "+024-01-01", "2024--1-01"])
    func signedFieldsAreRejected(text: String) {
        #expect(CalendarDay(iso: text) == nil, "\(text) parsed as \(CalendarDay(iso: text).map(\.description) ?? "")")
    }

    @Test func fieldInitialiserChecksTheCalendar() {
        #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2100, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2024, month: 6, day: 31) == nil)
        #expect(CalendarDay(year: 2024, month: 7, day: 31) != nil)
        #expect(CalendarDay(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDay(year: 10_000, month: 1, day: 1) == nil)
        #expect(CalendarDay(year: 2024, month: 1, day: 0) == nil)
    }

    @Test func daysUntilCountsLeapDays() throws {
        #expect(try day("2024-02-28").days(until: day("2024-03-01")) == 2)
        #expect(try day("2023-02-28").days(until: day("2023-03-01")) == 1)
        #expect(try day("2024-01-01").days(until: day("2025-01-01")) == 366)
        #expect(try day("2023-01-01").days(until: day("2024-01-01")) == 365)
        #expect(try day("2000-01-01").days(until: day("2100-01-01")) == 36_525)
        #expect(try day("1900-01-01").days(until: day("2000-01-01")) == 36_524)
    }

    @Test func daysUntilAcrossYearsAndBackwards() throws {
        #expect(try day("2023-12-31").days(until: day("2024-01-01")) == 1)
        #expect(try day("2024-01-01").days(until: day("2023-12-31")) == -1)
        #expect(try day("2023-02-14").days(until: day("2026-11-25")) == 1380)
        #expect(try day("2026-11-25").days(until: day("2023-02-14")) == -1380)
        #expect(try day("2024-05-05").days(until: day("2024-05-05")) == 0)
    }

    @Test func daysSinceEpochKnownValues() throws {
        #expect(try day("1970-01-01").daysSinceEpoch == 0)
        #expect(try day("1970-01-02").daysSinceEpoch == 1)
        #expect(try day("1969-12-31").daysSinceEpoch == -1)
        #expect(try day("2000-03-01").daysSinceEpoch == 11_017)
        #expect(try day("0001-01-01").daysSinceEpoch == -719_162)
        #expect(try day("9999-12-31").daysSinceEpoch == 2_932_896)
        #expect(CalendarDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDay(daysSinceEpoch: -1).description == "1969-12-31")
        #expect(CalendarDay(daysSinceEpoch: 19_782).description == "2024-02-29")
    }

    @Test func daysSinceEpochRoundTripsDayByDayAroundTheEpoch() throws {
        var previous = CalendarDay(daysSinceEpoch: -3000)
        for days in -2999...3000 {
            let current = CalendarDay(daysSinceEpoch: days)
            #expect(current.daysSinceEpoch == days)
            #expect(previous < current)
            #expect(previous.days(until: current) == 1)
            // Every day produced is a real calendar day that prints and parses back to itself.
            let reparsed = try #require(CalendarDay(iso: current.description), "\(current)")
            #expect(reparsed == current)
            previous = current
        }
    }

    @Test func daysSinceEpochRoundTripsOverTheWholeRange() throws {
        // 0001-01-01 ... 9999-12-31, in steps that land on every month and day over time.
        for days in stride(from: -719_162, through: 2_932_896, by: 97) {
            let current = CalendarDay(daysSinceEpoch: days)
            #expect(current.daysSinceEpoch == days)
            #expect(CalendarDay(year: current.year, month: current.month, day: current.day) == current)
        }
    }

    @Test func orderingFollowsTheCalendar() throws {
        #expect(try day("2023-12-31") < day("2024-01-01"))
        #expect(try day("2024-01-31") < day("2024-02-01"))
        #expect(try !(day("2024-02-01") < day("2024-02-01")))
        let sorted = try ["2024-03-01", "2023-12-31", "2024-02-29", "1999-01-01"].map(day).sorted()
        #expect(sorted.map(\.description) == ["1999-01-01", "2023-12-31", "2024-02-29", "2024-03-01"])
    }
}

@Suite("Date milliseconds")
struct MillisecondsTests {
    @Test(arguments: [
        Int64(0), 1, -1, 999, 1_000, 1_700_000_000_123, 1_800_000_000_000, -86_400_001, 253_402_300_799_999,
        -62_135_596_800_000,
    ])
    func millisecondsRoundTrip(ms: Int64) {
        #expect(Date(millisecondsSince1970: ms).millisecondsSince1970 == ms)
    }

    @Test func millisecondsAreWholeAndRounded() {
        #expect(Date(timeIntervalSince1970: 1.0006).millisecondsSince1970 == 1_001)
        #expect(Date(timeIntervalSince1970: 1.0004).millisecondsSince1970 == 1_000)
        #expect(Date(timeIntervalSince1970: 1_700_000_000.5).millisecondsSince1970 == 1_700_000_000_500)
        #expect(Date(millisecondsSince1970: 1_500).timeIntervalSince1970 == 1.5)
    }
}
