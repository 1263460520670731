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
    /// Asking for a peer mentor: who can mentor in the group, one to choose (over the list).
    public var picker: MentorPicker?

    public init() {}

    public var mentorships: [Mentorship] { list.items }
    public var cursor: Int {
        get { list.cursor.index }
        set { list.cursor.index = newValue }
    }
    public var selected: Mentorship? { list.selected }

    /// Asking for a peer mentor in one group: its mentors' offers, and who is chosen —
    /// "whoever has room" first, then each mentor with room. Mentors without room are shown,
    /// not chosen.
    public struct MentorPicker: Equatable, Sendable {
        public var groupID: GroupID
        public var groupName: String
        /// nil while they load.
        public var offers: [MentorOffer]?
        /// 0: whoever has room; then `choices`, in order.
        public var cursor = 0
        /// The one to select once the offers come (a mentor picked in the roster).
        public var preferred: String?

        public init(groupID: GroupID, groupName: String, preferred: String? = nil) {
            self.groupID = groupID
            self.groupName = groupName
            self.preferred = preferred
        }

        /// The mentors with room, who can be asked.
        public var choices: [MentorOffer] { (offers ?? []).filter(\.canTakeMore) }
        /// The handle asked for (nil: whoever has room).
        public var chosen: String? { cursor == 0 ? nil : choices[cursor - 1].handle }
    }

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names). The
    /// store answers only the two members of a mentorship.
    public enum Effect: Equatable, Sendable {
        /// The member's mentorships, as mentor or mentee.
        case load
        case loadThread(MentorshipID)
        case send(MentorshipID, to: String, body: String)
        case answer(MentorshipID, accept: Bool)
        case end(MentorshipID)
        /// Who offers to mentor in a group, with their room.
        case loadMentors(GroupID)
        /// Ask a mentor (nil: whoever has most room) to mentor `me` in the group.
        case request(GroupID, mentor: String?, note: String?)
        /// Offer to mentor in the group (available now).
        case offer(GroupID, capacity: Int, note: String)

        public var lane: EffectLane {
            switch self {
            case .load: .reads("mentorships")
            case .loadThread: .reads("mentorThread")
            case .loadMentors: .reads("mentors")
            case .send, .answer, .end, .request, .offer: .writes
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
        case mentorsLoaded(GroupID, [MentorOffer])
        /// A request or an offer was taken (the prompt closes): what to tell the person.
        case asked(String)
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
    public static let askMentor = Command(
        "ask-mentor", help: "Ask for a peer mentor in the open group: see who has room, choose, add a note",
        writes: true)
    public static let offerMentoring = Command(
        "offer-mentoring", help: "In mentorship: offer to mentor in the open group (peer mentors, facilitators)",
        writes: true)
}

extension MentorshipState: Screen {
    var mode: Mode { .mentorship(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .mentorship, keys: [.character("P")]),
        .init(command: .acceptMentee, keys: [.character("a")], context: .mentorship),
        .init(command: .declineMentee, keys: [.character("D")], context: .mentorship),
        .init(command: .endMentorship, keys: [.character("X")], context: .mentorship),
        .init(command: .askMentor, keys: [.character("L")], context: .mentorship),
        .init(command: .offerMentoring, keys: [.character("o")], context: .mentorship),
        // From the room (the roster): the mentor selected there is chosen first.
        .init(command: .askMentor, keys: [.character("L")]),
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

    /// Opens the view asking for a mentor in the open group; from the roster, a mentor with
    /// room selected there is chosen first.
    static func openAsking(_ room: inout RoomState) -> [RoomEffect] {
        var state = MentorshipState()
        var preferred: String?
        if room.focus == .roster, let entry = room.roster.selected, entry.mentorMark == .availableMentor {
            preferred = entry.handle
        }
        let effects = state.ask(&room, preferred: preferred)
        room.mode = .mentorship(state)
        return [.mentorship(.load)] + effects
    }

    /// Starts asking for a mentor in the open group.
    mutating func ask(_ room: inout RoomState, preferred: String? = nil) -> [RoomEffect] {
        guard let group = room.openGroup else {
            room.notice = "Open a group first: mentors offer in their groups."
            return []
        }
        picker = MentorPicker(groupID: group.id, groupName: group.name, preferred: preferred)
        return [.mentorship(.loadMentors(group.id))]
    }

    /// Keys while choosing a mentor: move, Enter asks (with a note, if they like), Esc goes back.
    mutating func reducePicker(_ command: Command, _ picker: MentorPicker, _ room: inout RoomState) -> [RoomEffect] {
        var picker = picker
        var cursor = ListCursor(picker.cursor)
        if let move = ListMove(command, page: max(1, room.layout.readerTextRows - 4)) {
            cursor.apply(move, count: picker.choices.count + 1)
            picker.cursor = cursor.index
            self.picker = picker
            return []
        }
        switch command {
        case .open:
            guard picker.offers != nil else { return [] }
            let who = picker.chosen ?? "whoever has room"
            room.prompt = Prompt(
                purpose: .mentorRequest(picker.groupID, mentor: picker.chosen),
                title: "Ask \(who) to mentor you",
                explanation:
                    "A short note for the mentor, if you like: what you hope for, when suits you. "
                    + "An empty line is fine. Only the mentor sees it. Esc: cancel.",
                maxCharacters: Validate.mentorNoteMaxCharacters)
        case .back, .askMentor:
            self.picker = nil
        case .offerMentoring:
            self.picker = nil
            return reduce(command, &room)
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if let picker { return reducePicker(command, picker, &room) }
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
        case .askMentor:
            return ask(&room)
        case .offerMentoring:
            guard let group = room.openGroup else {
                room.notice = "Open a group first: you offer to mentor in one of your groups."
                return []
            }
            room.prompt = Prompt(
                purpose: .mentorOffer(group.id),
                title: "Offer to mentor in \(group.name)",
                explanation:
                    "How many mentees you can take (1–10), then a short note for those who ask, "
                    + "e.g. \"2 Happy to listen, evenings suit me\". Esc: cancel.",
                maxCharacters: Validate.mentorNoteMaxCharacters + 3)
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
        case .mentorsLoaded(let group, let offers):
            guard var picker, picker.groupID == group else { return [] }
            picker.offers = offers
            if let preferred = picker.preferred,
                let index = picker.choices.firstIndex(where: {
                    $0.handle.caseInsensitiveCompare(preferred) == .orderedSame
                })
            {
                picker.cursor = index + 1
            }
            self.picker = picker
            return []
        case .asked:
            picker = nil
            return (Self.receiveElsewhere(action, &room) ?? []) + [.mentorship(.load)]
        }
    }

    /// A message sent or a change answered after the view was left: said all the same.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.mentorship(let result)) = action else { return nil }
        switch result {
        case .loaded, .threadLoaded, .mentorsLoaded:
            break
        case .asked(let message):
            room.prompt = nil
            room.notice = message
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
        guard picker == nil else { return [] }
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
        if let picker {
            RoomRenderer.drawScrolled(
                &canvas, title: "Ask for a peer mentor — \(picker.groupName)", lines: Self.pickerLines(picker, state),
                selected: picker.offers == nil ? nil : picker.cursor, hints: hints(state), state: state, layout: layout)
            return
        }
        let lines = lines(state)
        // The newest messages stay in view.
        RoomRenderer.drawScrolled(
            &canvas, title: "Mentorship — private to the two of you", lines: lines,
            first: max(0, lines.count - layout.readerTextRows), hints: hints(state), state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .mentorship) }
        if picker != nil {
            return [
                (RoomRenderer.moveKeys(state), "choose"), (RoomRenderer.key(.open, state), "ask"),
                (RoomRenderer.key(.back, state), "back"),
            ]
        }
        return [
            // Asking is for everyone, answering for mentors: what does not fit is in help.
            (RoomRenderer.moveKeys(state), "choose"), (RoomRenderer.key(.reply, state), "write"),
            (key(.askMentor), "ask a mentor"), (RoomRenderer.key(.back, state), "back"),
            (key(.acceptMentee), "accept"), (key(.declineMentee), "decline"), (key(.endMentorship), "end"),
            (key(.offerMentoring), "offer to mentor"),
        ]
    }

    /// The lines above the choices: what this is, and who sees the request.
    static func pickerHeaderLines(_ picker: MentorPicker, _ state: RoomState) -> [StyledLine] {
        TextWrap.lines(
            "A peer mentor is a member further along who offers to walk with you for a while. "
                + "Choose who to ask; only they see your request and note.", width: state.layout.readerTextWidth
        ).map { StyledLine($0, .muted) } + [StyledLine("")]
    }

    /// The picker: whoever has room, each mentor with room (their mentees and note), then
    /// those without room now.
    static func pickerLines(_ picker: MentorPicker, _ state: RoomState) -> [StyledLine] {
        var lines = pickerHeaderLines(picker, state)
        guard let offers = picker.offers else { return lines + [StyledLine("Loading…", .muted)] }
        let width = state.layout.readerTextWidth
        func choice(_ index: Int, _ text: String) -> StyledLine {
            let selected = picker.cursor == index
            return StyledLine((selected ? "▸ " : "  ") + text, selected ? .selection : .title, replyIndex: index)
        }
        let choices = picker.choices
        if choices.isEmpty {
            lines.append(choice(0, "Whoever has room"))
            lines += TextWrap.lines(
                "No mentor in this group has room right now. Asking anyway tells you so; try again soon, "
                    + "or ask in another group.", width: width
            ).map { StyledLine("  " + $0, .muted) }
        } else {
            lines.append(choice(0, "Whoever has room (the mentor with the most room)"))
        }
        for (index, offer) in choices.enumerated() {
            lines.append(choice(index + 1, "\(offer.handle) · \(offer.mentees) of \(offer.capacity) mentees"))
            lines += TextWrap.lines("“\(offer.note)”", width: width - 4).map { StyledLine("    " + $0, .muted) }
        }
        let full = offers.filter { !$0.canTakeMore }
        if !full.isEmpty {
            lines.append(StyledLine(""))
            lines.append(StyledLine("No room right now", .muted))
            for offer in full {
                let why = offer.isAvailable ? "\(offer.mentees) of \(offer.capacity) mentees" : "not taking mentees"
                lines.append(StyledLine("  \(offer.handle) · \(why)", .muted))
            }
        }
        return lines
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
                "You have no mentorships. \(RoomRenderer.key(.askMentor, state, in: .mentorship)): ask for a peer "
                    + "mentor in the open group.",
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
