import Foundation
import RoomCore

/// A new story, as written by a member.
public struct NewStory: Sendable, Equatable {
    public var groupID: GroupID
    public var authorID: MemberID
    public var kind: StoryKind
    public var title: String
    public var contentWarning: String?
    public var body: String

    public init(
        groupID: GroupID, authorID: MemberID, kind: StoryKind, title: String,
        contentWarning: String? = nil, body: String
    ) {
        self.groupID = groupID
        self.authorID = authorID
        self.kind = kind
        self.title = title
        self.contentWarning = contentWarning
        self.body = body
    }
}

/// A new message of encouragement, to the whole group or to one member of it.
public struct NewEncouragement: Sendable, Equatable {
    public var groupID: GroupID
    public var authorID: MemberID
    public var recipientID: MemberID?
    public var body: String

    public init(groupID: GroupID, authorID: MemberID, recipientID: MemberID? = nil, body: String) {
        self.groupID = groupID
        self.authorID = authorID
        self.recipientID = recipientID
        self.body = body
    }
}

/// What a seed load added (a group already present is left as it is).
public struct SeedReport: Sendable, Equatable {
    public var groupsAdded: [String] = []
    public var groupsSkipped: [String] = []
    public var membersAdded = 0
    public var storiesAdded = 0
    public var encouragementAdded = 0

    public init() {}
}

/// Everything the room reads and writes. One contract, several backends: the tests in
/// Tests/RoomStoreTests state the contract; a new backend must pass them too.
///
/// Lists are read a page at a time by key, never whole. Writes validate their text with
/// `RoomCore.Validate` and check membership, so no caller can skip the rules.
public protocol RoomStore: Sendable {
    /// The groups a member belongs to, by name; all groups when `memberID` is nil.
    func groups(memberID: MemberID?) async throws -> [GroupSummary]
    /// A group by slug; throws `StoreError.unknownGroup` listing the slugs that exist.
    func group(slug: String) async throws -> GroupSummary
    func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int) async throws -> Page<RosterEntry>
    func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws -> Page<StorySummary>
    func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws
        -> Page<Encouragement>
    /// One story with its body and replies; throws `StoreError.unknownStory`.
    func story(id: StoryID) async throws -> Story

    /// A member by handle (case-insensitive); throws `StoreError.unknownMember` listing handles.
    func member(handle: String) async throws -> Member
    /// The members bound to a login name, oldest first.
    func members(login: String) async throws -> [Member]
    /// Creates a member bound to `login`; throws `StoreError.handleTaken`.
    func createMember(handle: String, login: String?, recoveryStart: CalendarDay?) async throws -> Member
    /// Adds the member to every open group they are not in yet, with `role`.
    func joinOpenGroups(memberID: MemberID, role: Role) async throws

    func post(_ story: NewStory, at time: Date) async throws -> StorySummary
    func encourage(_ message: NewEncouragement, at time: Date) async throws -> Encouragement

    /// Loads a validated seed bundle in one transaction: all of it or nothing.
    func load(_ seed: SeedBundle, now: Date) async throws -> SeedReport
    /// Whether the database holds no group yet (a new room).
    func isEmpty() async throws -> Bool
}

/// Why the store refused. Messages name the value and, where useful, what exists instead.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownGroup(String, known: [String])
    case unknownMember(String, known: [String])
    case unknownStory(StoryID)
    case notAMember(handle: String, group: String)
    case handleTaken(String)
    case invalid(ValidationError)
    case newerDatabase(path: String, unknownMigrations: [String])
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownGroup(let slug, let known):
            "no group '\(SafeText.neutralise(slug))'; groups: \(known.joined(separator: ", "))"
        case .unknownMember(let handle, let known):
            "no member '\(SafeText.neutralise(handle))'; members: \(Self.list(known))"
        case .unknownStory(let id):
            "no story with id \(id)"
        case .notAMember(let handle, let group):
            "\(handle) is not a member of '\(group)'"
        case .handleTaken(let handle):
            "the handle '\(handle)' is taken; choose another"
        case .invalid(let error):
            error.description
        case .newerDatabase(let path, let unknown):
            "\(path) was written by a newer peerroom (unknown migrations: \(unknown.joined(separator: ", "))); "
                + "upgrade peerroom to open it"
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason)"
        }
    }

    private static func list(_ names: [String]) -> String {
        names.count <= 30
            ? names.joined(separator: ", ")
            : names.prefix(30).joined(separator: ", ") + " … (\(names.count) in all)"
    }
}
