import Foundation
import RoomCore

/// Writing: the compose view's keys, drafts, posting, and the commands that open it.
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

    // MARK: Keys while writing

    static func composeKey(_ state: inout RoomState, _ compose: ComposeState, _ key: Key) -> [RoomEffect] {
        var compose = compose
        guard !compose.isSending else { return [] }
        if let command = state.keyMap.command(for: key, in: .writing) {
            switch command {
            case .send:
                switch compose.submission() {
                case .success(let submission):
                    compose.isSending = true
                    compose.problem = nil
                    state.mode = .compose(compose)
                    return [.submit(submission)]
                case .failure(let error):
                    compose.problem = error.description
                    state.mode = .compose(compose)
                    return []
                }
            case .nextField, .previousField:
                let fields = compose.fields
                let index = fields.firstIndex(of: compose.field) ?? 0
                let step = command == .nextField ? 1 : fields.count - 1
                compose.field = fields[(index + step) % fields.count]
                state.mode = .compose(compose)
                return []
            case .externalEditor:
                compose.field = .body
                state.mode = .compose(compose)
                return [.openExternalEditor(compose.body.text)]
            case .discard:
                state.confirmation = Confirmation(
                    question: "Discard what you wrote here? It cannot be undone.", action: .discardDraft)
                return []
            case .leave:
                let draft = compose.draft(at: state.now)
                state.mode = compose.returnTo.map(Mode.reader) ?? .room
                if !draft.isEmpty { state.notice = draftKeptNotice(compose, keyMap: state.keyMap) }
                return [.saveDraft(draft)]
            default:
                break
            }
        }
        let width = state.layout.composeBody(compose).width
        let changed: Bool?
        switch compose.field {
        case .kind:
            if case .character(let c) = key {
                // Letters are words, never a kind: the title gets them (nothing typed is lost).
                compose.field = .title
                changed = edit(&compose.title, .character(c), width: width)
            } else {
                changed = chooseKind(&compose, key)
                if key == .enter { compose.field = .title }
            }
        case .title:
            changed = edit(&compose.title, key, width: width)
            if key == .enter { compose.field = .contentWarning }
        case .contentWarning:
            changed = edit(&compose.contentWarning, key, width: width)
            if key == .enter { compose.field = .body }
        case .body:
            changed = edit(&compose.body, key, width: width, pageRows: state.layout.composeBody(compose).height)
        }
        return afterEdit(&state, &compose, changed: changed == true)
    }

    /// What Esc says when it leaves text behind: that it is kept, and the key that brings it back.
    static func draftKeptNotice(_ compose: ComposeState, keyMap: KeyMap) -> String {
        let command: Command
        let place: String
        switch compose.purpose {
        case .newStory: (command, place) = (.newStory, " in this group")
        case .reply: (command, place) = (.reply, " on this story")
        case .encouragement: (command, place) = (.encourage, "")
        case .edit, .editReply, .editEncouragement: (command, place) = (.edit, "")
        }
        let key = keyMap.keys(for: command).first?.label ?? command.rawValue
        return "Draft kept — \(key)\(place) to come back to it."
    }

    /// Inserts pasted text into the field being written, in one piece.
    static func paste(_ state: inout RoomState, _ text: String) -> [RoomEffect] {
        guard case .compose(var compose) = state.mode, !compose.isSending else { return [] }
        switch compose.field {
        case .kind:
            compose.field = .title
            compose.title.insert(text)
        case .title: compose.title.insert(text)
        case .contentWarning: compose.contentWarning.insert(text)
        case .body: compose.body.insert(text)
        }
        return afterEdit(&state, &compose, changed: true)
    }

    private static func afterEdit(_ state: inout RoomState, _ compose: inout ComposeState, changed: Bool)
        -> [RoomEffect]
    {
        let area = state.layout.composeBody(compose)
        let cursorRow = compose.body.cursorPosition(width: area.width).row
        if cursorRow < compose.bodyTop { compose.bodyTop = cursorRow }
        if cursorRow >= compose.bodyTop + area.height { compose.bodyTop = cursorRow - area.height + 1 }
        if changed {
            compose.isTouched = true
            compose.problem = nil
        }
        state.mode = .compose(compose)
        return changed ? [.saveDraft(compose.draft(at: state.now))] : []
    }

    /// Left and Right choose the kind of story.
    private static func chooseKind(_ compose: inout ComposeState, _ key: Key) -> Bool? {
        let kinds = StoryKind.allCases
        let index = kinds.firstIndex(of: compose.kind)!
        switch key {
        case .left: compose.kind = kinds[(index + kinds.count - 1) % kinds.count]
        case .right: compose.kind = kinds[(index + 1) % kinds.count]
        default: return nil
        }
        return true
    }

    /// Applies an editing key. Returns true when the text changed, false when only the
    /// cursor moved, nil when the key is not an editing key.
    static func edit(_ editor: inout TextEditor, _ key: Key, width: Int, pageRows: Int = 1) -> Bool? {
        switch key {
        case .character(let c): editor.insert(String(c))
        case .enter:
            guard editor.isMultiline else { return nil }
            editor.insert("\n")
        case .backspace: editor.backspace()
        case .delete: editor.deleteForward()
        case .left:
            editor.moveLeft()
            return false
        case .right:
            editor.moveRight()
            return false
        case .controlLeft:
            editor.moveWordLeft()
            return false
        case .controlRight:
            editor.moveWordRight()
            return false
        case .home:
            editor.moveToRowStart(width: width)
            return false
        case .end:
            editor.moveToRowEnd(width: width)
            return false
        case .up:
            editor.moveVertically(by: -1, width: width)
            return false
        case .down:
            editor.moveVertically(by: 1, width: width)
            return false
        case .pageUp:
            editor.moveVertically(by: -max(1, pageRows - 1), width: width)
            return false
        case .pageDown:
            editor.moveVertically(by: max(1, pageRows - 1), width: width)
            return false
        default: return nil
        }
        return true
    }

    // MARK: Results

    static func posted(_ state: inout RoomState, _ result: Posted) -> [RoomEffect] {
        guard case .compose(let compose) = state.mode else { return [] }
        let back = compose.returnTo
        state.mode = back.map(Mode.reader) ?? .room
        state.notice = compose.postedNotice
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

    static func confirm(_ state: inout RoomState, _ confirmation: Confirmation, _ key: Key) -> [RoomEffect] {
        state.confirmation = nil
        guard key == .character("y") || key == .character("Y") else { return [] }
        switch confirmation.action {
        case .discardDraft:
            guard case .compose(let compose) = state.mode else { return [] }
            state.mode = compose.returnTo.map(Mode.reader) ?? .room
            state.notice = "Draft discarded."
            return [.discardDraft(compose.draftTarget)]
        case .deleteStory, .deleteReply, .deleteEncouragement:
            return [.delete(confirmation.action)]
        case .mute(let handle):
            return [.setMuted(handle: handle, muted: true)]
        case .unmute(let handle):
            return [.setMuted(handle: handle, muted: false)]
        case .endMentorship(let id):
            return [.endMentorship(id)]
        }
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

extension ReaderState {
    /// The story being read, once it has arrived.
    public var story: Story? {
        if case .story(let story, _) = content { return story }
        return nil
    }

    public var isRevealed: Bool {
        if case .story(_, let revealed) = content { return revealed }
        return false
    }
}
