import RoomCore

/// The lines of crisis help, most needed first: the emergency number and the person's own
/// crisis lines, each number on a line of its own; then what to do right now; the honest
/// notice; then everywhere else. Where the person's region has no entry, that is said and the
/// international directory comes first. Sources stay in the file (and `peerroom crisis
/// --sources`): a person in a crisis needs the number, not where it was checked.
public enum CrisisScreen {
    /// The first line whatever the size: what to do if in danger now.
    public static func emergencyLine(_ resources: CrisisResources, region: String?) -> String {
        guard let own = ownRegion(resources, region: region), let number = own.emergency else {
            return "In danger now: call your local emergency number"
        }
        return "In danger now: call \(number) (\(own.name))"
    }

    /// The lines word-wrapped to `width`; continuation lines keep the indent, and a number
    /// ("116 123") is never broken across two lines.
    public static func lines(
        _ resources: CrisisResources, region: String?, problem: String? = nil, sources: Bool = false, width: Int
    ) -> [StyledLine] {
        lines(resources, region: region, problem: problem, sources: sources).flatMap { line -> [StyledLine] in
            let indent = String(line.text.prefix { $0 == " " || $0 == "•" })
            let pad = String(repeating: " ", count: indent.count)
            let text = gluingNumbers(String(line.text.dropFirst(indent.count)))
            let wrapped = TextWrap.lines(text, width: max(1, width - indent.count)).map {
                $0.replacingOccurrences(of: glue, with: " ")
            }
            return wrapped.enumerated().map { StyledLine(($0.offset == 0 ? indent : pad) + $0.element, line.role) }
        }
    }

    /// Stands for a space inside a number while wrapping: as wide as a space, never a break.
    static let glue = "\u{A0}"

    static func gluingNumbers(_ text: String) -> String {
        var result = ""
        var characters = Array(text)
        for index in characters.indices {
            if characters[index] == " ", index > 0, index + 1 < characters.count, characters[index - 1].isNumber,
                characters[index + 1].isNumber
            {
                characters[index] = Character(glue)
            }
            result.append(characters[index])
        }
        return result
    }

    public static func lines(
        _ resources: CrisisResources, region: String?, problem: String? = nil, sources: Bool = false
    ) -> [StyledLine] {
        let own = ownRegion(resources, region: region)
        let ordered = resources.ordered(preferring: region)
        var lines = [StyledLine(emergencyLine(resources, region: region), .crisis)]
        if sources, let source = own?.emergencySource { lines.append(StyledLine("  source: \(source)", .muted)) }
        // The numbers: the person's own region, else the international directory.
        let first = own ?? ordered.first { $0.code == "INT" }
        if own == nil, !resources.regions.isEmpty, region?.uppercased() != "INT" {
            let why =
                region.map { "No crisis lines listed for \($0); international directory first" }
                ?? "Your region is not known (PEERROOM_REGION); international directory first"
            lines.append(StyledLine(why, .warning))
        }
        for line in first?.lines ?? [] {
            lines += helpline(line, sources: sources, role: .title, indent: "")
        }
        lines += [StyledLine(""), StyledLine("Right now", .title)]
        lines += resources.rightNow.map { StyledLine("• " + $0) }
        lines += [StyledLine(""), StyledLine(resources.notice, .warning)]
        if let problem {
            lines += [StyledLine(""), StyledLine("Could not read the list of crisis lines: \(problem)", .muted)]
        }
        let rest = ordered.filter { $0.code != first?.code }
        if !rest.isEmpty {
            lines += [StyledLine(""), StyledLine("Elsewhere", .title)]
        }
        for entry in rest {
            var heading = entry.name
            if let emergency = entry.emergency { heading += " — emergency: \(emergency)" }
            lines.append(StyledLine(heading, .crisis))
            if sources, let source = entry.emergencySource { lines.append(StyledLine("  source: \(source)", .muted)) }
            for line in entry.lines {
                lines += helpline(line, sources: sources, role: .normal, indent: "  ")
            }
        }
        return lines
    }

    /// One crisis line: its name and how to reach it on a line of their own, then its hours
    /// and who it is for (and, asked for, its source).
    static func helpline(_ line: CrisisLine, sources: Bool, role: StyleRole, indent: String) -> [StyledLine] {
        var lines = [
            StyledLine("\(indent)\(line.name): \(line.contact)", role),
            StyledLine("\(indent)  \(line.hours) · for \(line.purpose)", .muted),
        ]
        if sources {
            lines.append(StyledLine("\(indent)  source: \(line.source), checked \(line.checked)", .muted))
        }
        return lines
    }

    static func ownRegion(_ resources: CrisisResources, region: String?) -> CrisisRegion? {
        guard let code = region?.uppercased(), code != "INT" else { return nil }
        return resources.regions.first { $0.code == code }
    }

    /// The same as plain text, for `peerroom crisis` and screen readers.
    public static func text(
        _ resources: CrisisResources, region: String?, problem: String? = nil, sources: Bool = false
    ) -> String {
        lines(resources, region: region, problem: problem, sources: sources).map(\.text).joined(separator: "\n")
    }
}

/// Crisis help as the overlay over everything (`Overlay.crisis`): opened by the crisis key of
/// the context the person is in, closed back to exactly where they were.
extension RoomReducer {
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
}

extension RoomRenderer {
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
                hints: [(key(.back, state), back), (moveKeys(state), "scroll")], state: state, layout: layout,
                role: .crisis)
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
            for (hint, label) in [(key(.back, state), "back"), (moveKeys(state), "more"), (position, "")] {
                let text = label.isEmpty ? hint : "\(hint):\(label)"
                guard x + DisplayWidth.of(text) <= layout.size.width else { break }
                canvas.put(text, x: x, y: y, role: label.isEmpty ? .footer : .key)
                x += DisplayWidth.of(text) + 2
            }
        }
        return canvas
    }
}
