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
            effects += refreshEverythingShown(&state)
        }
        if case .reader(var reader) = state.mode {
            ReaderDocument.laidOut(&reader, in: state)
            state.mode = .reader(reader)
        }
        return effects
    }

    private static func handle(_ state: inout RoomState, _ action: RoomAction) -> [RoomEffect] {
        switch action {
        case .started:
            return [.loadGroups, .loadDrafts]
        case .keyPressed(let key):
            state.notice = nil
            if let scroll = state.crisisScroll { return crisisKey(&state, scroll: scroll, key) }
            if state.keyMap.command(for: key, in: state.isWriting ? .writing : .room) == .crisis {
                state.crisisScroll = 0
                return []
            }
            if state.checkInAnswer != nil { return checkInAnswerKey(&state, key) }
            if let confirmation = state.confirmation { return confirm(&state, confirmation, key) }
            if let prompt = state.prompt { return promptKey(&state, prompt, key) }
            if case .compose(let compose) = state.mode { return composeKey(&state, compose, key) }
            let listCommand = state.listKeyContext.flatMap { state.keyMap.command(for: key, in: $0) }
            guard let command = listCommand ?? state.keyMap.command(for: key) else { return [] }
            if command.writes && state.needsPseudonym {
                state.prompt = .pseudonym
                return []
            }
            switch state.mode {
            case .room: return room(&state, command)
            case .reader(let reader): return self.reader(&state, reader, command)
            case .help(let scroll): return help(&state, scroll: scroll, command)
            case .moderation(let queue): return moderation(&state, queue, command)
            case .search(let search): return searchResults(&state, search, command)
            case .meetings(let list): return meetings(&state, list, command)
            case .mentorship(let view): return mentorship(&state, view, command)
            case .compose: return []
            }
        case .mouse(let event):
            state.notice = nil
            state.checkInAnswer = nil
            return mouse(&state, event)
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
        case .reported:
            state.prompt = nil
            state.notice = "Reported. Thank you: the facilitators of this group will look at it."
            return []
        case .muteChanged(let handle, let muted):
            return muteChanged(&state, handle: handle, muted: muted)
        case .moderationQueueLoaded(let group, let items):
            moderationQueueLoaded(&state, group: group, items)
            return []
        case .joinRequestsLoaded(let group, let requests):
            joinRequestsLoaded(&state, group: group, requests)
            return []
        case .joinRequestAnswered(let message):
            state.notice = message
            if case .moderation(let queue) = state.mode { return [.loadJoinRequests(queue.groupID)] }
            return []
        case .moderated(let target, let hidden):
            return moderated(&state, target, hidden: hidden)
        case .searchFound(let query, let groupID, let hits):
            searchFound(&state, query: query, groupID: groupID, hits)
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
        case .meetingsLoaded(let occurrences):
            meetingsLoaded(&state, occurrences)
            return []
        case .mentorshipsLoaded(let mentorships):
            return mentorshipsLoaded(&state, mentorships)
        case .mentorThreadLoaded(let id, let thread):
            mentorThreadLoaded(&state, id, thread)
            return []
        case .mentorshipChanged(let message):
            state.notice = message
            if case .mentorship = state.mode { return [.loadMentorships] }
            return []
        case .mentorMessageSent(let id):
            state.prompt = nil
            state.notice = "Sent, for the two of you only."
            return [.loadMentorThread(id)]
        case .checkedIn(let summary):
            state.prompt = nil
            state.checkInAnswer = summary
            return []
        case .meetingAnswered(let message):
            state.notice = message
            return meetingsChanged(&state)
        case .draftLoaded(let target, let draft):
            if case .compose(var compose) = state.mode, compose.draftTarget == target, !compose.isTouched,
                let draft
            {
                compose.restore(draft)
                state.mode = .compose(compose)
            }
            return []
        case .draftsFound(let drafts):
            if !drafts.isEmpty {
                state.notice =
                    "You have \(StoryText.plural(drafts.count, "unsent draft", "unsent drafts")): "
                    + "it comes back when you write there again (n, r or e)."
            }
            return []
        case .posted(let result):
            return posted(&state, result)
        case .postFailed(let message):
            if case .compose(var compose) = state.mode {
                compose.isSending = false
                compose.problem = message
                state.mode = .compose(compose)
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
        case .externalEditorClosed(let text):
            guard case .compose(var compose) = state.mode else { return [] }
            guard let text else {
                state.notice = "The editor did not run; set $VISUAL or $EDITOR. Your text is unchanged."
                return []
            }
            compose.body = TextEditor(text, multiline: true, maxCharacters: compose.body.maxCharacters)
            compose.isTouched = true
            state.mode = .compose(compose)
            return [.saveDraft(compose.draft(at: state.now))]
        case .resized(let size):
            state.size = size
            refit(&state)
            return []
        case .clockTicked(let now, let today):
            state.now = now
            state.today = today
            guard let group = state.openGroupID else { return [] }
            var effects: [RoomEffect] = []
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
        case .storyLoaded(let story):
            guard case .reader(var reader) = state.mode else { return [] }
            if reader.content == .loading(story.id) {
                // One's own story needs no warning before it.
                reader.content = .story(story, revealed: state.isMine(story.summary.authorHandle))
                reader.scroll = 0
                state.mode = .reader(reader)
                if state.isUnread(story.summary) {
                    markedRead(&state, story.summary)
                    return [.markRead(story.id)]
                }
                return []
            } else if reader.story?.id == story.id {
                // A refresh (new reaction, say): keep the place and what was revealed.
                reader.content = .story(story, revealed: reader.isRevealed)
            }
            state.mode = .reader(reader)
            return []
        case .loadFailed(let message):
            state.notice = message
            if case .reader(let reader) = state.mode, case .loading = reader.content {
                state.mode = .room
            }
            return []
        }
    }

    // MARK: The room

    private static func room(_ state: inout RoomState, _ command: Command) -> [RoomEffect] {
        switch command {
        case .moveDown: return move(&state, by: 1)
        case .moveUp: return move(&state, by: -1)
        case .pageDown: return move(&state, by: state.layout.visibleItems(state.focus))
        case .pageUp: return move(&state, by: -state.layout.visibleItems(state.focus))
        case .first: return jump(&state, toEnd: false)
        case .last: return jump(&state, toEnd: true)
        case .nextPane:
            state.focus = Pane(rawValue: (state.focus.rawValue + 1) % Pane.allCases.count)!
        case .previousPane:
            state.focus = Pane(rawValue: (state.focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .showGroups:
            state.focus = .groups
        case .showStories:
            state.focus = .stories
        case .showEncouragement:
            state.focus = .encouragement
        case .open:
            return open(&state)
        case .help:
            state.mode = .help(scroll: 0)
        case .quit:
            state.isQuitting = true
            return [.quit]
        case .nextUnread:
            return state.openGroupID.map { [.findNextUnread($0)] } ?? []
        case .newStory, .encourage, .reply, .edit:
            return write(&state, command, reader: nil)
        case .reactSupport, .reactBeenThere, .reactProud:
            return react(&state, command, reader: nil)
        case .delete:
            return askToDelete(&state, reader: nil)
        case .report:
            return askToReport(&state, reader: nil)
        case .mute:
            return askToMute(&state, reader: nil)
        case .moderation:
            return openModeration(&state)
        case .search, .meetings, .checkIn, .mentorship, .cycleTheme:
            return fromAnywhere(&state, command)
        case .rsvpGoing, .rsvpMaybe, .rsvpNo, .attend, .acceptMentee, .declineMentee, .endMentorship,
            .approveRequest, .declineRequest:
            break
        case .reveal, .back, .send, .nextField, .previousField, .externalEditor, .discard, .leave, .crisis, .hide,
            .restore, .nextMatch, .previousMatch:
            break
        }
        return []
    }

    static func move(_ state: inout RoomState, by delta: Int) -> [RoomEffect] {
        let visible = state.layout.visibleItems(state.focus)
        guard let groupID = state.openGroupID else {
            if state.focus == .groups { moveGroupCursor(&state, to: state.groupCursor + delta) }
            return []
        }
        switch state.focus {
        case .groups:
            moveGroupCursor(&state, to: state.groupCursor + delta)
            return []
        case .roster:
            return state.roster.move(by: delta, visible: visible).map { [.loadRoster(groupID, $0)] } ?? []
        case .stories:
            return state.stories.move(by: delta, visible: visible).map { [.loadStories(groupID, $0)] } ?? []
        case .encouragement:
            return state.encouragement.move(by: delta, visible: visible).map { [.loadEncouragement(groupID, $0)] } ?? []
        }
    }

    private static func jump(_ state: inout RoomState, toEnd: Bool) -> [RoomEffect] {
        let visible = state.layout.visibleItems(state.focus)
        guard let groupID = state.openGroupID else { return [] }
        switch state.focus {
        case .groups:
            moveGroupCursor(&state, to: toEnd ? state.groups.count - 1 : 0)
            return []
        case .roster:
            return state.roster.jump(toEnd: toEnd, visible: visible).map { [.loadRoster(groupID, $0)] } ?? []
        case .stories:
            return state.stories.jump(toEnd: toEnd, visible: visible).map { [.loadStories(groupID, $0)] } ?? []
        case .encouragement:
            return state.encouragement.jump(toEnd: toEnd, visible: visible).map { [.loadEncouragement(groupID, $0)] }
                ?? []
        }
    }

    private static func moveGroupCursor(_ state: inout RoomState, to index: Int) {
        state.groupCursor = min(max(0, index), max(0, state.groups.count - 1))
    }

    static func open(_ state: inout RoomState) -> [RoomEffect] {
        switch state.focus {
        case .groups:
            guard state.groups.indices.contains(state.groupCursor) else { return [] }
            return openGroup(&state, state.groups[state.groupCursor].id)
        case .roster:
            return []
        case .stories:
            guard let story = state.stories.selected else { return [] }
            state.mode = .reader(ReaderState(content: .loading(story.id)))
            return [.loadStory(story.id)]
        case .encouragement:
            guard let message = state.encouragement.selected else { return [] }
            state.mode = .reader(ReaderState(content: .encouragement(message)))
            return []
        }
    }

    /// Commands that do the same from the lists and from the reader: the views and questions
    /// that stand on their own (search, meetings, check-in, mentorship) and the theme.
    static func fromAnywhere(_ state: inout RoomState, _ command: Command) -> [RoomEffect] {
        switch command {
        case .search: return askToSearch(&state)
        case .meetings: return openMeetings(&state)
        case .checkIn: return askToCheckIn(&state)
        case .mentorship: return openMentorship(&state)
        case .cycleTheme: return [.cycleTheme]
        default: return []
        }
    }

    private static func openGroup(_ state: inout RoomState, _ groupID: GroupID) -> [RoomEffect] {
        state.openGroupID = groupID
        state.nextMeeting = nil
        if let index = state.groups.firstIndex(where: { $0.id == groupID }) { state.groupCursor = index }
        return [
            .loadRoster(groupID, state.roster.reset()),
            .loadStories(groupID, state.stories.reset()),
            .loadEncouragement(groupID, state.encouragement.reset()),
            .loadNextMeeting(groupID),
        ]
    }

    private static func groupsLoaded(_ state: inout RoomState, _ groups: [GroupSummary]) -> [RoomEffect] {
        state.groups = groups
        moveGroupCursor(&state, to: state.groupCursor)
        if let open = state.openGroupID, groups.contains(where: { $0.id == open }) {
            return []
        }
        let preferred = groups.first { $0.slug == state.preferredGroupSlug } ?? groups.first
        guard let group = preferred else {
            state.openGroupID = nil
            return []
        }
        return openGroup(&state, group.id)
    }

    // MARK: The reader

    private static func reader(_ state: inout RoomState, _ reader: ReaderState, _ command: Command) -> [RoomEffect] {
        var reader = reader
        if let scroll = scrolled(
            reader.scroll, by: command, lineCount: readerLineCount(reader, state: state),
            rows: state.layout.readerTextRows)
        {
            reader.scroll = scroll
            state.mode = .reader(reader)
            return []
        }
        switch command {
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last:
            return []  // handled by `scrolled` above
        case .reveal:
            if case .story(let story, _) = reader.content { reader.content = .story(story, revealed: true) }
        case .back, .quit:
            state.mode = reader.fromSearch.map(Mode.search) ?? .room
            return []
        case .help:
            state.mode = .help(scroll: 0)
            return []
        case .nextUnread:
            return state.openGroupID.map { [.findNextUnread($0)] } ?? []
        case .search, .meetings, .checkIn, .mentorship, .cycleTheme:
            return fromAnywhere(&state, command)
        case .nextMatch, .previousMatch:
            return stepResult(&state, reader, forward: command == .nextMatch)
        case .newStory, .encourage, .reply, .edit:
            return write(&state, command, reader: reader)
        case .reactSupport, .reactBeenThere, .reactProud:
            return react(&state, command, reader: reader)
        case .delete:
            return askToDelete(&state, reader: reader)
        case .report:
            return askToReport(&state, reader: reader)
        case .mute:
            return askToMute(&state, reader: reader)
        case .nextPane, .previousPane:
            selectReply(&reader, forward: command == .nextPane, state: state)
        case .showGroups, .showStories, .showEncouragement, .open, .send, .nextField, .previousField,
            .externalEditor, .discard, .leave, .crisis, .moderation, .hide, .restore, .rsvpGoing, .rsvpMaybe, .rsvpNo,
            .attend, .acceptMentee, .declineMentee, .endMentorship, .approveRequest, .declineRequest:
            return []
        }
        reader.scroll = clampedScroll(reader, state: state)
        state.mode = .reader(reader)
        return []
    }

    /// Tab and Shift-Tab pick the next or previous reply (then none again), and scroll to it.
    static func selectReply(_ reader: inout ReaderState, forward: Bool, state: RoomState) {
        guard let story = reader.story, !story.replies.isEmpty else { return }
        let count = story.replies.count
        switch (reader.selectedReply, forward) {
        case (nil, true): reader.selectedReply = 0
        case (nil, false): reader.selectedReply = count - 1
        case (let index?, true): reader.selectedReply = index + 1 < count ? index + 1 : nil
        case (let index?, false): reader.selectedReply = index > 0 ? index - 1 : nil
        }
        guard let selected = reader.selectedReply else { return }
        let lines = ReaderDocument.laidOut(&reader, in: state)
        if let line = lines.firstIndex(where: { $0.replyIndex == selected }) {
            let rows = state.layout.readerTextRows
            if line < reader.scroll || line >= reader.scroll + rows { reader.scroll = max(0, line - 1) }
        }
    }

    static func clampedScroll(_ reader: ReaderState, state: RoomState) -> Int {
        min(max(0, reader.scroll), max(0, readerLineCount(reader, state: state) - state.layout.readerTextRows))
    }

    static func readerLineCount(_ reader: ReaderState, state: RoomState) -> Int {
        ReaderDocument.lines(for: reader, in: state).count
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

    // MARK: Live

    /// Reloads the groups, the open group's lists and the story being read, keeping every
    /// selection and scroll position.
    static func refreshWhatIsShown(_ state: inout RoomState) -> [RoomEffect] {
        var effects: [RoomEffect] = [.loadGroups]
        guard let group = state.openGroupID else { return effects }
        if let request = state.roster.refresh() { effects.append(.loadRoster(group, request)) }
        if let request = state.stories.refresh() { effects.append(.loadStories(group, request)) }
        if let request = state.encouragement.refresh() { effects.append(.loadEncouragement(group, request)) }
        if case .reader(let reader) = state.mode, let story = reader.story { effects.append(.loadStory(story.id)) }
        effects.append(.loadNextMeeting(group))
        if case .meetings = state.mode { effects.append(.loadMeetings) }
        return effects
    }

    // MARK: Crisis help

    /// While crisis help is open: scroll, or close it (Esc, q, the crisis key) and return to
    /// exactly where the person was, text being written included.
    static func crisisKey(_ state: inout RoomState, scroll: Int, _ key: Key) -> [RoomEffect] {
        guard let command = state.keyMap.command(for: key) ?? state.keyMap.command(for: key, in: .writing) else {
            return []
        }
        let lines = CrisisScreen.lines(
            state.crisis, region: state.region, problem: state.crisisProblem, width: state.layout.crisisTextWidth
        ).count
        if let moved = scrolled(scroll, by: command, lineCount: lines, rows: state.layout.crisisTextRows) {
            state.crisisScroll = moved
        } else if [.back, .quit, .crisis, .leave].contains(command) {
            state.crisisScroll = nil
        }
        return []
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

    // MARK: Help

    private static func help(_ state: inout RoomState, scroll: Int, _ command: Command) -> [RoomEffect] {
        let lineCount = HelpScreen.lines(keyMap: state.keyMap).count
        if let moved = scrolled(scroll, by: command, lineCount: lineCount, rows: state.layout.readerTextRows) {
            state.mode = .help(scroll: moved)
        } else if [.back, .quit, .help].contains(command) {
            state.mode = .room
        }
        return []
    }

    // MARK: Resize

    private static func refit(_ state: inout RoomState) {
        let layout = state.layout
        state.roster.fit(visible: layout.visibleItems(.roster))
        state.stories.fit(visible: layout.visibleItems(.stories))
        state.encouragement.fit(visible: layout.visibleItems(.encouragement))
        if case .reader(var reader) = state.mode {
            reader.scroll = clampedScroll(reader, state: state)
            state.mode = .reader(reader)
        }
    }
}
