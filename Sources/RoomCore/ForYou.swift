import Foundation

/// What a "for you" item is: another member answered what `me` wrote, or wrote to `me`.
/// The order is the list's order for items of the same moment.
public enum ForYouKind: String, CaseIterable, Sendable, Codable, Equatable {
    /// A reply to one of `me`'s stories.
    case reply
    /// Encouragement addressed to `me` (not to the whole group).
    case encouragement
    /// A message in one of `me`'s mentorships, from the other member.
    case mentorMessage = "mentor-message"
    /// A reaction to one of `me`'s stories (reactions are given to stories only).
    case reaction

    /// Position among items of the same moment, smallest first.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// One thing for `me`, as the store lists it: who (a handle, never an id), when, where it
/// points, a short excerpt where it has text, and whether it is new (after `me`'s seen mark).
public struct ForYouItem: Sendable, Equatable, Identifiable {
    public var kind: ForYouKind
    /// Who wrote or reacted.
    public var handle: String
    public var createdAt: Date
    /// The group it belongs to (a mentorship's group for a message).
    public var groupID: GroupID
    public var groupSlug: String
    /// A reply's or reaction's story (`me`'s).
    public var storyID: StoryID?
    public var storyTitle: String?
    /// The story's content warning: an item behind one carries no excerpt.
    public var contentWarning: String?
    /// A message's mentorship.
    public var mentorshipID: MentorshipID?
    /// The reply's, encouragement's or message's own id; nil for a reaction.
    public var itemID: Int64?
    /// A reaction's kind.
    public var reaction: ReactionKind?
    /// The first words of the text (`ForYou.excerpt`), nil for a reaction and behind a warning.
    public var excerpt: String?
    /// Not seen yet: after `me`'s seen mark.
    public var isNew: Bool

    public init(
        kind: ForYouKind, handle: String, createdAt: Date, groupID: GroupID, groupSlug: String,
        storyID: StoryID? = nil, storyTitle: String? = nil, contentWarning: String? = nil,
        mentorshipID: MentorshipID? = nil, itemID: Int64? = nil, reaction: ReactionKind? = nil,
        excerpt: String? = nil, isNew: Bool
    ) {
        self.kind = kind
        self.handle = handle
        self.createdAt = createdAt
        self.groupID = groupID
        self.groupSlug = groupSlug
        self.storyID = storyID
        self.storyTitle = storyTitle
        self.contentWarning = contentWarning
        self.mentorshipID = mentorshipID
        self.itemID = itemID
        self.reaction = reaction
        self.excerpt = excerpt
        self.isNew = isNew
    }

    /// Unique in one list: "reply:12", "reaction:7:maple:proud".
    public var id: String {
        switch kind {
        case .reaction: "reaction:\(storyID ?? 0):\(handle):\(reaction?.rawValue ?? "")"
        default: "\(kind.rawValue):\(itemID ?? 0)"
        }
    }

    /// One line for people: "maple replied to “Ninety days”".
    public var headline: String {
        switch kind {
        case .reply: "\(handle) replied to “\(storyTitle ?? "your story")”"
        case .encouragement: "\(handle) sent you encouragement"
        case .mentorMessage: "\(handle) wrote to you privately"
        case .reaction: "\(handle) reacted to “\(storyTitle ?? "your story")”: \(reaction?.label ?? "support")"
        }
    }
}

/// The rules of "for you" that every backend and surface shares.
public enum ForYou {
    /// The store counts new items up to this many; "99+ for you" beyond it.
    public static let countLimit = 100
    /// The most items one list returns.
    public static let listLimit = 200
    /// How many characters an excerpt keeps.
    public static let excerptCharacters = 80

    /// "2 for you", "99+ for you", or nil when nothing is new.
    public static func countLabel(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        return count >= countLimit ? "\(countLimit - 1)+ for you" : "\(count) for you"
    }

    /// The first `excerptCharacters` characters of `text` on one line: runs of spaces and line
    /// breaks become one space, controls visible symbols (`SafeText`), a cut ends with "…".
    public static func excerpt(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = SafeText.neutralise(words.joined(separator: " "))
        guard line.count > excerptCharacters else { return line }
        return String(line.prefix(excerptCharacters - 1)) + "…"
    }
}
