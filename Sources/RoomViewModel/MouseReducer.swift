import RoomCore

/// The mouse: a press focuses the pane under it and selects the item there (pressing the
/// selected item, or any group, opens it); a press on a tab shows that tab; the wheel moves
/// through a list or scrolls a full-screen text. Everything stays reachable by keys.
extension RoomReducer {
    static let wheelStep = 3

    static func mouse(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
        guard state.crisisScroll == nil, state.confirmation == nil, state.prompt == nil else {
            return wheelOverlay(&state, event)
        }
        switch state.mode {
        case .room:
            return mouseInRoom(&state, event)
        case .reader, .help, .moderation, .search, .meetings, .mentorship:
            guard event.kind != .press else { return [] }
            return wheel(&state, event)
        case .compose:
            return []
        }
    }

    /// Crisis help scrolls with the wheel; questions ignore the mouse (they want an answer).
    private static func wheelOverlay(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
        guard state.crisisScroll != nil, event.kind != .press else { return [] }
        return wheel(&state, event)
    }

    /// The wheel as the keys that move one line, three times.
    private static func wheel(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
        let command: Command = event.kind == .wheelUp ? .moveUp : .moveDown
        guard let key = state.keyMap.keys(for: command).first else { return [] }
        var effects: [RoomEffect] = []
        for _ in 0..<wheelStep { effects += reduce(&state, .keyPressed(key)) }
        return effects
    }

    private static func mouseInRoom(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
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

extension Rect {
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}
