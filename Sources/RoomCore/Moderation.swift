import Foundation

/// Something a member can report and a facilitator can hide: a story, a reply or a message
/// of encouragement.
public enum ModerationTarget: Sendable, Hashable, CustomStringConvertible {
    case story(StoryID)
    case reply(ReplyID)
    case encouragement(EncouragementID)

    /// The word the store keeps in `report.targetKind` and people read in messages.
    public var kind: String {
        switch self {
        case .story: "story"
        case .reply: "reply"
        case .encouragement: "encouragement"
        }
    }

    public var id: Int64 {
        switch self {
        case .story(let id), .reply(let id), .encouragement(let id): id
        }
    }

    public init?(kind: String, id: Int64) {
        switch kind {
        case "story": self = .story(id)
        case "reply": self = .reply(id)
        case "encouragement": self = .encouragement(id)
        default: return nil
        }
    }

    public var description: String { "\(kind) \(id)" }
}

/// One entry of a facilitator's moderation queue: reported or hidden content of their group,
/// with the reasons people gave. Reporters are not named, so nobody fears reporting.
public struct ModerationItem: Sendable, Equatable, Identifiable {
    public struct Report: Sendable, Equatable {
        public var reason: String
        public var createdAt: Date

        public init(reason: String, createdAt: Date) {
            self.reason = reason
            self.createdAt = createdAt
        }
    }

    public var target: ModerationTarget
    public var groupID: GroupID
    public var authorHandle: String
    /// The title of a story, else the start of the text; shown in the queue.
    public var excerpt: String
    public var isHidden: Bool
    /// Reports not yet acted on, oldest first.
    public var openReports: [Report]
    /// The note of the last hide or restore, if any.
    public var lastNote: String?
    /// The content warning of the story, or of the story a reply is under: the text is
    /// folded behind it in the queue too, until the facilitator asks for it.
    public var contentWarning: String?
    /// The story it is, or is under (a reply's): what the reader opens from the queue; nil for
    /// encouragement, which belongs to no story.
    public var storyID: StoryID?

    public var id: ModerationTarget { target }

    /// Whether the excerpt is the content's own text (a reply's or message's), not a title.
    public var excerptIsText: Bool {
        if case .story = target { return false }
        return true
    }

    public init(
        target: ModerationTarget, groupID: GroupID, authorHandle: String, excerpt: String, isHidden: Bool,
        openReports: [Report], lastNote: String? = nil, contentWarning: String? = nil, storyID: StoryID? = nil
    ) {
        self.contentWarning = contentWarning
        self.storyID = storyID
        self.target = target
        self.groupID = groupID
        self.authorHandle = authorHandle
        self.excerpt = excerpt
        self.isHidden = isHidden
        self.openReports = openReports
        self.lastNote = lastNote
    }
}
