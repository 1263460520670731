import Foundation
import RoomCore

/// One line of the reader with its style role.
public struct StyledLine: Equatable, Sendable {
    public var text: String
    public var role: StyleRole
    /// On the first line of a reply: which reply it starts (for Tab and scrolling to it).
    public var replyIndex: Int?

    public init(_ text: String, _ role: StyleRole = .normal, replyIndex: Int? = nil) {
        self.text = text
        self.role = role
        self.replyIndex = replyIndex
    }
}

/// The reader's text laid out for a width: heading, meta line, content warning, the body
/// word-wrapped, and the replies. The reducer uses it to know how far one can scroll and
/// rendering to draw, so both agree.
///
/// A long story is wrapped once per story, width and selection, not twice per key: the
/// layout is kept in the state (`ReaderState.document`), refreshed by the reducer after
/// each action, and read by the renderer when it still fits. No cache outside the state.
public enum ReaderDocument {
    /// What a layout depends on.
    struct Inputs: Equatable, Sendable {
        var content: ReaderContent
        var width: Int
        var now: Date
        var keyMap: KeyMap
        var selectedReply: Int?

        init(_ reader: ReaderState, _ state: RoomState) {
            content = reader.content
            width = state.layout.readerTextWidth
            now = state.now
            keyMap = state.keyMap
            selectedReply = reader.selectedReply
        }
    }

    /// A layout and what it was made from.
    public struct Laid: Equatable, Sendable {
        let inputs: Inputs
        public let lines: [StyledLine]
    }

    /// The reader's lines for this state: the kept layout when it still fits, else a new one.
    public static func lines(for reader: ReaderState, in state: RoomState) -> [StyledLine] {
        let inputs = Inputs(reader, state)
        if let document = reader.document, document.inputs == inputs { return document.lines }
        return layOut(inputs)
    }

    /// The lines, keeping the layout in `reader` for the next call and the renderer.
    @discardableResult
    public static func laidOut(_ reader: inout ReaderState, in state: RoomState) -> [StyledLine] {
        let inputs = Inputs(reader, state)
        if let document = reader.document, document.inputs == inputs { return document.lines }
        let lines = layOut(inputs)
        reader.document = Laid(inputs: inputs, lines: lines)
        return lines
    }

    static func layOut(_ inputs: Inputs) -> [StyledLine] {
        let (content, width, now, keyMap, selectedReply) = (
            inputs.content, inputs.width, inputs.now, inputs.keyMap, inputs.selectedReply
        )
        switch content {
        case .loading:
            return [StyledLine("Opening the story…", .muted)]
        case .encouragement(let message):
            var lines = wrap(heading(for: message), width: width, role: .title)
            lines.append(StyledLine(RelativeTime.describe(message.createdAt, now: now), .muted))
            if message.isHidden { lines += wrap(hiddenNote, width: width, role: .warning) }
            lines.append(StyledLine(""))
            lines += wrap(message.body, width: width, role: .normal, multiline: true)
            return lines
        case .story(let story, let revealed):
            let summary = story.summary
            // The full kind here: the reader has room for it (lists use the short badge).
            var lines = wrap("[\(summary.kind.rawValue.uppercased())] \(summary.title)", width: width, role: .title)
            lines += wrap(StoryText.meta(summary, now: now), width: width, role: .muted)
            if summary.isHidden { lines += wrap(hiddenNote, width: width, role: .warning) }
            if let warning = summary.contentWarning {
                lines += wrap("⚠ Content warning: \(warning)", width: width, role: .warning)
                if let note = story.warningNote {
                    lines += wrap("A facilitator added this warning: \(note)", width: width, role: .muted)
                }
            }
            lines.append(StyledLine(""))
            if summary.contentWarning != nil && !revealed {
                let key = keyMap.keys(for: .reveal).first?.label ?? "v"
                let back = keyMap.keys(for: .back).first?.label ?? "Esc"
                lines += wrap(
                    "This story is folded because of its content warning. Press \(key) to read it, "
                        + "or \(back) to go back.", width: width, role: .muted)
                return lines
            }
            lines += wrap(story.body, width: width, role: .normal, multiline: true)
            lines.append(StyledLine(""))
            lines += wrap(reactionsLine(story.reactions), width: width, role: .muted)
            lines.append(StyledLine(""))
            let count = story.replies.count
            lines.append(StyledLine(count == 0 ? "No replies yet" : "Replies (\(count))", .title))
            for (index, reply) in story.replies.enumerated() {
                lines.append(StyledLine(""))
                let selected = index == selectedReply
                var header = wrap(
                    "\(selected ? "▸ " : "")\(reply.authorHandle) · \(RelativeTime.describe(reply.createdAt, now: now))"
                        + (reply.isHidden ? " · hidden by a facilitator" : ""),
                    width: width, role: selected ? .selection : .muted)
                header[0].replyIndex = index
                lines += header
                lines += wrap(reply.body, width: width - 2, role: .normal, multiline: true).map {
                    StyledLine("  " + $0.text, $0.role)
                }
            }
            return lines
        }
    }

    /// Said to the author of something a facilitator hid (nobody else sees it at all).
    static let hiddenNote = "A facilitator hid this from the group; only you can see it."

    /// "sending support 2 (river, pip) · proud of you 1 (sam)", or an invitation.
    static func reactionsLine(_ reactions: [Reaction]) -> String {
        let parts = ReactionKind.allCases.compactMap { kind -> String? in
            let who = reactions.filter { $0.kind == kind }.map(\.memberHandle)
            return who.isEmpty ? nil : "\(kind.label) \(who.count) (\(who.joined(separator: ", ")))"
        }
        return parts.isEmpty ? "No reactions yet" : "Reactions: " + parts.joined(separator: " · ")
    }

    static func heading(for message: Encouragement) -> String {
        "Encouragement from \(message.authorHandle) to \(message.recipientHandle ?? "the group")"
    }

    static func wrap(_ text: String, width: Int, role: StyleRole, multiline: Bool = false) -> [StyledLine] {
        let safe = SafeText.neutralise(text, lines: multiline ? .multi : .single)
        return TextWrap.lines(safe, width: width).map { StyledLine($0, role) }
    }
}

/// Words shared by lists and the reader.
public enum StoryText {
    /// "by river · 5 hours ago · 2 replies · 3 reactions"
    public static func meta(_ story: StorySummary, now: Date) -> String {
        "by \(story.authorHandle) · \(RelativeTime.describe(story.createdAt, now: now)) · "
            + "\(plural(story.replyCount, "reply", "replies")) · \(plural(story.reactionCount, "reaction", "reactions"))"
    }

    public static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}

/// "just now", "5 min ago", "3 hours ago", "2 days ago", … — never a raw timestamp.
public enum RelativeTime {
    public static func describe(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        if seconds < 60 { return "just now" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes) min ago" }
        let hours = minutes / 60
        if hours < 24 { return StoryText.plural(hours, "hour", "hours") + " ago" }
        let days = hours / 24
        if days < 14 { return StoryText.plural(days, "day", "days") + " ago" }
        if days < 60 { return "\(days / 7) weeks ago" }
        if days < 365 { return "\(days / 30) months ago" }
        return StoryText.plural(days / 365, "year", "years") + " ago"
    }

    /// "3h", "2d": for tight columns.
    public static func short(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "now" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86400 { return "\(seconds / 3600)h" }
        let days = seconds / 86400
        if days < 14 { return "\(days)d" }
        if days < 365 { return "\(days / 7)w" }
        return "\(days / 365)y"
    }
}
