import Foundation
import RoomCore

/// The member's mentorships (as mentor or mentee) and the private thread of the selected one.
/// `P` opens it; j/k pick a mentorship (its thread loads), `r` writes to the other of the two,
/// and the `.mentorship` keys accept, decline and end.
public struct MentorshipState: Equatable, Sendable {
    public var list = ListSelection<Mentorship>()
    public var thread: [MentorMessage] = []
    public var isLoading = true
    /// The mentorship to select when the list arrives (opened from "for you").
    public var selecting: MentorshipID?

    public init() {}

    public var mentorships: [Mentorship] { list.items }
    public var cursor: Int {
        get { list.cursor.index }
        set { list.cursor.index = newValue }
    }
    public var selected: Mentorship? { list.selected }

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names). The
    /// store answers only the two members of a mentorship.
    public enum Effect: Equatable, Sendable {
        /// The member's mentorships, as mentor or mentee.
        case load
        case loadThread(MentorshipID)
        case send(MentorshipID, to: String, body: String)
        case answer(MentorshipID, accept: Bool)
        case end(MentorshipID)

        public var lane: EffectLane {
            switch self {
            case .load: .reads("mentorships")
            case .loadThread: .reads("mentorThread")
            case .send, .answer, .end: .writes
            }
        }
    }

    /// What the store answered.
    public enum Result: Equatable, Sendable {
        case loaded([Mentorship])
        case threadLoaded(MentorshipID, [MentorMessage])
        /// A private message went to the mentor or mentee.
        case sent(MentorshipID)
        /// A mentorship was accepted, declined or ended: what to tell the person.
        case changed(String)
    }
}

extension RoomEffect {
    public static func mentorship(_ effect: MentorshipState.Effect) -> RoomEffect { .screen(.mentorship(effect)) }
}

extension RoomAction {
    public static func mentorship(_ result: MentorshipState.Result) -> RoomAction { .screen(.mentorship(result)) }
}

extension KeyContext {
    /// The mentorship view (looked up before the room's).
    public static let mentorship = KeyContext("mentorship")
}

extension Command {
    public static let mentorship = Command(
        "mentorship", help: "Mentorship: your mentor or mentees and your private thread (r: write)")
    public static let acceptMentee = Command(
        "accept-mentee", help: "In mentorship: accept the selected request", writes: true)
    public static let declineMentee = Command(
        "decline-mentee", help: "In mentorship: decline the selected request (kindly)", writes: true)
    public static let endMentorship = Command(
        "end-mentorship", help: "In mentorship: end the selected mentorship, or withdraw your request (asks first)",
        writes: true)
}

extension MentorshipState: Screen {
    var mode: Mode { .mentorship(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .mentorship, keys: [.character("P")]),
        .init(command: .acceptMentee, keys: [.character("a")], context: .mentorship),
        .init(command: .declineMentee, keys: [.character("D")], context: .mentorship),
        .init(command: .endMentorship, keys: [.character("X")], context: .mentorship),
    ]
    var keyContext: KeyContext? { .mentorship }
    static var opening: Command? { .mentorship }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.mode = .mentorship(MentorshipState())
        return [.mentorship(.load)]
    }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        (.mentorship, "Keys in mentorship" + opening(.mentorship, keyMap))
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        let before = selected?.id
        // One line a mentorship: a page is a screenful.
        if list.apply(command, page: max(1, room.layout.readerTextRows - 1)) {
            guard selected?.id != before else { return [] }
            thread = []
            return selected.map { [.mentorship(.loadThread($0.id))] } ?? []
        }
        switch command {
        case .reply:
            guard let selected else { return [] }
            guard selected.status == .active else {
                room.notice = "Only an active mentorship has a thread to write in."
                return []
            }
            let other = Self.other(in: selected, room)
            room.prompt = Prompt(
                purpose: .mentorMessage(selected.id, to: other), title: "To \(other), privately",
                explanation: "Only \(other) and you can read this thread. Esc: cancel.",
                maxCharacters: Limits.encouragementMaxCharacters)
        case .acceptMentee, .declineMentee:
            guard let selected, selected.status == .requested, room.isMine(selected.mentorHandle) else {
                room.notice = "Select a request to you to accept or decline it."
                return []
            }
            return [.mentorship(.answer(selected.id, accept: command == .acceptMentee))]
        case .endMentorship:
            guard let selected, selected.status == .requested || selected.status == .active else {
                room.notice = "Select a request or an active mentorship to end it."
                return []
            }
            let other = Self.other(in: selected, room)
            room.confirmation = Confirmation(
                question: selected.status == .active
                    ? "End your mentorship with \(other)? The thread stays readable by the two of you."
                    : "Withdraw the request between you and \(other)?",
                action: .endMentorship(selected.id))
        case .mentorship:
            room.mode = .room
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.mentorship(let result)) = action else { return nil }
        switch result {
        case .loaded(let mentorships):
            // A reload (a change from the other side) keeps the selected mentorship selected.
            let before = selected?.id
            list.replace(with: mentorships)
            if let id = selecting, let index = mentorships.firstIndex(where: { $0.id == id }) { cursor = index }
            selecting = nil
            isLoading = false
            if selected?.id != before { thread = [] }
            return selected.map { [.mentorship(.loadThread($0.id))] } ?? []
        case .threadLoaded(let id, let messages):
            if selected?.id == id { thread = messages }
            return []
        case .changed:
            return (Self.receiveElsewhere(action, &room) ?? []) + [.mentorship(.load)]
        case .sent(let id):
            return (Self.receiveElsewhere(action, &room) ?? []) + [.mentorship(.loadThread(id))]
        }
    }

    /// A message sent or a change answered after the view was left: said all the same.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.mentorship(let result)) = action else { return nil }
        switch result {
        case .loaded, .threadLoaded:
            break
        case .changed(let message):
            room.notice = message
        case .sent:
            room.prompt = nil
            room.notice = "Sent, for the two of you only."
        }
        return []
    }

    /// A press on a mentorship selects it (and loads its thread); the wheel scrolls.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind == .press else { return RoomReducer.wheel(&room, event) }
        let lines = lines(room)
        // The list is the first lines; drawn as `render` draws them, the newest messages in view.
        let line = max(0, lines.count - room.layout.readerTextRows) + event.y - 2
        guard event.y >= 2, event.y - 2 < room.layout.readerTextRows, mentorships.indices.contains(line) else {
            return []
        }
        return moved(to: line)
    }

    /// Selects the mentorship at `index`, loading its thread when it is another one.
    private mutating func moved(to index: Int) -> [RoomEffect] {
        let before = selected?.id
        cursor = index
        guard selected?.id != before, let selected else { return [] }
        thread = []
        return [.mentorship(.loadThread(selected.id))]
    }

    /// The list first: it says whether the selected one is still there, then loads its thread.
    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        changes.contains { if case .mentorship = $0 { true } else { false } } ? [.mentorship(.load)] : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.mentorship(.load)] }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Mentorship")
        let lines = lines(state)
        // The newest messages stay in view.
        RoomRenderer.drawScrolled(
            &canvas, title: "Mentorship — private to the two of you", lines: lines,
            first: max(0, lines.count - layout.readerTextRows), hints: hints(state), state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .mentorship) }
        return [
            (RoomRenderer.moveKeys(state), "choose"), (RoomRenderer.key(.reply, state), "write"),
            (key(.acceptMentee), "accept"), (key(.declineMentee), "decline"), (key(.endMentorship), "end"),
            (RoomRenderer.key(.back, state), "back"),
        ]
    }

    /// The other member of a mentorship, seen from the person using the room.
    static func other(in mentorship: Mentorship, _ state: RoomState) -> String {
        state.isMine(mentorship.mentorHandle) ? mentorship.menteeHandle : mentorship.mentorHandle
    }

    func lines(_ state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        if isLoading { return [StyledLine("Loading…", .muted)] }
        if mentorships.isEmpty {
            return TextWrap.lines(
                "You have no mentorships. Ask for a peer mentor with: peerroom mentor request --group SLUG",
                width: width
            ).map { StyledLine($0, .muted) }
        }
        var lines: [StyledLine] = []
        for (index, mentorship) in mentorships.enumerated() {
            let selected = index == cursor
            let relation =
                state.isMine(mentorship.mentorHandle)
                ? "you mentor \(mentorship.menteeHandle)" : "\(mentorship.mentorHandle) mentors you"
            lines.append(
                StyledLine(
                    "\(selected ? "▸ " : "  ")\(relation) · \(mentorship.groupSlug) · \(mentorship.status.rawValue)",
                    selected ? .selection : .title))
        }
        lines.append(StyledLine(""))
        guard let selected else { return lines }
        if let note = selected.requestNote {
            lines += TextWrap.lines("\(selected.menteeHandle) asked: \(note)", width: width).map {
                StyledLine($0, .muted)
            }
        }
        if selected.status == .requested && state.isMine(selected.mentorHandle) {
            lines += TextWrap.lines(
                "Answer with: peerroom mentor accept --id \(selected.id), or decline --id \(selected.id)", width: width
            ).map { StyledLine($0, .key) }
        }
        if let note = selected.responseNote {
            lines += TextWrap.lines("\(selected.mentorHandle): \(note)", width: width).map { StyledLine($0, .muted) }
        }
        if thread.isEmpty {
            lines.append(StyledLine("No messages yet.", .muted))
        }
        for message in thread {
            lines.append(
                StyledLine(
                    "\(message.authorHandle) · \(RelativeTime.describe(message.createdAt, now: state.now))", .muted))
            lines += TextWrap.lines(message.body, width: width - 2).map { StyledLine("  " + $0) }
        }
        return lines
    }
}
