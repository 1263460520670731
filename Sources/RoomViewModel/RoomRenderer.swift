import Foundation
import RoomCore

/// Rendering: a pure function from state to a canvas. Each pane draws only inside its
/// rectangle from `Layout`; the screen layer flushes the canvas.
public enum RoomRenderer {
    public static func render(_ state: RoomState) -> Canvas {
        // Crisis help covers everything, at every size.
        if let scroll = state.crisisScroll { return drawCrisis(state, scroll: scroll) }
        var canvas = Canvas(width: state.size.width, height: state.size.height)
        canvas.ascii = state.ascii
        let layout = state.layout
        if layout.kind == .tooSmall {
            drawTooSmall(&canvas, state: state)
            return canvas
        }
        switch state.mode {
        case .room:
            drawHeader(&canvas, state: state, layout: layout)
            if let tabs = layout.tabs { drawTabs(&canvas, tabs, focus: state.focus) }
            for pane in Pane.allCases where layout.shows(pane, focus: state.focus) {
                drawPane(pane, &canvas, state: state, layout: layout)
            }
            drawFooter(&canvas, state: state, layout: layout)
        case .reader(let reader):
            drawReader(&canvas, reader, state: state, layout: layout)
        case .help(let scroll):
            drawHelp(&canvas, scroll: scroll, state: state, layout: layout)
        case .compose(let compose):
            ComposeRenderer.draw(&canvas, compose, state: state, layout: layout)
        case .search(let search):
            SearchScreen.draw(&canvas, search, state: state, layout: layout)
        case .moderation(let queue):
            drawHeader(&canvas, state: state, layout: layout, trail: "Moderation")
            drawScrolled(
                &canvas, title: "Moderation queue", lines: ModerationScreen.lines(queue, state: state),
                selected: queue.cursor,
                hints: (queue.selected.map(queue.isFolded) == true ? [(key(.reveal, state), "show text")] : [])
                    + [("j/k", "move"), (key(.hide, state), "hide"), (key(.restore, state), "restore/keep")]
                    + (queue.requests.isEmpty
                        ? []
                        : [(key(.approveRequest, state), "let in"), (key(.declineRequest, state), "decline")])
                    + [
                        ("Esc", "back")
                    ], state: state, layout: layout)
        case .meetings(let list):
            drawHeader(&canvas, state: state, layout: layout, trail: "Meetings")
            drawScrolled(
                &canvas, title: "Meetings of your groups", lines: MeetingsScreen.lines(list, state: state),
                selected: list.cursor,
                hints: [
                    ("j/k", "move"), (key(.rsvpGoing, state, in: .meetings), "going"),
                    (key(.rsvpMaybe, state, in: .meetings), "maybe"), (key(.rsvpNo, state, in: .meetings), "can't"),
                    (key(.attend, state, in: .meetings), "check in"), ("Esc", "back"),
                ], state: state, layout: layout)
        case .mentorship(let view):
            drawHeader(&canvas, state: state, layout: layout, trail: "Mentorship")
            let lines = MentorshipScreen.lines(view, state: state)
            // The newest messages stay in view.
            drawScrolled(
                &canvas, title: "Mentorship — private to the two of you", lines: lines,
                first: max(0, lines.count - layout.readerTextRows),
                hints: [
                    ("j/k", "choose"), (key(.reply, state), "write"),
                    (key(.acceptMentee, state, in: .mentorship), "accept"),
                    (key(.declineMentee, state, in: .mentorship), "decline"),
                    (key(.endMentorship, state, in: .mentorship), "end"), ("Esc", "back"),
                ], state: state, layout: layout)
        }
        if let confirmation = state.confirmation {
            drawConfirmation(&canvas, confirmation, state: state, layout: layout)
        }
        if let prompt = state.prompt {
            drawPrompt(&canvas, prompt, state: state, layout: layout)
        }
        if let answer = state.checkInAnswer {
            CheckInText.draw(&canvas, answer, state: state, layout: layout)
        }
        return canvas
    }

    /// Crisis help: framed like the reader, or on a small terminal plain lines from the top
    /// with the way back on the last row. The emergency line is always first.
    static func drawCrisis(_ state: RoomState, scroll: Int) -> Canvas {
        var canvas = Canvas(width: state.size.width, height: state.size.height)
        canvas.ascii = state.ascii
        let layout = state.layout
        let lines = CrisisScreen.lines(
            state.crisis, region: state.region, problem: state.crisisProblem, width: layout.crisisTextWidth)
        let back = layout.size.width >= 60 ? "back to where you were" : "back"
        guard layout.crisisIsCompact else {
            drawHeader(&canvas, state: state, layout: layout, trail: "Crisis help")
            drawScrolled(
                &canvas, title: "Crisis help — you are not alone", lines: lines, first: scroll,
                hints: [("Esc", back), ("j/k", "scroll")], state: state, layout: layout, role: .crisis)
            return canvas
        }
        let rows = layout.crisisTextRows
        let first = min(max(0, scroll), max(0, lines.count - rows))
        for (row, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            canvas.put(line.text, x: 0, y: row, role: line.role)
        }
        canvas.cursor = Point(x: 0, y: 0)
        if layout.size.height >= 2 {
            let y = layout.size.height - 1
            canvas.fill(Rect(x: 0, y: y, width: layout.size.width, height: 1), role: .footer)
            var x = 0
            let position = "\(first + 1)–\(min(lines.count, first + rows))/\(lines.count)"
            for (key, label) in [("Esc", "back"), ("j/k", "more"), (position, "")] {
                let text = label.isEmpty ? key : "\(key):\(label)"
                guard x + DisplayWidth.of(text) <= layout.size.width else { break }
                canvas.put(text, x: x, y: y, role: label.isEmpty ? .footer : .key)
                x += DisplayWidth.of(text) + 2
            }
        }
        return canvas
    }

    /// A framed question in the middle of the screen, answered with y or n; the footer says
    /// what each answer does.
    static func drawConfirmation(
        _ canvas: inout Canvas, _ confirmation: Confirmation, state: RoomState, layout: Layout
    ) {
        let (yes, no) = confirmation.answers
        let answers = "y: \(yes)    n or Esc: \(no)"
        let width = min(
            layout.size.width - 4, max(36, DisplayWidth.of(confirmation.question) + 4, DisplayWidth.of(answers) + 4))
        let lines = TextWrap.lines(confirmation.question, width: width - 4)
        let height = lines.count + 4
        let box = Rect(
            x: (layout.size.width - width) / 2, y: max(1, (layout.size.height - height) / 2), width: width,
            height: height)
        canvas.fill(box, role: .normal)
        canvas.box(box, title: "Are you sure?", focused: true)
        for (i, line) in lines.enumerated() {
            canvas.put(line, x: box.x + 2, y: box.y + 1 + i, maxWidth: width - 4, role: .warning)
        }
        canvas.put(answers, x: box.x + 2, y: box.maxY - 2, maxWidth: width - 4, role: .key)
        drawFooter(&canvas, state: state, layout: layout, hints: confirmation.hints, showsNotice: false)
        canvas.cursor = Point(x: box.x + 2, y: box.y + 1)
    }

    /// A framed one-line question: what is asked, the answer with the cursor in it, and why
    /// the last answer was not taken.
    static func drawPrompt(_ canvas: inout Canvas, _ prompt: Prompt, state: RoomState, layout: Layout) {
        let width = min(layout.size.width - 2, 64)
        let textWidth = width - 4
        let lines = TextWrap.lines(prompt.explanation, width: textWidth)
        let problem = prompt.problem.map { TextWrap.lines("⚠ " + $0, width: textWidth) } ?? []
        let height = min(layout.size.height - 2, lines.count + problem.count + 6)
        let box = Rect(
            x: (layout.size.width - width) / 2, y: max(1, (layout.size.height - height) / 2), width: width,
            height: height)
        canvas.fill(box, role: .normal)
        canvas.box(box, title: prompt.title, focused: true)
        var y = box.y + 1
        for line in lines where y < box.maxY - 4 {
            canvas.put(line, x: box.x + 2, y: y, maxWidth: textWidth)
            y += 1
        }
        y += 1
        canvas.put("> ", x: box.x + 2, y: y, role: .key)
        let cursor = ComposeRenderer.drawSingleLine(&canvas, prompt.field, x: box.x + 4, y: y, width: textWidth - 2)
        for line in problem where y + 1 < box.maxY - 1 {
            y += 1
            canvas.put(line, x: box.x + 2, y: y, maxWidth: textWidth, role: .warning)
        }
        let escape = prompt.purpose == .pseudonym ? "look around first" : "cancel"
        canvas.put(
            prompt.isSending ? "Sending…" : "Enter: send   Esc: \(escape)", x: box.x + 2, y: box.maxY - 2,
            maxWidth: textWidth, role: .key)
        // Keys are text here: the footer says so, and keeps the crisis key in view.
        drawFooter(&canvas, state: state, layout: layout, hints: [("Enter", "send"), ("Esc", escape)])
        canvas.cursor = cursor
    }

    // MARK: Frame

    static func drawTooSmall(_ canvas: inout Canvas, state: RoomState) {
        let size = state.size
        let lines = [
            "Terminal too small — \(crisisKeyLabel(state)) crisis help",
            "need \(Layout.minimum.width)×\(Layout.minimum.height), have \(size.width)×\(size.height)",
            "Enlarge it, or q to quit",
        ]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let width = DisplayWidth.of(line)
            canvas.put(line, x: max(0, (size.width - width) / 2), y: top + i, role: i == 0 ? .warning : .normal)
        }
    }

    static func drawHeader(_ canvas: inout Canvas, state: RoomState, layout: Layout, trail: String? = nil) {
        canvas.fill(layout.header, role: .header)
        let me = "@\(state.myHandle) "
        let meWidth = DisplayWidth.of(me)
        var text = " peerroom"
        if let group = state.openGroup {
            text += " │ \(group.name)"
            if let trail { text += " › \(trail)" } else if !group.topic.isEmpty { text += " — \(group.topic)" }
        } else if let trail {
            text += " │ \(trail)"
        }
        var right = meWidth
        // The open group's next meeting, before the handle; the topic gives way to it.
        if let next = state.nextMeeting, next.meeting.groupID == state.openGroupID, next.end > state.now,
            let group = state.openGroup
        {
            let meeting = MeetingTime.summary(next, zone: state.timeZone, now: state.now) + "  "
            let width = DisplayWidth.of(meeting)
            if DisplayWidth.of(" peerroom │ \(group.name)") + width + meWidth + 2 <= layout.size.width {
                right += width
                canvas.put(meeting, x: layout.size.width - right, y: 0, role: .header)
            }
        }
        canvas.put(text, x: 0, y: 0, maxWidth: max(1, layout.size.width - right - 1), role: .header)
        canvas.put(me, x: max(0, layout.size.width - meWidth), y: 0, role: .header)
    }

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

    /// The footer: the crisis key at the right end, always; a notice if there is one, else
    /// the key hints that fit whole, in order (the rest are left out, never cut or drawn over
    /// one another); and `position` ("1–20/76") just before the crisis key. A position that
    /// `positionFirst` (there is more to scroll to) keeps its place before any hint.
    /// Returns the first free column.
    @discardableResult
    static func drawFooter(
        _ canvas: inout Canvas, state: RoomState, layout: Layout, hints: [(String, String)]? = nil,
        position: String? = nil, positionFirst: Bool = false, showsNotice: Bool = true
    ) -> Int {
        canvas.fill(layout.footer, role: .footer)
        let y = layout.footer.y
        let crisis = " \(crisisKeyLabel(state)):crisis help "
        let crisisX = max(0, layout.size.width - DisplayWidth.of(crisis))
        canvas.put(crisis, x: crisisX, y: y, role: .crisis)
        // Everything else ends before this column, one blank column short of the crisis key.
        var end = crisisX - 1
        let positionWidth = position.map { DisplayWidth.of($0) } ?? 0
        var positionDrawn = false
        if let position, positionFirst, 1 + positionWidth <= end {
            canvas.put(position, x: end - positionWidth, y: y, role: .footer)
            end -= positionWidth + 2
            positionDrawn = true
        }
        var x = 1
        if showsNotice, let notice = state.storeBusy ? RoomState.storeBusyNotice : state.notice {
            x += canvas.put(notice, x: x, y: y, maxWidth: max(0, end - x), role: .warning) + 2
        } else {
            for (key, label) in (hints ?? state.keyMap.footerHints) where !label.contains("crisis") {
                let width = DisplayWidth.of(key) + 1 + DisplayWidth.of(label)
                // Whole hints only: a cut-off key is worse than none.
                guard x + width <= end else { break }
                canvas.put(key, x: x, y: y, role: .key)
                canvas.put(":\(label)", x: x + DisplayWidth.of(key), y: y, role: .footer)
                x += width + 2
            }
        }
        if let position, !positionDrawn, x + positionWidth <= end {
            canvas.put(position, x: end - positionWidth, y: y, role: .footer)
        }
        return x
    }

    /// The key that opens crisis help where the person is ("!", or Ctrl-G while writing).
    static func crisisKeyLabel(_ state: RoomState) -> String {
        state.keyMap.keys(for: .crisis, in: state.isWriting ? .writing : .room).first?.label ?? "!"
    }

    // MARK: Panes

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

    /// The first visible row of a fully loaded list, keeping the cursor in view.
    static func listTop(_ cursor: Int, count visible: Int) -> Int {
        max(0, cursor - max(1, visible) + 1)
    }

    /// Draws the loaded part of a paged list.
    static func drawWindow<Item>(
        _ window: ListWindow<Item>, _ pane: Pane, _ canvas: inout Canvas, _ rect: Rect, focused: Bool, empty: String,
        item: (inout Canvas, Item, Int, Int, Int, StyleRole) -> Void
    ) {
        drawList(
            &canvas, rect, count: window.items.count, top: window.top, cursor: window.cursor, focused: focused,
            rowsPerItem: Layout.rowsPerItem(pane), empty: window.isLoaded ? empty : "Loading…"
        ) { canvas, index, x, y, width, role in
            item(&canvas, window.items[index], x, y, width, role)
        }
    }

    /// Text on the left and, right-aligned in the muted role, text on the right; the left
    /// side is cut first.
    static func putSplit(
        _ canvas: inout Canvas, _ left: String, _ right: String, x: Int, y: Int, width: Int, role: StyleRole
    ) {
        let rightWidth = min(width, DisplayWidth.of(right))
        canvas.put(left, x: x, y: y, maxWidth: max(1, width - rightWidth), role: role)
        canvas.put(
            right, x: x + width - rightWidth, y: y, maxWidth: rightWidth, role: role == .selection ? role : .muted)
    }

    /// Draws a list's visible items. The selected item gets a `▸` marker (so selection never
    /// relies on colour) and, in the focused pane, the selection role and the terminal cursor.
    static func drawList(
        _ canvas: inout Canvas, _ rect: Rect, count: Int, top: Int, cursor: Int, focused: Bool, rowsPerItem: Int,
        empty: String,
        item: (inout Canvas, Int, Int, Int, Int, StyleRole) -> Void
    ) {
        guard rect.width > 2, rect.height > 0 else { return }
        if count == 0 {
            canvas.put(empty, x: rect.x + 1, y: rect.y, maxWidth: rect.width - 1, role: .muted)
            return
        }
        let visible = max(1, rect.height / rowsPerItem)
        for index in top..<min(count, top + visible) {
            let y = rect.y + (index - top) * rowsPerItem
            let selected = index == cursor
            let role: StyleRole = selected && focused ? .selection : .normal
            if selected && focused {
                canvas.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .selection)
                canvas.cursor = Point(x: rect.x, y: y)
            }
            canvas.put(selected ? "▸" : " ", x: rect.x, y: y, role: role)
            item(&canvas, index, rect.x + 2, y, rect.width - 2, role)
        }
    }

    /// The first key bound to a command, as help writes it.
    static func key(_ command: Command, _ state: RoomState, in context: KeyContext = .room) -> String {
        state.keyMap.keys(for: command, in: context).first?.label ?? "?"
    }

    static func shortRole(_ role: Role) -> String {
        switch role {
        case .facilitator: "facil."
        case .peerMentor: "mentor"
        case .member: "member"
        case .newcomer: "new"
        }
    }

    /// Days since recovery start: "1 day", "412d" — the count, never a judgement.
    static func daysText(_ days: Int) -> String {
        days == 1 ? "1 day" : "\(max(0, days))d"
    }

    // MARK: Reader and help

    static func drawReader(_ canvas: inout Canvas, _ reader: ReaderState, state: RoomState, layout: Layout) {
        let isStory: Bool
        if case .encouragement = reader.content { isStory = false } else { isStory = true }
        drawHeader(&canvas, state: state, layout: layout, trail: isStory ? "Story" : "Encouragement")
        let lines = ReaderDocument.lines(for: reader, in: state)
        var hints: [(String, String)] = [("j/k", "scroll"), ("Esc", "back")]
        if case .story(let story, false) = reader.content, story.summary.contentWarning != nil {
            hints.insert((key(.reveal, state), "show story"), at: 0)
        }
        if reader.story != nil {
            hints += [(key(.reply, state), "reply"), (key(.encourage, state), "encourage")]
            let reactions = [Command.reactSupport, .reactBeenThere, .reactProud].map { key($0, state) }
            hints.append((reactions.joined(separator: "/"), "react"))
        }
        hints.append(("?", "help"))
        drawScrolled(
            &canvas, title: isStory ? "Story" : "Encouragement", lines: lines, first: reader.scroll, hints: hints,
            state: state, layout: layout)
    }

    static func drawHelp(_ canvas: inout Canvas, scroll: Int, state: RoomState, layout: Layout) {
        drawHeader(&canvas, state: state, layout: layout, trail: "Help")
        drawScrolled(
            &canvas, title: "Help", lines: HelpScreen.lines(keyMap: state.keyMap), first: scroll,
            hints: [("j/k", "scroll"), ("Esc", "back"), ("?", "close help")], state: state, layout: layout)
    }

    /// A full-screen bordered text view from line `first`, with a footer that says which
    /// lines are shown (so a screen reader user knows there is more).
    /// A list drawn this way (the moderation queue, meetings) marks the first line of each item
    /// with its index (`replyIndex`); `selected` keeps that item in the top third of the view
    /// and puts the terminal cursor on it.
    static func drawScrolled(
        _ canvas: inout Canvas, title: String, lines: [StyledLine], first: Int = 0, selected: Int? = nil,
        hints: [(String, String)], state: RoomState, layout: Layout, role: StyleRole? = nil
    ) {
        let frame = Rect(x: 0, y: 1, width: layout.size.width, height: layout.size.height - 2)
        canvas.box(frame, title: title, focused: true)
        if let role { canvas.put(" \(title) ", x: 1, y: 1, maxWidth: frame.width - 2, role: role) }
        let rows = layout.readerTextRows
        let selectedLine = selected.flatMap { index in lines.firstIndex { $0.replyIndex == index } }
        let wanted = selectedLine.map { max(0, $0 - rows / 3) } ?? first
        let first = min(max(0, wanted), max(0, lines.count - rows))
        for (row, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            canvas.put(line.text, x: 2, y: 2 + row, maxWidth: layout.readerTextWidth, role: line.role)
        }
        canvas.cursor = Point(x: 2, y: 2 + (selectedLine.map { $0 - first } ?? 0))
        let last = min(lines.count, first + rows)
        drawFooter(
            &canvas, state: state, layout: layout, hints: hints,
            position: lines.isEmpty ? nil : "\(first + 1)–\(last)/\(lines.count)", positionFirst: lines.count > rows)
    }
}
