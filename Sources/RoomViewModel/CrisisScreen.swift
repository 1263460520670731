import RoomCore

/// The lines of crisis help: the honest notice, what to do right now, then crisis lines by
/// region with the person's own region first. Each line names its source.
public enum CrisisScreen {
    /// The lines word-wrapped to `width`; continuation lines keep the indent.
    public static func lines(_ resources: CrisisResources, region: String?, problem: String? = nil, width: Int)
        -> [StyledLine]
    {
        lines(resources, region: region, problem: problem).flatMap { line -> [StyledLine] in
            let indent = String(line.text.prefix { $0 == " " || $0 == "•" })
            let pad = String(repeating: " ", count: indent.count)
            let wrapped = TextWrap.lines(String(line.text.dropFirst(indent.count)), width: max(1, width - indent.count))
            return wrapped.enumerated().map { StyledLine(($0.offset == 0 ? indent : pad) + $0.element, line.role) }
        }
    }

    public static func lines(_ resources: CrisisResources, region: String?, problem: String? = nil) -> [StyledLine] {
        var lines = [StyledLine(resources.notice, .warning), StyledLine(""), StyledLine("Right now", .title)]
        lines += resources.rightNow.map { StyledLine("• " + $0) }
        if let problem {
            lines += [StyledLine(""), StyledLine("Could not read the list of crisis lines: \(problem)", .muted)]
        }
        for entry in resources.ordered(preferring: region) {
            lines.append(StyledLine(""))
            var heading = entry.name
            if let emergency = entry.emergency { heading += " — emergency: \(emergency)" }
            lines.append(StyledLine(heading, .crisis))
            for line in entry.lines {
                lines.append(StyledLine("  \(line.name): \(line.contact) (\(line.hours))", .normal))
                lines.append(
                    StyledLine("    for \(line.purpose) · source: \(line.source), checked \(line.checked)", .muted))
            }
        }
        return lines
    }

    /// The same as plain text, for `peerroom crisis` and screen readers.
    public static func text(_ resources: CrisisResources, region: String?, problem: String? = nil) -> String {
        lines(resources, region: region, problem: problem).map(\.text).joined(separator: "\n")
    }
}
