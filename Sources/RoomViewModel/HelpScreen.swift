/// The help screen's lines, generated from the key map in force.
public enum HelpScreen {
    public static func lines(keyMap: KeyMap) -> [StyledLine] {
        let keyWidth = (keyMap.bindings.map { $0.keys.map(\.label).joined(separator: ", ").count }.max() ?? 0) + 2
        var lines: [StyledLine] = []
        for (context, heading) in [
            (KeyContext.room, "Keys in the room"), (.search, "Keys in search results"),
            (.meetings, "Keys in the meetings list (w)"), (.mentorship, "Keys in mentorship (P)"),
            (.writing, "Keys while writing"),
        ] {
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
