import Foundation
import RoomCore

/// How a check-in is answered: like a peer. A hard day (mood 1 or 2) is thanked and given the
/// ways to reach people, with no streak and no 🎉; any other day gets the streak beside the
/// days in all and the longest run, so a gap never reads as losing everything.
public enum CheckInText {
    public static let hardDayThanks = "Thank you for checking in. Hard days count too."

    /// "3 days in a row · 41 days in all · longest run 12 days"
    public static func streakLine(_ summary: CheckInSummary) -> String {
        "\(StoryText.plural(summary.streak, "day", "days")) in a row · "
            + "\(StoryText.plural(summary.totalDays, "day", "days")) in all · "
            + "longest run \(StoryText.plural(summary.longestStreak, "day", "days"))"
    }

    /// The answer in the room, a line each; `mentor` is the member's mentor, if the room knows one.
    static func lines(_ summary: CheckInSummary, keyMap: KeyMap, mentor: String?) -> [StyledLine] {
        func key(_ command: Command) -> String { keyMap.keys(for: command).first?.label ?? "?" }
        if summary.isHardDay {
            let reach = mentor.map { "write to your mentor \($0)" } ?? "find a peer mentor"
            return [
                StyledLine(hardDayThanks, .title),
                StyledLine("", .muted),
                StyledLine("If you want company:", .muted),
                StyledLine("\(key(.encourage)): write to the group · \(key(.mentorship)): \(reach)", .key),
                StyledLine("\(key(.crisis)): crisis help, now", .crisis),
            ]
        }
        var lines = [
            StyledLine("Checked in" + (summary.today.map { ": mood \($0.mood)." } ?? "."), .title),
            StyledLine(streakLine(summary)),
        ]
        var recovery: [String] = []
        if let days = summary.daysSinceStart { recovery.append("\(StoryText.plural(days, "day", "days")) in recovery") }
        if let next = summary.nextMilestone { recovery.append("next: \(next) on \(next.day)") }
        if !recovery.isEmpty { lines.append(StyledLine(recovery.joined(separator: " · "))) }
        if let milestone = summary.milestoneToday {
            var line = "🎉 \(milestone) today!"
            if !summary.celebratedIn.isEmpty { line += " Shared with \(summary.celebratedIn.joined(separator: ", "))." }
            lines.append(StyledLine(line, .title))
        }
        return lines
    }

    /// The answer framed in the middle of the screen, over whatever is there.
    static func draw(_ canvas: inout Canvas, _ summary: CheckInSummary, state: RoomState, layout: Layout) {
        let mentor = state.roster.items.first { $0.mentorMark == .myMentor }?.handle
        let content = lines(summary, keyMap: state.keyMap, mentor: mentor)
        let width = min(layout.size.width - 2, 64)
        let textWidth = width - 4
        func wrap(_ lines: [StyledLine]) -> [StyledLine] {
            lines.flatMap { line in
                line.text.isEmpty
                    ? [line] : TextWrap.lines(line.text, width: textWidth).map { StyledLine($0, line.role) }
            }
        }
        var wrapped = wrap(content)
        // On a small screen the muted lines (spacing, lead-ins) give way to what matters.
        let room = layout.size.height - 2
        if wrapped.count + 4 > room { wrapped = wrap(content.filter { $0.role != .muted }) }
        // And the empty line above "close" too.
        let gap = wrapped.count + 4 > room ? 0 : 1
        let close = summary.isHardDay ? "Any other key: close" : "Any key: close"
        let height = min(room, wrapped.count + 3 + gap)
        let box = Rect(
            x: (layout.size.width - width) / 2, y: max(1, (layout.size.height - height) / 2), width: width,
            height: height)
        canvas.fill(box, role: .normal)
        canvas.box(box, title: "Your check-in", focused: true)
        for (i, line) in wrapped.prefix(max(0, height - 3 - gap)).enumerated() {
            canvas.put(line.text, x: box.x + 2, y: box.y + 1 + i, maxWidth: textWidth, role: line.role)
        }
        canvas.put(close, x: box.x + 2, y: box.maxY - 2, maxWidth: textWidth, role: .key)
        let keys: [(String, String)] =
            summary.isHardDay
            ? [
                (RoomRenderer.key(.encourage, state), "the group"), (RoomRenderer.key(.mentorship, state), "mentor"),
                ("any other key", "close"),
            ] : [("any key", "close")]
        RoomRenderer.drawFooter(&canvas, state: state, layout: layout, hints: keys)
        // A screen reader starts at the first line of the answer.
        canvas.cursor = Point(x: box.x + 2, y: box.y + 1)
    }
}

extension RoomReducer {
    /// A key while the check-in's answer is shown: it closes the answer; the keys the answer
    /// offers (encourage the group, mentorship) go on to do what they say.
    static func checkInAnswerKey(_ state: inout RoomState, _ key: Key) -> [RoomEffect] {
        state.checkInAnswer = nil
        switch state.keyMap.command(for: key) {
        case .encourage:
            guard let group = state.openGroupID else { return [] }
            var reader: ReaderState?
            if case .reader(let open) = state.mode { reader = open }
            return startWriting(&state, .encouragement(group: group, to: nil), returnTo: reader)
        case .mentorship:
            return MentorshipState.open(&state)
        default:
            return []
        }
    }
}

/// `c`: today's check-in, asked in one line ("4 slept well"); the answer says the streak.
extension RoomReducer {
    static func askToCheckIn(_ state: inout RoomState) -> [RoomEffect] {
        state.prompt = Prompt(
            purpose: .checkIn, title: "How are you today?",
            explanation:
                "A number from 1 (low) to 5 (good), then a note for yourself if you like: only you ever see it. "
                + "A second check-in today replaces the first. Esc: cancel.",
            maxCharacters: Validate.checkInNoteMaxCharacters)
        return []
    }
}
