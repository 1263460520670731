import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// The lines of the plain room: short, self-explaining, numbers first, so a screen reader
/// reads the number before anything else. Not yet neutralised: `PlainRoom.say` does that.
enum PlainText {
    /// `help`: generated from the command table, so it lists exactly what the room does.
    static var menu: [String] {
        ["Commands (N is a number from the last list):"] + PlainRoom.commands.map(\.helpLine)
    }

    /// Said once at the start of every flow of questions.
    static let questionsNote = "Every question takes !cancel to stop and !crisis for crisis help."

    /// "3. Even Odds — 12 stories, 2 new (open)"
    static func groupLine(_ number: Int, _ group: GroupSummary, isOpen: Bool) -> String {
        guard group.isReadable else { return "\(number). \(group.name) — closed, for its members only" }
        var line = "\(number). \(group.name) — \(StoryText.plural(group.storyCount, "story", "stories"))"
        if let unread = group.unreadLabel { line += ", \(unread)" }
        if isOpen { line += " (open)" }
        return line
    }

    /// "Open group: Even Odds — Gambling … 12 stories, 2 new. Type stories to list them."
    static func openLine(_ group: GroupSummary, now: Date = Date()) -> String {
        guard group.isReadable else {
            return "Open group: \(group.name) — \(group.topic). It is closed: only its members read it; "
                + "ask to join with: peerroom join --group \(group.slug)"
        }
        var counts = StoryText.plural(group.storyCount, "story", "stories")
        if let unread = group.unreadLabel { counts += ", \(unread)" }
        let backlog = Backlog.readsFromText(group, zone: .current, now: now).map { " " + $0 } ?? ""
        return
            "Open group: \(group.name) — \(group.topic). \(counts.capitalizedFirst).\(backlog) Type stories to list them."
    }

    /// "3. Ninety days — milestone, by river, 2 days ago, 1 reply, 4 reactions, new. Content warning: …"
    static func storyLine(_ number: Int, _ story: StorySummary, isNew: Bool, now: Date) -> String {
        var line =
            "\(number). \(story.title) — \(story.kind.rawValue), by \(story.authorHandle), "
            + "\(RelativeTime.describe(story.createdAt, now: now)), "
            + "\(StoryText.plural(story.replyCount, "reply", "replies")), "
            + StoryText.plural(story.reactionCount, "reaction", "reactions")
        if isNew { line += ", new" }
        if story.isHidden { line += ", hidden by a facilitator" }
        line += "."
        if let warning = story.contentWarning { line += " Content warning: \(warning)." }
        return line
    }

    /// A story to read: who and when, the content warning before the text, the text, the
    /// reactions, then the replies oldest first. Not `revealed`: a story behind a content
    /// warning stops at who and when (the warning was the question before it).
    static func storyLines(_ number: Int, _ story: Story, now: Date, revealed: Bool = true) -> [String] {
        let summary = story.summary
        var lines = [
            "Story \(number): \(summary.title)",
            "A \(summary.kind.rawValue), by \(summary.authorHandle), \(RelativeTime.describe(summary.createdAt, now: now)).",
        ]
        if summary.isHidden { lines.append("Hidden by a facilitator: only you, its author, see it.") }
        if summary.contentWarning != nil && !revealed {
            lines.append("Its text and replies stay folded. Type read \(number) when you want to see them.")
            return lines
        }
        if let warning = summary.contentWarning { lines.append("Content warning: \(warning). The text follows.") }
        lines.append("")
        lines += Output.bodyLines(story.body)
        lines.append("")
        if story.reactions.isEmpty {
            lines.append("No reactions yet.")
        } else {
            lines.append("Reactions: " + Output.reactionList(story.reactions) + ".")
        }
        lines.append(story.replies.isEmpty ? "No replies yet." : "Replies: \(story.replies.count), oldest first.")
        for (index, reply) in story.replies.enumerated() {
            var head =
                "Reply \(index + 1), by \(reply.authorHandle), \(RelativeTime.describe(reply.createdAt, now: now))"
            if reply.isHidden { head += ", hidden by a facilitator" }
            lines.append(head + ":")
            lines += Output.bodyLines(reply.body).map { "  " + $0 }
        }
        lines.append(
            "End of story \(number). Type reply \(number), react \(number) support, "
                + "or report \(number) REASON.")
        return lines
    }

    /// "2. From dune to everyone, 3 hours ago:" and the message under it.
    static func encouragementLines(_ number: Int, _ message: Encouragement, now: Date) -> [String] {
        var head =
            "\(number). From \(message.authorHandle) to \(message.recipientHandle ?? "everyone"), "
            + RelativeTime.describe(message.createdAt, now: now)
        if message.isHidden { head += ", hidden by a facilitator" }
        return [head + ":"] + Output.bodyLines(message.body).map { "  " + $0 }
    }

    /// "1. maple.jo — facilitator, 412 days, here now"
    static func rosterLine(_ number: Int, _ entry: RosterEntry, today: CalendarDay) -> String {
        var line = "\(number). \(entry.handle) — \(entry.role.label)"
        if let start = entry.recoveryStart {
            line += ", " + StoryText.plural(max(0, start.days(until: today)), "day", "days") + " in recovery"
        }
        if entry.isHere { line += ", here now" }
        if entry.isMuted { line += ", muted by you" }
        return line
    }

    /// "1. First [week] — Even Odds, reflection, by dune, 2 days ago" and a snippet under it;
    /// matches in [brackets], as `peerroom search` shows them. A story behind a content
    /// warning shows the warning instead: `read N` asks before showing its text.
    static func searchLines(_ number: Int, _ hit: SearchHit, now: Date) -> [String] {
        var snippet = Search.bracketed(hit.snippet)
        if let warning = hit.story.contentWarning {
            snippet =
                "Content warning: \(warning). Read \(number) asks before showing it."
                + (snippet.isEmpty ? "" : " " + snippet)
        }
        return [
            "\(number). \(Search.bracketed(hit.title)) — \(hit.groupName), \(hit.story.kind.rawValue), "
                + "by \(hit.story.authorHandle), \(RelativeTime.describe(hit.story.createdAt, now: now))",
            "  " + snippet,
        ]
    }
}
