import RoomCore

/// The room's one reducer: `reduce(&state, action)` changes the state and returns the
/// effects to run. Pure: no I/O, no clock, no randomness; results of effects come back as
/// actions. Every key goes through `state.keyMap`, so the help screen lists exactly what
/// works.
public enum RoomReducer {
    public static func reduce(_ state: inout RoomState, _ action: RoomAction) -> [RoomEffect] {
        let focusBefore = state.focus
        var effects = handle(&state, action)
        // With --ascii the pane that takes focus is named in the footer, where a screen
        // reader hears new text; the frame's title alone is not read when focus moves.
        if state.ascii && state.focus != focusBefore && state.notice == nil && state.mode == .room {
            state.notice = "\(state.focus.title) pane"
        }
        // Changes that came in while writing (nothing live is on screen then) are shown once
        // the room is back, with one refresh instead of one per typed key.
        if state.hasUnseenChanges && !state.isWriting {
            state.hasUnseenChanges = false
            effects += refreshWhatIsShown(&state)
        }
        if case .reader(var reader) = state.mode {
            ReaderDocument.laidOut(&reader, in: state)
            state.mode = .reader(reader)
        }
        return effects
    }

    private static func handle(_ state: inout RoomState, _ action: RoomAction) -> [RoomEffect] {
        switch action {
        case .keyPressed, .mouse, .pasted, .resized, .clockTicked, .roomChanged:
            break
        default:
            // A result goes to the screen on top first; what no screen takes is the room's.
            if let effects = route(&state, { screen, room in screen.receive(action, &room) }) { return effects }
        }
        switch action {
        case .started:
            return [.loadGroups]
        case .firstFrameShown:
            return [.loadDrafts, .forYou(.count), .support(.load)]
        case .keyPressed(let key):
            state.notice = nil
            return overlayKey(&state, key) ?? supportKey(&state, key)
                ?? route(&state) { screen, room in screen.key(key, &room) }
        case .mouse(let event):
            state.notice = nil
            state.checkInAnswer = nil
            switch state.topOverlay {
            case .crisis?:
                // Crisis help scrolls with the wheel; questions ignore the mouse (they want an answer).
                return event.kind == .press ? [] : wheel(&state, event)
            case .confirmation?, .prompt?:
                return []
            case .checkInAnswer?, nil:
                return route(&state) { screen, room in screen.mouse(event, &room) }
            }
        case .pasted(let text):
            if state.prompt != nil {
                promptPaste(&state, text)
                return []
            }
            return paste(&state, text)
        case .joined(let handle):
            return joined(&state, handle: handle)
        case .promptFailed(let message):
            promptFailed(&state, message)
            return []
        case .reported(let target):
            state.prompt = nil
            state.notice = Acted.reported(target, title: nil).words(.room)
            return []
        case .muteChanged(let handle, let muted):
            return muteChanged(&state, handle: handle, muted: muted)
        case .screen:
            // For a screen no longer on top: what it still does then, if anything (a notice).
            for screen in Mode.screenTypes {
                if let effects = screen.receiveElsewhere(action, &state) { return effects }
            }
            return []
        case .storyLoaded, .draftLoaded, .postFailed, .posted, .externalEditorClosed:
            return []  // for a screen no longer on top
        case .loadFailed(let message):
            state.notice = message
            return []
        case .notice(let message):
            state.notice = message
            return []
        case .storeBusy(let busy):
            state.storeBusy = busy
            return []
        case .nextMeetingLoaded(let group, let occurrence):
            if group == state.openGroupID { state.nextMeeting = occurrence }
            return []
        case .checkedIn(let summary):
            state.prompt = nil
            state.checkInAnswer = summary
            return []
        case .draftsFound(let drafts):
            if !drafts.isEmpty {
                state.notice =
                    "You have \(StoryText.plural(drafts.count, "unsent draft", "unsent drafts")): "
                    + "it comes back when you write there again (\(writingKeys(state)))."
            }
            return []
        case .storyChanged(let summary):
            state.stories.replace(summary)
            if case .reader(let reader) = state.mode, reader.story?.id == summary.id {
                return [.loadStory(summary.id)]
            }
            return []
        case .deleted(let action):
            return deleted(&state, action)
        case .roomChanged(let changes):
            return roomChanged(&state, changes)
        case .othersRepliesCounted(let id, let count):
            askToDeleteStory(&state, id, othersReplies: count)
            return []
        case .nextUnreadFound(let id):
            guard let id else {
                state.notice = "No unread stories in this group. You are all caught up."
                return []
            }
            state.mode = .reader(ReaderState(content: .loading(id)))
            return [.loadStory(id)]
        case .resized(let size):
            state.size = size
            let layout = state.layout
            state.roster.fit(visible: layout.visibleItems(.roster))
            state.stories.fit(visible: layout.visibleItems(.stories))
            state.encouragement.fit(visible: layout.visibleItems(.encouragement))
            return route(&state) { screen, room in
                screen.fit(room)
                return []
            }
        case .clockTicked(let now, let today):
            state.now = now
            state.today = today
            var effects = state.mode.screen.ticked(state)
            guard let group = state.openGroupID else { return effects }
            // A room that crashed writes no change: who is here is read again now and then.
            if !state.isWriting, let request = state.roster.refresh() { effects.append(.loadRoster(group, request)) }
            // The meeting in the header is over: show the next one.
            if let next = state.nextMeeting, next.end <= now {
                state.nextMeeting = nil
                effects.append(.loadNextMeeting(group))
            }
            return effects
        case .groupsLoaded(let groups):
            return groupsLoaded(&state, groups)
        case .rosterLoaded(let groupID, let request, let page):
            guard groupID == state.openGroupID else { return [] }
            state.roster.receive(page, for: request, visible: state.layout.visibleItems(.roster))
            return []
        case .storiesLoaded(let groupID, let request, let page):
            guard groupID == state.openGroupID else { return [] }
            state.stories.receive(page, for: request, visible: state.layout.visibleItems(.stories))
            return []
        case .encouragementLoaded(let groupID, let request, let page):
            guard groupID == state.openGroupID else { return [] }
            state.encouragement.receive(page, for: request, visible: state.layout.visibleItems(.encouragement))
            return []
        }
    }

    /// Where a full-screen text (reader, help, crisis help) of `lineCount` lines is scrolled
    /// after a movement command; nil when the command does not move. A page keeps one line
    /// of the last one in view.
    static func scrolled(_ scroll: Int, by command: Command, lineCount: Int, rows: Int) -> Int? {
        let maxScroll = max(0, lineCount - rows)
        let page = max(1, rows - 1)
        let target: Int
        switch command {
        case .moveDown: target = scroll + 1
        case .moveUp: target = scroll - 1
        case .pageDown: target = scroll + page
        case .pageUp: target = scroll - page
        case .first: target = 0
        case .last: target = maxScroll
        default: return nil
        }
        return min(max(0, target), maxScroll)
    }

    /// A story just opened is read: its "new" mark goes and its group's count falls by one at
    /// once (a count at the cap stays "99+" until the store counts again).
    static func markedRead(_ state: inout RoomState, _ summary: StorySummary) {
        var read = summary
        read.isUnread = false
        state.stories.replace(read)
        if let index = state.groups.firstIndex(where: { $0.id == summary.groupID }) {
            let count = state.groups[index].unreadCount
            if count > 0 && count < GroupSummary.unreadCountLimit { state.groups[index].unreadCount = count - 1 }
        }
    }

    /// "n, r or e": the keys that open writing where a draft comes back.
    static func writingKeys(_ state: RoomState) -> String {
        let keys = [Command.newStory, .reply, .encourage].map { RoomRenderer.key($0, state) }
        return "\(keys[0]), \(keys[1]) or \(keys[2])"
    }

    /// What a full-screen list (search results, the moderation queue) does with the keys
    /// it does not use itself: Esc and q go back to the room, ? opens help.
    static func leaveFullScreen(_ state: inout RoomState, _ command: Command) {
        switch command {
        case .back, .quit: state.mode = .room
        case .help: state.mode = .help(scroll: 0)
        default: break
        }
    }
}
