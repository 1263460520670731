import Foundation
import RoomCore

/// The coming meetings of all the member's groups, full screen, soonest first. `w` opens it;
/// there `y`/`m`/`n` answer (going, maybe, can't make it) and `c` checks in to a meeting under
/// way. The store checks membership and timing.
public struct MeetingsState: Equatable, Sendable {
    public var list = ListSelection<MeetingOccurrence>()
    public var isLoading = true

    public init() {}

    public var occurrences: [MeetingOccurrence] { list.items }
    public var cursor: Int {
        get { list.cursor.index }
        set { list.cursor.index = newValue }
    }
    public var selected: MeetingOccurrence? { list.selected }

    /// Four lines an occurrence: when and what, where and with whom, the place, the answers.
    static let rowsPerItem = 4
}

extension MeetingsState: Screen {
    var mode: Mode { .meetings(self) }
    var keyContext: KeyContext? { .meetings }
    static var opening: Command? { .meetings }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.mode = .meetings(MeetingsState())
        return [.loadMeetings]
    }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        (.meetings, "Keys in the meetings list" + opening(.meetings, keyMap))
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if list.apply(command, page: max(1, room.layout.readerTextRows / Self.rowsPerItem)) { return [] }
        switch command {
        case .rsvpGoing, .rsvpMaybe, .rsvpNo:
            guard let occurrence = selected else { return [] }
            let answer: RSVP = command == .rsvpGoing ? .going : command == .rsvpMaybe ? .maybe : .no
            return [.rsvp(occurrence.meeting.id, occurrence: occurrence.start, answer)]
        case .attend:
            guard let occurrence = selected else { return [] }
            guard occurrence.start <= room.now else {
                room.notice = "You can check in once the meeting has begun."
                return []
            }
            return [.checkInToMeeting(occurrence.meeting.id, occurrence: occurrence.start)]
        case .meetings:
            room.mode = .room
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .meetingsLoaded(let occurrences) = action else { return nil }
        // The selection stays on the same occurrence when the list is reloaded.
        list.replace(with: occurrences)
        isLoading = false
        return []
    }

    /// A press selects the meeting under it; the wheel scrolls.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind == .press else { return RoomReducer.wheel(&room, event) }
        let lines = lines(room)
        if let index = RoomRenderer.scrolledItem(at: event.y, lines, selected: cursor, layout: room.layout) {
            cursor = index
        }
        return []
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        changes.contains { if case .meetings = $0 { true } else { false } } ? [.loadMeetings] : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.loadMeetings] }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Meetings")
        RoomRenderer.drawScrolled(
            &canvas, title: "Meetings of your groups", lines: lines(state), selected: cursor, hints: hints(state),
            state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .meetings) }
        return [
            (RoomRenderer.moveKeys(state), "move"), (key(.rsvpGoing), "going"), (key(.rsvpMaybe), "maybe"),
            (key(.rsvpNo), "can't"), (key(.attend), "check in"), (RoomRenderer.key(.back, state), "back"),
        ]
    }

    /// Per occurrence: when (in the member's zone) and what, where and with whom, and the
    /// answers so far. The selected one is marked with ▸.
    func lines(_ state: RoomState) -> [StyledLine] {
        if isLoading { return [StyledLine("Loading meetings…", .muted)] }
        if occurrences.isEmpty {
            return [StyledLine("None of your groups has a meeting coming up.", .muted)]
        }
        var lines: [StyledLine] = []
        for (index, occurrence) in occurrences.enumerated() {
            let selected = index == cursor
            let meeting = occurrence.meeting
            let when = MeetingTime.summary(occurrence, zone: state.timeZone, now: state.now)
            var heading = StyledLine(
                "\(selected ? "▸ " : "  ")\(when) — \(meeting.title)", selected ? .selection : .title)
            heading.replyIndex = index
            lines.append(heading)
            var detail = "\(meeting.groupName) · \(meeting.durationMinutes) min"
            if meeting.zone.identifier != state.timeZone.identifier {
                let theirs = MeetingTime.when(occurrence.start, zone: meeting.zone, now: state.now)
                detail += " · \(theirs) \(meeting.timeZone)"
            }
            if !meeting.facilitatorHandle.isEmpty { detail += " · with \(meeting.facilitatorHandle)" }
            lines.append(StyledLine("    " + detail, .muted))
            lines.append(StyledLine("    " + meeting.location, .normal))
            var answers = "    going \(occurrence.going) · maybe \(occurrence.maybe) · can't \(occurrence.cannot)"
            if let mine = occurrence.myRSVP { answers += " · you: \(mine.label)" }
            if occurrence.checkedIn { answers += " · you checked in" }
            lines.append(StyledLine(answers, .muted))
        }
        return lines
    }
}

extension RoomReducer {
    /// After an answer or a check-in: the list and the header show the new counts.
    static func meetingsChanged(_ state: inout RoomState) -> [RoomEffect] {
        var effects: [RoomEffect] = []
        if case .meetings = state.mode { effects.append(.loadMeetings) }
        if let group = state.openGroupID { effects.append(.loadNextMeeting(group)) }
        return effects
    }
}
