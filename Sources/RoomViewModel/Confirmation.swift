import RoomCore

/// A yes/no question over the screen, for what cannot be undone.
public struct Confirmation: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case deleteStory(StoryID)
        case deleteReply(ReplyID)
        case deleteEncouragement(EncouragementID)
        case discardDraft
        case mute(String)
        case unmute(String)
        case endMentorship(MentorshipID)
    }

    public var question: String
    public var action: Action

    public init(question: String, action: Action) {
        self.question = question
        self.action = action
    }
}

/// What y and n mean for each question, said in the question's box and in the footer, so
/// the footer never offers room keys while only y or n is taken.
extension Confirmation {
    public var answers: (yes: String, no: String) {
        switch action {
        case .deleteStory, .deleteReply, .deleteEncouragement: ("yes, delete", "keep it")
        case .discardDraft: ("yes, discard", "keep writing")
        case .mute: ("yes, mute", "don't mute")
        case .unmute: ("yes, unmute", "keep muted")
        case .endMentorship: ("yes, end it", "keep it")
        }
    }

    /// The footer's hints while the question is open.
    public var hints: [(String, String)] { [("y", answers.yes), ("n/Esc", answers.no)] }
}

extension RoomReducer {
    /// The answer to the question on screen: y does it, anything else keeps things as they were.
    static func confirm(_ state: inout RoomState, _ confirmation: Confirmation, _ key: Key) -> [RoomEffect] {
        state.confirmation = nil
        guard key == .character("y") || key == .character("Y") else { return [] }
        switch confirmation.action {
        case .discardDraft:
            guard case .compose(let compose) = state.mode else { return [] }
            state.mode = compose.returnTo.map(Mode.reader) ?? .room
            state.notice = "Draft discarded."
            state.crisisOffered.remove(compose.draftTarget)
            return [.discardDraft(compose.draftTarget)]
        case .deleteStory, .deleteReply, .deleteEncouragement:
            return [.delete(confirmation.action)]
        case .mute(let handle):
            return [.setMuted(handle: handle, muted: true)]
        case .unmute(let handle):
            return [.setMuted(handle: handle, muted: false)]
        case .endMentorship(let id):
            return [.mentorship(.end(id))]
        }
    }
}

extension RoomRenderer {
    /// A framed question in the middle of the screen, answered with y or n; the footer says
    /// what each answer does.
    static func drawConfirmation(
        _ canvas: inout Canvas, _ confirmation: Confirmation, state: RoomState, layout: Layout
    ) {
        let (yes, no) = confirmation.answers
        let answers = "y: \(yes)    n or Esc: \(no)"
        let width = min(
            layout.size.width - 4, max(36, DisplayWidth.of(confirmation.question) + 4, DisplayWidth.of(answers) + 4))
        let lines = TextWrap.lines(confirmation.question, width: width - 4)
        let height = lines.count + 4
        let box = Rect(
            x: (layout.size.width - width) / 2, y: max(1, (layout.size.height - height) / 2), width: width,
            height: height)
        canvas.fill(box, role: .normal)
        canvas.box(box, title: "Are you sure?", focused: true)
        for (i, line) in lines.enumerated() {
            canvas.put(line, x: box.x + 2, y: box.y + 1 + i, maxWidth: width - 4, role: .warning)
        }
        canvas.put(answers, x: box.x + 2, y: box.maxY - 2, maxWidth: width - 4, role: .key)
        drawFooter(&canvas, state: state, layout: layout, hints: confirmation.hints, showsNotice: false)
        canvas.cursor = Point(x: box.x + 2, y: box.y + 1)
    }
}
