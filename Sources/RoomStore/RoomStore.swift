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

/// A meeting as a facilitator sets it up.
public struct NewMeeting: Sendable, Equatable {
    public var groupID: GroupID
    public var title: String
    public var schedule: MeetingSchedule
    public var timeZone: String
    public var durationMinutes: Int
    public var location: String
    /// Who facilitates it: one of the group's facilitators (nil: the one adding it).
    public var facilitatorID: MemberID?

    public init(
        groupID: GroupID, title: String, schedule: MeetingSchedule, timeZone: String, durationMinutes: Int,
        location: String, facilitatorID: MemberID? = nil
    ) {
        self.facilitatorID = facilitatorID
        self.groupID = groupID
        self.title = title
        self.schedule = schedule
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.location = location
    }
}

/// What a facilitator changes in a meeting; nil leaves a field as it is.
public struct MeetingChanges: Sendable, Equatable {
    public var title: String?
    public var schedule: MeetingSchedule?
    public var timeZone: String?
    public var durationMinutes: Int?
    public var location: String?
    public var facilitatorID: MemberID?

    public init(
        title: String? = nil, schedule: MeetingSchedule? = nil, timeZone: String? = nil, durationMinutes: Int? = nil,
        location: String? = nil, facilitatorID: MemberID? = nil
    ) {
        self.facilitatorID = facilitatorID
        self.title = title
        self.schedule = schedule
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.location = location
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
    /// The groups a member belongs to, by name; all groups when `memberID` is nil (as a guest
    /// sees them: a closed group by its name and topic only).
    func groups(memberID: MemberID?) async throws -> [GroupSummary]
    /// A group by slug; throws `StoreError.unknownGroup` listing the slugs that exist. Listed
    /// for no one in particular: a closed group comes without its counts (`isReadable` false).
    func group(slug: String) async throws -> GroupSummary
    // Lists as one member sees them (`viewer`): nothing a facilitator hid unless they wrote it,
    // nothing by someone they muted. A nil viewer sees what everyone may see.
    func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int, viewer: MemberID?) async throws
        -> Page<RosterEntry>
    func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int, viewer: MemberID?) async throws
        -> Page<StorySummary>
    func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int, viewer: MemberID?) async throws
        -> Page<Encouragement>
    /// One story with its body and the replies the viewer may see; throws `StoreError.unknownStory`
    /// when there is none, or none the viewer may see.
    func story(id: StoryID, viewer: MemberID?) async throws -> Story

    /// A member by handle (case-insensitive); throws `StoreError.unknownMember` listing handles.
    func member(handle: String) async throws -> Member
    /// The members bound to a login name, oldest first.
    func members(login: String) async throws -> [Member]
    /// A member this login may act as (`--as`): one bound to it, or a demo member it loaded
    /// from seeds. Throws `StoreError.notYourMember` for anyone else.
    func member(handle: String, actingFor login: String) async throws -> Member
    /// Creates a member bound to `login`; throws `StoreError.handleTaken`.
    func createMember(handle: String, login: String?, recoveryStart: CalendarDay?) async throws -> Member
    /// Adds the member to every open group they are not in yet, with `role`.
    func joinOpenGroups(memberID: MemberID, role: Role) async throws

    func post(_ story: NewStory, at time: Date) async throws -> StorySummary
    func encourage(_ message: NewEncouragement, at time: Date) async throws -> Encouragement

    // MARK: Sharing. Every write checks the rules itself: membership for new posts, and
    // authorship for edits and deletes (`StoreError.notYours`), whatever the caller checked.

    /// A reply to a story in a group the author belongs to.
    func reply(to storyID: StoryID, authorID: MemberID, body: String, at time: Date) async throws -> Reply
    /// Gives a reaction, or takes it back when the member already gave that kind.
    /// Returns true when the reaction is now given. A member gives each kind once per story.
    @discardableResult
    func toggleReaction(storyID: StoryID, memberID: MemberID, kind: ReactionKind, at time: Date) async throws -> Bool
    /// Changes one's own story; nil leaves a field as it is. `contentWarning` "" removes it.
    func editStory(
        id: StoryID, by memberID: MemberID, title: String?, contentWarning: String?, body: String?, at time: Date
    ) async throws -> Story
    func editReply(id: ReplyID, by memberID: MemberID, body: String, at time: Date) async throws -> Reply
    func editEncouragement(id: EncouragementID, by memberID: MemberID, body: String, at time: Date) async throws
        -> Encouragement
    /// Deletes one's own story. Others' replies stay, under a "[removed]" shell of the story;
    /// with none, it goes entirely. Returns how many replies of others stayed.
    @discardableResult
    func deleteStory(id: StoryID, by memberID: MemberID) async throws -> Int
    /// How many replies of others (not hidden) one's own story holds: they stay when it is deleted.
    func othersReplyCount(storyID: StoryID, memberID: MemberID) async throws -> Int
    func deleteReply(id: ReplyID, by memberID: MemberID) async throws
    func deleteEncouragement(id: EncouragementID, by memberID: MemberID) async throws

    /// Saves (replaces) the member's draft for `draft.target`. An empty draft is discarded.
    func saveDraft(_ draft: Draft, memberID: MemberID) async throws
    /// The member's draft for a target, if one was saved.
    func draft(for target: DraftTarget, memberID: MemberID) async throws -> Draft?
    /// Every draft the member has, newest first.
    func drafts(memberID: MemberID) async throws -> [Draft]
    func discardDraft(for target: DraftTarget, memberID: MemberID) async throws

    /// Loads a validated seed bundle in one transaction: all of it or nothing. The demo
    /// members it brings may be acted as by `seededBy` (the login loading them).
    func load(_ seed: SeedBundle, now: Date, seededBy login: String?) async throws -> SeedReport
    /// Whether the database holds no group yet (a new room).
    func isEmpty() async throws -> Bool
    /// Whether this user may only read (browse, no writes).
    var isReadOnly: Bool { get }
    /// Everything a member wrote and their settings (`export --me`).
    func export(memberID: MemberID) async throws -> MemberExport
    /// Deletes a member and what they wrote; stories others replied to stay as "[removed]",
    /// and so do the messages their mentor or mentee wrote to them.
    func forget(memberID: MemberID) async throws
    /// Sets (or, with nil, clears) the member's recovery start date. Private until shared.
    func setRecoveryStart(memberID: MemberID, _ day: CalendarDay?) async throws
    /// Shows the member's recovery start date to one group's roster, or stops showing it.
    func shareRecoveryStart(memberID: MemberID, groupID: GroupID, shared: Bool) async throws
    /// Changes whenever anything is written, by any process (private writes included). A room
    /// keeps live with `changes(after:viewer:)` instead.
    func changeToken() async throws -> Int64
    /// Where the change log is now: the `seq` a room starts watching from.
    func lastChange() async throws -> Int64
    /// What others (and this process) changed after `seq`, that `viewer` may be told of: a
    /// mentorship only to its two members, a queue only to the group's facilitators; each
    /// change once, in order. `.resync` alone when the changes after `seq` are no longer kept.
    /// `last` is the `seq` to ask after next time.
    func changes(after seq: Int64, viewer: MemberID?) async throws -> (changes: [RoomChange], last: Int64)
    /// Unread, per story: the mark a member has caught up to in a group (every story at or
    /// below it is read), marking one story read, and the oldest one still unread (`u`).
    /// Story lists and `story(id:viewer:)` say per story whether it is unread to the viewer.
    func readPosition(memberID: MemberID, groupID: GroupID) async throws -> FeedKey?
    func markRead(storyID: StoryID, memberID: MemberID) async throws
    func nextUnread(memberID: MemberID, groupID: GroupID) async throws -> StoryID?
    /// Presence: `process` has the room open as `memberID` (roster entries show `isHere`).
    func heartbeat(memberID: MemberID, process: String, at time: Date) async throws
    func leave(memberID: MemberID, process: String) async throws

    /// Stories whose title or text hold every word of `text` (the last may be a word's start),
    /// best match first, in one group or (nil) all; hidden and muted content stays out.
    func search(_ text: String, groupID: GroupID?, viewer: MemberID?, limit: Int) async throws -> [SearchHit]

    // MARK: Moderation. Enforced here: reporters must belong to the group, only the group's
    // facilitators see its queue and hide or restore, and mutes touch only the one who mutes.

    /// Reports content to the group's facilitators (again: the reason is replaced).
    func report(_ target: ModerationTarget, by memberID: MemberID, reason: String, at time: Date) async throws
    /// Mutes or unmutes a member for `memberID` alone.
    func setMuted(_ mutedID: MemberID, by memberID: MemberID, muted: Bool, at time: Date) async throws
    /// The members `memberID` has muted, by handle.
    func mutedMembers(memberID: MemberID) async throws -> [Member]
    /// Reported (with open reports) and hidden content of a group, for one of its facilitators.
    func moderationQueue(groupID: GroupID, facilitatorID: MemberID) async throws -> [ModerationItem]
    /// Hides content from everyone but its author, or restores it (which also dismisses
    /// reports on visible content). Resolves the open reports; the note is kept.
    func moderate(_ target: ModerationTarget, hide: Bool, by facilitatorID: MemberID, note: String, at time: Date)
        async throws

    // MARK: Meetings. Enforced here: only a group's facilitators add, edit and cancel its
    // meetings; only its members answer (RSVP) or check in, to a real occurrence.

    /// A new meeting of the group, facilitated by `memberID` (one of its facilitators).
    func addMeeting(_ meeting: NewMeeting, by memberID: MemberID, at time: Date) async throws -> Meeting
    func editMeeting(id: MeetingID, _ changes: MeetingChanges, by memberID: MemberID, at time: Date) async throws
        -> Meeting
    /// Cancels a meeting (every occurrence still to come).
    func cancelMeeting(id: MeetingID, by memberID: MemberID, at time: Date) async throws
    /// A meeting the viewer may see (`unknownMeeting` for a closed group's, to a non-member).
    func meeting(id: MeetingID, viewer: MemberID?) async throws -> Meeting
    /// Occurrences not yet ended at `after`, soonest first, of the viewer's groups (nil: all)
    /// or of one group, with their answers (and the viewer's own).
    func upcomingMeetings(viewer: MemberID?, groupID: GroupID?, after: Date, limit: Int) async throws
        -> [MeetingOccurrence]
    /// Going, maybe or can't make it, to one occurrence (again: the answer is replaced).
    func rsvp(meetingID: MeetingID, occurrence: Date, memberID: MemberID, _ answer: RSVP, at time: Date) async throws
    /// "I was there": once an occurrence has begun, and up to a week after it.
    func checkIn(meetingID: MeetingID, occurrence: Date, memberID: MemberID, at time: Date) async throws
    /// The latest occurrence of a meeting that began before `time`, if any.
    func latestOccurrence(meetingID: MeetingID, before time: Date) async throws -> Date?

    // MARK: Check-ins and milestones. A check-in and its note are the member's alone.

    /// Records the day's check-in (a second one the same day replaces the first) and posts a
    /// celebration of a milestone reached in the last week to each group the member shares
    /// milestones with, once. `checkIn.day` is the member's own calendar day (their zone).
    func recordCheckIn(memberID: MemberID, _ checkIn: DailyCheckIn, at time: Date) async throws -> CheckInSummary
    /// Streak, days since recovery start and milestones, as of the member's `today`.
    func checkInSummary(memberID: MemberID, today: CalendarDay) async throws -> CheckInSummary
    /// Celebrate the member's milestones in one group's encouragement feed, or stop.
    func shareMilestones(memberID: MemberID, groupID: GroupID, shared: Bool) async throws

    // MARK: Closed groups. Enforced here: a non-member (or a guest) reads nothing of a closed
    // group — no roster, story, feed, search hit, meeting or count — and writes nothing there
    // (`closedGroup`, `notAMember`); only its facilitators invite, see requests and answer them.

    /// Every group, by name, as `viewer` sees it: a closed group they are not in shows only its
    /// name and topic (`isReadable` false, no counts) and whether they asked or are invited.
    func groupDirectory(viewer: MemberID?) async throws -> [GroupSummary]
    /// Joins an open group at once; for a closed group, accepts an invitation or asks to join.
    func join(groupID: GroupID, memberID: MemberID, at time: Date) async throws -> JoinOutcome
    /// A facilitator invites a member to a closed group (one who asked is let in at once).
    func invite(memberID: MemberID, groupID: GroupID, by facilitatorID: MemberID, at time: Date) async throws
        -> JoinOutcome
    /// The requests and invitations waiting in a group, oldest first, for one of its facilitators.
    func joinRequests(groupID: GroupID, facilitatorID: MemberID) async throws -> [JoinRequest]
    /// A facilitator approves a request (the member joins) or declines it (or withdraws an invitation).
    func answerJoinRequest(
        groupID: GroupID, memberID: MemberID, approve: Bool, by facilitatorID: MemberID, at time: Date
    ) async throws

    // MARK: Mentorship. Enforced here: who offers, asks, answers and ends; and a thread is
    // read and written only by the mentorship's two members.

    /// A peer mentor (or facilitator) says they can mentor in a group, or stops (`available`).
    func offerMentoring(
        memberID: MemberID, groupID: GroupID, note: String, capacity: Int, available: Bool, at time: Date
    ) async throws
    /// The group's mentor offers, by handle (none of a closed group to a non-member).
    func mentors(groupID: GroupID, viewer: MemberID?) async throws -> [MentorOffer]
    /// Asks a chosen mentor (or, nil, the available one with most room) in the group.
    func requestMentor(menteeID: MemberID, groupID: GroupID, mentorID: MemberID?, note: String?, at time: Date)
        async throws -> Mentorship
    /// The mentor accepts or declines (kindly: a decline without a note gets kind words).
    func respondToMentorship(id: MentorshipID, by mentorID: MemberID, accept: Bool, note: String?, at time: Date)
        async throws -> Mentorship
    /// Either side ends a mentorship (or withdraws a request).
    func endMentorship(id: MentorshipID, by memberID: MemberID, at time: Date) async throws
    /// The member's mentorships, as mentor or mentee, oldest first.
    func mentorships(memberID: MemberID) async throws -> [Mentorship]
    /// A private message to one's mentor or mentee (an active mentorship between the two).
    func sendMentorMessage(from memberID: MemberID, to otherID: MemberID, body: String, at time: Date) async throws
        -> MentorMessage
    /// The thread between the viewer and their mentor or mentee; empty for anyone else.
    func mentorThread(viewer: MemberID, with otherID: MemberID) async throws -> [MentorMessage]
    /// One mentorship's thread; `unknownMentorship` unless the viewer is one of its two.
    func mentorThread(id: MentorshipID, viewer: MemberID) async throws -> [MentorMessage]
}

extension RoomStore {
    /// The lists as everyone may see them.
    public func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int) async throws -> Page<RosterEntry> {
        try await roster(groupID: groupID, page: page, limit: limit, viewer: nil)
    }

    public func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws -> Page<StorySummary> {
        try await stories(groupID: groupID, page: page, limit: limit, viewer: nil)
    }

    public func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws
        -> Page<Encouragement>
    {
        try await encouragement(groupID: groupID, page: page, limit: limit, viewer: nil)
    }

    public func story(id: StoryID) async throws -> Story { try await story(id: id, viewer: nil) }

    public func load(_ seed: SeedBundle, now: Date) async throws -> SeedReport {
        try await load(seed, now: now, seededBy: nil)
    }
}

/// Why the store refused. Messages name the value and, where useful, what exists instead.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownGroup(String, known: [String])
    /// `known`: the closest handles (at most 10), never the whole room.
    case unknownMember(String, known: [String])
    case unknownStory(StoryID)
    case notAMember(handle: String, group: String)
    /// Only the author may edit or delete what they wrote.
    case notYours(what: String, id: Int64)
    case unknownReply(ReplyID)
    case unknownEncouragement(EncouragementID)
    case handleTaken(String)
    case invalid(ValidationError)
    case newerDatabase(path: String, unknownMigrations: [String])
    case cannotOpen(path: String, reason: String)
    /// The database file is read-only for this user.
    case readOnly(path: String)
    /// `--as` named a member bound to another login.
    case notYourMember(handle: String, login: String)
    /// Only a group's facilitators may do this.
    case notAFacilitator(handle: String, group: String)
    /// Reporting one's own words, or muting oneself.
    case ownContent(String)
    case unknownMeeting(MeetingID)
    /// Not at this time: a meeting that ended, was cancelled, or has not begun.
    case notNow(String)
    case unknownMentorship(MentorshipID)
    /// Refused by a rule (mentorship: not a mentor, no room, not yours to answer).
    case notAllowed(String)
    /// A closed group's content, to someone who is not one of its members.
    case closedGroup(String)
    /// No one by that handle asked to join the group, or was invited to it.
    case unknownJoinRequest(handle: String, group: String)
    /// A room's file, `-wal` or `-shm` that others than its owner (and its shared group) may
    /// read or write; `fix` says how to put it right.
    case looseMode(path: String, mode: Int, fix: String)
    /// Another process holds the write lock, still after waiting and trying again.
    case busy
    /// The disk (or the database's size limit) is full: nothing of this write was saved.
    case diskFull
    /// Any other refusal of SQLite, by its result code (never its SQL).
    case databaseFailed(code: Int32)

    public var description: String {
        switch self {
        case .unknownGroup(let slug, let known):
            known.count <= 10
                ? "no group '\(SafeText.neutralise(slug))'; groups: \(known.joined(separator: ", "))"
                : "no group '\(SafeText.neutralise(slug))'" + Self.didYouMean(CloseMatches.best(to: slug, among: known))
        case .unknownMember(let handle, let known):
            "no member '\(SafeText.neutralise(handle))'" + Self.didYouMean(known)
        case .unknownStory(let id):
            "no story with id \(id)"
        case .notAMember(let handle, let group):
            "'\(handle)' is not a member of '\(group)'"
        case .notYours(let what, let id):
            "\(what) \(id) was written by someone else; only its author can change or delete it"
        case .unknownReply(let id):
            "no reply with id \(id)"
        case .unknownEncouragement(let id):
            "no encouragement with id \(id)"
        case .handleTaken(let handle):
            "the handle '\(handle)' is taken; choose another"
        case .invalid(let error):
            error.description
        case .newerDatabase(let path, let unknown):
            "\(path) was written by a newer peerroom (unknown migrations: \(unknown.joined(separator: ", "))); "
                + "upgrade peerroom to open it"
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason)"
        case .readOnly(let path):
            "\(path) is read-only for you: you can read the room but not write to it"
        case .notYourMember(let handle, let login):
            "the member '\(handle)' is not bound to your login '\(SafeText.neutralise(login))'; "
                + "take a pseudonym of your own with: peerroom join --handle NAME"
        case .notAFacilitator(let handle, let group):
            "'\(handle)' is not a facilitator of '\(group)'; only its facilitators can do that"
        case .ownContent(let message):
            message
        case .unknownMeeting(let id):
            "no meeting with id \(id)"
        case .notNow(let message):
            message
        case .unknownMentorship(let id):
            "no mentorship with id \(id) of yours"
        case .notAllowed(let message):
            message
        case .closedGroup(let slug):
            "'\(slug)' is a closed group: only its members read and write there; "
                + "ask to join with: peerroom join --group \(slug)"
        case .unknownJoinRequest(let handle, let group):
            "\(SafeText.neutralise(handle)) has not asked to join '\(group)' and is not invited to it"
        case .looseMode(let path, let mode, let fix):
            "\(path) has mode 0\(String(mode, radix: 8)): others than its owner (and its shared group) could read "
                + "or change the room; \(fix)"
        case .busy:
            "The room's database is busy (another process holds it); nothing was changed, try again in a moment"
        case .diskFull:
            "The disk is full; what you wrote is on screen but not saved"
        case .databaseFailed(let code):
            "the room's database could not do that (SQLite result code \(code)); nothing was changed"
        }
    }

    private static func didYouMean(_ names: [String]) -> String {
        names.isEmpty ? "" : "; did you mean \(names.prefix(10).joined(separator: ", "))?"
    }
}
