import RoomCore

/// A one-line question over the screen: a pseudonym on the first run, why something is
/// reported, a facilitator's note. Keys are text here (crisis help is the writing key).
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        /// The first run of an unbound login: the pseudonym to take.
        case pseudonym
        case report(ModerationTarget)
        case moderate(ModerationTarget, hide: Bool)
        /// A facilitator's content warning for a story; then the note for its author.
        case warning(StoryID)
        case warningNote(StoryID, warning: String)
        case search(groupID: GroupID?)
        /// Today's check-in: a mood 1–5, then a private note if they like ("4 slept well").
        case checkIn
        /// A private message in a mentorship, to the other of the two.
        case mentorMessage(MentorshipID, to: String)
        /// "I need support now": an optional line for the helpers who are here.
        case supportNow
        /// A message in a support thread, to the other of the two.
        case supportMessage(SupportSignalID, to: String)
        /// Asking a mentor (nil: whoever has room) in a group: an optional note.
        case mentorRequest(GroupID, mentor: String?)
        /// Offering to mentor in a group: how many mentees, then a note ("2 Happy to listen").
        case mentorOffer(GroupID)
    }

    public var purpose: Purpose
    public var title: String
    /// What is being asked, in a sentence or two.
    public var explanation: String
    public var field: TextEditor
    /// Why the last answer was not taken.
    public var problem: String?
    public var isSending = false

    public init(purpose: Purpose, title: String, explanation: String, maxCharacters: Int) {
        self.purpose = purpose
        self.title = title
        self.explanation = explanation
        field = TextEditor(multiline: false, maxCharacters: maxCharacters)
    }

    public static let pseudonym = Prompt(
        purpose: .pseudonym, title: "Welcome to peerroom",
        explanation:
            "Choose a pseudonym: the name the room will know you by. Not your real name. "
            + "2–24 letters, digits, '-', '_' or '.'. Esc: look around first.",
        maxCharacters: Limits.handleCharacters.upperBound)

    /// The question Enter goes on to, for a purpose that asks two (nil: this one sends).
    func followUp() -> Result<Prompt, ValidationError>? {
        guard case .warning(let story) = purpose else { return nil }
        do throws(ValidationError) {
            let warning = try Validate.addedContentWarning(field.text)
            return .success(
                Prompt(
                    purpose: .warningNote(story, warning: warning), title: "Content warning: \(warning)",
                    explanation:
                        "A note for the record and for its author (why), e.g. it describes drinking in detail:",
                    maxCharacters: Limits.moderationNoteMaxCharacters))
        } catch {
            return .failure(error)
        }
    }
    /// A mentor's note when they give none.
    public static let standardMentorNote = "Happy to listen."

    /// What Enter sends: the checked answer as an effect, or why it cannot go.
    func submission() -> Result<RoomEffect, ValidationError> {
        let text = field.text
        do throws(ValidationError) {
            switch purpose {
            case .pseudonym:
                return .success(.takePseudonym(try Validate.handle(text.trimmingWhitespace)))
            case .report(let target):
                return .success(.report(target, reason: try Validate.reportReason(text)))
            case .moderate(let target, let hide):
                return .success(.moderation(.moderate(target, hide: hide, note: try Validate.moderationNote(text))))
            case .warning:
                throw ValidationError(field: "content warning", problem: "goes on with a note")  // `followUp`
            case .warningNote(let story, let warning):
                return .success(
                    .moderation(.addWarning(story, warning: warning, note: try Validate.moderationNote(text))))
            case .search(let groupID):
                guard SearchQuery.fts(text) != nil else {
                    throw ValidationError(field: "search", problem: "type a word to look for")
                }
                return .success(.search(.find(text.trimmingWhitespace, groupID: groupID)))
            case .checkIn:
                let answer = text.trimmingWhitespace
                guard let first = answer.first, let mood = first.wholeNumberValue else {
                    throw ValidationError(field: "mood", problem: "start with a number from 1 (low) to 5 (good)")
                }
                let note = try Validate.checkInNote(String(answer.dropFirst()))
                return .success(.dailyCheckIn(mood: try Validate.mood(mood), note: note))
            case .mentorMessage(let id, let handle):
                return .success(.mentorship(.send(id, to: handle, body: try Validate.mentorMessage(text))))
            case .supportNow:
                return .success(.support(.reachOut(line: try Validate.supportLine(text))))
            case .supportMessage(let id, _):
                return .success(.support(.send(id, body: try Validate.supportMessage(text))))
            case .mentorRequest(let group, let mentor):
                let note = text.trimmingWhitespace
                return .success(
                    .mentorship(
                        .request(group, mentor: mentor, note: note.isEmpty ? nil : try Validate.mentorNote(note))))
            case .mentorOffer(let group):
                let answer = text.trimmingWhitespace
                let digits = answer.prefix { $0.isASCII && $0.isNumber }
                guard let capacity = Int(digits) else {
                    throw ValidationError(
                        field: "capacity", problem: "start with how many mentees you can take, 1 to 10")
                }
                let note = String(answer.dropFirst(digits.count)).trimmingWhitespace
                return .success(
                    .mentorship(
                        .offer(
                            group, capacity: try Validate.mentorCapacity(capacity),
                            note: try Validate.mentorNote(note.isEmpty ? Self.standardMentorNote : note))))
            }
        } catch {
            return .failure(error)
        }
    }
}

extension RoomReducer {
    /// Keys while a prompt is open: Enter sends, Esc closes, anything else edits the answer.
    static func promptKey(_ state: inout RoomState, _ prompt: Prompt, _ key: Key) -> [RoomEffect] {
        var prompt = prompt
        guard !prompt.isSending else { return [] }
        switch key {
        case .enter:
            if let next = prompt.followUp() {
                switch next {
                case .success(let question): state.prompt = question
                case .failure(let error):
                    prompt.problem = error.problem.capitalizedFirst + "."
                    state.prompt = prompt
                }
                return []
            }
            switch prompt.submission() {
            case .success(let effect):
                prompt.isSending = true
                prompt.problem = nil
                state.prompt = prompt
                return [effect]
            case .failure(let error):
                prompt.problem = error.problem.capitalizedFirst + "."
                state.prompt = prompt
            }
        case .tab:
            toggleSearchScope(&state, prompt)
        case .escape:
            state.prompt = nil
            if prompt.purpose == .pseudonym {
                state.notice = "You are looking around as a guest. You choose a pseudonym when you write."
            }
        default:
            if edit(&prompt.field, key, width: 10_000) == true { prompt.problem = nil }
            state.prompt = prompt
        }
        return []
    }

    static func promptPaste(_ state: inout RoomState, _ text: String) {
        guard var prompt = state.prompt, !prompt.isSending else { return }
        prompt.field.insert(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        state.prompt = prompt
    }

    /// The store did not take the answer: say why and let the person try again.
    static func promptFailed(_ state: inout RoomState, _ message: String) {
        guard var prompt = state.prompt else {
            state.notice = message
            return
        }
        prompt.isSending = false
        prompt.problem = message
        state.prompt = prompt
    }

    /// The first-run pseudonym was taken: the room is now the member's to write in.
    static func joined(_ state: inout RoomState, handle: String) -> [RoomEffect] {
        state.prompt = nil
        state.needsPseudonym = false
        state.myHandle = handle
        state.notice = Acted.welcomed(handle: handle).words(.room)
        return refreshWhatIsShown(&state)
    }
}

extension RoomRenderer {
    /// A framed one-line question: what is asked, the answer with the cursor in it, and why
    /// the last answer was not taken.
    static func drawPrompt(_ canvas: inout Canvas, _ prompt: Prompt, state: RoomState, layout: Layout) {
        let width = min(layout.size.width - 2, 64)
        let textWidth = width - 4
        let lines = TextWrap.lines(prompt.explanation, width: textWidth)
        let problem = prompt.problem.map { TextWrap.lines("⚠ " + $0, width: textWidth) } ?? []
        let height = min(layout.size.height - 2, lines.count + problem.count + 6)
        let box = Rect(
            x: (layout.size.width - width) / 2, y: max(1, (layout.size.height - height) / 2), width: width,
            height: height)
        canvas.fill(box, role: .normal)
        canvas.box(box, title: prompt.title, focused: true)
        var y = box.y + 1
        for line in lines where y < box.maxY - 4 {
            canvas.put(line, x: box.x + 2, y: y, maxWidth: textWidth)
            y += 1
        }
        y += 1
        canvas.put("> ", x: box.x + 2, y: y, role: .key)
        let cursor = ComposeRenderer.drawSingleLine(&canvas, prompt.field, x: box.x + 4, y: y, width: textWidth - 2)
        for line in problem where y + 1 < box.maxY - 1 {
            y += 1
            canvas.put(line, x: box.x + 2, y: y, maxWidth: textWidth, role: .warning)
        }
        let escape = prompt.purpose == .pseudonym ? "look around first" : "cancel"
        canvas.put(
            prompt.isSending ? "Sending…" : "Enter: send   Esc: \(escape)", x: box.x + 2, y: box.maxY - 2,
            maxWidth: textWidth, role: .key)
        // Keys are text here: the footer says so, and keeps the crisis key in view.
        drawFooter(&canvas, state: state, layout: layout, hints: [("Enter", "send"), ("Esc", escape)])
        canvas.cursor = cursor
    }
}
