import Foundation
import RoomCore

/// The room itself: the groups with the roster, the open group's stories and encouragement,
/// side by side from 110 columns, one pane a tab below. Its state is the root's (`focus`,
/// `groups`, the three `ListWindow`s): they stay under every other screen.
struct RoomScreen: Screen {
    var mode: Mode { .room }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        (.room, "Keys in the room")
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        RoomReducer.room(&room, command)
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? { nil }

    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        RoomReducer.mouseInRoom(&room, event)
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout)
        if let tabs = layout.tabs { RoomRenderer.drawTabs(&canvas, tabs, focus: state.focus) }
        for pane in Pane.allCases where layout.shows(pane, focus: state.focus) {
            RoomRenderer.drawPane(pane, &canvas, state: state, layout: layout)
        }
        RoomRenderer.drawFooter(&canvas, state: state, layout: layout, hints: hints(state))
    }
}

extension RoomReducer {
    static func room(_ state: inout RoomState, _ command: Command) -> [RoomEffect] {
        if let move = ListMove(command, page: state.layout.visibleItems(state.focus)) {
            return self.move(&state, move)
        }
        if let effects = openScreen(&state, command) { return effects }
        switch command {
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last:
            break  // moved above
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
        case .checkIn, .cycleTheme:
            return fromAnywhere(&state, command)
        case .askMentor:
            return MentorshipState.openAsking(&state)
        default:
            break  // the keys of other screens, and those that open one (above)
        }
        return []
    }

    static func move(_ state: inout RoomState, by delta: Int) -> [RoomEffect] {
        move(&state, .by(delta))
    }

    /// Moves in the focused list, the one way every list of the room moves.
    static func move(_ state: inout RoomState, _ move: ListMove) -> [RoomEffect] {
        let visible = state.layout.visibleItems(state.focus)
        if state.focus == .groups {
            var cursor = ListCursor(state.groupCursor)
            cursor.apply(move, count: state.groups.count)
            state.groupCursor = cursor.index
            return []
        }
        guard let groupID = state.openGroupID else { return [] }
        switch state.focus {
        case .groups:
            return []
        case .roster:
            return state.roster.apply(move, visible: visible).map { [.loadRoster(groupID, $0)] } ?? []
        case .stories:
            return state.stories.apply(move, visible: visible).map { [.loadStories(groupID, $0)] } ?? []
        case .encouragement:
            return state.encouragement.apply(move, visible: visible).map { [.loadEncouragement(groupID, $0)] } ?? []
        }
    }

    static func moveGroupCursor(_ state: inout RoomState, to index: Int) {
        var cursor = ListCursor(index)
        cursor.clamp(count: state.groups.count)
        state.groupCursor = cursor.index
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

    /// Commands that do the same from the lists and from the reader: a screen's opening
    /// command (`Screen.opening`), the check-in and the theme.
    static func fromAnywhere(_ state: inout RoomState, _ command: Command) -> [RoomEffect] {
        if let effects = openScreen(&state, command) { return effects }
        switch command {
        case .checkIn: return askToCheckIn(&state)
        case .cycleTheme: return [.cycleTheme]
        default: return []
        }
    }

    static func openGroup(_ state: inout RoomState, _ groupID: GroupID) -> [RoomEffect] {
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

    static func groupsLoaded(_ state: inout RoomState, _ groups: [GroupSummary]) -> [RoomEffect] {
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

    static func mouseInRoom(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
        let layout = state.layout
        if let tabs = layout.tabs, event.y == tabs.y {
            guard event.kind == .press, let pane = RoomRenderer.tab(at: event.x - tabs.x) else { return [] }
            state.focus = pane
            return []
        }
        guard
            let pane = Pane.allCases.first(where: {
                layout.shows($0, focus: state.focus) && layout.rect(for: $0).contains(x: event.x, y: event.y)
            })
        else { return [] }
        state.focus = pane
        if event.kind != .press {
            return move(&state, by: event.kind == .wheelUp ? -wheelStep : wheelStep)
        }
        let inner = layout.rect(for: pane).inner
        guard inner.contains(x: event.x, y: event.y) else { return [] }
        let row = (event.y - inner.y) / Layout.rowsPerItem(pane)
        switch pane {
        case .groups:
            let index = RoomRenderer.listTop(state.groupCursor, count: inner.height) + row
            guard state.groups.indices.contains(index) else { return [] }
            state.groupCursor = index
            return open(&state)
        case .roster:
            return select(
                &state, index: state.roster.top + row, cursor: state.roster.cursor, count: state.roster.items.count)
        case .stories:
            return select(
                &state, index: state.stories.top + row, cursor: state.stories.cursor, count: state.stories.items.count)
        case .encouragement:
            return select(
                &state, index: state.encouragement.top + row, cursor: state.encouragement.cursor,
                count: state.encouragement.items.count)
        }
    }

    /// Selects the item at `index` of the focused list; pressing the selected one opens it.
    private static func select(_ state: inout RoomState, index: Int, cursor: Int, count: Int) -> [RoomEffect] {
        guard index < count else { return [] }
        if index == cursor { return open(&state) }
        return move(&state, by: index - cursor)
    }
}

extension RoomRenderer {
    static let tabPanes = [Pane.groups, .stories, .encouragement]

    static func drawTabs(_ canvas: inout Canvas, _ rect: Rect, focus: Pane) {
        // The active tab is bracketed, so it shows without colour too.
        var x = rect.x
        for pane in tabPanes {
            let active = pane.tab == focus.tab
            let label = active ? "[\(tabLabel(pane))]" : " \(tabLabel(pane)) "
            x += canvas.put(label, x: x, y: rect.y, maxWidth: rect.maxX - x, role: active ? .activeTab : .tab)
        }
    }

    static func tabLabel(_ pane: Pane) -> String { "\(pane.tab) \(pane.title)" }

    /// The tab drawn at column `x` of the tab bar (every label is two columns wider than its text).
    static func tab(at x: Int) -> Pane? {
        var start = 0
        for pane in tabPanes {
            let end = start + DisplayWidth.of(tabLabel(pane)) + 2
            if x >= start && x < end { return pane }
            start = end
        }
        return nil
    }

    static func drawPane(_ pane: Pane, _ canvas: inout Canvas, state: RoomState, layout: Layout) {
        let rect = layout.rect(for: pane)
        let focused = state.focus == pane
        guard rect.width >= 4, rect.height >= 3 else { return }
        canvas.box(rect, title: paneTitle(pane, state: state), focused: focused)
        let inner = rect.inner
        switch pane {
        case .groups:
            drawList(
                &canvas, inner, count: state.groups.count, top: listTop(state.groupCursor, count: inner.height),
                cursor: state.groupCursor, focused: focused, rowsPerItem: 1, empty: "No groups yet"
            ) { canvas, index, x, y, width, role in
                let group = state.groups[index]
                let mark = group.id == state.openGroupID ? "● " : "  "
                let new = group.unreadLabel.map { " " + $0 } ?? ""
                putSplit(&canvas, mark + group.name, new, x: x, y: y, width: width, role: role)
            }
        case .roster:
            drawWindow(state.roster, .roster, &canvas, inner, focused: focused, empty: "Nobody here yet") {
                canvas, entry, x, y, width, role in
                let days = entry.recoveryStart.map { " " + daysText($0.days(until: state.today)) } ?? ""
                // Full role names when the handle keeps room for a dozen columns.
                // A mentorship mark ("your mentor", "can mentor") says more than the role.
                let full = " \(entry.mentorMark?.label ?? entry.role.label)\(days)"
                let short = " \(entry.mentorMark?.label ?? shortRole(entry.role))\(days)"
                // "●" marks who has the room open now; the pane title counts them in words.
                let muted = entry.isMuted ? " (muted)" : ""
                let left = (entry.isHere ? "● " : "  ") + entry.handle + muted
                // The full role when it fits beside the handle, or leaves a dozen columns of it.
                let fullWidth = DisplayWidth.of(full)
                let right = DisplayWidth.of(left) + fullWidth <= width || width - fullWidth >= 12 ? full : short
                putSplit(&canvas, left, right, x: x, y: y, width: width, role: role)
            }
        case .stories:
            drawWindow(state.stories, .stories, &canvas, inner, focused: focused, empty: "No stories yet") {
                canvas, story, x, y, width, role in
                drawStoryItem(&canvas, story, state: state, x: x, y: y, width: width, role: role)
            }
            drawBacklogEnd(&canvas, inner, state: state)
        case .encouragement:
            drawWindow(
                state.encouragement, .encouragement, &canvas, inner, focused: focused, empty: "No encouragement yet"
            ) {
                canvas, message, x, y, width, role in
                let line =
                    (message.isHidden ? "[hidden] " : "")
                    + "\(message.authorHandle) → \(message.recipientHandle ?? "everyone") · "
                    + RelativeTime.short(message.createdAt, now: state.now)
                canvas.put(line, x: x, y: y, maxWidth: width, role: role)
                // One line of the message: only the start of a long one is looked at.
                let start = message.body.prefix(2 * width)
                let body = start.split(whereSeparator: \.isNewline).joined(separator: " ")
                canvas.put(
                    body + (start.endIndex < message.body.endIndex ? "…" : ""), x: x + 2, y: y + 1, maxWidth: width - 2,
                    role: .normal)
            }
        }
        if focused, let cursor = canvas.cursor, cursor.y < inner.y || cursor.y >= inner.maxY {
            canvas.cursor = nil
        }
    }

    /// Below the last story a limited member can read, in the rows left: from when they read,
    /// and that earlier stories are kept for longer-standing members (the newcomer backlog).
    /// A facilitator of a limited group reads there what the setting is and how to change it.
    static func drawBacklogEnd(_ canvas: inout Canvas, _ rect: Rect, state: RoomState) {
        guard let group = state.openGroup, let days = group.backlogDays, state.stories.isLoaded,
            !state.stories.hasMoreBelow, rect.width > 2
        else { return }
        let words =
            group.readsFrom != nil
            ? [Backlog.readsFromText(group, zone: state.timeZone, now: state.now), Backlog.endOfFeed]
            : group.myRole == .facilitator ? [Backlog.facilitatorText(group.slug, days: days)] : []
        guard !words.isEmpty else { return }
        let shown = state.stories.items.count - state.stories.top
        let used = shown == 0 ? 1 : shown * Layout.rowsPerItem(.stories)
        let lines = words.compactMap { $0 }.flatMap { TextWrap.lines($0, width: rect.width - 1) }
        // A blank row after the stories, when there is room for it and the lines.
        let gap = used + 1 + lines.count <= rect.height ? 1 : 0
        for (index, line) in lines.enumerated() {
            let y = rect.y + used + gap + index
            guard y < rect.maxY else { break }
            canvas.put(line, x: rect.x + 1, y: y, maxWidth: rect.width - 1, role: .muted)
        }
    }

    /// A story in the list, on two rows: its kind and title, then its content warning; who
    /// and when, then the reply and reaction counts. Where a row is too narrow, the title and
    /// the author give way first, so the warning and the counts stay whole.
    static func drawStoryItem(
        _ canvas: inout Canvas, _ story: StorySummary, state: RoomState, x: Int, y: Int, width: Int, role: StyleRole
    ) {
        let title = "[\(story.kind.badge)] \(story.title)"
        if let warning = story.contentWarning {
            let text = "  ⚠ \(warning)"
            let warningWidth = min(DisplayWidth.of(text), width / 2)
            let used = canvas.put(title, x: x, y: y, maxWidth: max(1, width - warningWidth), role: role)
            canvas.put(
                text, x: x + used, y: y, maxWidth: warningWidth, role: role == .selection ? role : .warning)
        } else {
            canvas.put(title, x: x, y: y, maxWidth: width, role: role)
        }
        var meta = story.isHidden ? "hidden by a facilitator · " : state.isUnread(story) ? "new · " : ""
        meta += "\(story.authorHandle) · \(RelativeTime.short(story.createdAt, now: state.now))"
        let counts =
            StoryText.plural(story.replyCount, "reply", "replies") + " · "
            + StoryText.plural(story.reactionCount, "reaction", "reactions")
        let metaWidth = width - 2
        let line = meta + " · " + counts
        if DisplayWidth.of(line) > metaWidth && metaWidth - DisplayWidth.of(counts) - 2 >= 16 {
            putSplit(&canvas, meta, "  " + counts, x: x + 2, y: y + 1, width: metaWidth, role: .muted)
        } else {
            canvas.put(line, x: x + 2, y: y + 1, maxWidth: metaWidth, role: .muted)
        }
    }

    static func paneTitle(_ pane: Pane, state: RoomState) -> String {
        switch pane {
        case .groups: return "1 Groups"
        case .roster:
            let here = state.roster.items.filter(\.isHere).count
            let now = here > 0 ? ", \(here) here now" : ""
            return "Roster" + (state.openGroup.map { " (\($0.memberCount)\(now))" } ?? "")
        case .stories: return "2 Stories" + (state.openGroup.map { " (\($0.storyCount))" } ?? "")
        case .encouragement: return "3 Encouragement"
        }
    }
}
