import Foundation

/// A recovery milestone: 1, 7, 30, 60, 90, 180 and 365 days, then each anniversary.
public struct Milestone: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days (1 … 365), or whole years from 2 on.
    public enum Kind: Sendable, Hashable {
        case days(Int)
        case years(Int)
    }

    public var kind: Kind
    /// The day it falls on.
    public var day: CalendarDay

    public static let dayCounts = [1, 7, 30, 60, 90, 180, 365]

    public init(kind: Kind, day: CalendarDay) {
        self.kind = kind
        self.day = day
    }

    /// "30 days", "1 year" (365 days), "2 years".
    public var description: String {
        switch kind {
        case .days(1): "1 day"
        case .days(365): "1 year"
        case .days(let n): "\(n) days"
        case .years(let n): "\(n) years"
        }
    }

    /// A stable key for "already celebrated": "d30", "y2".
    public var key: String {
        switch kind {
        case .days(let n): "d\(n)"
        case .years(let n): "y\(n)"
        }
    }

    public static func < (lhs: Milestone, rhs: Milestone) -> Bool { lhs.day < rhs.day }

    /// The milestones of a recovery that began on `start`, in order, up to and including `last`.
    public static func all(start: CalendarDay, through last: CalendarDay) -> [Milestone] {
        var found: [Milestone] = []
        for n in dayCounts {
            let day = CalendarDay(daysSinceEpoch: start.daysSinceEpoch + n)
            if day > last { return found }
            found.append(Milestone(kind: .days(n), day: day))
        }
        var years = 2
        while let day = anniversary(of: start, years: years), day <= last {
            found.append(Milestone(kind: .years(years), day: day))
            years += 1
        }
        return found
    }

    /// The milestone reached on `day` exactly, if any.
    public static func reached(start: CalendarDay, on day: CalendarDay) -> Milestone? {
        all(start: start, through: day).last.flatMap { $0.day == day ? $0 : nil }
    }

    /// The first milestone after `day`.
    public static func next(start: CalendarDay, after day: CalendarDay) -> Milestone {
        let reached = all(start: start, through: day).count
        if reached < dayCounts.count {
            let n = dayCounts[reached]
            return Milestone(kind: .days(n), day: CalendarDay(daysSinceEpoch: start.daysSinceEpoch + n))
        }
        var years = 2
        while let date = anniversary(of: start, years: years) {
            if date > day { return Milestone(kind: .years(years), day: date) }
            years += 1
        }
        return Milestone(kind: .years(years), day: day)
    }

    /// The same date `years` later; 29 February falls on 28 February in other years.
    static func anniversary(of start: CalendarDay, years: Int) -> CalendarDay? {
        let year = start.year + years
        guard year <= 9999 else { return nil }
        return CalendarDay(year: year, month: start.month, day: start.day)
            ?? CalendarDay(year: year, month: start.month, day: start.day - 1)
    }
}

/// A member's daily check-in: how they feel (1–5) and, if they like, a note for themselves.
public struct DailyCheckIn: Sendable, Equatable {
    public var day: CalendarDay
    public var mood: Int
    public var note: String?

    public init(day: CalendarDay, mood: Int, note: String? = nil) {
        self.day = day
        self.mood = mood
        self.note = note
    }
}

/// What a member sees of their own check-ins and recovery: today's check-in, the streak of
/// days in a row with one (always beside the days in all and the longest run, so a gap
/// never looks like losing everything), days since their recovery start, and milestones.
public struct CheckInSummary: Sendable, Equatable {
    public var today: DailyCheckIn?
    /// Days in a row, up to today (or yesterday, while today has none yet).
    public var streak: Int
    /// Days with a check-in, up to today.
    public var totalDays: Int
    /// The longest run of days in a row so far.
    public var longestStreak: Int
    public var daysSinceStart: Int?
    /// The milestone reached today, if any.
    public var milestoneToday: Milestone?
    public var nextMilestone: Milestone?
    /// Groups a celebration was just posted to.
    public var celebratedIn: [String]

    /// A mood of 1 or 2: a hard day. It is answered with warmth and ways to reach people,
    /// never with a celebration.
    public static let hardDayMoods = 1...2

    /// Whether today's check-in says it is a hard day.
    public var isHardDay: Bool { today.map { Self.hardDayMoods.contains($0.mood) } ?? false }

    public init(
        today: DailyCheckIn?, streak: Int, totalDays: Int = 0, longestStreak: Int = 0, daysSinceStart: Int?,
        milestoneToday: Milestone?, nextMilestone: Milestone?, celebratedIn: [String] = []
    ) {
        self.today = today
        self.streak = streak
        self.totalDays = max(totalDays, streak)
        self.longestStreak = max(longestStreak, streak)
        self.daysSinceStart = daysSinceStart
        self.milestoneToday = milestoneToday
        self.nextMilestone = nextMilestone
        self.celebratedIn = celebratedIn
    }

    /// Days in a row with a check-in, ending `today` or, when today has none, yesterday.
    public static func streak(days: Set<CalendarDay>, today: CalendarDay) -> Int {
        var day = days.contains(today) ? today : CalendarDay(daysSinceEpoch: today.daysSinceEpoch - 1)
        var count = 0
        while days.contains(day) {
            count += 1
            day = CalendarDay(daysSinceEpoch: day.daysSinceEpoch - 1)
        }
        return count
    }

    /// The longest run of consecutive days in `days` (any order).
    public static func longestStreak(days: Set<CalendarDay>) -> Int {
        var longest = 0
        // Count forward from each day that starts a run, so every day is visited once more at most.
        for day in days where !days.contains(CalendarDay(daysSinceEpoch: day.daysSinceEpoch - 1)) {
            var length = 1
            while days.contains(CalendarDay(daysSinceEpoch: day.daysSinceEpoch + length)) { length += 1 }
            longest = max(longest, length)
        }
        return longest
    }
}

extension Validate {
    public static let checkInNoteMaxCharacters = 1000

    public static func mood(_ mood: Int) throws(ValidationError) -> Int {
        guard (1...5).contains(mood) else {
            throw ValidationError(field: "mood", problem: "must be 1–5 (1 low, 5 good), got \(mood)")
        }
        return mood
    }

    /// A check-in's private note: optional; blank means none.
    public static func checkInNote(_ text: String?) throws(ValidationError) -> String? {
        guard let text, !text.trimmingWhitespace.isEmpty else { return nil }
        return try multiline(text, field: "note", max: checkInNoteMaxCharacters)
    }
}
