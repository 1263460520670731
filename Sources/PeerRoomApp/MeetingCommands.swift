import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

struct Meetings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetings",
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
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .read)
            var groupID: GroupID?
            if let group { groupID = try await session.store.group(slug: group).id }
            let now = session.store.clock.now()
            let coming = try await RoomActions(store: session.store).upcomingMeetings(groupID: groupID, limit: limit)
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
            let now = session.store.clock.now()
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
                meetingID: meeting, occurrence: start, answer)
            let when = MeetingTime.when(start, zone: .current, now: now)
            print(Output.rsvpSavedLine(answer, meeting: "meeting \(meeting)", when: when))
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
    @Option(help: "Who facilitates it: one of the group's facilitators (default: you).") var facilitator: String?

    func run() async throws {
        try await reporting {
            let (name, zone) = try when.timeZone(default: TimeZone.current.identifier)
            let session = try await RoomSession.open(global, for: .write)
            let today = Recurrence.day(of: session.store.clock.now(), in: zone)
            let schedule = try when.schedule(old: nil, zone: zone, today: today)
            let target = try await session.store.group(slug: group)
            var facilitatorID: MemberID?
            if let facilitator { facilitatorID = try await session.store.member(handle: facilitator).id }
            let meeting = try await session.store.addMeeting(
                NewMeeting(
                    groupID: target.id, title: title, schedule: schedule, timeZone: name, durationMinutes: duration,
                    location: location, facilitatorID: facilitatorID))
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
    @Option(help: "Who facilitates it: one of the group's facilitators.") var facilitator: String?

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let old = try await session.store.meeting(id: meeting)
            let (name, zone) = try when.timeZone(default: old.timeZone)
            var changes = MeetingChanges(
                title: title, timeZone: when.zone == nil ? nil : name, durationMinutes: duration, location: location)
            if let facilitator { changes.facilitatorID = try await session.store.member(handle: facilitator).id }
            if !when.isEmpty {
                let today = Recurrence.day(of: session.store.clock.now(), in: zone)
                changes.schedule = try when.schedule(old: old, zone: zone, today: today)
            }
            _ = try await session.store.editMeeting(id: meeting, changes)
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
            try await session.store.cancelMeeting(id: meeting)
            print("Cancelled meeting \(meeting).")
        }
    }
}

struct CheckIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Check in for today (--mood 1–5), or to a meeting you attended (--meeting ID).",
        discussion: """
            A daily check-in and its note are yours alone; a second one the same day (in your time zone, $TZ)             replaces the first. Shows your streak, your days since your recovery start and your next milestone;             a milestone is celebrated in the groups you share milestones with (`recovery --share-milestones`).             A meeting check-in goes to its latest occurrence that has begun, up to a week after it.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How you feel today: 1 (low) to 5 (good).") var mood: Int?
    @Option(help: "A note for yourself (private).") var note: String?
    @Option(help: "A meeting you were at (an id).") var meeting: MeetingID?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard (mood == nil) != (meeting == nil) else { throw ValidationError("give --mood N or --meeting ID") }
        if meeting != nil && note != nil { throw ValidationError("--note goes with --mood") }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            if let meeting {
                let session = try await RoomSession.open(global, for: .write)
                print(try await RoomActions(store: session.store).checkIn(toMeeting: meeting).words(.command))
                return
            }
            // Checked before touching the database, so bad input changes nothing.
            let mood = try Validate.mood(mood ?? 0)
            _ = try Validate.checkInNote(note)
            let session = try await RoomSession.open(global, for: .write)
            let summary = try await RoomActions(store: session.store).checkIn(mood: mood, note: note)
            switch format {
            case .json: try Output.printJSON(CheckInJSON(summary))
            case .text:
                guard summary.isHardDay else { return Output.printText(Output.checkInText(summary)) }
                let company = try await CheckInWays.company(store: session.store, member: session.me)
                Output.printText(
                    Output.checkInText(summary, ways: .commandLine(groups: company.groups, mentor: company.mentor)))
            }
        }
    }
}

/// `checkin --format json`.
struct CheckInJSON: Encodable {
    var day: String?
    var mood: Int?
    var note: String?
    var streak: Int
    var totalDays: Int
    var longestStreak: Int
    var daysSinceStart: Int?
    var milestoneToday: String?
    var nextMilestone: String?
    var nextMilestoneDay: String?
    var celebratedIn: [String]

    init(_ summary: CheckInSummary) {
        day = summary.today?.day.description
        mood = summary.today?.mood
        note = summary.today?.note
        streak = summary.streak
        totalDays = summary.totalDays
        longestStreak = summary.longestStreak
        daysSinceStart = summary.daysSinceStart
        milestoneToday = summary.milestoneToday?.description
        nextMilestone = summary.nextMilestone?.description
        nextMilestoneDay = summary.nextMilestone?.day.description
        celebratedIn = summary.celebratedIn
    }

    enum Keys: String, CodingKey {
        case day, mood, note, streak, totalDays, longestStreak, daysSinceStart, milestoneToday, nextMilestone
        case nextMilestoneDay, celebratedIn
    }

    /// Absent values are written as null, never left out.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(day, forKey: .day)
        try c.encode(mood, forKey: .mood)
        try c.encode(note, forKey: .note)
        try c.encode(streak, forKey: .streak)
        try c.encode(totalDays, forKey: .totalDays)
        try c.encode(longestStreak, forKey: .longestStreak)
        try c.encode(daysSinceStart, forKey: .daysSinceStart)
        try c.encode(milestoneToday, forKey: .milestoneToday)
        try c.encode(nextMilestone, forKey: .nextMilestone)
        try c.encode(nextMilestoneDay, forKey: .nextMilestoneDay)
        try c.encode(celebratedIn, forKey: .celebratedIn)
    }
}

extension Output {
    /// `checkin` for people. A hard day (mood 1 or 2) is thanked and shown the ways to reach
    /// people, with no streak and no milestone; any other day shows the streak beside the days
    /// in all and the longest run.
    /// `ways` says how to reach the group, a mentor and crisis help where the answer is read
    /// (commands to run, or the plain room's words).
    static func checkInText(
        _ summary: CheckInSummary, ways: CheckInWays = .commandLine(groups: [], mentor: nil)
    ) -> [String] {
        if summary.isHardDay {
            return [
                CheckInText.hardDayThanks,
                "If you want company:",
                "  the group: \(ways.group)",
                ways.mentor.map { "  your mentor: \($0)" } ?? "  a peer mentor: \(ways.peerMentor)",
                "  crisis help, now: \(ways.crisis)",
            ]
        }
        var lines = ["Checked in for \(summary.today.map { "\($0.day), mood \($0.mood)" } ?? "today")."]
        lines.append("Streak: \(CheckInText.streakLine(summary)).")
        if let days = summary.daysSinceStart {
            lines.append("\(days == 1 ? "1 day" : "\(days) days") since your recovery start.")
        }
        if let milestone = summary.milestoneToday { lines.append("🎉 \(milestone) today.") }
        if let next = summary.nextMilestone { lines.append("Next milestone: \(next) on \(next.day).") }
        if !summary.celebratedIn.isEmpty {
            lines.append("Celebrated with: \(summary.celebratedIn.joined(separator: ", ")).")
        }
        return lines
    }
}

/// How a hard day's check-in answer names the ways to company: on the command line as
/// commands to run, in the plain room as its commands.
struct CheckInWays: Sendable {
    var group: String
    /// How to write to one's mentor; nil when the member has none.
    var mentor: String?
    var peerMentor: String
    var crisis: String

    static func commandLine(groups: [String], mentor: String?) -> CheckInWays {
        CheckInWays(
            group: "peerroom encourage --group \(groups.first ?? "SLUG") \"MESSAGE\"",
            mentor: mentor.map { "peerroom message --to \($0)" },
            peerMentor: "peerroom mentor request --group \(groups.first ?? "SLUG")", crisis: "peerroom crisis")
    }

    /// The member's own groups (slugs) and active mentor, so the way there is one line.
    static func company(store: any RoomStore, member: Member) async throws -> (groups: [String], mentor: String?) {
        let groups = try await store.groups().filter { $0.myRole != nil }
        let mentor = try await store.mentorships().first {
            $0.status == .active && $0.menteeHandle.caseInsensitiveCompare(member.handle) == .orderedSame
        }
        return (groups.map(\.slug), mentor?.mentorHandle)
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
        group = meeting.groupSlug
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

    enum Keys: String, CodingKey {
        case id, group, title, start, startsAt, rsvps, local, timeZone, weekly, durationMinutes, `where`, facilitator,
            going, maybe
        case cannot, myRSVP, checkedIn
    }

    /// Absent values are written as null, never left out.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(group, forKey: .group)
        try c.encode(title, forKey: .title)
        try c.encode(start, forKey: .start)
        try c.encode(start, forKey: .startsAt)  // the name DESIGN's contract gives; `start` stays for old scripts
        try c.encode(["going": going, "maybe": maybe, "no": cannot], forKey: .rsvps)
        try c.encode(local, forKey: .local)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(weekly, forKey: .weekly)
        try c.encode(durationMinutes, forKey: .durationMinutes)
        try c.encode(self.where, forKey: .where)
        try c.encode(facilitator, forKey: .facilitator)
        try c.encode(going, forKey: .going)
        try c.encode(maybe, forKey: .maybe)
        try c.encode(cannot, forKey: .cannot)
        try c.encode(myRSVP, forKey: .myRSVP)
        try c.encode(checkedIn, forKey: .checkedIn)
    }
}

extension Output {
    static func meetingsText(_ occurrences: [MeetingOccurrence], zone: TimeZone, now: Date) -> [String] {
        guard !occurrences.isEmpty else { return ["No meetings coming up."] }
        return occurrences.flatMap { meetingLines($0, lead: "\($0.meeting.id)  ", zone: zone, now: now) }
    }

    /// One occurrence; `lead` comes first (the meeting's id, or the plain room's "2. ").
    static func meetingLines(_ occurrence: MeetingOccurrence, lead: String, zone: TimeZone, now: Date) -> [String] {
        let meeting = occurrence.meeting
        var answers = "going \(occurrence.going) · maybe \(occurrence.maybe) · can't \(occurrence.cannot)"
        if let mine = occurrence.myRSVP { answers += " · you: \(mine.label)" }
        return [
            "\(lead)\(MeetingTime.summary(occurrence, zone: zone, now: now)) — \(meeting.title)",
            "    \(meeting.groupName) · \(meeting.durationMinutes) min · with \(meeting.facilitatorHandle)",
            "    \(meeting.location)",
            "    \(answers)",
        ]
    }

    /// "Saved: going, for meeting 3 on Tue 19:00."
    static func rsvpSavedLine(_ answer: RSVP, meeting: String, when: String) -> String {
        "Saved: \(answer.label), for \(meeting) on \(when)."
    }
}
