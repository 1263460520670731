import Foundation
import RoomCore

/// "I need support now" (issue 18). `S` asks for a line first (a stray key sends nothing),
/// then sends a quiet signal to the peer mentors and facilitators of the member's groups who
/// are here. Their rooms show a banner (and ring the bell); `A` answers it, and the first to
/// answer opens this screen: the private thread of the two, where `r` writes. The signaller's
/// banner says who answered and `S` opens the thread here. Esc goes back.
public struct SupportState: Equatable, Sendable {
    public var list = ListSelection<SupportSignal>()
    public var thread: [SupportMessage] = []
    public var isLoading = true
    /// The call to select when the list arrives (the one just answered).
    public var focusID: SupportSignalID?

    public init(selecting id: SupportSignalID? = nil) {
        focusID = id
    }

    public var selected: SupportSignal? { list.selected }

    /// What this screen (and the banner under every screen) asks the store.
    public enum Effect: Equatable, Sendable {
        /// The calls told to the member, their own, and the threads they are in.
        case load
        case loadThread(SupportSignalID)
        case answer(SupportSignalID)
        case send(SupportSignalID, body: String)
        case reachOut(line: String?)

        public var lane: EffectLane {
            switch self {
            case .load: .reads("support")
            case .loadThread: .reads("supportThread")
            case .answer, .send, .reachOut: .writes
            }
        }
    }

    public enum Result: Equatable, Sendable {
        case loaded([SupportSignal])
        case threadLoaded(SupportSignalID, [SupportMessage])
        /// The member answered a call: the thread is theirs and the signaller's.
        case answered(SupportSignal)
        case sent(SupportSignalID)
        /// What reaching out did, and (when nobody was here) the next meeting of the member's groups.
        case reachedOut(ReachOutOutcome, next: MeetingOccurrence?)
        /// Refused (a limit, answered by someone else first): what to tell the person.
        case failed(String)
    }
}

extension RoomEffect {
    public static func support(_ effect: SupportState.Effect) -> RoomEffect { .screen(.support(effect)) }
}

extension RoomAction {
    public static func support(_ result: SupportState.Result) -> RoomAction { .screen(.support(result)) }
}

extension Command {
    public static let supportNow = Command(
        "support-now", help: "I need support now: quietly ask the peer mentors and facilitators here",
        writes: true)
    public static let answerSupport = Command(
        "answer-support", help: "Answer the call for support on the banner (a private thread with them)",
        writes: true)
}

extension RoomState {
    /// The banner over every screen but crisis help: a call told to the member that waits for an
    /// answer, else the member's own call (waiting, or who answered it). Words, not colour.
    public var supportBanner: String? {
        let answer = RoomRenderer.key(.answerSupport, self)
        if let call = supportSignals.first(where: { $0.side == .toldMe && $0.isWaiting(at: now) }) {
            // The key first: a narrow terminal cuts the end of the line, never how to answer.
            return "Support now · \(isWriting ? "Esc, then \(answer)" : answer): answer · \(call.banner)"
        }
        let open = RoomRenderer.key(.supportNow, self)
        if let mine = supportSignals.first(where: {
            $0.side == .mine && now.millisecondsSince1970 - $0.createdAt.millisecondsSince1970 < Support.waitMillis
        }) {
            if mine.isAnswered {
                return "Support now · \(open): open your thread · \(mine.answererHandle ?? "A helper") answered you."
            }
            return "Support now · your call is with the helpers here; someone will answer soon."
        }
        return nil
    }
}

extension SupportState: Screen {
    var mode: Mode { .support(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .supportNow, keys: [.character("S")]),
        .init(command: .answerSupport, keys: [.character("A")]),
    ]
    static var opening: Command? { .supportNow }

    /// The thread when there is one (or a call to answer); else the question to send one.
    static func open(_ room: inout RoomState) -> [RoomEffect] {
        let now = room.now
        if room.supportSignals.contains(where: { $0.isMyThread || ($0.side == .toldMe && $0.isWaiting(at: now)) }) {
            room.mode = .support(SupportState())
            return [.support(.load)]
        }
        askToReachOut(&room)
        return []
    }

    /// The question first, so a stray key sends nothing.
    static func askToReachOut(_ room: inout RoomState) {
        room.prompt = Prompt(
            purpose: .supportNow, title: "I need support now",
            explanation:
                "Only the peer mentors and facilitators of your groups who are in the room now will see this; "
                + "the first to answer writes with you privately. A line for them if you like, or just Enter.",
            maxCharacters: Support.lineMaxCharacters)
    }

    /// `A`: answers the call on the banner (from any screen but writing).
    static func answerBanner(_ room: inout RoomState) -> [RoomEffect] {
        let now = room.now
        guard let call = room.supportSignals.first(where: { $0.side == .toldMe && $0.isWaiting(at: now) }) else {
            room.notice = "No call for support is waiting for you."
            return []
        }
        return [.support(.answer(call.id))]
    }

    /// What the screen lists: the threads the member is in and the calls waiting for them.
    static func listed(_ signals: [SupportSignal], now: Date) -> [SupportSignal] {
        signals.filter { $0.isMyThread || ($0.side == .toldMe && $0.isWaiting(at: now)) }
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        let before = selected?.id
        if list.apply(command, page: max(1, room.layout.readerTextRows - 1)) {
            guard selected?.id != before else { return [] }
            return loadSelected()
        }
        switch command {
        case .open, .answerSupport:
            guard let selected else { return [] }
            if selected.side == .toldMe && !selected.isAnswered { return [.support(.answer(selected.id))] }
            room.notice = selected.isMyThread ? "r: write in this thread." : Support.alreadyAnsweredMessage
        case .reply:
            guard let selected, selected.isMyThread else {
                room.notice = "Choose a thread of yours to write in."
                return []
            }
            let other = Self.other(in: selected)
            room.prompt = Prompt(
                purpose: .supportMessage(selected.id, to: other), title: "To \(other), privately",
                explanation: "Only \(other) and you can read this thread. Esc: cancel.",
                maxCharacters: Limits.encouragementMaxCharacters)
        case .supportNow:
            Self.askToReachOut(&room)
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    private mutating func loadSelected() -> [RoomEffect] {
        thread = []
        guard let selected, selected.isMyThread else { return [] }
        return [.support(.loadThread(selected.id))]
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.support(let result)) = action else { return nil }
        switch result {
        case .loaded(let signals):
            var effects = Self.receiveElsewhere(action, &room) ?? []
            let before = selected?.id
            list.replace(with: Self.listed(signals, now: room.now))
            if let focusID, let index = list.items.firstIndex(where: { $0.id == focusID }) {
                list.cursor.index = index
                self.focusID = nil
            }
            isLoading = false
            // A change may be a new message in the open thread: read it again (kept meanwhile).
            if selected?.id != before {
                effects += loadSelected()
            } else if let selected, selected.isMyThread {
                effects.append(.support(.loadThread(selected.id)))
            }
            return effects
        case .threadLoaded(let id, let messages):
            if selected?.id == id { thread = messages }
            return []
        case .sent(let id):
            return (Self.receiveElsewhere(action, &room) ?? []) + [.support(.loadThread(id))]
        case .answered, .reachedOut, .failed:
            return Self.receiveElsewhere(action, &room)
        }
    }

    /// The banner's list, a sent message, an answer and reaching out act from any screen.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.support(let result)) = action else { return nil }
        switch result {
        case .loaded(let signals):
            return supportLoaded(&room, signals)
        case .threadLoaded:
            return []
        case .answered(let signal):
            if let index = room.supportSignals.firstIndex(where: { $0.id == signal.id }) {
                room.supportSignals[index] = signal
            }
            room.mode = .support(SupportState(selecting: signal.id))
            room.notice = "You answered \(signal.handle). Only the two of you can read this thread; r: write."
            return [.support(.load)]
        case .sent:
            room.prompt = nil
            room.notice = "Sent, for the two of you only."
            return []
        case .reachedOut(.sent(let signal, let told), _):
            room.prompt = nil
            room.supportSignals.insert(signal, at: 0)
            room.notice =
                "Sent quietly to \(told) \(told == 1 ? "peer mentor or facilitator" : "peer mentors and facilitators") "
                + "here. The first to answer will write to you; this room shows it."
            return []
        case .reachedOut(.nobodyHere, let next):
            room.prompt = nil
            var notice = Support.nobodyMessage
            if let next {
                notice +=
                    " Your groups' next meeting: \(MeetingTime.summary(next, zone: room.timeZone, now: room.now)) — "
                    + next.meeting.title + "."
            }
            room.notice = notice
            room.crisisScroll = 0  // crisis help at once; the notice waits under it
            return []
        case .failed(let message):
            RoomReducer.promptFailed(&room, message)
            return []
        }
    }

    /// A new call told to the member rings the bell (`RoomEffect.ringBell`; config can turn it
    /// off); another helper's answer is said, never who gave it; the signaller hears who answered.
    static func supportLoaded(_ room: inout RoomState, _ signals: [SupportSignal]) -> [RoomEffect] {
        let before = Dictionary(room.supportSignals.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        room.supportSignals = signals
        var effects: [RoomEffect] = []
        for signal in signals {
            let old = before[signal.id]
            if signal.side == .toldMe && signal.isWaiting(at: room.now) && old == nil {
                effects = [.ringBell]
            } else if signal.isAnswered && old?.isAnswered == false {
                if signal.side == .mine {
                    room.notice =
                        "\(signal.answererHandle ?? "A helper") answered your call for support. "
                        + "\(RoomRenderer.key(.supportNow, room)): open your thread."
                } else if !signal.answeredByMe {
                    room.notice = "Someone answered \(signal.handle)'s call for support. Thank you for being there."
                }
            }
        }
        return effects
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        []  // the root reloads the calls on every `.support` change, whatever is on top
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.support(.load)] }

    static func other(in signal: SupportSignal) -> String {
        signal.side == .mine ? signal.answererHandle ?? "your helper" : signal.handle
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Support now")
        let lines = lines(state)
        RoomRenderer.drawScrolled(
            &canvas, title: "Support now — private to the two of you", lines: lines,
            first: max(0, lines.count - layout.readerTextRows), hints: hints(state), state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        [
            (RoomRenderer.moveKeys(state), "choose"), (RoomRenderer.key(.reply, state), "write"),
            (RoomRenderer.key(.answerSupport, state), "answer"), (RoomRenderer.key(.supportNow, state), "reach out"),
            (RoomRenderer.key(.back, state), "back"),
        ]
    }

    func lines(_ state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        if isLoading { return [StyledLine("Loading…", .muted)] }
        var lines: [StyledLine] = []
        if list.items.isEmpty {
            lines += TextWrap.lines(
                "No calls for support or threads right now. \(RoomRenderer.key(.supportNow, state)): "
                    + "quietly ask the peer mentors and facilitators here.", width: width
            ).map { StyledLine($0, .muted) }
            return lines
        }
        for (index, signal) in list.items.enumerated() {
            let mark = index == list.cursor.index ? "▸ " : "  "
            let text: String
            switch signal.side {
            case .mine:
                text = signal.isAnswered ? "you and \(signal.answererHandle ?? "your helper")" : "your call · waiting"
            case .toldMe:
                text =
                    signal.answeredByMe
                    ? "\(signal.handle) and you" : "\(signal.handle) · waiting for an answer (A: answer)"
            }
            lines.append(
                StyledLine(
                    mark + text + " · " + RelativeTime.describe(signal.createdAt, now: state.now),
                    index == list.cursor.index ? .selection : .title))
        }
        lines.append(StyledLine(""))
        guard let selected else { return lines }
        if let line = selected.line {
            lines += TextWrap.lines("\(selected.side == .mine ? "You" : selected.handle) said: \(line)", width: width)
                .map { StyledLine($0, .muted) }
        }
        guard selected.isMyThread else {
            lines += TextWrap.lines(
                "Answer to open a private thread with \(selected.handle): "
                    + "\(RoomRenderer.key(.answerSupport, state)) or Enter.", width: width
            ).map { StyledLine($0, .key) }
            return lines
        }
        if thread.isEmpty {
            lines.append(
                StyledLine(
                    "No messages yet. \(RoomRenderer.key(.reply, state)): write to \(Self.other(in: selected)).", .muted
                ))
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

extension RoomReducer {
    /// `S` and `A` from any screen but writing, unless the screen on top binds the key itself:
    /// help in a fragile moment should not depend on where one is.
    static func supportKey(_ state: inout RoomState, _ key: Key) -> [RoomEffect]? {
        guard !state.isWriting else { return nil }
        if case .support = state.mode { return nil }
        if let own = state.mode.screen.keyContext, state.keyMap.command(for: key, in: own) != nil { return nil }
        let command = state.keyMap.command(for: key)
        guard command == .supportNow || command == .answerSupport else { return nil }
        if state.needsPseudonym {
            state.prompt = .pseudonym
            return []
        }
        return command == .supportNow ? SupportState.open(&state) : SupportState.answerBanner(&state)
    }

}

extension RoomRenderer {
    /// The banner above the footer, over whatever the screen drew there.
    static func drawSupportBanner(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        guard let banner = state.supportBanner else { return }
        let y = max(1, layout.footer.y - 1)
        canvas.fill(Rect(x: 0, y: y, width: layout.size.width, height: 1), role: .warning)
        canvas.put(" " + banner, x: 0, y: y, maxWidth: layout.size.width, role: .warning)
    }
}
