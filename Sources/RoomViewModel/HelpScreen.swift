/// The help screen: every binding of the key map in force, a section per screen with keys of
/// its own (`Screen.helpSection`), so help can never drift from the keys.
struct HelpScreen: Screen {
    var scroll: Int

    var mode: Mode { .help(scroll: scroll) }
    static var opening: Command? { .help }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.mode = .help(scroll: 0)
        return []
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        let lineCount = Self.lines(keyMap: room.keyMap).count
        if let moved = RoomReducer.scrolled(scroll, by: command, lineCount: lineCount, rows: room.layout.readerTextRows)
        {
            scroll = moved
        } else if [.back, .quit, .help].contains(command) {
            room.mode = .room
        }
        return []
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Help")
        RoomRenderer.drawScrolled(
            &canvas, title: "Help", lines: Self.lines(keyMap: state.keyMap), first: scroll, hints: hints(state),
            state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        [
            (RoomRenderer.moveKeys(state), "scroll"), (RoomRenderer.key(.back, state), "back"),
            (RoomRenderer.key(.help, state), "close help"),
        ]
    }

    static func lines(keyMap: KeyMap) -> [StyledLine] {
        let keyWidth = (keyMap.bindings.map { $0.keys.map(\.label).joined(separator: ", ").count }.max() ?? 0) + 2
        var lines: [StyledLine] = []
        for (context, heading) in Mode.screenTypes.compactMap({ $0.helpSection(keyMap) }) {
            if !lines.isEmpty { lines.append(StyledLine("")) }
            lines.append(StyledLine(heading, .title))
            for binding in keyMap.bindings where binding.context == context {
                let keys = binding.keys.map(\.label).joined(separator: ", ")
                lines.append(
                    StyledLine(
                        "  " + keys.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + binding.command.help))
            }
        }
        lines += [
            StyledLine("  Other keys type text; Enter starts a new line in the story."),
            StyledLine(""),
            StyledLine("About this room", .title),
            StyledLine("  A room for peers in recovery to share stories and encouragement."),
            StyledLine("  It is peer support, not a crisis or medical service."),
        ]
        return lines
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}
