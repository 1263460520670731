import Foundation
import RoomCore

/// The compose view: a new story, a reply, encouragement, or changes to one's story.
public struct ComposeState: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case newStory(group: GroupID)
        case reply(to: StorySummary)
        case encouragement(group: GroupID, to: String?)
        case edit(Story)
        case editReply(Reply)
        case editEncouragement(Encouragement)
    }

    public enum Field: Int, CaseIterable, Sendable {
        case kind, title, contentWarning, body

        public var label: String {
            switch self {
            case .kind: "Kind"
            case .title: "Title"
            case .contentWarning: "Content warning"
            case .body: "Text"
            }
        }
    }

    public var purpose: Purpose
    public var kind: StoryKind
    public var title: TextEditor
    public var contentWarning: TextEditor
    public var body: TextEditor
    public var field: Field
    /// First visible row of the body.
    public var bodyTop = 0
    /// When a saved draft was put back, its time (shown so the person knows).
    public var restoredDraftFrom: Date?
    /// Whether the person changed anything yet (a draft arriving late must not overwrite it).
    public var isTouched = false
    public var isSending = false
    /// Why the last attempt to post did not go through.
    public var problem: String?
    /// The reader to go back to after a reply.
    public var returnTo: ReaderState?
    /// The quiet line offering crisis help is shown (the draft holds crisis words).
    public var offersCrisisHelp = false

    public init(purpose: Purpose, returnTo: ReaderState? = nil) {
        self.purpose = purpose
        self.returnTo = returnTo
        kind = .reflection
        title = TextEditor(multiline: false, maxCharacters: Limits.titleMaxCharacters)
        contentWarning = TextEditor(multiline: false, maxCharacters: Limits.contentWarningMaxCharacters)
        let bodyLimit: Int
        switch purpose {
        case .newStory, .edit: bodyLimit = Limits.bodyMaxCharacters
        case .reply, .editReply: bodyLimit = Limits.replyMaxCharacters
        case .encouragement, .editEncouragement: bodyLimit = Limits.encouragementMaxCharacters
        }
        body = TextEditor(multiline: true, maxCharacters: bodyLimit)
        field = .body
        // Writing starts where the words go: the kind keeps its default until chosen (Shift-Tab).
        field = fields.first { $0 != .kind } ?? fields[0]
        if case .edit(let story) = purpose {
            kind = story.summary.kind
            title = TextEditor(story.summary.title, multiline: false, maxCharacters: Limits.titleMaxCharacters)
            contentWarning = TextEditor(
                story.summary.contentWarning ?? "", multiline: false,
                maxCharacters: Limits.contentWarningMaxCharacters)
            body = TextEditor(story.body, multiline: true, maxCharacters: bodyLimit)
        }
        if case .editReply(let reply) = purpose {
            body = TextEditor(reply.body, multiline: true, maxCharacters: bodyLimit)
        }
        if case .editEncouragement(let message) = purpose {
            body = TextEditor(message.body, multiline: true, maxCharacters: bodyLimit)
        }
    }

    /// The fields this purpose has, in Tab order.
    public var fields: [Field] {
        switch purpose {
        case .newStory: Field.allCases
        case .edit: [.title, .contentWarning, .body]
        case .reply, .encouragement, .editReply, .editEncouragement: [.body]
        }
    }

    /// What the draft is saved under.
    public var draftTarget: DraftTarget {
        switch purpose {
        case .newStory(let group): .story(group: group)
        case .reply(let story): .reply(story: story.id)
        case .encouragement(let group, let to): .encouragement(group: group, to: to)
        case .edit(let story): .editStory(story.id)
        case .editReply(let reply): .editReply(reply.id)
        case .editEncouragement(let message): .editEncouragement(message.id)
        }
    }

    /// The heading: what is being written, and for whom.
    public var heading: String {
        switch purpose {
        case .newStory: "New story"
        case .reply(let story): "Reply to “\(story.title)”"
        case .encouragement(_, let to): "Encouragement to \(to ?? "everyone in the group")"
        case .edit: "Edit your story"
        case .editReply: "Edit your reply"
        case .editEncouragement: "Edit your encouragement"
        }
    }

    /// What the footer says once the store took it.
    public var postedNotice: String {
        switch purpose {
        case .newStory: Words.storyPosted
        case .reply: Words.replyPosted
        case .encouragement: Words.encouragementSent
        case .edit: "Your story is updated."
        case .editReply: "Your reply is updated."
        case .editEncouragement: "Your encouragement is updated."
        }
    }

    public func draft(at time: Date) -> Draft {
        Draft(
            target: draftTarget, kind: fields.contains(.kind) ? kind : nil, title: title.text,
            contentWarning: contentWarning.text, body: body.text, updatedAt: time)
    }

    /// Puts a saved draft back into the fields.
    public mutating func restore(_ draft: Draft) {
        if let kind = draft.kind { self.kind = kind }
        title = TextEditor(draft.title, multiline: false, maxCharacters: title.maxCharacters)
        contentWarning = TextEditor(draft.contentWarning, multiline: false, maxCharacters: contentWarning.maxCharacters)
        body = TextEditor(draft.body, multiline: true, maxCharacters: body.maxCharacters)
        restoredDraftFrom = draft.updatedAt
    }

    /// The submission, or the first rule the text breaks.
    public func submission() -> Result<Submission, ValidationError> {
        do throws(ValidationError) {
            switch purpose {
            case .newStory(let group):
                return .success(
                    .story(
                        group: group, kind: kind, title: try Validate.title(title.text),
                        contentWarning: try Validate.contentWarning(contentWarning.text),
                        body: try Validate.body(body.text)))
            case .reply(let story):
                return .success(.reply(story: story.id, body: try Validate.reply(body.text)))
            case .encouragement(let group, let to):
                return .success(.encouragement(group: group, to: to, body: try Validate.encouragement(body.text)))
            case .edit(let story):
                return .success(
                    .edit(
                        story: story.id, title: try Validate.title(title.text),
                        contentWarning: try Validate.contentWarning(contentWarning.text) ?? "",
                        body: try Validate.body(body.text)))
            case .editReply(let reply):
                return .success(.editReply(reply, body: try Validate.reply(body.text)))
            case .editEncouragement(let message):
                return .success(.editEncouragement(message.id, body: try Validate.encouragement(body.text)))
            }
        } catch {
            return .failure(error)
        }
    }
}

extension Command {
    public static let send = Command("send", help: "Post what you wrote", footer: "post")
    public static let nextField = Command("next-field", help: "Next field", footer: "next field")
    public static let previousField = Command("previous-field", help: "Previous field")
    public static let externalEditor = Command(
        "external-editor", help: "Write the text in $VISUAL or $EDITOR", footer: "editor")
    public static let discard = Command("discard", help: "Discard the draft (asks first)", footer: "discard")
    public static let leave = Command("leave", help: "Leave; the draft is kept for next time", footer: "leave")
}

extension ComposeState: Screen {
    var mode: Mode { .compose(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .send, keys: [.control("s")], context: .writing),
        .init(command: .nextField, keys: [.tab], context: .writing),
        .init(command: .previousField, keys: [.backTab], context: .writing),
        .init(command: .externalEditor, keys: [.control("o")], context: .writing),
        .init(command: .discard, keys: [.control("x")], context: .writing),
        .init(command: .leave, keys: [.escape], context: .writing),
        // "!" is text while writing ("I made it!"), so crisis help has its own key there.
        .init(command: .crisis, keys: [.control("g")], context: .writing),
    ]
    var keyContext: KeyContext? { .writing }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        (.writing, "Keys while writing")
    }

    /// Keys are text here but for the `.writing` bindings.
    mutating func key(_ key: Key, _ room: inout RoomState) -> [RoomEffect] {
        RoomReducer.composeKey(&room, self, key)
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] { [] }

    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] { [] }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        switch action {
        case .draftLoaded(let target, let draft):
            if draftTarget == target, !isTouched, let draft {
                restore(draft)
                RoomReducer.offerCrisisHelp(&room, &self)
            }
            return []
        case .posted(let result):
            return RoomReducer.posted(&room, result)
        case .postFailed(let message):
            isSending = false
            problem = message
            return []
        case .externalEditorClosed(let text):
            guard let text else {
                room.notice = "The editor did not run; set $VISUAL or $EDITOR. Your text is unchanged."
                return []
            }
            body = TextEditor(text, multiline: true, maxCharacters: body.maxCharacters)
            isTouched = true
            RoomReducer.offerCrisisHelp(&room, &self)
            return [.saveDraft(draft(at: room.now))]
        default:
            return nil
        }
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        ComposeRenderer.draw(&canvas, self, state: state, layout: layout)
    }
}

/// Keys while writing: the `.writing` bindings, else text for the field being written.
extension RoomReducer {
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

    static func afterEdit(_ state: inout RoomState, _ compose: inout ComposeState, changed: Bool)
        -> [RoomEffect]
    {
        let area = state.layout.composeBody(compose)
        let cursorRow = compose.body.cursorPosition(width: area.width).row
        if cursorRow < compose.bodyTop { compose.bodyTop = cursorRow }
        if cursorRow >= compose.bodyTop + area.height { compose.bodyTop = cursorRow - area.height + 1 }
        if changed {
            compose.isTouched = true
            compose.problem = nil
            offerCrisisHelp(&state, &compose)
        }
        state.mode = .compose(compose)
        return changed ? [.saveDraft(compose.draft(at: state.now))] : []
    }

    /// Once per draft, when what is written holds crisis words, the compose view offers crisis
    /// help in a quiet line. Only the text in memory is looked at; nothing is sent or kept.
    static func offerCrisisHelp(_ state: inout RoomState, _ compose: inout ComposeState) {
        guard !compose.offersCrisisHelp, !state.crisisWords.isEmpty,
            !state.crisisOffered.contains(compose.draftTarget)
        else { return }
        let fields = [compose.title.text, compose.contentWarning.text, compose.body.text]
        guard fields.contains(where: state.crisisWords.matches) else { return }
        compose.offersCrisisHelp = true
        state.crisisOffered.insert(compose.draftTarget)
    }

    /// Crisis help opened from the compose view: the offer was taken (or not needed) and
    /// does not come back for this draft.
    static func crisisHelpOpened(_ state: inout RoomState) {
        guard case .compose(var compose) = state.mode else { return }
        compose.offersCrisisHelp = false
        state.crisisOffered.insert(compose.draftTarget)
        state.mode = .compose(compose)
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
}

/// Draws the compose view: a frame titled with what is being written, one row per short
/// field, and the text area with the terminal cursor where the next character goes.
enum ComposeRenderer {
    static let labelWidth = 9

    static func draw(_ canvas: inout Canvas, _ compose: ComposeState, state: RoomState, layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: compose.heading)
        let frame = Rect(x: 0, y: 1, width: layout.size.width, height: layout.size.height - 2)
        canvas.box(frame, title: compose.heading, focused: true)
        let fieldX = 2 + labelWidth
        let fieldWidth = max(1, layout.size.width - fieldX - 2)
        var y = 2
        var cursor: Point?
        for field in compose.fields where field != .body {
            let focused = compose.field == field
            canvas.put(
                (focused ? "▸" : " ") + field.shortLabel, x: 1, y: y, maxWidth: labelWidth,
                role: focused ? .title : .muted)
            switch field {
            case .kind:
                var x = fieldX
                for kind in StoryKind.allCases {
                    let chosen = kind == compose.kind
                    let label = chosen ? "[\(kind.rawValue)]" : " \(kind.rawValue) "
                    if chosen && focused { cursor = Point(x: x + 1, y: y) }
                    x += canvas.put(
                        label, x: x, y: y, maxWidth: max(0, frame.maxX - 1 - x), role: chosen ? .selection : .normal)
                }
                let hint = "  Left/Right: choose"
                if focused && x + DisplayWidth.of(hint) <= frame.maxX - 1 {
                    canvas.put(hint, x: x, y: y, role: .muted)
                }
            case .title, .contentWarning:
                let editor = field == .title ? compose.title : compose.contentWarning
                let left = "\(editor.charactersLeft)"
                let leftWidth = DisplayWidth.of(left) + 1
                let width = max(1, fieldWidth - leftWidth)
                if editor.text.isEmpty && !focused && field == .contentWarning {
                    canvas.put("(optional: e.g. relapse, grief)", x: fieldX, y: y, maxWidth: width, role: .muted)
                } else {
                    let point = drawSingleLine(&canvas, editor, x: fieldX, y: y, width: width)
                    if focused { cursor = point }
                }
                canvas.put(left, x: fieldX + fieldWidth - leftWidth + 1, y: y, role: .muted)
            case .body:
                break
            }
            y += 1
        }
        let area = layout.composeBody(compose)
        let bodyFocused = compose.field == .body
        var label = "\(compose.body.charactersLeft) characters left"
        if let restored = compose.restoredDraftFrom {
            label += " · draft from \(RelativeTime.describe(restored, now: state.now)) restored"
        }
        if compose.isSending { label = "Posting…" }
        if let problem = compose.problem {
            canvas.put("⚠ \(problem)", x: 1, y: y, maxWidth: frame.width - 2, role: .warning)
        } else {
            canvas.put((bodyFocused ? "▸" : " ") + "Text", x: 1, y: y, role: bodyFocused ? .title : .muted)
            canvas.put(label, x: fieldX, y: y, maxWidth: fieldWidth, role: .muted)
        }
        let rows = compose.body.visualRows(width: area.width)
        for (offset, row) in rows.dropFirst(compose.bodyTop).prefix(area.height).enumerated() {
            canvas.put(compose.body.text(of: row), x: area.x, y: area.y + offset, maxWidth: area.width)
        }
        if compose.offersCrisisHelp { drawCrisisOffer(&canvas, state: state, y: area.maxY, width: area.width) }
        if bodyFocused {
            let position = compose.body.cursorPosition(width: area.width)
            cursor = Point(x: area.x + position.column, y: area.y + position.row - compose.bodyTop)
        }
        canvas.cursor = cursor
        RoomRenderer.drawFooter(&canvas, state: state, layout: layout, hints: state.keyMap.hints(in: .writing))
    }

    /// The quiet line under the text that offers crisis help, with the key in force while
    /// writing; the longest wording that fits.
    static func drawCrisisOffer(_ canvas: inout Canvas, state: RoomState, y: Int, width: Int) {
        let key = state.keyMap.keys(for: .crisis, in: .writing).first?.label ?? Command.crisis.rawValue
        let wording =
            Words.crisisOffer.first { DisplayWidth.of($0.before + key + $0.after) <= width } ?? Words.crisisOffer.last!
        var x = 2
        x += canvas.put(wording.before, x: x, y: y, maxWidth: width)
        x += canvas.put(key, x: x, y: y, maxWidth: max(0, 2 + width - x), role: .key)
        canvas.put(wording.after, x: x, y: y, maxWidth: max(0, 2 + width - x))
    }

    /// A one-line field: the soft-wrapped row that holds the cursor. Returns the cursor.
    static func drawSingleLine(_ canvas: inout Canvas, _ editor: TextEditor, x: Int, y: Int, width: Int) -> Point {
        let rows = editor.visualRows(width: width)
        let position = editor.cursorPosition(width: width)
        let row = rows[min(position.row, rows.count - 1)]
        canvas.put(editor.text(of: row), x: x, y: y, maxWidth: width)
        return Point(x: x + position.column, y: y)
    }
}

extension ComposeState.Field {
    /// The label in the compose view's narrow left column.
    var shortLabel: String {
        switch self {
        case .kind: "Kind"
        case .title: "Title"
        case .contentWarning: "Warning"
        case .body: "Text"
        }
    }
}
