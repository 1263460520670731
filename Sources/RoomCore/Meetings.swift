import Foundation

public typealias MeetingID = Int64

/// When a meeting happens, as its facilitator set it: a weekly wall-clock rule in an IANA
/// time zone ("every Tuesday at 19:00 Europe/London", from a first day on), or one instant.
/// Weekly occurrences are computed in that zone, so 19:00 London stays 19:00 London across
/// a clock change while its UTC instant moves by an hour.
public enum MeetingSchedule: Sendable, Equatable {
    /// `weekday`: 1 Sunday … 7 Saturday (as `Calendar`); `from`: the first day it may fall on.
    case weekly(weekday: Int, hour: Int, minute: Int, from: CalendarDay)
    case once(Date)

    public var isWeekly: Bool {
        if case .weekly = self { return true }
        return false
    }
}

/// A group's meeting (a weekly series or a one-off).
public struct Meeting: Sendable, Equatable, Identifiable {
    public var id: MeetingID
    public var groupID: GroupID
    public var groupName: String
    /// The group's slug, the name scripts use.
    public var groupSlug: String
    public var title: String
    public var schedule: MeetingSchedule
    /// The IANA zone the schedule is written in, e.g. "Europe/London".
    public var timeZone: String
    public var durationMinutes: Int
    /// An online link or a place.
    public var location: String
    public var facilitatorHandle: String
    public var isCancelled: Bool

    public init(
        id: MeetingID, groupID: GroupID, groupName: String, title: String, schedule: MeetingSchedule,
        timeZone: String, durationMinutes: Int, location: String, facilitatorHandle: String, isCancelled: Bool = false,
        groupSlug: String = ""
    ) {
        self.id = id
        self.groupID = groupID
        self.groupName = groupName
        self.groupSlug = groupSlug
        self.title = title
        self.schedule = schedule
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.location = location
        self.facilitatorHandle = facilitatorHandle
        self.isCancelled = isCancelled
    }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }
}

/// How a member answers a meeting's invitation.
public enum RSVP: String, CaseIterable, Sendable, Codable, Equatable {
    case going, maybe
    case no

    public var label: String {
        switch self {
        case .going: "going"
        case .maybe: "maybe"
        case .no: "can't make it"
        }
    }
}

/// One occurrence of a meeting, with the answers given for it.
public struct MeetingOccurrence: Sendable, Equatable, Identifiable {
    public var meeting: Meeting
    public var start: Date
    public var going = 0
    public var maybe = 0
    public var cannot = 0
    /// The viewer's own answer, and whether they checked in (attended).
    public var myRSVP: RSVP?
    public var checkedIn = false

    public init(meeting: Meeting, start: Date) {
        self.meeting = meeting
        self.start = start
    }

    public var id: String { "\(meeting.id)@\(start.millisecondsSince1970)" }
    public var end: Date { meeting.end(of: start) }
}

extension Meeting {
    /// When the occurrence that begins at `start` ends.
    public func end(of start: Date) -> Date { start.addingTimeInterval(Double(durationMinutes) * 60) }

    /// Whether the occurrence that begins at `start` has begun and not ended at `now`.
    public func isUnderWay(_ start: Date, at now: Date) -> Bool { start <= now && now < end(of: start) }
}

/// Pure recurrence arithmetic with Foundation's `Calendar`; no clock, no database.
public enum Recurrence {
    public static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The day (in `zone`) an instant falls on.
    public static func day(of date: Date, in zone: TimeZone) -> CalendarDay {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The instant of a wall-clock time on a day in `zone`. In a spring-forward gap the
    /// clock is read forward (02:30 that does not exist is 03:30).
    public static func instant(_ day: CalendarDay, hour: Int, minute: Int, in zone: TimeZone) -> Date {
        var parts = DateComponents()
        parts.year = day.year
        parts.month = day.month
        parts.day = day.day
        parts.hour = hour
        parts.minute = minute
        return calendar(zone).date(from: parts)!
    }

    /// 1 Sunday … 7 Saturday.
    public static func weekday(of day: CalendarDay) -> Int {
        ((day.daysSinceEpoch + 4) % 7 + 7) % 7 + 1
    }

    /// The starts of the meeting's occurrences that have not ended at `after`, soonest first.
    public static func occurrences(of meeting: Meeting, notEndedAt after: Date, limit: Int) -> [Date] {
        guard !meeting.isCancelled, limit > 0 else { return [] }
        let duration = Double(meeting.durationMinutes) * 60
        switch meeting.schedule {
        case .once(let start):
            return start.addingTimeInterval(duration) > after ? [start] : []
        case .weekly(let weekday, let hour, let minute, let from):
            let zone = meeting.zone
            // A day before, so that one still under way (or across midnight) counts.
            var day = max(from, CalendarDay(daysSinceEpoch: self.day(of: after, in: zone).daysSinceEpoch - 1))
            day = CalendarDay(daysSinceEpoch: day.daysSinceEpoch + (weekday - self.weekday(of: day) + 7) % 7)
            var starts: [Date] = []
            while starts.count < limit {
                let start = instant(day, hour: hour, minute: minute, in: zone)
                if start.addingTimeInterval(duration) > after { starts.append(start) }
                day = CalendarDay(daysSinceEpoch: day.daysSinceEpoch + 7)
            }
            return starts
        }
    }

    /// Whether `start` is an occurrence of the meeting (for answers and check-ins).
    public static func isOccurrence(_ start: Date, of meeting: Meeting) -> Bool {
        switch meeting.schedule {
        case .once(let at):
            return at.millisecondsSince1970 == start.millisecondsSince1970
        case .weekly(_, _, _, let from):
            let found = occurrences(of: meeting, notEndedAt: start.addingTimeInterval(-1), limit: 1).first
            return found?.millisecondsSince1970 == start.millisecondsSince1970
                && day(of: start, in: meeting.zone) >= from
        }
    }
}

/// How a meeting's time reads to a member, in their own zone: "Tue 19:00", and how soon:
/// "in 2 days". Pure: the zone and `now` are given.
public enum MeetingTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Tue 19:00" within the coming week, else "Tue 3 Dec 19:00".
    public static func when(_ start: Date, zone: TimeZone, now: Date) -> String {
        let parts = Recurrence.calendar(zone).dateComponents([.weekday, .day, .month, .hour, .minute], from: start)
        let time = "\(two(parts.hour!)):\(two(parts.minute!))"
        let weekday = weekdays[parts.weekday! - 1]
        let days = Recurrence.day(of: now, in: zone).days(until: Recurrence.day(of: start, in: zone))
        if (0..<7).contains(days) { return "\(weekday) \(time)" }
        return "\(weekday) \(parts.day!) \(months[parts.month! - 1]) \(time)"
    }

    /// "19:00" in `zone`.
    public static func clock(_ time: Date, zone: TimeZone) -> String {
        let parts = Recurrence.calendar(zone).dateComponents([.hour, .minute], from: time)
        return "\(two(parts.hour!)):\(two(parts.minute!))"
    }

    /// "now" while it runs, "in 40 min", "in 3 h", "tomorrow", "in 2 days" (days by the
    /// member's calendar), "ended".
    public static func countdown(_ start: Date, end: Date, zone: TimeZone, now: Date) -> String {
        if now >= end { return "ended" }
        if now >= start { return "now" }
        let minutes = Int((start.timeIntervalSince(now) / 60).rounded(.up))
        if minutes < 60 { return "in \(minutes) min" }
        let days = Recurrence.day(of: now, in: zone).days(until: Recurrence.day(of: start, in: zone))
        if minutes < 12 * 60 || days == 0 { return "in \((minutes + 30) / 60) h" }
        return days == 1 ? "tomorrow" : "in \(days) days"
    }

    /// "Tue 19:00 · in 2 days".
    public static func summary(_ occurrence: MeetingOccurrence, zone: TimeZone, now: Date) -> String {
        when(occurrence.start, zone: zone, now: now) + " · "
            + countdown(occurrence.start, end: occurrence.end, zone: zone, now: now)
    }

    /// "HH:MM" → (hour, minute).
    public static func parseTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return (h, m)
    }

    /// "mon", "Tuesday", … → 1 Sunday … 7 Saturday.
    public static func parseWeekday(_ text: String) -> Int? {
        let lower = text.lowercased()
        guard lower.count >= 3 else { return nil }
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        return names.firstIndex { $0.hasPrefix(lower) }.map { $0 + 1 }
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Validate {
    public static let meetingTitleMaxCharacters = 80
    public static let meetingLocationMaxCharacters = 200
    public static let meetingDurations = 5...600

    public static func meetingTitle(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "meeting title", max: meetingTitleMaxCharacters)
    }

    /// Where: an online link or a place, one line.
    public static func meetingLocation(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "where", max: meetingLocationMaxCharacters)
    }

    public static func meetingDuration(_ minutes: Int) throws(ValidationError) -> Int {
        guard meetingDurations.contains(minutes) else {
            throw ValidationError(
                field: "duration",
                problem: "must be \(meetingDurations.lowerBound)–\(meetingDurations.upperBound) minutes, got \(minutes)"
            )
        }
        return minutes
    }

    /// An IANA time zone name ("Europe/London"); returns the zone's own spelling.
    public static func timeZone(_ text: String) throws(ValidationError) -> String {
        guard text.utf8.count <= 64 else {
            throw ValidationError(field: "time zone", problem: "is \(text.utf8.count) bytes; no zone name is over 64")
        }
        guard text.contains("/") || text == "UTC", let zone = TimeZone(identifier: text) else {
            throw ValidationError(field: "time zone", problem: "'\(text)' is not a time zone name like Europe/London")
        }
        return zone.identifier
    }
}
