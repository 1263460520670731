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

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names).
    public enum Effect: Equatable, Sendable {
        /// The coming meetings of all the member's groups.
        case load
        case rsvp(MeetingID, occurrence: Date, RSVP)
        /// Check in to a meeting under way.
        case checkIn(MeetingID, occurrence: Date)

        public var lane: EffectLane { self == .load ? .reads("meetings") : .writes }
    }

    /// What the store answered.
    public enum Result: Equatable, Sendable {
        case loaded([MeetingOccurrence])
        /// An answer or a check-in was saved: what to tell the person.
        case answered(String)
    }
}

extension RoomEffect {
    public static func meetings(_ effect: MeetingsState.Effect) -> RoomEffect { .screen(.meetings(effect)) }
}

extension RoomAction {
    public static func meetings(_ result: MeetingsState.Result) -> RoomAction { .screen(.meetings(result)) }
}

extension KeyContext {
    /// The meetings list (looked up before the room's, so `n` means "can't make it").
    public static let meetings = KeyContext("meetings")
}

extension Command {
    public static let meetings = Command("meetings", help: "Meetings: the coming meetings of all your groups")
    public static let rsvpGoing = Command("rsvp-going", help: "In meetings: I'm going", writes: true)
    public static let rsvpMaybe = Command("rsvp-maybe", help: "In meetings: maybe", writes: true)
    public static let rsvpNo = Command("rsvp-no", help: "In meetings: I can't make it", writes: true)
    public static let attend = Command(
        "attend", help: "In meetings: check in to a meeting under way (I'm here)", writes: true)
}

extension MeetingsState: Screen {
    var mode: Mode { .meetings(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .meetings, keys: [.character("w")]),
        .init(command: .rsvpGoing, keys: [.character("y")], context: .meetings),
        .init(command: .rsvpMaybe, keys: [.character("m")], context: .meetings),
        .init(command: .rsvpNo, keys: [.character("n")], context: .meetings),
        .init(command: .attend, keys: [.character("c")], context: .meetings),
    ]
    var keyContext: KeyContext? { .meetings }
    static var opening: Command? { .meetings }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.mode = .meetings(MeetingsState())
        return [.meetings(.load)]
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
            return [.meetings(.rsvp(occurrence.meeting.id, occurrence: occurrence.start, answer))]
        case .attend:
            guard let occurrence = selected else { return [] }
            guard occurrence.start <= room.now else {
                room.notice = "You can check in once the meeting has begun."
                return []
            }
            return [.meetings(.checkIn(occurrence.meeting.id, occurrence: occurrence.start))]
        case .shareCircle:
            guard let occurrence = selected else { return [] }
            return ShareCircleState.open(occurrence, &room)
        case .meetings:
            room.mode = .room
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.meetings(let result)) = action else { return nil }
        switch result {
        case .loaded(let occurrences):
            // The selection stays on the same occurrence when the list is reloaded.
            list.replace(with: occurrences)
            isLoading = false
            return []
        case .answered:
            return [.meetings(.load)] + (Self.receiveElsewhere(action, &room) ?? [])
        }
    }

    /// An answer saved after the list was left: said, and the header's meeting read again.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.meetings(let result)) = action else { return nil }
        guard case .answered(let message) = result else { return [] }
        room.notice = message
        return room.openGroupID.map { [.loadNextMeeting($0)] } ?? []
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
        changes.contains { if case .meetings = $0 { true } else { false } } ? [.meetings(.load)] : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.meetings(.load)] }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Meetings")
        RoomRenderer.drawScrolled(
            &canvas, title: "Meetings of your groups", lines: lines(state), selected: cursor, hints: hints(state),
            state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .meetings) }
        // A meeting under way: its share circle's key where the movement keys were (80 columns
        // hold no more; help lists both).
        let underWay = selected.map { $0.start <= state.now && state.now < $0.end } ?? false
        return [
            underWay ? (key(.shareCircle), "circle") : (RoomRenderer.moveKeys(state), "move"),
            (key(.rsvpGoing), "going"), (key(.rsvpMaybe), "maybe"), (key(.rsvpNo), "can't"),
            (key(.attend), "check in"), (RoomRenderer.key(.back, state), "back"),
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
