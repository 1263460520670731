import Foundation
import RoomCore

/// "For you" (issue 18), full screen (`f`): replies to the member's stories, encouragement to
/// them, their mentor's or mentee's messages and reactions to their stories, newest first, the
/// new ones marked "new" in words. Showing the list marks it seen through its newest item, so
/// the header's "N for you" clears; Enter opens what an item points to.
public struct ForYouState: Equatable, Sendable {
    public var list = ListSelection<ForYouItem>()
    public var isLoading = true
    /// The items that were new when this view showed them: they stay marked "new" here after
    /// the store has them seen (a reload reads them as seen).
    public var newIDs: Set<String> = []

    public init() {}

    public var items: [ForYouItem] { list.items }
    public var cursor: Int {
        get { list.cursor.index }
        set { list.cursor.index = newValue }
    }
    public var selected: ForYouItem? { list.selected }

    public func isNew(_ item: ForYouItem) -> Bool { item.isNew || newIDs.contains(item.id) }

    /// About four lines an item: what and who, where and when, the excerpt, a blank line.
    static let rowsPerItem = 4

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names). The
    /// count and the seen mark share the write lane, so a count asked for before the mark
    /// never lands after it.
    public enum Effect: Equatable, Sendable {
        /// The newest items (`ForYou.listLimit`: every new one).
        case load
        /// How many are new, for the header.
        case count
        /// The list was shown: seen through its newest item, then counted again.
        case markSeen(through: Date)

        public var lane: EffectLane {
            switch self {
            case .load: .reads("forYou")
            case .count, .markSeen: .writes
            }
        }
    }

    /// What the store answered.
    public enum Result: Equatable, Sendable {
        case loaded([ForYouItem])
        /// The header's count (at most `ForYou.countLimit`).
        case counted(Int)
    }
}

extension RoomEffect {
    public static func forYou(_ effect: ForYouState.Effect) -> RoomEffect { .screen(.forYou(effect)) }
}

extension RoomAction {
    public static func forYou(_ result: ForYouState.Result) -> RoomAction { .screen(.forYou(result)) }
}

extension Command {
    public static let forYou = Command(
        "for-you", help: "What is for you: replies, encouragement, mentor messages, reactions")
}

extension ForYouState: Screen {
    var mode: Mode { .forYou(self) }
    /// Enter and the movement keys are the room's: no keys of its own.
    static let bindings: [KeyMap.Binding] = [.init(command: .forYou, keys: [.character("f")])]
    static var opening: Command? { .forYou }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.mode = .forYou(ForYouState())
        return [.forYou(.load)]
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if list.apply(command, page: max(1, room.layout.readerTextRows / Self.rowsPerItem)) { return [] }
        switch command {
        case .open:
            guard let item = selected else { return [] }
            return Self.follow(item, from: self, &room)
        case .forYou:
            room.mode = .room
        case .checkIn, .cycleTheme:
            return RoomReducer.fromAnywhere(&room, command)
        default:
            if let effects = RoomReducer.openScreen(&room, command) { return effects }
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    /// Opens what an item points to, with the screens that show it: a reply or a reaction in
    /// the reader (Esc comes back here), encouragement in its group's pane, a message in the
    /// mentorship view on its mentorship.
    static func follow(_ item: ForYouItem, from list: ForYouState, _ room: inout RoomState) -> [RoomEffect] {
        switch item.kind {
        case .reply, .reaction:
            guard let story = item.storyID else { return [] }
            var reader = ReaderState(content: .loading(story))
            reader.returnTo = .forYou(list)
            reader.markedReply = item.kind == .reply ? item.itemID : nil
            room.mode = .reader(reader)
            return [.loadStory(story)]
        case .encouragement:
            room.mode = .room
            room.focus = .encouragement
            guard room.openGroupID != item.groupID else { return [] }
            return RoomReducer.openGroup(&room, item.groupID)
        case .mentorMessage:
            guard let mentorship = item.mentorshipID else { return [] }
            var view = MentorshipState()
            view.selecting = mentorship
            room.mode = .mentorship(view)
            return [.mentorship(.load)]
        }
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.forYou(let result)) = action else { return nil }
        switch result {
        case .loaded(let loaded):
            list.replace(with: loaded)
            isLoading = false
            newIDs.formUnion(loaded.filter(\.isNew).map(\.id))
            // Shown: seen through the newest (new items are the newest, so all of them).
            guard let newest = loaded.first, newest.isNew else { return [] }
            return [.forYou(.markSeen(through: newest.createdAt))]
        case .counted:
            return Self.receiveElsewhere(action, &room)
        }
    }

    /// The count is the header's, under every screen; a list that comes after the view was
    /// left opens nothing.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.forYou(let result)) = action else { return nil }
        if case .counted(let count) = result { room.forYouCount = count }
        return []
    }

    /// A press selects the item under it, a press on the selected one opens it; the wheel
    /// moves through them.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind == .press else { return RoomReducer.wheel(&room, event) }
        guard let index = RoomRenderer.scrolledItem(at: event.y, lines(room), selected: cursor, layout: room.layout)
        else { return [] }
        if index == cursor { return reduce(.open, &room) }
        cursor = index
        return []
    }

    /// Whatever can bring something for the member reloads the list (and marks the newcomers
    /// seen: the member is looking at it).
    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        changes.contains(where: RoomReducer.changesForYou) ? [.forYou(.load)] : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] { [.forYou(.load)] }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "For you")
        let new = items.filter(isNew).count
        RoomRenderer.drawScrolled(
            &canvas, title: new == 0 ? "For you" : "For you: \(new) new", lines: lines(state), selected: cursor,
            hints: hints(state), state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state) }
        return [
            (RoomRenderer.moveKeys(state), "move"), (key(.open), "open"), (key(.back), "back"), (key(.help), "help"),
        ]
    }

    /// Each item: "new" (in words) before who did what and where, the group and when below,
    /// then the excerpt — or, behind the story's content warning, the warning instead. The
    /// selected one is marked with ▸ as well as by colour.
    func lines(_ state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        if isLoading { return [StyledLine("Loading what is for you…", .muted)] }
        if items.isEmpty {
            return TextWrap.lines(
                "Nothing for you yet. Replies to your stories, encouragement to you, messages from your mentor "
                    + "or mentee and reactions to your stories show here.", width: width
            ).map { StyledLine($0, .muted) }
        }
        var lines: [StyledLine] = []
        for (index, item) in items.enumerated() {
            let selected = index == cursor
            let heading = "\(selected ? "▸ " : "  ")\(isNew(item) ? "new · " : "")\(item.headline)"
            var block = TextWrap.lines(SafeText.neutralise(heading), width: width).map {
                StyledLine($0, selected ? .selection : .title)
            }
            block[0].replyIndex = index
            lines += block
            let group = state.groups.first { $0.id == item.groupID }?.name ?? item.groupSlug
            lines.append(
                StyledLine("    \(group) · \(RelativeTime.describe(item.createdAt, now: state.now))", .muted))
            if let warning = item.contentWarning, item.excerpt == nil, item.kind == .reply {
                let text = "    ⚠ Content warning: \(warning) — \(RoomRenderer.key(.open, state)): read it in its story"
                lines += TextWrap.lines(SafeText.neutralise(text), width: width).map { StyledLine($0, .warning) }
            } else if let excerpt = item.excerpt {
                lines += TextWrap.lines(SafeText.neutralise(excerpt), width: width - 4).map {
                    StyledLine("    " + $0)
                }
            }
            lines.append(StyledLine(""))
        }
        return lines
    }
}

extension RoomReducer {
    /// The kinds of change that can bring something for the member (the store logs no change
    /// of its own for "for you"): a story's replies, reactions or hiding, encouragement, a
    /// mentorship's thread.
    static func changesForYou(_ change: RoomChange) -> Bool {
        switch change {
        case .story, .feed(_, .encouragement), .mentorship, .resync: true
        case .feed(_, .stories), .groups, .roster, .meetings, .queue, .support, .circle: false
        }
    }
}
