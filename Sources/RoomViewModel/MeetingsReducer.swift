import Foundation
import RoomCore

/// The coming meetings of all the member's groups, full screen, soonest first.
public struct MeetingsState: Equatable, Sendable {
    public var occurrences: [MeetingOccurrence] = []
    public var cursor = 0
    public var isLoading = true

    public init() {}

    public var selected: MeetingOccurrence? { occurrences.indices.contains(cursor) ? occurrences[cursor] : nil }
}

/// `w` opens the meetings list; there `y`/`m`/`n` answer (going, maybe, can't make it) and
/// `c` checks in to a meeting under way. The store checks membership and timing.
extension RoomReducer {
    static func openMeetings(_ state: inout RoomState) -> [RoomEffect] {
        state.mode = .meetings(MeetingsState())
        return [.loadMeetings]
    }

    static func meetings(_ state: inout RoomState, _ list: MeetingsState, _ command: Command) -> [RoomEffect] {
        var list = list
        let last = max(0, list.occurrences.count - 1)
        let page = max(1, state.layout.readerTextRows / MeetingsScreen.rowsPerItem)
        switch command {
        case .moveDown: list.cursor = min(list.cursor + 1, last)
        case .moveUp: list.cursor = max(list.cursor - 1, 0)
        case .pageDown: list.cursor = min(list.cursor + page, last)
        case .pageUp: list.cursor = max(list.cursor - page, 0)
        case .first: list.cursor = 0
        case .last: list.cursor = last
        case .rsvpGoing, .rsvpMaybe, .rsvpNo:
            guard let occurrence = list.selected else { return [] }
            let answer: RSVP = command == .rsvpGoing ? .going : command == .rsvpMaybe ? .maybe : .no
            return [.rsvp(occurrence.meeting.id, occurrence: occurrence.start, answer)]
        case .attend:
            guard let occurrence = list.selected else { return [] }
            guard occurrence.start <= state.now else {
                state.notice = "You can check in once the meeting has begun."
                return []
            }
            return [.checkInToMeeting(occurrence.meeting.id, occurrence: occurrence.start)]
        case .meetings:
            state.mode = .room
            return []
        default:
            leaveFullScreen(&state, command)
            return []
        }
        state.mode = .meetings(list)
        return []
    }

    static func meetingsLoaded(_ state: inout RoomState, _ occurrences: [MeetingOccurrence]) {
        guard case .meetings(var list) = state.mode else { return }
        // Keep the selection on the same occurrence when the list is reloaded.
        let selectedID = list.selected?.id
        list.occurrences = occurrences
        list.isLoading = false
        list.cursor =
            occurrences.firstIndex { $0.id == selectedID } ?? min(list.cursor, max(0, occurrences.count - 1))
        state.mode = .meetings(list)
    }

    /// After an answer or a check-in: the list and the header show the new counts.
    static func meetingsChanged(_ state: inout RoomState) -> [RoomEffect] {
        var effects: [RoomEffect] = []
        if case .meetings = state.mode { effects.append(.loadMeetings) }
        if let group = state.openGroupID { effects.append(.loadNextMeeting(group)) }
        return effects
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
