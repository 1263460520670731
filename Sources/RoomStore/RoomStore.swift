import Foundation
import RoomCore

/// A new story, as the session's member writes it.
public struct NewStory: Sendable, Equatable {
    public var groupID: GroupID
    public var kind: StoryKind
    public var title: String
    public var contentWarning: String?
    public var body: String

    public init(groupID: GroupID, kind: StoryKind, title: String, contentWarning: String? = nil, body: String) {
        self.groupID = groupID
        self.kind = kind
        self.title = title
        self.contentWarning = contentWarning
        self.body = body
    }
}

/// A new message of encouragement, to the whole group or to one member of it.
public struct NewEncouragement: Sendable, Equatable {
    public var groupID: GroupID
    public var recipientID: MemberID?
    public var body: String

    public init(groupID: GroupID, recipientID: MemberID? = nil, body: String) {
        self.groupID = groupID
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

/// A room as one principal sees and changes it: a session of a backend, opened for an
/// authenticated principal (SQLite: the uid's login, or a demo member it seeded via `--as`;
/// PostgreSQL: `current_user`). The contract suite in Tests/RoomStoreTests states it; every
/// backend passes it.
///
/// Lists are read a page at a time by key, never whole. Every list's order is stated here
/// and is the same on every backend. Writes validate their text with `RoomCore.Validate` and
/// check membership and authorship themselves, so no caller can skip the rules.
public protocol RoomStore: Sendable {
    /// The member this session acts as; nil for a guest (a principal with no pseudonym yet,
    /// who reads what everyone may read and writes nothing).
    var me: Member? { get }
    /// Whether this session may only read (SQLite: a read-only file; PostgreSQL: no member).
    var isReadOnly: Bool { get }
    /// The backend's clock: every write is stamped with it; "today" is read from it.
    var clock: RoomClock { get }

    /// Takes a pseudonym for this session's principal: a new member bound to it, in every open
    /// group as a newcomer; from then on `me` is that member. Throws `handleTaken` (also when
    /// two sessions race for one handle: exactly one wins), `invalid`, or `notAllowed` when
    /// the principal already has one.
    @discardableResult
    func takePseudonym(_ handle: String, recoveryStart: CalendarDay?) async throws -> Member

    // MARK: Reading. Lists as `me` sees them: nothing a facilitator hid unless `me` wrote it,
    // nothing by someone `me` muted, nothing of a closed group `me` is not in.

    /// `me`'s groups by name (a guest: every group, as `groupDirectory` shows it).
    func groups() async throws -> [GroupSummary]
    /// Every group, by name: a closed group `me` is not in shows only its name and topic
    /// (`isReadable` false, no counts) and whether `me` asked or is invited.
    func groupDirectory() async throws -> [GroupSummary]
    /// A group by slug; throws `unknownGroup` listing the slugs that exist.
    func group(slug: String) async throws -> GroupSummary
    /// By role (facilitator, peer mentor, member, newcomer), then handle by Unicode case
    /// folding (`Member.handleOrder`, the same on every backend), then id.
    func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int) async throws -> Page<RosterEntry>
    /// Newest first; ties by id, higher first.
    func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws -> Page<StorySummary>
    /// Newest first; ties by id, higher first. Messages to one member show to all the group.
    func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws
        -> Page<Encouragement>
    /// One story with its body and the replies `me` may see (oldest first); `unknownStory`
    /// when there is none `me` may see.
    func story(id: StoryID) async throws -> Story
    /// A member by handle (case-insensitive); `unknownMember` with the closest handles. Only
    /// `me`'s own comes with a recovery start: others' show only on the rosters they share it with.
    func member(handle: String) async throws -> Member
    /// Stories whose title or text hold every word of `text` (the last may be a word's
    /// start), best match first, in one group or (nil) all of `me`'s readable groups.
    func search(_ text: String, groupID: GroupID?, limit: Int) async throws -> [SearchHit]

    // MARK: Sharing (author: `me`; membership and authorship checked here: `notYours`).

    func post(_ story: NewStory) async throws -> StorySummary
    func encourage(_ message: NewEncouragement) async throws -> Encouragement
    func reply(to storyID: StoryID, body: String) async throws -> Reply
    /// Gives a reaction, or takes it back when `me` already gave that kind; true when given.
    @discardableResult
    func toggleReaction(storyID: StoryID, kind: ReactionKind) async throws -> Bool
    /// nil leaves a field as it is; `contentWarning` "" removes it.
    func editStory(id: StoryID, title: String?, contentWarning: String?, body: String?) async throws -> Story
    func editReply(id: ReplyID, body: String) async throws -> Reply
    func editEncouragement(id: EncouragementID, body: String) async throws -> Encouragement
    /// Others' replies stay under a "[removed]" shell; returns how many stayed.
    @discardableResult
    func deleteStory(id: StoryID) async throws -> Int
    /// How many replies of others (not hidden) `me`'s story holds: they stay when it is deleted.
    func othersReplyCount(storyID: StoryID) async throws -> Int
    func deleteReply(id: ReplyID) async throws
    func deleteEncouragement(id: EncouragementID) async throws

    // MARK: Drafts, `me`'s alone.

    /// Saves (replaces) the draft for `draft.target`. An empty draft is discarded.
    func saveDraft(_ draft: Draft) async throws
    func draft(for target: DraftTarget) async throws -> Draft?
    /// Newest first.
    func drafts() async throws -> [Draft]
    func discardDraft(for target: DraftTarget) async throws

    // MARK: Privacy, `me`'s own.

    /// Everything `me` wrote and their settings (`export --me`).
    func export() async throws -> MemberExport
    /// Deletes `me` and what they wrote; stories others replied to stay as "[removed]", and
    /// so do the messages their mentor or mentee wrote to them. The session is a guest after.
    func forget() async throws
    /// Sets (or, nil, clears) `me`'s recovery start date. Private until shared.
    func setRecoveryStart(_ day: CalendarDay?) async throws
    func shareRecoveryStart(groupID: GroupID, shared: Bool) async throws

    // MARK: Live.

    /// Where the change feed is now: the position a room starts watching from.
    func lastChange() async throws -> Int64
    /// What changed after `position` that `me` may be told of (a mentorship only to its two
    /// members, a queue only to the group's facilitators), each once, in order; `.resync`
    /// alone when the changes after `position` are no longer known (a gap, a reconnect).
    /// `last` is the position to ask after next time.
    func changes(after position: Int64) async throws -> (changes: [RoomChange], last: Int64)

    // MARK: Live wake-ups (issue 15, "Live across hosts"): a backend that says when to look.

    /// Asks the backend to call `wake` (from any thread) whenever `changes(after:)` may hold
    /// something new: at each change notification, and after every (re)connect of what listens
    /// for them, since what was sent during a gap is not replayed (`changes(after:)` then
    /// returns the gap's changes, or `.resync`). Returns false when the backend does not
    /// signal (SQLite: its change log is a cheap local read, polled). A later call replaces
    /// `wake`.
    func signalChanges(to wake: @escaping @Sendable () -> Void) -> Bool

    /// Presence: this room `instance` (one open room, any string unique to it) is open as `me`.
    func heartbeat(instance: String) async throws
    func leave(instance: String) async throws

    // MARK: Unread, per story (`me`'s). Story lists say per story whether it is unread.

    /// The mark `me` has caught up to in a group: every story at or below it is read.
    func readPosition(groupID: GroupID) async throws -> FeedKey?
    func markRead(storyID: StoryID) async throws
    /// The oldest story still unread (`u`).
    func nextUnread(groupID: GroupID) async throws -> StoryID?

    // MARK: Moderation. Reporters belong to the group; only its facilitators see its queue
    // and hide or restore; mutes touch only `me`.

    /// Reports content to the group's facilitators (again: the reason is replaced).
    func report(_ target: ModerationTarget, reason: String) async throws
    func setMuted(_ memberID: MemberID, muted: Bool) async throws
    /// By handle.
    func mutedMembers() async throws -> [Member]
    func moderationQueue(groupID: GroupID) async throws -> [ModerationItem]
    func moderate(_ target: ModerationTarget, hide: Bool, note: String) async throws
    /// A facilitator of the story's group puts a content warning on it, as a moderation action
    /// (who, when, `note`) that closes its open reports; its author reads the note with the
    /// warning (`Story.warningNote`). Anyone else: `notAFacilitator`.
    func addContentWarning(storyID: StoryID, warning: String, note: String) async throws

    // MARK: Meetings. Only a group's facilitators add, edit and cancel; only members answer.

    func addMeeting(_ meeting: NewMeeting) async throws -> Meeting
    func editMeeting(id: MeetingID, _ changes: MeetingChanges) async throws -> Meeting
    func cancelMeeting(id: MeetingID) async throws
    func meeting(id: MeetingID) async throws -> Meeting
    /// Occurrences not yet ended at `after` (the room passes `clock.now()`), soonest first, of
    /// `me`'s groups (a guest: every open group) or of one group.
    func upcomingMeetings(groupID: GroupID?, after: Date, limit: Int) async throws -> [MeetingOccurrence]
    func rsvp(meetingID: MeetingID, occurrence: Date, _ answer: RSVP) async throws
    /// "I was there": once an occurrence has begun (by `clock`), and up to a week after it.
    func checkIn(meetingID: MeetingID, occurrence: Date) async throws
    /// The latest occurrence that began before `clock.now()`, if any.
    func latestOccurrence(meetingID: MeetingID) async throws -> Date?

    // MARK: Share circle (issue 18). Only the meeting's group's members read it and raise or
    // lower their own hand, once at a time per occurrence, and raise only while it is under
    // way (by `clock`); only the group's facilitators pass the turn or lower another's hand.
    // Anyone else: `notAMember` (a guest: `notAllowed`); a meeting `me` may not see:
    // `unknownMeeting`. Each change is logged as `.circle(meetingID)`.

    /// The circle of one occurrence: who speaks, who waits (in the order hands were raised).
    func shareCircle(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle
    /// `me`'s hand goes up at the end of the queue (`notNow` when already up or not under way).
    func raiseHand(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle
    /// `hand` nil: `me`'s own (waiting or speaking; nothing when it is down). Another's hand:
    /// only for the group's facilitators. A hand already gone is no error.
    func lowerHand(meetingID: MeetingID, occurrence: Date, hand: CircleHandID?) async throws -> ShareCircle
    /// The speaker is done and the oldest waiting hand speaks. `expecting`: the speaker the
    /// facilitator saw (nil: nobody); if the turn has moved meanwhile, `notNow` and nothing
    /// changes, so two facilitators passing at once never skip anyone.
    func passTurn(meetingID: MeetingID, occurrence: Date, expecting: CircleHandID?) async throws -> ShareCircle

    // MARK: Check-ins and milestones, `me`'s alone.

    func recordCheckIn(_ checkIn: DailyCheckIn) async throws -> CheckInSummary
    /// As of `me`'s own calendar day `today` (their zone).
    func checkInSummary(today: CalendarDay) async throws -> CheckInSummary
    func shareMilestones(groupID: GroupID, shared: Bool) async throws

    // MARK: Closed groups.

    /// Joins an open group at once; for a closed one, accepts an invitation or asks to join.
    func join(groupID: GroupID) async throws -> JoinOutcome
    /// A facilitator invites `memberID` (one who asked is let in at once).
    func invite(memberID: MemberID, groupID: GroupID) async throws -> JoinOutcome
    /// Oldest first, for one of the group's facilitators.
    func joinRequests(groupID: GroupID) async throws -> [JoinRequest]
    func answerJoinRequest(groupID: GroupID, memberID: MemberID, approve: Bool) async throws

    // MARK: Newcomer backlog.

    /// A facilitator sets how far back the group's members read: nil for everything, or
    /// `days` before each one joined (`Backlog.days`). Anyone else: `notAFacilitator`.
    func setBacklog(groupID: GroupID, days: Int?) async throws

    // MARK: Mentorship. A thread is read and written only by the mentorship's two members.

    func offerMentoring(groupID: GroupID, note: String, capacity: Int, available: Bool) async throws
    func mentors(groupID: GroupID) async throws -> [MentorOffer]
    /// A chosen mentor (or, nil, the available one with most room). Capacity holds also when
    /// two mentees ask at the same moment from two processes or hosts.
    func requestMentor(groupID: GroupID, mentorID: MemberID?, note: String?) async throws -> Mentorship
    func respondToMentorship(id: MentorshipID, accept: Bool, note: String?) async throws -> Mentorship
    func endMentorship(id: MentorshipID) async throws
    /// `me`'s, as mentor or mentee, oldest first.
    func mentorships() async throws -> [Mentorship]
    func sendMentorMessage(to memberID: MemberID, body: String) async throws -> MentorMessage
    /// Oldest first; empty for anyone not in an active or past mentorship with `me`.
    func mentorThread(with memberID: MemberID) async throws -> [MentorMessage]
    /// `unknownMentorship` unless `me` is one of its two.
    func mentorThread(id: MentorshipID) async throws -> [MentorMessage]

    // MARK: For you (issue 18), `me`'s alone. Replies to `me`'s stories, encouragement
    // addressed to `me`, messages of others in `me`'s mentorships and reactions to `me`'s
    // stories (reactions are given to stories only). Never `me`'s own acts; nothing by a member
    // `me` muted; nothing hidden by a facilitator (for anyone, facilitators included: the
    // queue is where they see it); only from groups `me` belongs to now. A guest has none.
    // No change of its own is logged: what changes the list is told as `.feed`, `.story` or
    // `.mentorship` (a room reloads the count on those); the seen mark logs nothing, as read
    // marks do not.

    /// The newest `limit` (1–`ForYou.listLimit`) items, newest first; of one moment, by kind
    /// (`ForYouKind` order), then the item's id higher first (a reaction: its story's), then
    /// the handle (`Member.handleOrder`), then the reaction's raw value. Behind a story's
    /// content warning an item has no excerpt.
    func forYou(limit: Int) async throws -> [ForYouItem]
    /// How many items are new, up to `ForYou.countLimit` (the header's "2 for you").
    func forYouCount() async throws -> Int
    /// Reading clears them: a list shown to `me` is seen. The caller passes the `createdAt` of
    /// the newest item it showed, and every item created at or before it stops being new
    /// (older ones too, so a list shows every new item: at most `ForYou.countLimit`). The mark
    /// only moves forward, and never past `clock.now()`. Opening one item clears nothing more.
    func markForYouSeen(through: Date) async throws

    // MARK: Support now (issue 18). A quiet signal to the peer mentors and facilitators of
    // `me`'s groups who are here (a heartbeat within the presence window); never in a feed,
    // search, for-you list or anyone else's export. Limits: one waiting signal at a time
    // (`Support.waitMillis`) and `Support.perHour` an hour (`notNow`, kindly worded).

    /// Sends a signal with an optional one-line message, or says no helper is here (nothing sent).
    func reachOut(line: String?) async throws -> ReachOutOutcome
    /// Newest first: signals told to `me` and `me`'s own from the last `Support.waitMillis`,
    /// and every signal whose thread `me` is in.
    func supportSignals() async throws -> [SupportSignal]
    /// Answers a signal told to `me`: the first answer wins, exactly once also across processes
    /// and hosts; later ones get `notAllowed(Support.alreadyAnsweredMessage)`.
    func answerSupport(id: SupportSignalID) async throws -> SupportSignal
    /// Oldest first; `notAllowed` unless `me` is the signaller or the answerer.
    func supportThread(id: SupportSignalID) async throws -> [SupportMessage]
    func sendSupportMessage(signalID: SupportSignalID, body: String) async throws -> SupportMessage
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
    /// Any other refusal of the database, by its result code (never its SQL).
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
            "the room's database could not do that (result code \(code)); nothing was changed"
        }
    }

    private static func didYouMean(_ names: [String]) -> String {
        names.isEmpty ? "" : "; did you mean \(names.prefix(10).joined(separator: ", "))?"
    }
}
