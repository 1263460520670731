import Foundation
import RoomCore

/// The lines of the meetings list: per occurrence, when (in the member's zone) and what,
/// where and with whom, and the answers so far. The selected one is marked with ▸.
enum MeetingsScreen {
    static let rowsPerItem = 4

    static func lines(_ list: MeetingsState, state: RoomState) -> [StyledLine] {
        if list.isLoading { return [StyledLine("Loading meetings…", .muted)] }
        if list.occurrences.isEmpty {
            return [StyledLine("None of your groups has a meeting coming up.", .muted)]
        }
        var lines: [StyledLine] = []
        for (index, occurrence) in list.occurrences.enumerated() {
            let selected = index == list.cursor
            let meeting = occurrence.meeting
            let when = MeetingTime.summary(occurrence, zone: state.timeZone, now: state.now)
            var heading = StyledLine(
                "\(selected ? "▸ " : "  ")\(when) — \(meeting.title)", selected ? .selection : .title)
            heading.replyIndex = index
            lines.append(heading)
            var detail = "\(meeting.groupName) · \(meeting.durationMinutes) min"
            if meeting.zone.identifier != state.timeZone.identifier {
                let theirs = MeetingTime.when(occurrence.start, zone: meeting.zone, now: state.now)
                detail += " · \(theirs) \(meeting.timeZone)"
            }
            if !meeting.facilitatorHandle.isEmpty { detail += " · with \(meeting.facilitatorHandle)" }
            lines.append(StyledLine("    " + detail, .muted))
            lines.append(StyledLine("    " + meeting.location, .normal))
            var answers = "    going \(occurrence.going) · maybe \(occurrence.maybe) · can't \(occurrence.cannot)"
            if let mine = occurrence.myRSVP { answers += " · you: \(mine.label)" }
            if occurrence.checkedIn { answers += " · you checked in" }
            lines.append(StyledLine(answers, .muted))
        }
        return lines
    }
}
