import RoomCore

/// The mouse: each screen takes it (`Screen.mouse`). In the room a press focuses the pane
/// under it and selects the item there (pressing the selected item, or any group, opens it), a
/// press on a tab shows that tab; elsewhere the wheel moves through a list or scrolls a
/// full-screen text. Everything stays reachable by keys.
extension RoomReducer {
    static let wheelStep = 3

    /// The wheel as the keys that move one line, three times, so it follows the key map.
    static func wheel(_ state: inout RoomState, _ event: MouseEvent) -> [RoomEffect] {
        let command: Command = event.kind == .wheelUp ? .moveUp : .moveDown
        guard let key = state.keyMap.keys(for: command).first else { return [] }
        var effects: [RoomEffect] = []
        for _ in 0..<wheelStep { effects += reduce(&state, .keyPressed(key)) }
        return effects
    }
}

extension Rect {
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}
