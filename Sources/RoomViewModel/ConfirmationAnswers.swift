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
