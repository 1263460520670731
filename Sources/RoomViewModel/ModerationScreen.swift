import Foundation
import RoomCore

/// The lines of the moderation queue: each item a heading (what, by whom, hidden or not),
/// its content warning (a reply's text stays folded behind it until `v`) and the reasons
/// given, the selected one marked with ▸ as well as by colour.
enum ModerationScreen {
    static func lines(_ queue: ModerationState, state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        var lines: [StyledLine] = []
        if queue.isLoading { return [StyledLine("Loading the queue…", .muted)] }
        if !queue.requests.isEmpty {
            lines.append(StyledLine("Asking to join", .title))
            for (index, request) in queue.requests.enumerated() {
                let selected = index == queue.cursor
                let when = RelativeTime.describe(request.createdAt, now: state.now)
                let what =
                    request.kind == .asked
                    ? "\(request.handle) asked to join, \(when)"
                    : "\(request.handle) is invited by \(request.invitedBy ?? "a facilitator"), \(when)"
                var block = TextWrap.lines("\(selected ? "▸ " : "  ")\(what)", width: width).map {
                    StyledLine($0, selected ? .selection : .normal)
                }
                block[0].replyIndex = index
                lines += block
            }
            lines.append(StyledLine(""))
        }
        if queue.items.isEmpty {
            return lines + [
                StyledLine("Nothing is reported or hidden in this group. Thank you for looking after it.", .muted)
            ]
        }
        for (position, item) in queue.items.enumerated() {
            let index = queue.requests.count + position
            let selected = index == queue.cursor
            let status = item.isHidden ? "[hidden] " : ""
            let folded = queue.isFolded(item)
            let heading =
                "\(selected ? "▸ " : "  ")\(status)\(item.target.kind) by \(item.authorHandle)"
                + (folded ? "" : ": \(item.excerpt)")
            var block = TextWrap.lines(heading, width: width).map { StyledLine($0, selected ? .selection : .title) }
            block[0].replyIndex = index
            lines += block
            if let warning = item.contentWarning {
                let key = state.keyMap.keys(for: .reveal).first?.label ?? "v"
                let text = "    ⚠ Content warning: \(warning)" + (folded ? " — \(key): show the text" : "")
                lines += TextWrap.lines(text, width: width).map { StyledLine($0, .warning) }
            }
            if item.openReports.isEmpty {
                lines.append(StyledLine("    no open reports", .muted))
            }
            for report in item.openReports {
                let text = "    reported \(RelativeTime.describe(report.createdAt, now: state.now)): \(report.reason)"
                lines += TextWrap.lines(text, width: width).map { StyledLine($0, .normal) }
            }
            if let note = item.lastNote {
                lines += TextWrap.lines("    last note: \(note)", width: width).map { StyledLine($0, .muted) }
            }
            lines.append(StyledLine(""))
        }
        return lines
    }
}
