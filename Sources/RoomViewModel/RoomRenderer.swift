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
        state.mode.screen.render(&canvas, state, layout)
        drawSupportBanner(&canvas, state, layout)
        for overlay in state.overlaysBottomFirst {
            switch overlay {
            case .crisis:
                break  // drawn alone, above
            case .checkInAnswer:
                if let answer = state.checkInAnswer { CheckInText.draw(&canvas, answer, state: state, layout: layout) }
            case .confirmation:
                if let confirmation = state.confirmation {
                    drawConfirmation(&canvas, confirmation, state: state, layout: layout)
                }
            case .prompt:
                if let prompt = state.prompt { drawPrompt(&canvas, prompt, state: state, layout: layout) }
            }
        }
        return canvas
    }

    // MARK: Frame

    static func drawTooSmall(_ canvas: inout Canvas, state: RoomState) {
        let size = state.size
        let lines = [
            "Terminal too small — \(crisisKeyLabel(state)) crisis help",
            "need \(Layout.minimum.width)×\(Layout.minimum.height), have \(size.width)×\(size.height)",
            "Enlarge it, or \(key(.quit, state)) to quit",
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
        // "2 for you" before the handle, in words; the group's name and topic give way to it.
        if let label = ForYou.countLabel(state.forYouCount).map({ $0 + "  " }) {
            let width = DisplayWidth.of(label)
            if DisplayWidth.of(" peerroom") + width + right + 2 <= layout.size.width {
                right += width
                canvas.put(label, x: layout.size.width - right, y: 0, role: .header)
            }
        }
        // The open group's next meeting, before them; the topic gives way to it.
        if let next = state.nextMeeting, next.meeting.groupID == state.openGroupID, next.end > state.now,
            let group = state.openGroup
        {
            let meeting = MeetingTime.summary(next, zone: state.timeZone, now: state.now) + "  "
            let width = DisplayWidth.of(meeting)
            if DisplayWidth.of(" peerroom │ \(group.name)") + width + right + 2 <= layout.size.width {
                right += width
                canvas.put(meeting, x: layout.size.width - right, y: 0, role: .header)
            }
        }
        canvas.put(text, x: 0, y: 0, maxWidth: max(1, layout.size.width - right - 1), role: .header)
        canvas.put(me, x: max(0, layout.size.width - meWidth), y: 0, role: .header)
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

    /// "j/k": the keys that move one item (or line) down and up.
    static func moveKeys(_ state: RoomState) -> String {
        "\(key(.moveDown, state))/\(key(.moveUp, state))"
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
        let first = scrolledFirst(lines, first: first, selected: selected, layout: layout)
        for (row, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            canvas.put(line.text, x: 2, y: 2 + row, maxWidth: layout.readerTextWidth, role: line.role)
        }
        canvas.cursor = Point(x: 2, y: 2 + (selectedLine.map { $0 - first } ?? 0))
        let last = min(lines.count, first + rows)
        drawFooter(
            &canvas, state: state, layout: layout, hints: hints,
            position: lines.isEmpty ? nil : "\(first + 1)–\(last)/\(lines.count)", positionFirst: lines.count > rows)
    }

    /// The first line `drawScrolled` shows: `first`, or with `selected` the line that keeps that
    /// item in the top third of the view.
    static func scrolledFirst(_ lines: [StyledLine], first: Int, selected: Int?, layout: Layout) -> Int {
        let rows = layout.readerTextRows
        let selectedLine = selected.flatMap { index in lines.firstIndex { $0.replyIndex == index } }
        let wanted = selectedLine.map { max(0, $0 - rows / 3) } ?? first
        return min(max(0, wanted), max(0, lines.count - rows))
    }

    /// The list item drawn at row `y` by `drawScrolled` (the item whose lines hold that row),
    /// for a press of the mouse; nil outside the text or above the first item.
    static func scrolledItem(
        at y: Int, _ lines: [StyledLine], first: Int = 0, selected: Int? = nil, layout: Layout
    ) -> Int? {
        let row = y - 2
        guard row >= 0, row < layout.readerTextRows else { return nil }
        let line = scrolledFirst(lines, first: first, selected: selected, layout: layout) + row
        guard lines.indices.contains(line) else { return nil }
        return lines[...line].last { $0.replyIndex != nil }?.replyIndex
    }
}
