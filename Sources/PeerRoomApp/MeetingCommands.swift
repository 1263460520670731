import ArgumentParser
import Foundation
import RoomCore
import RoomStore

struct Meetings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The coming meetings of your groups (or one group), in your time zone ($TZ).",
        discussion: "Answer with `peerroom rsvp --meeting ID going|maybe|no`.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this group (a slug).") var group: String?
    @Option(help: "How many occurrences, 1–200.") var limit: Int = 20
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be 1–200, got \(limit)") }
    }

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .read)
            var groupID: GroupID?
            if let group { groupID = try await session.store.group(slug: group).id }
            let now = Date()
            let coming = try await session.store.upcomingMeetings(
                viewer: session.viewer, groupID: groupID, after: now, limit: limit)
            switch format {
            case .json: try Output.printJSON(coming.map { MeetingJSON($0, zone: .current, now: now) })
            case .text: Output.printText(Output.meetingsText(coming, zone: .current, now: now))
            }
        }
    }
}

struct Rsvp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsvp", abstract: "Answer a meeting: going, maybe or no (can't make it).",
        discussion: "Answers its next occurrence, or the one starting at --at. Again: the answer is replaced.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The meeting (an id from `peerroom meetings`).") var meeting: MeetingID
    @Option(help: "The occurrence's start (ISO 8601, as `meetings --format json` gives it).") var at: String?
    @Argument(help: "going, maybe or no.") var answer: RSVP

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let now = Date()
            let start: Date
            if let at {
                guard let date = try? Date(at, strategy: .iso8601) else {
                    throw Failure("--at '\(SafeText.neutralise(at))' is not an ISO 8601 time", status: .usage)
                }
                start = date
            } else {
                let found = try await session.store.meeting(id: meeting)
                guard let next = Recurrence.occurrences(of: found, notEndedAt: now, limit: 1).first else {
                    throw Failure("meeting \(meeting) has nothing coming up", status: .dataError)
                }
                start = next
            }
            try await session.store.rsvp(
                meetingID: meeting, occurrence: start, memberID: session.me.id, answer, at: now)
            let when = MeetingTime.when(start, zone: .current, now: now)
            print("Saved: \(answer.label), for meeting \(meeting) on \(when).")
        }
    }
}

extension RSVP: ExpressibleByArgument {}

struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting", abstract: "Facilitators: add, edit or cancel a group's meetings.",
        subcommands: [AddMeeting.self, EditMeeting.self, CancelMeeting.self])
}

/// When a meeting happens, as given on the command line.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Weekly, on this day (mon, tue, …).") var weekly: String?
    @Option(help: "Once, on this day (YYYY-MM-DD).") var on: String?
    @Option(help: "The time of day (HH:MM, 24-hour).") var time: String?
    @Option(help: "The meeting's time zone (an IANA name, e.g. Europe/London; default: yours).") var zone: String?

    var isEmpty: Bool { weekly == nil && on == nil && time == nil }

    /// The schedule these options give, keeping from `old` what they leave out.
    func schedule(old: Meeting?, zone: TimeZone, today: CalendarDay) throws -> MeetingSchedule {
        if weekly != nil && on != nil { throw Failure("give --weekly or --on, not both", status: .usage) }
        var hour = 0
        var minute = 0
        if let time {
            guard let parsed = MeetingTime.parseTime(time) else {
                throw Failure("--time '\(SafeText.neutralise(time))' is not HH:MM (24-hour)", status: .usage)
            }
            (hour, minute) = parsed
        } else if let old {
            switch old.schedule {
            case .weekly(_, let h, let m, _): (hour, minute) = (h, m)
            case .once(let start):
                let parts = Recurrence.calendar(old.zone).dateComponents([.hour, .minute], from: start)
                (hour, minute) = (parts.hour!, parts.minute!)
            }
        } else {
            throw Failure("give --time HH:MM", status: .usage)
        }
        if let weekly {
            guard let weekday = MeetingTime.parseWeekday(weekly) else {
                throw Failure("--weekly '\(SafeText.neutralise(weekly))' is not a day (mon, tue, …)", status: .usage)
            }
            return .weekly(weekday: weekday, hour: hour, minute: minute, from: today)
        }
        if let on {
            guard let day = CalendarDay(iso: on) else {
                throw Failure("--on '\(SafeText.neutralise(on))' is not a date (YYYY-MM-DD)", status: .usage)
            }
            return .once(Recurrence.instant(day, hour: hour, minute: minute, in: zone))
        }
        switch old?.schedule {
        case .weekly(let weekday, _, _, let from)?:
            return .weekly(weekday: weekday, hour: hour, minute: minute, from: from)
        case .once(let start)?:
            let day = Recurrence.day(of: start, in: old!.zone)
            return .once(Recurrence.instant(day, hour: hour, minute: minute, in: zone))
        case nil:
            throw Failure("give --weekly DAY or --on YYYY-MM-DD", status: .usage)
        }
    }

    func timeZone(default fallback: String) throws -> (name: String, zone: TimeZone) {
        let name = try Validate.timeZone(zone ?? fallback)
        return (name, TimeZone(identifier: name)!)
    }
}

struct AddMeeting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a weekly (--weekly DAY) or one-off (--on DATE) meeting.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "The meeting's title.") var title: String
    @OptionGroup var when: ScheduleOptions
    @Option(help: "How long, in minutes.") var duration: Int = 60
    @Option(name: .customLong("where"), help: "An online link or a place.") var location: String

    func run() async throws {
        try await reporting {
            let (name, zone) = try when.timeZone(default: TimeZone.current.identifier)
            let schedule = try when.schedule(old: nil, zone: zone, today: Recurrence.day(of: Date(), in: zone))
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            let meeting = try await session.store.addMeeting(
                NewMeeting(
                    groupID: target.id, title: title, schedule: schedule, timeZone: name, durationMinutes: duration,
                    location: location), by: session.me.id, at: Date())
            print("Added meeting \(meeting.id) to \(target.slug).")
        }
    }
}

struct EditMeeting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a meeting; what you leave out stays as it is.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The meeting (an id).") var meeting: MeetingID
    @Option(help: "A new title.") var title: String?
    @OptionGroup var when: ScheduleOptions
    @Option(help: "How long, in minutes.") var duration: Int?
    @Option(name: .customLong("where"), help: "An online link or a place.") var location: String?

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let old = try await session.store.meeting(id: meeting)
            let (name, zone) = try when.timeZone(default: old.timeZone)
            var changes = MeetingChanges(
                title: title, timeZone: when.zone == nil ? nil : name, durationMinutes: duration, location: location)
            if !when.isEmpty {
                changes.schedule = try when.schedule(old: old, zone: zone, today: Recurrence.day(of: Date(), in: zone))
            }
            _ = try await session.store.editMeeting(id: meeting, changes, by: session.me.id, at: Date())
            print("Changed meeting \(meeting).")
        }
    }
}

struct CancelMeeting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a meeting.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The meeting (an id).") var meeting: MeetingID

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            try await session.store.cancelMeeting(id: meeting, by: session.me.id, at: Date())
            print("Cancelled meeting \(meeting).")
        }
    }
}

struct CheckIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin", abstract: "Check in to a meeting you attended (--meeting ID).",
        discussion: "Checks in to its latest occurrence that has begun, up to a week after it.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "A meeting you were at (an id).") var meeting: MeetingID

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let now = Date()
            guard let start = try await session.store.latestOccurrence(meetingID: meeting, before: now) else {
                throw Failure("meeting \(meeting) has not begun yet; check in once you are there", status: .dataError)
            }
            try await session.store.checkIn(meetingID: meeting, occurrence: start, memberID: session.me.id, at: now)
            print("Checked in to meeting \(meeting) of \(MeetingTime.when(start, zone: .current, now: now)).")
        }
    }
}

/// `meetings --format json`: one object per occurrence.
struct MeetingJSON: Encodable {
    var id: MeetingID
    var group: String
    var title: String
    var start: Date
    var local: String
    var timeZone: String
    var weekly: Bool
    var durationMinutes: Int
    var `where`: String
    var facilitator: String
    var going: Int
    var maybe: Int
    var cannot: Int
    var myRSVP: String?
    var checkedIn: Bool

    init(_ occurrence: MeetingOccurrence, zone: TimeZone, now: Date) {
        let meeting = occurrence.meeting
        id = meeting.id
        group = meeting.groupName
        title = meeting.title
        start = occurrence.start
        local = MeetingTime.summary(occurrence, zone: zone, now: now)
        timeZone = meeting.timeZone
        weekly = meeting.schedule.isWeekly
        durationMinutes = meeting.durationMinutes
        self.where = meeting.location
        facilitator = meeting.facilitatorHandle
        going = occurrence.going
        maybe = occurrence.maybe
        cannot = occurrence.cannot
        myRSVP = occurrence.myRSVP?.rawValue
        checkedIn = occurrence.checkedIn
    }
}

extension Output {
    static func meetingsText(_ occurrences: [MeetingOccurrence], zone: TimeZone, now: Date) -> [String] {
        guard !occurrences.isEmpty else { return ["No meetings coming up."] }
        return occurrences.flatMap { occurrence in
            let meeting = occurrence.meeting
            var answers = "going \(occurrence.going) · maybe \(occurrence.maybe) · can't \(occurrence.cannot)"
            if let mine = occurrence.myRSVP { answers += " · you: \(mine.label)" }
            return [
                "\(meeting.id)  \(MeetingTime.summary(occurrence, zone: zone, now: now)) — \(meeting.title)",
                "    \(meeting.groupName) · \(meeting.durationMinutes) min · with \(meeting.facilitatorHandle)",
                "    \(meeting.location)",
                "    \(answers)",
            ]
        }
    }
}
