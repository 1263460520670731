import Foundation
import RoomCore

/// A facilitator's moderation queue for one group, full screen (`M`): who is asking to join
/// (first), then what is reported or hidden. The cursor runs over both, requests first.
public struct ModerationState: Equatable, Sendable {
    public var groupID: GroupID
    public var requests: [JoinRequest] = []
    public var items: [ModerationItem] = []
    public var selection = ListCursor()
    public var isLoading = true
    /// Whether the join requests came at least once (a reload then keeps the selection).
    public var hasRequests = false
    /// Items behind a content warning whose text the facilitator asked to see (`v`).
    public var revealed: Set<ModerationTarget> = []

    public init(groupID: GroupID) {
        self.groupID = groupID
    }

    public var cursor: Int {
        get { selection.index }
        set { selection.index = newValue }
    }

    public var count: Int { requests.count + items.count }

    public var selectedRequest: JoinRequest? { requests.indices.contains(cursor) ? requests[cursor] : nil }

    public var selected: ModerationItem? {
        items.indices.contains(cursor - requests.count) ? items[cursor - requests.count] : nil
    }

    /// Whether an item's text is still folded behind its story's content warning.
    public func isFolded(_ item: ModerationItem) -> Bool {
        item.contentWarning != nil && item.excerptIsText && !revealed.contains(item.target)
    }

    /// About four lines an item (heading, warning, reports, a blank line).
    static let rowsPerItem = 4

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names). The
    /// store lets only the group's facilitators do any of it.
    public enum Effect: Equatable, Sendable {
        case loadQueue(GroupID)
        /// Who asked to join the group (and whom its facilitators invited).
        case loadRequests(GroupID)
        case moderate(ModerationTarget, hide: Bool, note: String)
        /// Put a content warning on a story, with a note for its author.
        case addWarning(StoryID, warning: String, note: String)
        /// Let in (or decline) the member who asked to join the group.
        case answer(GroupID, member: MemberID, handle: String, approve: Bool)

        public var lane: EffectLane {
            switch self {
            case .loadQueue: .reads("moderation")
            case .loadRequests: .reads("joinRequests")
            case .moderate, .addWarning, .answer: .writes
            }
        }
    }

    /// What the store answered.
    public enum Result: Equatable, Sendable {
        case queueLoaded(GroupID, [ModerationItem])
        case requestsLoaded(GroupID, [JoinRequest])
        case moderated(ModerationTarget, hidden: Bool)
        /// The story has the facilitator's content warning now.
        case warned(StoryID)
        /// A request to join was answered: what to tell the facilitator.
        case answered(String)
    }
}

extension RoomEffect {
    public static func moderation(_ effect: ModerationState.Effect) -> RoomEffect { .screen(.moderation(effect)) }
}

extension RoomAction {
    public static func moderation(_ result: ModerationState.Result) -> RoomAction { .screen(.moderation(result)) }
}

extension Command {
    public static let moderation = Command("moderation", help: "Facilitators: this group's moderation queue")
    public static let hide = Command(
        "hide", help: "In the moderation queue: hide the item from everyone but its author")
    public static let restore = Command(
        "restore", help: "In the moderation queue: restore the item, or keep it and close its reports")
    public static let addWarning = Command(
        "add-warning", help: "In the moderation queue: put a content warning on the story, with a note for its author",
        writes: true)
    public static let approveRequest = Command(
        "approve", help: "In the moderation queue: let in the member who asked to join", writes: true)
    public static let declineRequest = Command(
        "decline", help: "In the moderation queue: decline a request to join (or withdraw an invitation)",
        writes: true)
}

extension ModerationState: Screen {
    var mode: Mode { .moderation(self) }
    /// In the room's context: the queue has no keys that mean something else there.
    static let bindings: [KeyMap.Binding] = [
        .init(command: .moderation, keys: [.character("M")]),
        .init(command: .hide, keys: [.character("h")]),
        .init(command: .restore, keys: [.character("R")]),
        .init(command: .addWarning, keys: [.character("W")]),
        .init(command: .approveRequest, keys: [.character("a")]),
        .init(command: .declineRequest, keys: [.character("D")]),
    ]
    static var opening: Command? { .moderation }

    /// `M`: the queue of the open group, for its facilitators.
    static func open(_ room: inout RoomState) -> [RoomEffect] {
        guard let group = room.openGroup else { return [] }
        guard group.myRole == .facilitator else {
            room.notice = "Only the facilitators of \(group.name) see its moderation queue."
            return []
        }
        room.mode = .moderation(ModerationState(groupID: group.id))
        return [.moderation(.loadQueue(group.id)), .moderation(.loadRequests(group.id))]
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if selection.apply(command, count: count, page: max(1, room.layout.readerTextRows / Self.rowsPerItem)) {
            return []
        }
        switch command {
        case .hide, .restore:
            guard let item = selected else { return [] }
            let hide = command == .hide
            room.prompt = Prompt(
                purpose: .moderate(item.target, hide: hide),
                title: hide ? "Hide for everyone but its author" : (item.isHidden ? "Restore" : "Keep it visible"),
                explanation: (hide
                    ? "\(item.authorHandle)'s \(item.target.kind) will be hidden from everyone else. "
                    : item.isHidden
                        ? "\(item.authorHandle)'s \(item.target.kind) will be shown again. "
                        : "The reports are closed and it stays visible. ")
                    + "A note for the record (why):",
                maxCharacters: Limits.moderationNoteMaxCharacters)
        case .approveRequest, .declineRequest:
            guard let request = selectedRequest else {
                room.notice = "Select someone under “Asking to join” first."
                return []
            }
            if command == .approveRequest && request.kind == .invited {
                room.notice =
                    "\(request.handle) is invited: they join when they accept. "
                    + "\(RoomRenderer.key(.declineRequest, room)) withdraws the invitation."
                return []
            }
            return [
                .moderation(
                    .answer(
                        groupID, member: request.memberID, handle: request.handle,
                        approve: command == .approveRequest))
            ]
        case .open:
            return openInStory(&room)
        case .addWarning:
            guard let item = selected else { return [] }
            guard let story = item.storyID else {
                room.notice = "Content warnings go on stories; encouragement has none."
                return []
            }
            room.prompt = Prompt(
                purpose: .warning(story), title: "Content warning",
                explanation: (item.contentWarning.map { "It warns now: \($0). " } ?? "")
                    + "Members will see this before the story, which stays folded until they choose to read it. "
                    + "The warning (e.g. relapse, self-harm):",
                maxCharacters: Limits.contentWarningMaxCharacters)
        case .reveal:
            // The facilitator sees the warning first and the text only when asking.
            guard let item = selected else { return [] }
            revealed.insert(item.target)
        case .moderation:
            room.mode = .room
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    /// Enter: the selected item with its story, in the reader (at the reply), to decide with
    /// context; Esc comes back to this queue, at the same item.
    func openInStory(_ room: inout RoomState) -> [RoomEffect] {
        guard let item = selected else { return [] }
        guard let story = item.storyID else {
            room.notice = "Encouragement belongs to no story: its words are in the queue."
            return []
        }
        if item.isHidden, case .story = item.target {
            room.notice = "This story is hidden: only its author can open it. Its title is in the queue."
            return []
        }
        var reader = ReaderState(content: .loading(story))
        reader.returnTo = .moderation(self)
        if case .reply(let id) = item.target { reader.markedReply = id }
        room.mode = .reader(reader)
        return [.loadStory(story)]
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.moderation(let result)) = action else { return nil }
        switch result {
        case .queueLoaded(let group, let loaded):
            guard group == groupID else { return [] }
            // A report coming in above keeps the selection on the item the facilitator moved to;
            // at the top, the newest comes into view and is selected.
            let kept = isLoading || cursor == 0 ? nil : selected?.target
            items = loaded
            isLoading = false
            if let kept, let index = loaded.firstIndex(where: { $0.target == kept }) {
                cursor = requests.count + index
            }
            selection.clamp(count: count)
            return []
        case .requestsLoaded(let group, let loaded):
            guard group == groupID else { return [] }
            // On a reload the selection stays on the same person or item, also at the top: a
            // request that arrives must never slide under the cursor, where `a` (no question
            // asked) would let in someone the facilitator has not seen.
            let keptRequest = selectedRequest?.memberID
            let keptItem = hasRequests ? selected.map { _ in cursor - requests.count } : nil
            requests = loaded
            hasRequests = true
            if let index = loaded.firstIndex(where: { $0.memberID == keptRequest }) {
                cursor = index
            } else if let keptItem {
                cursor = loaded.count + keptItem
            }
            selection.clamp(count: count)
            return []
        case .answered(let message):
            room.notice = message
            return [.moderation(.loadRequests(groupID))]
        case .moderated, .warned:
            return nil  // the root's: everything shown is read again (`receiveElsewhere`)
        }
    }

    /// Done to an item: said, and everything shown read again (the item may be in a list
    /// under the queue). A request answered after the queue was left: said.
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.moderation(let result)) = action else { return nil }
        switch result {
        case .queueLoaded, .requestsLoaded:
            return []
        case .moderated(let target, let hidden):
            return RoomReducer.moderated(&room, target, hidden: hidden)
        case .warned:
            room.prompt = nil
            room.notice = "Warning added: members see it before the story, and its author sees your note."
            return RoomReducer.refreshWhatIsShown(&room)
        case .answered(let message):
            room.notice = message
            return []
        }
    }

    /// A press selects the request or item under it (a question still asks before anything is
    /// done); the wheel scrolls.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind == .press else { return RoomReducer.wheel(&room, event) }
        let lines = lines(room)
        if let index = RoomRenderer.scrolledItem(at: event.y, lines, selected: cursor, layout: room.layout) {
            cursor = index
        }
        return []
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        changes.contains(.queue(groupID)) ? reload(room) : []
    }

    func reload(_ room: RoomState) -> [RoomEffect] {
        [.moderation(.loadQueue(groupID)), .moderation(.loadRequests(groupID))]
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Moderation")
        RoomRenderer.drawScrolled(
            &canvas, title: "Moderation queue", lines: lines(state), selected: cursor, hints: hints(state),
            state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state) }
        var hints: [(String, String)] = selected.map(isFolded) == true ? [(key(.reveal), "show text")] : []
        hints.append((RoomRenderer.moveKeys(state), "move"))
        if selected?.storyID != nil { hints.append((key(.open), "open")) }
        hints += [(key(.hide), "hide"), (key(.restore), "restore/keep")]
        if selected?.storyID != nil { hints.append((key(.addWarning), "warn")) }
        if !requests.isEmpty { hints += [(key(.approveRequest), "let in"), (key(.declineRequest), "decline")] }
        return hints + [(key(.back), "back")]
    }

    /// Each item a heading (what, by whom, hidden or not), its content warning (a reply's text
    /// stays folded behind it until `v`) and the reasons given, the selected one marked with ▸
    /// as well as by colour.
    func lines(_ state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        var lines: [StyledLine] = []
        if isLoading { return [StyledLine("Loading the queue…", .muted)] }
        if !requests.isEmpty {
            lines.append(StyledLine("Asking to join", .title))
            for (index, request) in requests.enumerated() {
                let selected = index == cursor
                let when = RelativeTime.describe(request.createdAt, now: state.now)
                let what =
                    request.kind == .asked
                    ? "\(request.handle) asked to join, \(when)"
                    : "\(request.handle) is invited by \(request.invitedBy ?? "a facilitator"), \(when)"
                var block = TextWrap.lines("\(selected ? "▸ " : "  ")\(what)", width: width).map {
                    StyledLine($0, selected ? .selection : .normal)
                }
                block[0].replyIndex = index
                lines += block
            }
            lines.append(StyledLine(""))
        }
        if items.isEmpty {
            return lines + [
                StyledLine("Nothing is reported or hidden in this group. Thank you for looking after it.", .muted)
            ]
        }
        for (position, item) in items.enumerated() {
            let index = requests.count + position
            let selected = index == cursor
            let status = item.isHidden ? "[hidden] " : ""
            let folded = isFolded(item)
            let heading =
                "\(selected ? "▸ " : "  ")\(status)\(item.target.kind) by \(item.authorHandle)"
                + (folded ? "" : ": \(item.excerpt)")
            var block = TextWrap.lines(heading, width: width).map { StyledLine($0, selected ? .selection : .title) }
            block[0].replyIndex = index
            lines += block
            if let warning = item.contentWarning {
                let key = RoomRenderer.key(.reveal, state)
                let text = "    ⚠ Content warning: \(warning)" + (folded ? " — \(key): show the text" : "")
                lines += TextWrap.lines(text, width: width).map { StyledLine($0, .warning) }
            }
            if item.openReports.isEmpty {
                lines.append(StyledLine("    no open reports", .muted))
            }
            for report in item.openReports {
                let text = "    reported \(RelativeTime.describe(report.createdAt, now: state.now)): \(report.reason)"
                lines += TextWrap.lines(text, width: width).map { StyledLine($0, .normal) }
            }
            if let note = item.lastNote {
                lines += TextWrap.lines("    last note: \(note)", width: width).map { StyledLine($0, .muted) }
            }
            lines.append(StyledLine(""))
        }
        return lines
    }
}

extension RoomReducer {
    static func moderated(_ state: inout RoomState, _ target: ModerationTarget, hidden: Bool) -> [RoomEffect] {
        state.prompt = nil
        state.notice = hidden ? "Hidden: only its author sees it now." : "Done: it is visible to the group."
        return refreshWhatIsShown(&state)
    }
}
