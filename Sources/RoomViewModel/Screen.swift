import RoomCore

/// A full-screen view, as Bubble Tea's models and Ratatui's widget + state: its state is the
/// value `Mode` holds for it; it reduces the commands and results it handles, draws itself into
/// the screen, names its keys and footer hints, and says what it reads again when the room
/// changes. One screen, one file (`ReaderScreen.swift`, `SearchScreen.swift`, …).
///
/// Screens are values. `reduce` changes `self` and may leave for another screen by writing
/// `room.mode` (or open an overlay: a prompt, a question); when it did not, the root writes the
/// changed `self` back (`RoomReducer.route`).
protocol Screen: Sendable {
    /// The value `Mode` holds for this screen.
    var mode: Mode { get }
    /// Keys looked up before the room's while this screen is on top (nil: the room's only).
    var keyContext: KeyContext? { get }
    /// A key. By default: looked up in `keyContext`, then the room's, and handed to `reduce`
    /// (a command that writes asks a guest for a pseudonym first).
    mutating func key(_ key: Key, _ room: inout RoomState) -> [RoomEffect]
    /// A command of the key map.
    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect]
    /// A result from the store while this screen is on top; nil when it is not this screen's.
    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]?
    /// A result of this screen's effects that came when it was no longer on top (a message
    /// sent: the notice still says so); nil when it is not this screen's. By default dropped.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]?
    /// The mouse. By default the wheel is the one-line movement keys, three times, and a
    /// press does nothing.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect]
    /// Draws the whole screen but the overlays (header, body, footer).
    func render(_ canvas: inout Canvas, _ room: RoomState, _ layout: Layout)
    /// The footer's "key:word" hints, every key read from the key map.
    func hints(_ room: RoomState) -> [(String, String)]
    /// What to read again for these changes of the room (the root reloads the groups, the
    /// open group's lists and the header's meeting).
    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect]
    /// Everything this screen shows, read again (a gap in the change log, back from writing).
    func reload(_ room: RoomState) -> [RoomEffect]
    /// The clock ticked (`room.now` is the new time): what this screen reads again because
    /// time passed (a circle whose meeting ended).
    func ticked(_ room: RoomState) -> [RoomEffect]
    /// The terminal changed size.
    mutating func fit(_ room: RoomState)
    /// This screen's own keys in help: their context and heading (nil: none of its own).
    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)?
    /// The command that opens this screen from the room and the reader (nil: it opens otherwise).
    static var opening: Command? { get }
    /// Its default keys: the one that opens it (in the room's context) and those of its
    /// `keyContext`, gathered into `KeyMap.standard` from `Mode.screenTypes`.
    static var bindings: [KeyMap.Binding] { get }
    /// Opens it (or asks what it needs first): `opening` was pressed.
    static func open(_ room: inout RoomState) -> [RoomEffect]
}

extension Screen {
    var keyContext: KeyContext? { nil }

    mutating func key(_ key: Key, _ room: inout RoomState) -> [RoomEffect] {
        let own = keyContext.flatMap { room.keyMap.command(for: key, in: $0) }
        guard let command = own ?? room.keyMap.command(for: key) else { return [] }
        if command.writes && room.needsPseudonym {
            room.prompt = .pseudonym
            return []
        }
        return reduce(command, &room)
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? { nil }
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? { nil }

    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind != .press else { return [] }
        return RoomReducer.wheel(&room, event)
    }

    func hints(_ room: RoomState) -> [(String, String)] {
        room.keyMap.hints(in: keyContext ?? .room).map { ($0.key, $0.label) }
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] { [] }
    func reload(_ room: RoomState) -> [RoomEffect] { [] }
    func ticked(_ room: RoomState) -> [RoomEffect] { [] }
    mutating func fit(_ room: RoomState) {}
    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? { nil }
    static var opening: Command? { nil }
    static var bindings: [KeyMap.Binding] { [] }
    static func open(_ room: inout RoomState) -> [RoomEffect] { [] }

    /// " (w)": the key that opens a screen, for its heading in help.
    static func opening(_ command: Command, _ keyMap: KeyMap) -> String {
        keyMap.keys(for: command).first.map { " (\($0.label))" } ?? ""
    }
}

/// The list of screens: the one place a new screen is named (here, in `screen`, in
/// `screenTypes` and, when it has effects of its own, in `ScreenEffect` and `ScreenResult`
/// below). What fills the screen is a value of one of them, its state (crisis help, questions
/// and the check-in's answer are `Overlay`s above it).
/// Indirect: a story opened from a screen holds that screen, to go back to (`ReaderState.returnTo`).
public indirect enum Mode: Equatable, Sendable {
    case room
    case reader(ReaderState)
    case help(scroll: Int)
    case compose(ComposeState)
    /// A facilitator's moderation queue.
    case moderation(ModerationState)
    /// Search results.
    case search(SearchState)
    /// The coming meetings of all the member's groups.
    case meetings(MeetingsState)
    /// The member's mentorships and the private thread of the selected one.
    case mentorship(MentorshipState)
    /// What is for the member: replies, encouragement, mentor messages, reactions.
    case forYou(ForYouState)
    /// "I need support now": the calls waiting for the member and the threads they are in.
    case support(SupportState)
    /// The share circle of a meeting under way: who speaks, who waits.
    case circle(ShareCircleState)
}

extension Mode {
    /// The screen this mode shows, with its uniform interface.
    var screen: any Screen {
        switch self {
        case .room: RoomScreen()
        case .reader(let reader): reader
        case .help(let scroll): HelpScreen(scroll: scroll)
        case .compose(let compose): compose
        case .moderation(let queue): queue
        case .search(let search): search
        case .meetings(let list): list
        case .mentorship(let view): view
        case .forYou(let list): list
        case .support(let view): view
        case .circle(let view): view
        }
    }

    /// Every kind of screen, in the order help lists their keys (and `KeyMap.standard` their
    /// bindings).
    static let screenTypes: [any Screen.Type] = [
        RoomScreen.self, SearchState.self, MeetingsState.self, MentorshipState.self, ForYouState.self,
        ComposeState.self, ReaderState.self, HelpScreen.self, ModerationState.self, SupportState.self,
        ShareCircleState.self,
    ]
}

/// The screens' own effects, one case a screen that has any (its `Effect`, declared in its
/// file with the lane each runs in); `EffectRunner` runs them.
public enum ScreenEffect: Equatable, Sendable {
    case search(SearchState.Effect)
    case meetings(MeetingsState.Effect)
    case mentorship(MentorshipState.Effect)
    case moderation(ModerationState.Effect)
    case forYou(ForYouState.Effect)
    case support(SupportState.Effect)
    case circle(ShareCircleState.Effect)

    public var lane: EffectLane {
        switch self {
        case .search(let effect): effect.lane
        case .meetings(let effect): effect.lane
        case .mentorship(let effect): effect.lane
        case .moderation(let effect): effect.lane
        case .forYou(let effect): effect.lane
        case .support(let effect): effect.lane
        case .circle(let effect): effect.lane
        }
    }
}

/// What the store answered a screen's own effect (its `Result`), for its `receive` (or, when
/// another screen is on top, its `receiveElsewhere`).
public enum ScreenResult: Equatable, Sendable {
    case search(SearchState.Result)
    case meetings(MeetingsState.Result)
    case mentorship(MentorshipState.Result)
    case moderation(ModerationState.Result)
    case forYou(ForYouState.Result)
    case support(SupportState.Result)
    case circle(ShareCircleState.Result)
}

/// What can cover the screen on top of it, most urgent first: the one statement of which is
/// on top. Keys go to the first one open; the screen is drawn under them, the last one first.
enum Overlay: CaseIterable, Sendable {
    /// Crisis help, over everything (`CrisisScreen.swift`).
    case crisis
    /// The answer to today's check-in, until the next key (`CheckInAnswer.swift`).
    case checkInAnswer
    /// A yes/no question (`Confirmation.swift`).
    case confirmation
    /// A one-line question (`Prompt.swift`).
    case prompt
}

extension RoomState {
    func isOpen(_ overlay: Overlay) -> Bool {
        switch overlay {
        case .crisis: crisisScroll != nil
        case .checkInAnswer: checkInAnswer != nil
        case .confirmation: confirmation != nil
        case .prompt: prompt != nil
        }
    }

    /// The overlay that takes keys now, if any.
    var topOverlay: Overlay? { Overlay.allCases.first(where: isOpen) }

    /// The open overlays, bottom first: the order they are drawn in.
    var overlaysBottomFirst: [Overlay] { Overlay.allCases.reversed().filter(isOpen) }
}

extension RoomReducer {
    /// The screen a command opens, opened (nil: the command opens none).
    static func openScreen(_ state: inout RoomState, _ command: Command) -> [RoomEffect]? {
        Mode.screenTypes.first { $0.opening == command }.map { $0.open(&state) }
    }

    /// Hands something to the screen on top, and writes the screen back unless it left for
    /// another mode.
    static func route<Result>(_ state: inout RoomState, _ body: (inout any Screen, inout RoomState) -> Result)
        -> Result
    {
        let before = state.mode
        var screen = before.screen
        let result = body(&screen, &state)
        if state.mode == before { state.mode = screen.mode }
        return result
    }

    /// A key for the overlay on top (nil: none is open, the screen takes it). The crisis key
    /// of the context the person is in opens crisis help from under every other overlay.
    static func overlayKey(_ state: inout RoomState, _ key: Key) -> [RoomEffect]? {
        if let scroll = state.crisisScroll { return crisisKey(&state, scroll: scroll, key) }
        if state.keyMap.command(for: key, in: state.isWriting ? .writing : .room) == .crisis {
            state.crisisScroll = 0
            crisisHelpOpened(&state)
            return []
        }
        switch state.topOverlay {
        case .crisis?, nil: return nil
        case .checkInAnswer?: return checkInAnswerKey(&state, key)
        case .confirmation?: return state.confirmation.map { confirm(&state, $0, key) }
        case .prompt?: return state.prompt.map { promptKey(&state, $0, key) }
        }
    }
}
