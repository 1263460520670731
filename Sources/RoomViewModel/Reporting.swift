import RoomCore

/// Reporting and muting, from the room and the reader. The store enforces every rule; these
/// only pick the target and ask.
extension RoomReducer {
    /// What `x` (report), `m` (mute) and `d` (delete) act on: the story or message read or
    /// selected, or in the reader the reply picked with Tab. `what` names it ("story “…”").
    static func selectedContent(_ state: RoomState, reader: ReaderState?) -> (
        target: ModerationTarget, author: String, what: String
    )? {
        if let reader {
            switch reader.content {
            case .story(let story, _):
                if let index = reader.selectedReply, story.replies.indices.contains(index) {
                    let reply = story.replies[index]
                    return (.reply(reply.id), reply.authorHandle, "reply")
                }
                return (.story(story.id), story.summary.authorHandle, "story “\(story.summary.title)”")
            case .encouragement(let message):
                return (.encouragement(message.id), message.authorHandle, "encouragement")
            case .loading:
                return nil
            }
        }
        switch state.focus {
        case .stories:
            return state.stories.selected.map { (.story($0.id), $0.authorHandle, "story “\($0.title)”") }
        case .encouragement:
            return state.encouragement.selected.map { (.encouragement($0.id), $0.authorHandle, "encouragement") }
        case .groups, .roster:
            return nil
        }
    }

    static func askToReport(_ state: inout RoomState, reader: ReaderState?) -> [RoomEffect] {
        guard let (target, author, what) = selectedContent(state, reader: reader) else {
            state.notice = "Select a story or a message to report (a reply: open the story, Tab to it)."
            return []
        }
        guard !state.isMine(author) else {
            state.notice =
                "That is yours: edit it (\(RoomRenderer.key(.edit, state))) or delete it (\(RoomRenderer.key(.delete, state))) instead."
            return []
        }
        state.prompt = Prompt(
            purpose: .report(target), title: "Report to the facilitators",
            explanation:
                "What is wrong with \(author)'s \(what)? The group's facilitators see your reason, not your name. "
                + "Esc: cancel.",
            maxCharacters: Limits.reportReasonMaxCharacters)
        return []
    }

    /// `m`: mute the author of what is selected, or toggle the member selected in the roster.
    static func askToMute(_ state: inout RoomState, reader: ReaderState?) -> [RoomEffect] {
        let handle: String
        var muted = false
        if reader == nil && state.focus == .roster, let entry = state.roster.selected {
            handle = entry.handle
            muted = entry.isMuted
        } else if let (_, author, _) = selectedContent(state, reader: reader) {
            handle = author
        } else {
            state.notice = "Select a member in the roster, or something they wrote, to mute them."
            return []
        }
        guard !state.isMine(handle) else {
            state.notice = "That is you."
            return []
        }
        state.confirmation =
            muted
            ? Confirmation(question: "Unmute \(handle)? You will see what they write again.", action: .unmute(handle))
            : Confirmation(
                question:
                    "Mute \(handle)? Their stories, replies and encouragement are hidden from you alone; "
                    + "they are not told. Unmute them from the roster.",
                action: .mute(handle))
        return []
    }

    static func muteChanged(_ state: inout RoomState, handle: String, muted: Bool) -> [RoomEffect] {
        state.notice =
            muted
            ? "Muted \(handle). Unmute them from the roster (\(RoomRenderer.key(.mute, state)))." : "Unmuted \(handle)."
        if muted, case .reader(let reader) = state.mode, let (_, author, _) = selectedContent(state, reader: reader),
            author.caseInsensitiveCompare(handle) == .orderedSame
        {
            state.mode = .room
        }
        return refreshWhatIsShown(&state)
    }
}
