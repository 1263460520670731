import Foundation
import RoomCore

/// Where an act's words are shown: the room's footer notice, a command's printed line, the
/// plain room's line.
public enum Surface: Sendable, CaseIterable {
    case room, command, plain
}

/// What an act of a member did, with what its words name. The words of every act live here
/// once, side by side for the three surfaces; they differ on purpose, not by drift: a command
/// names ids (for scripts and the next command), the plain room names titles and groups (it
/// numbers lists instead of showing ids), the room's footer is short (the screen shows the rest).
/// The app's action layer (`RoomActions`) returns these; the room's reducer shows `.room`.
public enum Acted: Equatable, Sendable {
    /// A new member (a pseudonym taken).
    case welcomed(handle: String)
    /// `group`: where the surface has it at hand (the room's words need none).
    case posted(StorySummary, group: GroupSummary?)
    case replied(Reply, story: StorySummary)
    case encouraged(Encouragement, group: GroupSummary?)
    /// `given`: the reaction is there now; false, it was taken back. `by`: who reacted.
    case reacted(ReactionKind, given: Bool, story: StorySummary, by: String)
    /// `title`: the story's, where the surface knows it (the plain room reports a story).
    case reported(ModerationTarget, title: String?)
    /// "I was there" to a meeting; `when` is the occurrence as people read it.
    case checkedInToMeeting(MeetingID, when: String)

    /// The words `surface` shows for this act.
    public func words(_ surface: Surface) -> String {
        switch (self, surface) {
        case (.welcomed(let handle), _):
            "Welcome, \(handle). You have joined every open group as a newcomer."
        case (.posted, .room):
            Words.storyPosted
        case (.posted(let story, let group), .command):
            "Posted story \(story.id) to \(group?.slug ?? "group \(story.groupID)") as \(story.authorHandle)."
        case (.posted(let story, let group), .plain):
            "Posted \"\(story.title)\" to \(group?.name ?? "the group") as \(story.authorHandle). Type stories to see it."
        case (.replied, .room):
            Words.replyPosted
        case (.replied(let reply, let story), .command):
            "Replied to story \(story.id) as \(reply.authorHandle) (reply \(reply.id))."
        case (.replied(let reply, let story), .plain):
            "Replied to \"\(story.title)\" as \(reply.authorHandle)."
        case (.encouraged, .room):
            Words.encouragementSent
        case (.encouraged(let sent, let group), .command):
            "Sent encouragement \(sent.id) to \(sent.recipientHandle ?? "everyone in \(group?.slug ?? "the group")")."
        case (.encouraged(let sent, let group), .plain):
            "Sent your encouragement to \(sent.recipientHandle ?? "everyone in \(group?.name ?? "the group")")."
        case (.reacted(let kind, let given, let story, let handle), .command):
            given
                ? "Reacted to story \(story.id) as \(handle): \(kind.rawValue) (\(kind.label))."
                : "Took back your \(kind.rawValue) reaction to story \(story.id)."
        case (.reacted(let kind, let given, let story, _), .room),
            (.reacted(let kind, let given, let story, _), .plain):
            // The room shows the count change on the story itself and says no more.
            given
                ? "You reacted to \"\(story.title)\": \(kind.label)."
                : "You took back your \(kind.label) reaction to \"\(story.title)\"."
        case (.reported, .room):
            "Reported. " + Words.facilitatorsWillLook
        case (.reported(let target, let title), _):
            "Reported \(title.map { "\"\($0)\"" } ?? "\(target)"). " + Words.facilitatorsWillLook
        case (.checkedInToMeeting, .room), (.checkedInToMeeting, .plain):
            "Checked in. Thank you for being there."
        case (.checkedInToMeeting(let meeting, let when), .command):
            "Checked in to meeting \(meeting) of \(when)."
        }
    }
}

/// Words shown where the act's result is not at hand (the compose screen knows what it wrote,
/// not the story the store made).
public enum Words {
    public static let storyPosted = "Your story is posted. Thank you for sharing."
    public static let replyPosted = "Your reply is posted."
    public static let encouragementSent = "Your encouragement is sent."
    public static let facilitatorsWillLook = "Thank you: the group's facilitators will look at it."

    /// The compose view's quiet offer of crisis help, longest first: the words before and
    /// after the key. Warm, no alarm, no judgement, and honest that nobody else is told.
    public static let crisisOffer: [(before: String, after: String)] = [
        ("It sounds like a lot right now. If you want it, crisis help is one key away: ", ". Only you see this."),
        ("It sounds like a lot right now. Crisis help: ", ". Only you see this."),
        ("Crisis help: ", " (only you see this)"),
    ]

    /// The plain room's offer, once per draft after a line with crisis words.
    public static let plainCrisisOffer =
        "It sounds like a lot right now. If you want it, crisis help is one line away: type !crisis. "
        + "Only you see this; your text goes on."
}
