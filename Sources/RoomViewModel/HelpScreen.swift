/// The help screen's lines, generated from the key map in force.
public enum HelpScreen {
    public static func lines(keyMap: KeyMap) -> [StyledLine] {
        let rows = keyMap.bindings.map { binding in
            (binding.keys.map(\.label).joined(separator: ", "), binding.command.help)
        }
        let keyWidth = (rows.map { $0.0.count }.max() ?? 0) + 2
        var lines = [StyledLine("Keys", .title)]
        for (keys, help) in rows {
            lines.append(StyledLine("  " + keys.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + help))
        }
        lines += [
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
