import Foundation
import GRDB
import RoomCore
import RoomStore
import Synchronization

extension SQLiteRoomStore {
    /// A session acting as the member bound to `login`, or as the member `handle` names (`--as`:
    /// one bound to this login, or a demo member it seeded; `notYourMember` for anyone else).
    /// A login with no member is a guest until it takes a pseudonym.
    public func session(login: String, actingAs handle: String? = nil) async throws -> SQLiteSession {
        if let handle {
            guard handle != Self.removedHandle else { throw StoreError.unknownMember(handle, known: []) }
            return SQLiteSession(backend: self, login: login, me: try await member(handle: handle, actingFor: login))
        }
        return SQLiteSession(backend: self, login: login, me: try await members(login: login).first)
    }

    /// A session acting as any member, by id (nil: a guest with no login), for tests, tools and
    /// the administrator. It grants nothing new: whoever can open the file can write any row.
    public func session(memberID: MemberID?) async throws -> SQLiteSession {
        guard let memberID else { return SQLiteSession(backend: self, login: nil, me: nil) }
        let member = try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, handle, recoveryStart FROM member WHERE id = ?", arguments: [memberID]
            )
            .map(Self.member)
        }
        guard let member else { throw StoreError.unknownMember("member \(memberID)", known: []) }
        return SQLiteSession(backend: self, login: nil, me: member)
    }
}

/// The SQLite room as one principal sees and changes it: every call forwards the session's
/// member (`me`) to the backend's queries, which check the rules inside their transactions.
public final class SQLiteSession: RoomStore {
    public let backend: SQLiteRoomStore
    /// The login this session's pseudonym is bound to (nil: opened by member id).
    public let login: String?
    private let current: Mutex<Member?>

    init(backend: SQLiteRoomStore, login: String?, me: Member?) {
        self.backend = backend
        self.login = login
        current = Mutex(me)
    }

    public var me: Member? { current.withLock { $0 } }
    public var isReadOnly: Bool { backend.isReadOnly }
    public var clock: RoomClock { backend.clock }

    /// No member matches this id: what a guest reads as (nothing of their own).
    static let nobody: MemberID = -1

    private var viewer: MemberID? { me?.id }
    /// `me`'s id for a read of one's own things; a guest has none.
    private var mine: MemberID { me?.id ?? Self.nobody }

    /// The member this session writes as; a guest writes nothing.
    private func acting() throws -> MemberID {
        if let me { return me.id }
        if backend.isReadOnly { throw StoreError.readOnly(path: backend.path) }
        throw StoreError.notAllowed(
            "you have no pseudonym in this room yet; take one first with: peerroom join --handle NAME")
    }

    @discardableResult
    public func takePseudonym(_ handle: String, recoveryStart: CalendarDay?) async throws -> Member {
        guard me == nil, let login else {
            throw StoreError.notAllowed("you already have a pseudonym in this room: \(me?.handle ?? "")")
        }
        let member = try await backend.createMember(handle: handle, login: login, recoveryStart: recoveryStart)
        try await backend.joinOpenGroups(memberID: member.id, role: .newcomer)
        current.withLock { $0 = member }
        return member
    }

    // MARK: Reading

    public func groups() async throws -> [GroupSummary] { try await backend.groups(memberID: viewer) }
    public func groupDirectory() async throws -> [GroupSummary] { try await backend.groupDirectory(viewer: viewer) }
    public func group(slug: String) async throws -> GroupSummary { try await backend.group(slug: slug) }

    public func roster(groupID: GroupID, page: PageRequest<RosterKey>, limit: Int) async throws -> Page<RosterEntry> {
        try await backend.roster(groupID: groupID, page: page, limit: limit, viewer: viewer)
    }

    public func stories(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws -> Page<StorySummary> {
        try await backend.stories(groupID: groupID, page: page, limit: limit, viewer: viewer)
    }

    public func encouragement(groupID: GroupID, page: PageRequest<FeedKey>, limit: Int) async throws
        -> Page<Encouragement>
    {
        try await backend.encouragement(groupID: groupID, page: page, limit: limit, viewer: viewer)
    }

    public func story(id: StoryID) async throws -> Story { try await backend.story(id: id, viewer: viewer) }
    public func member(handle: String) async throws -> Member {
        var member = try await backend.member(handle: handle)
        // A recovery start is private until shared, and shared per group (the roster shows it).
        if member.id != me?.id { member.recoveryStart = nil }
        return member
    }

    public func search(_ text: String, groupID: GroupID?, limit: Int) async throws -> [SearchHit] {
        try await backend.search(text, groupID: groupID, viewer: viewer, limit: limit)
    }

    // MARK: Sharing

    public func post(_ story: NewStory) async throws -> StorySummary {
        try await backend.post(story, authorID: try acting())
    }

    public func encourage(_ message: NewEncouragement) async throws -> Encouragement {
        try await backend.encourage(message, authorID: try acting())
    }

    public func reply(to storyID: StoryID, body: String) async throws -> Reply {
        try await backend.reply(to: storyID, authorID: try acting(), body: body)
    }

    @discardableResult
    public func toggleReaction(storyID: StoryID, kind: ReactionKind) async throws -> Bool {
        try await backend.toggleReaction(storyID: storyID, memberID: try acting(), kind: kind)
    }

    public func editStory(id: StoryID, title: String?, contentWarning: String?, body: String?) async throws -> Story {
        try await backend.editStory(id: id, by: try acting(), title: title, contentWarning: contentWarning, body: body)
    }

    public func editReply(id: ReplyID, body: String) async throws -> Reply {
        try await backend.editReply(id: id, by: try acting(), body: body)
    }

    public func editEncouragement(id: EncouragementID, body: String) async throws -> Encouragement {
        try await backend.editEncouragement(id: id, by: try acting(), body: body)
    }

    @discardableResult
    public func deleteStory(id: StoryID) async throws -> Int { try await backend.deleteStory(id: id, by: try acting()) }

    public func othersReplyCount(storyID: StoryID) async throws -> Int {
        try await backend.othersReplyCount(storyID: storyID, memberID: mine)
    }

    public func deleteReply(id: ReplyID) async throws { try await backend.deleteReply(id: id, by: try acting()) }

    public func deleteEncouragement(id: EncouragementID) async throws {
        try await backend.deleteEncouragement(id: id, by: try acting())
    }

    // MARK: Drafts

    public func saveDraft(_ draft: Draft) async throws { try await backend.saveDraft(draft, memberID: try acting()) }

    public func draft(for target: DraftTarget) async throws -> Draft? {
        try await backend.draft(for: target, memberID: mine)
    }

    public func drafts() async throws -> [Draft] { try await backend.drafts(memberID: mine) }

    public func discardDraft(for target: DraftTarget) async throws {
        try await backend.discardDraft(for: target, memberID: try acting())
    }

    // MARK: Privacy

    public func export() async throws -> MemberExport { try await backend.export(memberID: try acting()) }

    public func forget() async throws {
        try await backend.forget(memberID: try acting())
        current.withLock { $0 = nil }
    }

    public func setRecoveryStart(_ day: CalendarDay?) async throws {
        try await backend.setRecoveryStart(memberID: try acting(), day)
    }

    public func shareRecoveryStart(groupID: GroupID, shared: Bool) async throws {
        try await backend.shareRecoveryStart(memberID: try acting(), groupID: groupID, shared: shared)
    }

    // MARK: Live

    public func lastChange() async throws -> Int64 { try await backend.lastChange() }

    public func changes(after position: Int64) async throws -> (changes: [RoomChange], last: Int64) {
        try await backend.changes(after: position, viewer: viewer)
    }

    public func heartbeat(instance: String) async throws {
        try await backend.heartbeat(memberID: try acting(), process: instance)
    }

    public func leave(instance: String) async throws {
        try await backend.leave(memberID: try acting(), process: instance)
    }

    // MARK: Unread

    public func readPosition(groupID: GroupID) async throws -> FeedKey? {
        try await backend.readPosition(memberID: mine, groupID: groupID)
    }

    public func markRead(storyID: StoryID) async throws {
        try await backend.markRead(storyID: storyID, memberID: try acting())
    }

    public func nextUnread(groupID: GroupID) async throws -> StoryID? {
        try await backend.nextUnread(memberID: mine, groupID: groupID)
    }

    // MARK: Moderation

    public func report(_ target: ModerationTarget, reason: String) async throws {
        try await backend.report(target, by: try acting(), reason: reason)
    }

    public func setMuted(_ memberID: MemberID, muted: Bool) async throws {
        try await backend.setMuted(memberID, by: try acting(), muted: muted)
    }

    public func mutedMembers() async throws -> [Member] { try await backend.mutedMembers(memberID: mine) }

    public func moderationQueue(groupID: GroupID) async throws -> [ModerationItem] {
        try await backend.moderationQueue(groupID: groupID, facilitatorID: mine)
    }

    public func moderate(_ target: ModerationTarget, hide: Bool, note: String) async throws {
        try await backend.moderate(target, hide: hide, by: try acting(), note: note)
    }

    public func addContentWarning(storyID: StoryID, warning: String, note: String) async throws {
        try await backend.addContentWarning(storyID: storyID, warning: warning, by: try acting(), note: note)
    }

    // MARK: Meetings

    public func addMeeting(_ meeting: NewMeeting) async throws -> Meeting {
        try await backend.addMeeting(meeting, by: try acting())
    }

    public func editMeeting(id: MeetingID, _ changes: MeetingChanges) async throws -> Meeting {
        try await backend.editMeeting(id: id, changes, by: try acting())
    }

    public func cancelMeeting(id: MeetingID) async throws { try await backend.cancelMeeting(id: id, by: try acting()) }
    public func meeting(id: MeetingID) async throws -> Meeting { try await backend.meeting(id: id, viewer: viewer) }

    public func upcomingMeetings(groupID: GroupID?, after: Date, limit: Int) async throws -> [MeetingOccurrence] {
        try await backend.upcomingMeetings(viewer: viewer, groupID: groupID, after: after, limit: limit)
    }

    public func rsvp(meetingID: MeetingID, occurrence: Date, _ answer: RSVP) async throws {
        try await backend.rsvp(meetingID: meetingID, occurrence: occurrence, memberID: try acting(), answer)
    }

    public func checkIn(meetingID: MeetingID, occurrence: Date) async throws {
        try await backend.checkIn(meetingID: meetingID, occurrence: occurrence, memberID: try acting())
    }

    public func latestOccurrence(meetingID: MeetingID) async throws -> Date? {
        try await backend.latestOccurrence(meetingID: meetingID)
    }

    // MARK: Check-ins and milestones

    public func recordCheckIn(_ checkIn: DailyCheckIn) async throws -> CheckInSummary {
        try await backend.recordCheckIn(memberID: try acting(), checkIn)
    }

    public func checkInSummary(today: CalendarDay) async throws -> CheckInSummary {
        try await backend.checkInSummary(memberID: mine, today: today)
    }

    public func shareMilestones(groupID: GroupID, shared: Bool) async throws {
        try await backend.shareMilestones(memberID: try acting(), groupID: groupID, shared: shared)
    }

    // MARK: Closed groups

    public func join(groupID: GroupID) async throws -> JoinOutcome {
        try await backend.join(groupID: groupID, memberID: try acting())
    }

    public func invite(memberID: MemberID, groupID: GroupID) async throws -> JoinOutcome {
        try await backend.invite(memberID: memberID, groupID: groupID, by: try acting())
    }

    public func joinRequests(groupID: GroupID) async throws -> [JoinRequest] {
        try await backend.joinRequests(groupID: groupID, facilitatorID: mine)
    }

    public func answerJoinRequest(groupID: GroupID, memberID: MemberID, approve: Bool) async throws {
        try await backend.answerJoinRequest(groupID: groupID, memberID: memberID, approve: approve, by: try acting())
    }

    public func setBacklog(groupID: GroupID, days: Int?) async throws {
        try await backend.setBacklog(groupID: groupID, days: days, by: try acting())
    }

    // MARK: Mentorship

    public func offerMentoring(groupID: GroupID, note: String, capacity: Int, available: Bool) async throws {
        try await backend.offerMentoring(
            memberID: try acting(), groupID: groupID, note: note, capacity: capacity, available: available)
    }

    public func mentors(groupID: GroupID) async throws -> [MentorOffer] {
        try await backend.mentors(groupID: groupID, viewer: viewer)
    }

    public func requestMentor(groupID: GroupID, mentorID: MemberID?, note: String?) async throws -> Mentorship {
        try await backend.requestMentor(menteeID: try acting(), groupID: groupID, mentorID: mentorID, note: note)
    }

    public func respondToMentorship(id: MentorshipID, accept: Bool, note: String?) async throws -> Mentorship {
        try await backend.respondToMentorship(id: id, by: try acting(), accept: accept, note: note)
    }

    public func endMentorship(id: MentorshipID) async throws {
        try await backend.endMentorship(id: id, by: try acting())
    }

    public func mentorships() async throws -> [Mentorship] { try await backend.mentorships(memberID: mine) }

    public func sendMentorMessage(to memberID: MemberID, body: String) async throws -> MentorMessage {
        try await backend.sendMentorMessage(from: try acting(), to: memberID, body: body)
    }

    public func mentorThread(with memberID: MemberID) async throws -> [MentorMessage] {
        try await backend.mentorThread(viewer: mine, with: memberID)
    }

    public func mentorThread(id: MentorshipID) async throws -> [MentorMessage] {
        try await backend.mentorThread(id: id, viewer: mine)
    }

    // MARK: Share circle

    public func shareCircle(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle {
        try await backend.shareCircle(meetingID: meetingID, occurrence: occurrence, viewer: try acting())
    }

    public func raiseHand(meetingID: MeetingID, occurrence: Date) async throws -> ShareCircle {
        try await backend.raiseHand(meetingID: meetingID, occurrence: occurrence, memberID: try acting())
    }

    public func lowerHand(meetingID: MeetingID, occurrence: Date, hand: CircleHandID?) async throws -> ShareCircle {
        try await backend.lowerHand(meetingID: meetingID, occurrence: occurrence, hand: hand, memberID: try acting())
    }

    public func passTurn(meetingID: MeetingID, occurrence: Date, expecting: CircleHandID?) async throws
        -> ShareCircle
    {
        try await backend.passTurn(
            meetingID: meetingID, occurrence: occurrence, expecting: expecting, memberID: try acting())
    }

    // MARK: Support now

    public func reachOut(line: String?) async throws -> ReachOutOutcome {
        try await backend.reachOut(memberID: try acting(), line: line)
    }

    public func supportSignals() async throws -> [SupportSignal] {
        guard let viewer else { return [] }
        return try await backend.supportSignals(viewer: viewer)
    }

    public func answerSupport(id: SupportSignalID) async throws -> SupportSignal {
        try await backend.answerSupport(id: id, by: try acting())
    }

    public func supportThread(id: SupportSignalID) async throws -> [SupportMessage] {
        try await backend.supportThread(id: id, viewer: mine)
    }

    public func sendSupportMessage(signalID: SupportSignalID, body: String) async throws -> SupportMessage {
        try await backend.sendSupportMessage(signalID: signalID, from: try acting(), body: body)
    }
}
