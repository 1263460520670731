import Foundation
import RoomCore

/// What the room's commands do from the room and the reader: open the compose view, react,
/// delete one's own; and what posting and deleting did.
extension RoomReducer {
    // MARK: Opening

    static func startWriting(_ state: inout RoomState, _ purpose: ComposeState.Purpose, returnTo: ReaderState? = nil)
        -> [RoomEffect]
    {
        let compose = ComposeState(purpose: purpose, returnTo: returnTo)
        state.mode = .compose(compose)
        return [.loadDraft(compose.draftTarget)]
    }

    /// `n`, `e`, `r`, `E` from the room or the reader.
    static func write(_ state: inout RoomState, _ command: Command, reader: ReaderState?) -> [RoomEffect] {
        guard let group = state.openGroupID else { return [] }
        let story = reader?.story
        switch command {
        case .newStory:
            return startWriting(&state, .newStory(group: group))
        case .encourage:
            var to: String?
            if let story, !state.isMine(story.summary.authorHandle) {
                to = story.summary.authorHandle
            } else if reader == nil, state.focus == .roster, let member = state.roster.selected,
                !state.isMine(member.handle)
            {
                to = member.handle
            }
            return startWriting(&state, .encouragement(group: group, to: to), returnTo: reader)
        case .reply:
            if let story { return startWriting(&state, .reply(to: story.summary), returnTo: reader) }
            if reader == nil, state.focus == .stories, let selected = state.stories.selected {
                return startWriting(&state, .reply(to: selected))
            }
            state.notice = "Choose a story to reply to (Stories pane, or open one)."
            return []
        case .edit:
            if let story, let index = reader?.selectedReply, story.replies.indices.contains(index) {
                let reply = story.replies[index]
                guard state.isMine(reply.authorHandle) else {
                    state.notice = "Only the author can edit a reply."
                    return []
                }
                return startWriting(&state, .editReply(reply), returnTo: reader)
            }
            if reader == nil, state.focus == .encouragement, let message = state.encouragement.selected {
                guard state.isMine(message.authorHandle) else {
                    state.notice = "Only the author can edit encouragement."
                    return []
                }
                return startWriting(&state, .editEncouragement(message))
            }
            guard let story else {
                state.notice = "Open your story (Enter) to edit it."
                return []
            }
            guard state.isMine(story.summary.authorHandle) else {
                state.notice = "Only the author can edit a story."
                return []
            }
            return startWriting(&state, .edit(story), returnTo: reader)
        default:
            return []
        }
    }

    // MARK: Results

    static func posted(_ state: inout RoomState, _ result: Posted) -> [RoomEffect] {
        guard case .compose(let compose) = state.mode else { return [] }
        let back = compose.returnTo
        state.mode = back.map(Mode.reader) ?? .room
        state.notice = compose.postedNotice
        state.crisisOffered.remove(compose.draftTarget)  // the next draft here is a new one
        // Counts and other lists follow by themselves: the write logs its changes.
        var effects: [RoomEffect] = [.discardDraft(compose.draftTarget)]
        switch result {
        case .story(let summary):
            state.focus = .stories
            effects.append(.loadStories(summary.groupID, state.stories.reset()))  // to the top, where it is
        case .reply(let story), .edited(let story):
            if case .reader(var reader) = state.mode {
                reader.content = .story(story, revealed: reader.isRevealed)
                state.mode = .reader(reader)
            }
            state.stories.replace(story.summary)
        case .encouragement(let message):
            effects.append(.loadEncouragement(message.groupID, state.encouragement.reset()))
        case .editedEncouragement(let message):
            state.encouragement.replace(message)
        }
        return effects
    }

    /// `d`: asks before deleting one's own story, reply (picked with Tab) or encouragement.
    static func askToDelete(_ state: inout RoomState, reader: ReaderState?) -> [RoomEffect] {
        guard let (target, author, what) = selectedContent(state, reader: reader) else { return [] }
        guard state.isMine(author) else {
            state.notice = "Only the author can delete this."
            return []
        }
        let action: Confirmation.Action =
            switch target {
            case .story(let id): .deleteStory(id)
            case .reply(let id): .deleteReply(id)
            case .encouragement(let id): .deleteEncouragement(id)
            }
        // A story asks once the store has said how many replies of others stay under it.
        if case .story(let id) = target { return [.countOthersReplies(id)] }
        state.confirmation = Confirmation(question: "Delete your \(what)? It cannot be undone.", action: action)
        return []
    }

    /// The question for one's own story, once the store counted others' replies: they stay.
    /// Asked only if that story is still the one selected or read.
    static func askToDeleteStory(_ state: inout RoomState, _ id: StoryID, othersReplies: Int) {
        let reader: ReaderState?
        switch state.mode {
        case .room: reader = nil
        case .reader(let open): reader = open
        default: return
        }
        guard state.confirmation == nil, state.prompt == nil,
            let (target, _, what) = selectedContent(state, reader: reader), target == .story(id)
        else { return }
        let stays =
            switch othersReplies {
            case 0: "It cannot be undone."
            case 1: "Another member's reply stays."
            default: "Others' \(othersReplies) replies stay."
            }
        state.confirmation = Confirmation(question: "Delete your \(what)? \(stays)", action: .deleteStory(id))
    }

    static func deleted(_ state: inout RoomState, _ action: Confirmation.Action) -> [RoomEffect] {
        switch action {
        case .deleteStory(let id):
            state.stories.remove(id: id, visible: state.layout.visibleItems(.stories))
            if case .reader(let reader) = state.mode, reader.story?.id == id { state.mode = .room }
            state.notice = "Deleted."
        case .deleteReply:
            state.notice = "Deleted."
            if case .reader(var reader) = state.mode, let story = reader.story {
                reader.selectedReply = nil
                state.mode = .reader(reader)
                return [.loadStory(story.id)]
            }
        case .deleteEncouragement(let id):
            state.encouragement.remove(id: id, visible: state.layout.visibleItems(.encouragement))
            if case .reader(let reader) = state.mode, case .encouragement(let message) = reader.content,
                message.id == id
            {
                state.mode = .room
            }
            state.notice = "Deleted."
        case .discardDraft, .mute, .unmute, .endMentorship:
            break
        }
        return []
    }

    /// Reactions from the reader or the stories pane.
    static func react(_ state: inout RoomState, _ command: Command, reader: ReaderState?) -> [RoomEffect] {
        let kind: ReactionKind =
            switch command {
            case .reactBeenThere: .beenThere
            case .reactProud: .proud
            default: .support
            }
        if let story = reader?.story { return [.toggleReaction(story.id, kind)] }
        guard reader == nil, state.focus == .stories, let story = state.stories.selected else { return [] }
        return [.toggleReaction(story.id, kind)]
    }
}
