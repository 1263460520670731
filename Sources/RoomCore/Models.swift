import Foundation

/// Row identifiers as the store hands them out.
public typealias GroupID = Int64
public typealias MemberID = Int64
public typealias StoryID = Int64
public typealias ReplyID = Int64
public typealias EncouragementID = Int64

/// What a story is about. The order is the order shown in pickers.
public enum StoryKind: String, CaseIterable, Sendable, Codable, Equatable {
    case triumph, setback, milestone, reflection

    /// The short badge shown in lists; all of equal width so titles line up.
    public var badge: String {
        switch self {
        case .triumph: "TRIUMPH"
        case .setback: "SETBACK"
        case .milestone: "MILESTN"
        case .reflection: "REFLECT"
        }
    }
}

/// A member's role in one group. Order matters: the roster lists facilitators first.
public enum Role: String, CaseIterable, Sendable, Codable, Equatable, Comparable {
    case facilitator
    case peerMentor = "peer-mentor"
    case member
    case newcomer

    public var label: String {
        switch self {
        case .facilitator: "facilitator"
        case .peerMentor: "peer mentor"
        case .member: "member"
        case .newcomer: "newcomer"
        }
    }

    /// Position in the roster, smallest first.
    public var rank: Int { Role.allCases.firstIndex(of: self)! }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// Reactions only support: there is no downvote and no score.
public enum ReactionKind: String, CaseIterable, Sendable, Codable, Equatable {
    case support
    case beenThere = "been-there"
    case proud

    public var label: String {
        switch self {
        case .support: "sending support"
        case .beenThere: "been there"
        case .proud: "proud of you"
        }
    }
}

/// A group as listed: its name, topic and how many people and stories it holds.
public struct GroupSummary: Sendable, Equatable, Identifiable {
    public var id: GroupID
    public var slug: String
    public var name: String
    public var topic: String
    public var isOpen: Bool
    public var memberCount: Int
    public var storyCount: Int
    /// Stories the member has not read yet (0 when listed without a member), up to `unreadCountLimit`.
    public var unreadCount: Int
    /// The member's role in this group (nil when listed without a member).
    public var myRole: Role?
    /// Whether the viewer may read the group's content: false for a closed group they are not
    /// in, whose counts are then 0 (only its name and topic are listed, so people can ask).
    public var isReadable = true
    /// The viewer asked to join this closed group, or was invited to it.
    public var joinRequest: JoinRequestKind?
    /// How far back members (not facilitators) read, in days before they joined: nil for
    /// everything (the default), 0 for only what was shared since (the group's facilitators set it).
    public var backlogDays: Int?
    /// The earliest moment the viewer reads others' stories from, when the backlog limits them
    /// (nil: everything). A non-member of a limited group reads none of its history.
    public var readsFrom: Date?

    /// The store counts unread stories up to this many and no further.
    public static let unreadCountLimit = 100

    /// "3 new", "99+ new", or nil when nothing is new.
    public var unreadLabel: String? {
        guard unreadCount > 0 else { return nil }
        return unreadCount >= Self.unreadCountLimit ? "\(Self.unreadCountLimit - 1)+ new" : "\(unreadCount) new"
    }

    public init(
        id: GroupID, slug: String, name: String, topic: String, isOpen: Bool = true,
        memberCount: Int, storyCount: Int, unreadCount: Int = 0
    ) {
        self.unreadCount = unreadCount
        self.id = id
        self.slug = slug
        self.name = name
        self.topic = topic
        self.isOpen = isOpen
        self.memberCount = memberCount
        self.storyCount = storyCount
    }
}

/// A person in the room, known only by a pseudonym.
public struct Member: Sendable, Equatable, Identifiable {
    public var id: MemberID
    public var handle: String
    public var recoveryStart: CalendarDay?

    public init(id: MemberID, handle: String, recoveryStart: CalendarDay? = nil) {
        self.id = id
        self.handle = handle
        self.recoveryStart = recoveryStart
    }

    /// Where a handle sorts in a roster, the same on every backend: the handle with case,
    /// width and accents folded away (Unicode's rules, no locale) and composed (NFC), compared
    /// by code point (SQLite BINARY, PostgreSQL COLLATE "C"). "Ärger" sorts with the a's, not
    /// after z; handles that fold the same ("ZOË", "zoe") come by id, the older first.
    public static func handleOrder(_ handle: String) -> String {
        handle.folding(options: [.caseInsensitive, .widthInsensitive, .diacriticInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }
}

/// One line of a group's roster. `recoveryStart` is nil unless the member shares it with this group.
public struct RosterEntry: Sendable, Equatable, Identifiable {
    public var id: MemberID
    public var handle: String
    public var role: Role
    public var recoveryStart: CalendarDay?
    /// Whether they have the room open now.
    public var isHere: Bool
    /// Whether the member reading the roster has muted them.
    public var isMuted = false
    /// Their mentorship as the reader sees it: the reader's mentor or mentee, or a mentor
    /// available in this group.
    public var mentorMark: MentorMark?

    public init(
        id: MemberID, handle: String, role: Role, recoveryStart: CalendarDay? = nil, isHere: Bool = false,
        isMuted: Bool = false, mentorMark: MentorMark? = nil
    ) {
        self.isMuted = isMuted
        self.mentorMark = mentorMark
        self.id = id
        self.handle = handle
        self.role = role
        self.recoveryStart = recoveryStart
        self.isHere = isHere
    }
}

/// A story as listed: everything but its body.
public struct StorySummary: Sendable, Equatable, Identifiable {
    public var id: StoryID
    public var groupID: GroupID
    public var kind: StoryKind
    public var title: String
    public var authorHandle: String
    public var createdAt: Date
    public var contentWarning: String?
    public var replyCount: Int
    public var reactionCount: Int
    /// Hidden by a facilitator: only its author still sees it, marked so.
    public var isHidden = false
    /// Not read yet by the member the list was read for (never their own).
    public var isUnread = false

    public init(
        id: StoryID, groupID: GroupID, kind: StoryKind, title: String, authorHandle: String,
        createdAt: Date, contentWarning: String? = nil, replyCount: Int = 0, reactionCount: Int = 0,
        isHidden: Bool = false, isUnread: Bool = false
    ) {
        self.isHidden = isHidden
        self.isUnread = isUnread
        self.id = id
        self.groupID = groupID
        self.kind = kind
        self.title = title
        self.authorHandle = authorHandle
        self.createdAt = createdAt
        self.contentWarning = contentWarning
        self.replyCount = replyCount
        self.reactionCount = reactionCount
    }
}

/// A reply under a story.
public struct Reply: Sendable, Equatable, Identifiable {
    public var id: ReplyID
    public var storyID: StoryID
    public var authorHandle: String
    public var body: String
    public var createdAt: Date
    /// Hidden by a facilitator: only its author still sees it, marked so.
    public var isHidden = false

    public init(
        id: ReplyID, storyID: StoryID, authorHandle: String, body: String, createdAt: Date, isHidden: Bool = false
    ) {
        self.isHidden = isHidden
        self.id = id
        self.storyID = storyID
        self.authorHandle = authorHandle
        self.body = body
        self.createdAt = createdAt
    }
}

/// A whole story: its summary, body, replies (oldest first) and reactions (who gave which).
public struct Story: Sendable, Equatable, Identifiable {
    public var summary: StorySummary
    public var body: String
    public var replies: [Reply]
    public var reactions: [Reaction]
    /// To its author only: the note of the facilitator who put its content warning on it.
    public var warningNote: String?

    public var id: StoryID { summary.id }

    public init(
        summary: StorySummary, body: String, replies: [Reply] = [], reactions: [Reaction] = [],
        warningNote: String? = nil
    ) {
        self.summary = summary
        self.body = body
        self.replies = replies
        self.reactions = reactions
        self.warningNote = warningNote
    }
}

/// A message of encouragement to a group, or to one member of it (`recipientHandle`).
public struct Encouragement: Sendable, Equatable, Identifiable {
    public var id: EncouragementID
    public var groupID: GroupID
    public var authorHandle: String
    public var recipientHandle: String?
    public var body: String
    public var createdAt: Date
    /// Hidden by a facilitator: only its author still sees it, marked so.
    public var isHidden = false

    public init(
        id: EncouragementID, groupID: GroupID, authorHandle: String, recipientHandle: String?,
        body: String, createdAt: Date, isHidden: Bool = false
    ) {
        self.isHidden = isHidden
        self.id = id
        self.groupID = groupID
        self.authorHandle = authorHandle
        self.recipientHandle = recipientHandle
        self.body = body
        self.createdAt = createdAt
    }
}

/// One member's reaction to a story.
public struct Reaction: Sendable, Equatable {
    public var kind: ReactionKind
    public var memberHandle: String

    public init(kind: ReactionKind, memberHandle: String) {
        self.kind = kind
        self.memberHandle = memberHandle
    }
}

/// What a draft is for. Each member has at most one draft per target.
public enum DraftTarget: Sendable, Hashable, CustomStringConvertible {
    /// A new story in a group.
    case story(group: GroupID)
    /// A new reply to a story.
    case reply(story: StoryID)
    /// New encouragement in a group, to one member (by handle) or, when nil, everyone.
    case encouragement(group: GroupID, to: String?)
    /// Changes to one's own story, reply or encouragement.
    case editStory(StoryID)
    case editReply(ReplyID)
    case editEncouragement(EncouragementID)

    /// The stable text form the store keys drafts by, e.g. "story:3", "encouragement:3:river".
    public var description: String {
        switch self {
        case .story(let group): "story:\(group)"
        case .reply(let story): "reply:\(story)"
        // Handles are case-insensitive: one draft for "Dune" and "dune".
        case .encouragement(let group, let to): "encouragement:\(group):\(to?.lowercased() ?? "")"
        case .editStory(let story): "edit-story:\(story)"
        case .editReply(let reply): "edit-reply:\(reply)"
        case .editEncouragement(let message): "edit-encouragement:\(message)"
        }
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let id = Int64(parts[1]) else { return nil }
        switch (parts[0], parts.count) {
        case ("story", 2): self = .story(group: id)
        case ("reply", 2): self = .reply(story: id)
        case ("edit-story", 2): self = .editStory(id)
        case ("edit-reply", 2): self = .editReply(id)
        case ("edit-encouragement", 2): self = .editEncouragement(id)
        case ("encouragement", 3): self = .encouragement(group: id, to: parts[2].isEmpty ? nil : parts[2])
        default: return nil
        }
    }
}

/// Text a member has started and not yet posted. Saved as they type, so nothing written is lost.
public struct Draft: Sendable, Equatable {
    public var target: DraftTarget
    public var kind: StoryKind?
    public var title: String
    public var contentWarning: String
    public var body: String
    public var updatedAt: Date

    public init(
        target: DraftTarget, kind: StoryKind? = nil, title: String = "", contentWarning: String = "", body: String = "",
        updatedAt: Date
    ) {
        self.target = target
        self.kind = kind
        self.title = title
        self.contentWarning = contentWarning
        self.body = body
        self.updatedAt = updatedAt
    }

    /// Whether there is anything in it worth keeping.
    public var isEmpty: Bool {
        title.trimmingWhitespace.isEmpty && contentWarning.trimmingWhitespace.isEmpty && body.trimmingWhitespace.isEmpty
    }
}
