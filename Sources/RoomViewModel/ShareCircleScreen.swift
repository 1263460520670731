import Foundation
import RoomCore

/// The share circle of a meeting under way (issue 18). From the meetings list, `s` opens the
/// selected meeting's circle: who speaks now and who waits, in the order hands were raised,
/// live for everyone in the group who has it open. `r` raises the member's hand, `l` lowers
/// it; a facilitator passes the turn with `p` and lowers the selected hand with `x`. The store
/// decides who may do what; this screen says it in words, top to bottom.
public struct ShareCircleState: Equatable, Sendable {
    public var meetingID: MeetingID
    public var occurrence: Date
    /// The meeting's title until the circle arrives.
    public var title: String
    public var circle: ShareCircle?
    /// The selected hand (the speaker first, then the queue), for a facilitator's `x`.
    public var cursor = ListCursor()
    public var isLoading = true
    /// Why the circle could not be read (a guest, a group one has left): said in its place.
    public var problem: String?

    public init(meetingID: MeetingID, occurrence: Date, title: String) {
        self.meetingID = meetingID
        self.occurrence = occurrence
        self.title = title
    }

    public var hands: [CircleHand] { circle?.hands ?? [] }
    public var selectedHand: CircleHand? { hands.indices.contains(cursor.index) ? hands[cursor.index] : nil }

    public enum Effect: Equatable, Sendable {
        case load(MeetingID, occurrence: Date)
        case raise(MeetingID, occurrence: Date)
        /// nil: the member's own hand.
        case lower(MeetingID, occurrence: Date, hand: CircleHandID?)
        /// `expecting`: the speaker the facilitator saw.
        case pass(MeetingID, occurrence: Date, expecting: CircleHandID?)

        public var lane: EffectLane {
            if case .load = self { return .reads("circle") }
            return .writes
        }
    }

    public enum Result: Equatable, Sendable {
        case loaded(ShareCircle)
        /// A hand raised or lowered, the turn passed: the circle now, and what to say.
        case changed(ShareCircle, notice: String)
        /// Refused (not under way, already up, the turn moved): what to tell the person.
        case failed(String)
        /// The circle could not be read: why.
        case unreadable(String)
    }
}

extension RoomEffect {
    public static func circle(_ effect: ShareCircleState.Effect) -> RoomEffect { .screen(.circle(effect)) }
}

extension RoomAction {
    public static func circle(_ result: ShareCircleState.Result) -> RoomAction { .screen(.circle(result)) }
}

extension KeyContext {
    /// The share circle (looked up before the room's, so `r` raises a hand).
    public static let circle = KeyContext("circle")
}

extension Command {
    public static let shareCircle = Command(
        "share-circle", help: "In meetings: open the share circle of a meeting under way")
    public static let raiseHand = Command(
        "raise-hand", help: "In a share circle: raise your hand to share", footer: "raise", writes: true)
    public static let lowerHand = Command(
        "lower-hand", help: "In a share circle: lower your hand (waiting or speaking)", footer: "lower", writes: true)
    public static let passTurn = Command(
        "pass-turn", help: "In a share circle, for facilitators: the speaker is done, the next hand speaks",
        footer: "pass", writes: true)
    public static let lowerSelectedHand = Command(
        "lower-selected-hand", help: "In a share circle, for facilitators: lower the selected hand",
        footer: "lower theirs", writes: true)
}

extension ShareCircleState: Screen {
    var mode: Mode { .circle(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .shareCircle, keys: [.character("s")], context: .meetings),
        .init(command: .raiseHand, keys: [.character("r")], context: .circle),
        .init(command: .lowerHand, keys: [.character("l")], context: .circle),
        .init(command: .passTurn, keys: [.character("p")], context: .circle),
        .init(command: .lowerSelectedHand, keys: [.character("x")], context: .circle),
    ]
    var keyContext: KeyContext? { .circle }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        let key = keyMap.keys(for: .shareCircle, in: .meetings).first.map { " (\($0.label) in meetings)" } ?? ""
        return (.circle, "Keys in a share circle" + key)
    }

    /// `s` in the meetings list: the selected occurrence's circle, while it is under way.
    static func open(_ occurrence: MeetingOccurrence, _ room: inout RoomState) -> [RoomEffect] {
        guard occurrence.meeting.isUnderWay(occurrence.start, at: room.now) else {
            room.notice = "The share circle opens while the meeting is under way."
            return []
        }
        room.mode = .circle(
            ShareCircleState(
                meetingID: occurrence.meeting.id, occurrence: occurrence.start, title: occurrence.meeting.title))
        return [.circle(.load(occurrence.meeting.id, occurrence: occurrence.start))]
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if cursor.apply(command, count: hands.count, page: max(1, room.layout.readerTextRows / 2)) { return [] }
        switch command {
        case .raiseHand:
            if circle?.myHand != nil {
                room.notice = circle?.myLine
                return []
            }
            return [.circle(.raise(meetingID, occurrence: occurrence))]
        case .lowerHand:
            guard circle?.myHand != nil else {
                room.notice =
                    "Your hand is down. \(RoomRenderer.key(.raiseHand, room, in: .circle)): raise it to share."
                return []
            }
            return [.circle(.lower(meetingID, occurrence: occurrence, hand: nil))]
        case .passTurn:
            guard circle?.iFacilitate == true else {
                room.notice = "Only the group's facilitators pass the turn."
                return []
            }
            return [.circle(.pass(meetingID, occurrence: occurrence, expecting: circle?.speaking?.id))]
        case .lowerSelectedHand:
            guard let hand = selectedHand else { return [] }
            guard hand.isMine || circle?.iFacilitate == true else {
                room.notice = "Only the group's facilitators lower another's hand."
                return []
            }
            return [.circle(.lower(meetingID, occurrence: occurrence, hand: hand.id))]
        case .back:
            return MeetingsState.open(&room)
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.circle(let result)) = action else { return nil }
        switch result {
        case .loaded(let circle):
            take(circle)
        case .changed(let circle, let notice):
            take(circle)
            room.notice = notice
        case .failed(let message):
            room.notice = message
            return [.circle(.load(meetingID, occurrence: occurrence))]
        case .unreadable(let message):
            isLoading = false
            problem = message
        }
        return []
    }

    /// A circle of this meeting replaces the shown one; the selection stays on the same hand.
    private mutating func take(_ circle: ShareCircle) {
        guard circle.meeting.id == meetingID, circle.occurrence == occurrence else { return }
        let selected = selectedHand?.id
        self.circle = circle
        problem = nil
        title = circle.meeting.title
        isLoading = false
        if let selected, let index = hands.firstIndex(where: { $0.id == selected }) { cursor.index = index }
        cursor.clamp(count: hands.count)
    }

    /// A change made after the circle was left is still said.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.circle(let result)) = action else { return nil }
        switch result {
        case .loaded, .unreadable: break
        case .changed(_, let notice): room.notice = notice
        case .failed(let message): room.notice = message
        }
        return []
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        changes.contains(.circle(meetingID)) ? reload(room) : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.circle(.load(meetingID, occurrence: occurrence))] }

    /// The meeting is over: read the circle again, so it stops saying "under way".
    func ticked(_ room: RoomState) -> [RoomEffect] {
        guard let circle, circle.isUnderWay, circle.end <= room.now else { return [] }
        return reload(room)
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Share circle")
        RoomRenderer.drawScrolled(
            &canvas, title: "Share circle — \(title)", lines: lines(state),
            selected: circle?.iFacilitate == true && !hands.isEmpty ? cursor.index : nil, hints: hints(state),
            state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .circle) }
        var hints: [(String, String)] = [(key(.raiseHand), "raise"), (key(.lowerHand), "lower")]
        if circle?.iFacilitate == true {
            hints += [
                (key(.passTurn), "pass"), (RoomRenderer.moveKeys(state), "choose"),
                (key(.lowerSelectedHand), "lower theirs"),
            ]
        }
        return hints + [(RoomRenderer.key(.back, state), "back")]
    }

    /// In reading order: where the meeting is, who speaks, the queue, where the member stands.
    func lines(_ state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        if let problem {
            return TextWrap.lines(problem, width: width).map { StyledLine($0, .warning) }
                + [StyledLine(""), StyledLine("\(RoomRenderer.key(.back, state)): back to the meetings.", .muted)]
        }
        guard let circle, !isLoading else { return [StyledLine("Loading the circle…", .muted)] }
        var lines: [StyledLine] = []
        let meeting = circle.meeting
        let status =
            circle.isUnderWay
            ? "\(meeting.groupName) · under way now, until \(MeetingTime.clock(circle.end, zone: state.timeZone))"
            : "\(meeting.groupName) · not under way: hands are raised only during the meeting"
        lines += TextWrap.lines(status, width: width).map { StyledLine($0, .muted) }
        lines.append(StyledLine(""))
        let facilitates = circle.iFacilitate
        let marker = { (index: Int?) in facilitates ? (index == cursor.index ? "▸ " : "  ") : "" }
        let speakerIndex: Int? = circle.speaking == nil ? nil : 0
        var speaking = StyledLine(marker(speakerIndex) + circle.speakingLine, circle.speaking == nil ? .muted : .title)
        if let speakerIndex {
            speaking.replyIndex = speakerIndex
            if facilitates && cursor.index == speakerIndex { speaking.role = .selection }
        }
        lines.append(speaking)
        lines.append(StyledLine(""))
        if circle.waiting.isEmpty {
            lines.append(StyledLine("Nobody is waiting to share.", .muted))
        } else {
            lines.append(StyledLine("Waiting, in the order hands went up:", .normal))
            let offset = circle.speaking == nil ? 0 : 1
            for (index, text) in circle.queueLines.enumerated() {
                let item = index + offset
                let selected = facilitates && item == cursor.index
                var line = StyledLine(marker(item) + text, selected ? .selection : .normal)
                line.replyIndex = item
                lines.append(line)
            }
        }
        lines.append(StyledLine(""))
        lines.append(StyledLine(circle.myLine, .title))
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .circle) }
        var help =
            circle.myHand == nil
            ? "\(key(.raiseHand)): raise your hand to share." : "\(key(.lowerHand)): lower your hand."
        if facilitates {
            help +=
                " You facilitate: \(key(.passTurn)) passes the turn to the next hand; "
                + "\(key(.lowerSelectedHand)) lowers the selected hand."
        }
        lines += TextWrap.lines(help, width: width).map { StyledLine($0, .muted) }
        return lines
    }
}
