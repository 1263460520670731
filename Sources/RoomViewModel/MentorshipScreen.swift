import Foundation
import RoomCore

/// The member's mentorships (as mentor or mentee) and the private thread of the selected one.
public struct MentorshipState: Equatable, Sendable {
    public var mentorships: [Mentorship] = []
    public var cursor = 0
    public var thread: [MentorMessage] = []
    public var isLoading = true

    public init() {}

    public var selected: Mentorship? { mentorships.indices.contains(cursor) ? mentorships[cursor] : nil }
}

/// `P` opens it; j/k pick a mentorship (its thread loads), `r` writes to the other of the two.
/// Asking, accepting, declining and ending are on the command line (`peerroom mentor`).
extension RoomReducer {
    static func openMentorship(_ state: inout RoomState) -> [RoomEffect] {
        state.mode = .mentorship(MentorshipState())
        return [.loadMentorships]
    }

    static func mentorship(_ state: inout RoomState, _ view: MentorshipState, _ command: Command) -> [RoomEffect] {
        var view = view
        let before = view.cursor
        let last = max(0, view.mentorships.count - 1)
        switch command {
        case .moveDown: view.cursor = min(view.cursor + 1, last)
        case .moveUp: view.cursor = max(view.cursor - 1, 0)
        case .first: view.cursor = 0
        case .last: view.cursor = last
        case .reply:
            guard let selected = view.selected else { return [] }
            guard selected.status == .active else {
                state.notice = "Only an active mentorship has a thread to write in."
                return []
            }
            let other = other(in: selected, state: state)
            state.prompt = Prompt(
                purpose: .mentorMessage(selected.id, to: other), title: "To \(other), privately",
                explanation: "Only \(other) and you can read this thread. Esc: cancel.",
                maxCharacters: Limits.encouragementMaxCharacters)
            return []
        case .acceptMentee, .declineMentee:
            guard let selected = view.selected, selected.status == .requested, state.isMine(selected.mentorHandle)
            else {
                state.notice = "Select a request to you to accept or decline it."
                return []
            }
            return [.answerMentorship(selected.id, accept: command == .acceptMentee)]
        case .endMentorship:
            guard let selected = view.selected, selected.status == .requested || selected.status == .active else {
                state.notice = "Select a request or an active mentorship to end it."
                return []
            }
            let other = other(in: selected, state: state)
            state.confirmation = Confirmation(
                question: selected.status == .active
                    ? "End your mentorship with \(other)? The thread stays readable by the two of you."
                    : "Withdraw the request between you and \(other)?",
                action: .endMentorship(selected.id))
            return []
        case .mentorship:
            state.mode = .room
            return []
        default:
            leaveFullScreen(&state, command)
            return []
        }
        if view.cursor != before { view.thread = [] }
        state.mode = .mentorship(view)
        guard view.cursor != before, let selected = view.selected else { return [] }
        return [.loadMentorThread(selected.id)]
    }

    static func mentorshipsLoaded(_ state: inout RoomState, _ mentorships: [Mentorship]) -> [RoomEffect] {
        guard case .mentorship(var view) = state.mode else { return [] }
        // A reload (a change from the other side) keeps the selected mentorship selected.
        let selected = view.selected?.id
        view.mentorships = mentorships
        view.isLoading = false
        if let index = mentorships.firstIndex(where: { $0.id == selected }) {
            view.cursor = index
        } else {
            view.cursor = min(view.cursor, max(0, mentorships.count - 1))
            view.thread = []
        }
        state.mode = .mentorship(view)
        return view.selected.map { [.loadMentorThread($0.id)] } ?? []
    }

    static func mentorThreadLoaded(_ state: inout RoomState, _ id: MentorshipID, _ thread: [MentorMessage]) {
        guard case .mentorship(var view) = state.mode, view.selected?.id == id else { return }
        view.thread = thread
        state.mode = .mentorship(view)
    }

    /// Whether the mentorship keys apply.
    /// The other member of a mentorship, seen from the person using the room.
    static func other(in mentorship: Mentorship, state: RoomState) -> String {
        state.isMine(mentorship.mentorHandle) ? mentorship.menteeHandle : mentorship.mentorHandle
    }
}

enum MentorshipScreen {
    static func lines(_ view: MentorshipState, state: RoomState) -> [StyledLine] {
        let width = state.layout.readerTextWidth
        if view.isLoading { return [StyledLine("Loading…", .muted)] }
        if view.mentorships.isEmpty {
            return TextWrap.lines(
                "You have no mentorships. Ask for a peer mentor with: peerroom mentor request --group SLUG",
                width: width
            ).map { StyledLine($0, .muted) }
        }
        var lines: [StyledLine] = []
        for (index, mentorship) in view.mentorships.enumerated() {
            let selected = index == view.cursor
            let relation =
                state.isMine(mentorship.mentorHandle)
                ? "you mentor \(mentorship.menteeHandle)" : "\(mentorship.mentorHandle) mentors you"
            lines.append(
                StyledLine(
                    "\(selected ? "▸ " : "  ")\(relation) · \(mentorship.groupSlug) · \(mentorship.status.rawValue)",
                    selected ? .selection : .title))
        }
        lines.append(StyledLine(""))
        guard let selected = view.selected else { return lines }
        if let note = selected.requestNote {
            lines += TextWrap.lines("\(selected.menteeHandle) asked: \(note)", width: width).map {
                StyledLine($0, .muted)
            }
        }
        if selected.status == .requested && state.isMine(selected.mentorHandle) {
            lines += TextWrap.lines(
                "Answer with: peerroom mentor accept --id \(selected.id), or decline --id \(selected.id)", width: width
            ).map { StyledLine($0, .key) }
        }
        if let note = selected.responseNote {
            lines += TextWrap.lines("\(selected.mentorHandle): \(note)", width: width).map { StyledLine($0, .muted) }
        }
        if view.thread.isEmpty {
            lines.append(StyledLine("No messages yet.", .muted))
        }
        for message in view.thread {
            lines.append(
                StyledLine(
                    "\(message.authorHandle) · \(RelativeTime.describe(message.createdAt, now: state.now))", .muted))
            lines += TextWrap.lines(message.body, width: width - 2).map { StyledLine("  " + $0) }
        }
        return lines
    }
}
