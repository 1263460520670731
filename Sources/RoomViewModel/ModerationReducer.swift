import RoomCore

/// A facilitator's moderation queue for one group, full screen: who is asking to join
/// (first), then what is reported or hidden. `cursor` runs over both, requests first.
public struct ModerationState: Equatable, Sendable {
    public var groupID: GroupID
    public var requests: [JoinRequest] = []
    public var items: [ModerationItem] = []
    public var cursor = 0
    public var isLoading = true
    /// Whether the join requests came at least once (a reload then keeps the selection).
    public var hasRequests = false
    /// Items behind a content warning whose text the facilitator asked to see (`v`).
    public var revealed: Set<ModerationTarget> = []

    public init(groupID: GroupID) {
        self.groupID = groupID
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
}

/// Reporting, muting and the facilitators' queue. The store enforces every rule; these
/// only pick the target and ask.
extension RoomReducer {
    /// What `x` (report), `m` (mute) and `d` (delete) act on: the story or message read or
    /// selected, or in the reader the reply picked with Tab. `what` names it ("story “…”").
    static func selectedContent(_ state: RoomState, reader: ReaderState?) -> (
        target: ModerationTarget, author: String, what: String
    )? {
        if let reader {
            switch reader.content {
            case .story(let story, _):
                if let index = reader.selectedReply, story.replies.indices.contains(index) {
                    let reply = story.replies[index]
                    return (.reply(reply.id), reply.authorHandle, "reply")
                }
                return (.story(story.id), story.summary.authorHandle, "story “\(story.summary.title)”")
            case .encouragement(let message):
                return (.encouragement(message.id), message.authorHandle, "encouragement")
            case .loading:
                return nil
            }
        }
        switch state.focus {
        case .stories:
            return state.stories.selected.map { (.story($0.id), $0.authorHandle, "story “\($0.title)”") }
        case .encouragement:
            return state.encouragement.selected.map { (.encouragement($0.id), $0.authorHandle, "encouragement") }
        case .groups, .roster:
            return nil
        }
    }

    static func askToReport(_ state: inout RoomState, reader: ReaderState?) -> [RoomEffect] {
        guard let (target, author, what) = selectedContent(state, reader: reader) else {
            state.notice = "Select a story or a message to report (a reply: open the story, Tab to it)."
            return []
        }
        guard !state.isMine(author) else {
            state.notice = "That is yours: edit it (E) or delete it (d) instead."
            return []
        }
        state.prompt = Prompt(
            purpose: .report(target), title: "Report to the facilitators",
            explanation:
                "What is wrong with \(author)'s \(what)? The group's facilitators see your reason, not your name. "
                + "Esc: cancel.",
            maxCharacters: Limits.reportReasonMaxCharacters)
        return []
    }

    /// `m`: mute the author of what is selected, or toggle the member selected in the roster.
    static func askToMute(_ state: inout RoomState, reader: ReaderState?) -> [RoomEffect] {
        let handle: String
        var muted = false
        if reader == nil && state.focus == .roster, let entry = state.roster.selected {
            handle = entry.handle
            muted = entry.isMuted
        } else if let (_, author, _) = selectedContent(state, reader: reader) {
            handle = author
        } else {
            state.notice = "Select a member in the roster, or something they wrote, to mute them."
            return []
        }
        guard !state.isMine(handle) else {
            state.notice = "That is you."
            return []
        }
        state.confirmation =
            muted
            ? Confirmation(question: "Unmute \(handle)? You will see what they write again.", action: .unmute(handle))
            : Confirmation(
                question:
                    "Mute \(handle)? Their stories, replies and encouragement are hidden from you alone; "
                    + "they are not told. Unmute them from the roster.",
                action: .mute(handle))
        return []
    }

    static func muteChanged(_ state: inout RoomState, handle: String, muted: Bool) -> [RoomEffect] {
        state.notice =
            muted ? "Muted \(handle). Unmute them from the roster (m)." : "Unmuted \(handle)."
        if muted, case .reader(let reader) = state.mode, let (_, author, _) = selectedContent(state, reader: reader),
            author.caseInsensitiveCompare(handle) == .orderedSame
        {
            state.mode = .room
        }
        return refreshWhatIsShown(&state)
    }

    /// `M`: the queue of the open group, for its facilitators.
    static func openModeration(_ state: inout RoomState) -> [RoomEffect] {
        guard let group = state.openGroup else { return [] }
        guard group.myRole == .facilitator else {
            state.notice = "Only the facilitators of \(group.name) see its moderation queue."
            return []
        }
        state.mode = .moderation(ModerationState(groupID: group.id))
        return [.loadModerationQueue(group.id), .loadJoinRequests(group.id)]
    }

    static func moderation(_ state: inout RoomState, _ queue: ModerationState, _ command: Command) -> [RoomEffect] {
        var queue = queue
        let last = max(0, queue.count - 1)
        switch command {
        case .moveDown: queue.cursor = min(queue.cursor + 1, last)
        case .moveUp: queue.cursor = max(queue.cursor - 1, 0)
        case .first: queue.cursor = 0
        case .last: queue.cursor = last
        case .hide, .restore:
            guard let item = queue.selected else { return [] }
            let hide = command == .hide
            state.prompt = Prompt(
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
            guard let request = queue.selectedRequest else {
                state.notice = "Select someone under “Asking to join” first."
                return []
            }
            if command == .approveRequest && request.kind == .invited {
                state.notice = "\(request.handle) is invited: they join when they accept. D withdraws the invitation."
                return []
            }
            return [
                .answerJoinRequest(
                    queue.groupID, member: request.memberID, handle: request.handle,
                    approve: command == .approveRequest)
            ]
        case .reveal:
            // The facilitator sees the warning first and the text only when asking.
            guard let item = queue.selected else { return [] }
            queue.revealed.insert(item.target)
        case .moderation:
            state.mode = .room
            return []
        default:
            leaveFullScreen(&state, command)
            return []
        }
        state.mode = .moderation(queue)
        return []
    }

    static func moderationQueueLoaded(_ state: inout RoomState, group: GroupID, _ items: [ModerationItem]) {
        guard case .moderation(var queue) = state.mode, queue.groupID == group else { return }
        // A report coming in above keeps the selection on the item the facilitator moved to;
        // at the top, the newest comes into view and is selected.
        let selected = queue.isLoading || queue.cursor == 0 ? nil : queue.selected?.target
        queue.items = items
        queue.isLoading = false
        if let selected, let index = items.firstIndex(where: { $0.target == selected }) {
            queue.cursor = queue.requests.count + index
        }
        queue.cursor = min(queue.cursor, max(0, queue.count - 1))
        state.mode = .moderation(queue)
    }

    static func joinRequestsLoaded(_ state: inout RoomState, group: GroupID, _ requests: [JoinRequest]) {
        guard case .moderation(var queue) = state.mode, queue.groupID == group else { return }
        // On a reload the selection stays on the same person or item, also at the top: a
        // request that arrives must never slide under the cursor, where `a` (no question
        // asked) would let in someone the facilitator has not seen.
        let selectedRequest = queue.selectedRequest?.memberID
        let selectedItem =
            queue.hasRequests ? queue.selected.map { _ in queue.cursor - queue.requests.count } : nil
        queue.requests = requests
        queue.hasRequests = true
        if let index = requests.firstIndex(where: { $0.memberID == selectedRequest }) {
            queue.cursor = index
        } else if let selectedItem {
            queue.cursor = requests.count + selectedItem
        }
        queue.cursor = min(queue.cursor, max(0, queue.count - 1))
        state.mode = .moderation(queue)
    }

    static func moderated(_ state: inout RoomState, _ target: ModerationTarget, hidden: Bool) -> [RoomEffect] {
        state.prompt = nil
        state.notice = hidden ? "Hidden: only its author sees it now." : "Done: it is visible to the group."
        var effects = refreshWhatIsShown(&state)
        if case .moderation(let queue) = state.mode { effects.append(.loadModerationQueue(queue.groupID)) }
        return effects
    }
}
