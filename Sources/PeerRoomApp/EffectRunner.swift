import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// Runs the reducer's effects against the store and turns their results into actions.
/// The only place where the view-model meets I/O.
/// Sendable: the loop runs effects in child tasks (`EffectQueue`), off the input loop.
struct EffectRunner: Sendable {
    /// The store and the member the room acts as (a guest reads, and writes nothing).
    let store: any RoomStore
    let me: Member
    let isGuest: Bool

    init(session: RoomSession) {
        store = session.store
        me = session.me
        isGuest = session.isGuest
    }

    var viewer: MemberID? { isGuest ? nil : me.id }

    /// Meeting occurrences in the meetings list (a few weeks of every group's meetings).
    static let meetingsLimit = 40

    /// The action an effect produced, or nil (quit).
    func run(_ effect: RoomEffect) async -> RoomAction? {
        do {
            switch effect {
            case .loadGroups:
                return .groupsLoaded(try await store.groups(memberID: isGuest ? nil : me.id))
            case .loadRoster(let group, let request):
                let page = try await store.roster(
                    groupID: group, page: request, limit: ListWindow<RosterEntry>.pageSize, viewer: viewer)
                return .rosterLoaded(group, request, page)
            case .loadStories(let group, let request):
                let page = try await store.stories(
                    groupID: group, page: request, limit: ListWindow<StorySummary>.pageSize, viewer: viewer)
                return .storiesLoaded(group, request, page)
            case .loadEncouragement(let group, let request):
                let page = try await store.encouragement(
                    groupID: group, page: request, limit: ListWindow<Encouragement>.pageSize, viewer: viewer)
                return .encouragementLoaded(group, request, page)
            case .loadStory(let id):
                return .storyLoaded(try await store.story(id: id, viewer: viewer))
            case .loadDraft(let target):
                return .draftLoaded(target, try await store.draft(for: target, memberID: me.id))
            case .loadDrafts:
                return .draftsFound(try await store.drafts(memberID: me.id))
            case .saveDraft(var draft):
                draft.updatedAt = Date()
                try await store.saveDraft(draft, memberID: me.id)
                return nil
            case .discardDraft(let target):
                try await store.discardDraft(for: target, memberID: me.id)
                return nil
            case .submit(let submission):
                do {
                    return .posted(try await submit(submission))
                } catch {
                    return .postFailed("Not posted: \(Failure.from(error).message). Your text is kept.")
                }
            case .toggleReaction(let id, let kind):
                try await store.toggleReaction(storyID: id, memberID: me.id, kind: kind, at: Date())
                return .storyChanged(try await store.story(id: id, viewer: viewer).summary)
            case .delete(let action):
                switch action {
                case .deleteStory(let id): try await store.deleteStory(id: id, by: me.id)
                case .deleteReply(let id): try await store.deleteReply(id: id, by: me.id)
                case .deleteEncouragement(let id): try await store.deleteEncouragement(id: id, by: me.id)
                case .discardDraft, .mute, .unmute, .endMentorship: break
                }
                return .deleted(action)
            case .countOthersReplies(let id):
                return .othersRepliesCounted(id, try await store.othersReplyCount(storyID: id, memberID: me.id))
            case .markRead(let id):
                if !isGuest { try await store.markRead(storyID: id, memberID: me.id) }
                return nil
            case .findNextUnread(let group):
                return .nextUnreadFound(isGuest ? nil : try await store.nextUnread(memberID: me.id, groupID: group))
            case .report(let target, let reason):
                do {
                    try await store.report(target, by: me.id, reason: reason, at: Date())
                    return .reported(target)
                } catch {
                    return .promptFailed("Not reported: \(Failure.from(error).message).")
                }
            case .setMuted(let handle, let muted):
                let member = try await store.member(handle: handle)
                try await store.setMuted(member.id, by: me.id, muted: muted, at: Date())
                return .muteChanged(handle: member.handle, muted: muted)
            case .loadModerationQueue(let group):
                return .moderationQueueLoaded(
                    group, try await store.moderationQueue(groupID: group, facilitatorID: me.id))
            case .moderate(let target, let hide, let note):
                do {
                    try await store.moderate(target, hide: hide, by: me.id, note: note, at: Date())
                    return .moderated(target, hidden: hide)
                } catch {
                    return .promptFailed("Not done: \(Failure.from(error).message).")
                }
            case .loadJoinRequests(let group):
                return .joinRequestsLoaded(group, try await store.joinRequests(groupID: group, facilitatorID: me.id))
            case .answerJoinRequest(let group, let member, let handle, let approve):
                do {
                    try await store.answerJoinRequest(
                        groupID: group, memberID: member, approve: approve, by: me.id, at: Date())
                    return .joinRequestAnswered(
                        approve ? "\(handle) is in the group now, as a newcomer." : "Declined \(handle)'s request.")
                } catch {
                    return .promptFailed("Not done: \(Failure.from(error).message).")
                }
            case .search(let query, let group):
                let hits = try await store.search(
                    query, groupID: group, viewer: viewer, limit: SearchQuery.resultsInTheRoom)
                return .searchFound(query: query, groupID: group, hits)
            case .loadNextMeeting(let group):
                let next = try await store.upcomingMeetings(viewer: viewer, groupID: group, after: Date(), limit: 1)
                return .nextMeetingLoaded(group, next.first)
            case .loadMeetings:
                return .meetingsLoaded(
                    try await store.upcomingMeetings(
                        viewer: viewer, groupID: nil, after: Date(), limit: Self.meetingsLimit))
            case .rsvp(let meeting, let start, let answer):
                try await store.rsvp(meetingID: meeting, occurrence: start, memberID: me.id, answer, at: Date())
                return .meetingAnswered("Saved: \(answer.label).")
            case .dailyCheckIn(let mood, let note):
                do {
                    let now = Date()
                    let checkIn = DailyCheckIn(day: Recurrence.day(of: now, in: .current), mood: mood, note: note)
                    return .checkedIn(try await store.recordCheckIn(memberID: me.id, checkIn, at: now))
                } catch {
                    return .promptFailed("Not saved: \(Failure.from(error).message).")
                }
            case .loadMentorships:
                return .mentorshipsLoaded(isGuest ? [] : try await store.mentorships(memberID: me.id))
            case .loadMentorThread(let id):
                return .mentorThreadLoaded(id, try await store.mentorThread(id: id, viewer: me.id))
            case .sendMentorMessage(let id, let handle, let body):
                do {
                    let other = try await store.member(handle: handle)
                    _ = try await store.sendMentorMessage(from: me.id, to: other.id, body: body, at: Date())
                    return .mentorMessageSent(id)
                } catch {
                    return .promptFailed("Not sent: \(Failure.from(error).message).")
                }
            case .answerMentorship(let id, let accept):
                let answered = try await store.respondToMentorship(
                    id: id, by: me.id, accept: accept, note: nil, at: Date())
                return .mentorshipChanged(
                    accept
                        ? "You are \(answered.menteeHandle)'s mentor now. r: write to them."
                        : "Declined, kindly: \(answered.menteeHandle) is told it is about your time, not about them.")
            case .endMentorship(let id):
                try await store.endMentorship(id: id, by: me.id, at: Date())
                return .mentorshipChanged("Ended. The thread stays readable by the two of you.")
            case .checkInToMeeting(let meeting, let start):
                try await store.checkIn(meetingID: meeting, occurrence: start, memberID: me.id, at: Date())
                return .meetingAnswered("Checked in. Thank you for being there.")
            case .openExternalEditor, .takePseudonym, .cycleTheme:
                return nil  // the loop runs these: the editor needs the screen, a new member a new runner
            case .quit:
                return nil
            }
        } catch {
            return .loadFailed("Could not do that: \(Failure.from(error).message)")
        }
    }

    private func submit(_ submission: Submission) async throws -> Posted {
        let now = Date()
        switch submission {
        case .story(let group, let kind, let title, let contentWarning, let body):
            let story = NewStory(
                groupID: group, authorID: me.id, kind: kind, title: title, contentWarning: contentWarning, body: body)
            return .story(try await store.post(story, at: now))
        case .reply(let storyID, let body):
            _ = try await store.reply(to: storyID, authorID: me.id, body: body, at: now)
            return .reply(try await store.story(id: storyID, viewer: viewer))
        case .encouragement(let group, let to, let body):
            var recipient: MemberID?
            if let to { recipient = try await store.member(handle: to).id }
            let message = NewEncouragement(groupID: group, authorID: me.id, recipientID: recipient, body: body)
            return .encouragement(try await store.encourage(message, at: now))
        case .editReply(let reply, let body):
            _ = try await store.editReply(id: reply.id, by: me.id, body: body, at: now)
            return .edited(try await store.story(id: reply.storyID, viewer: viewer))
        case .editEncouragement(let id, let body):
            return .editedEncouragement(try await store.editEncouragement(id: id, by: me.id, body: body, at: now))
        case .edit(let id, let title, let contentWarning, let body):
            return .edited(
                try await store.editStory(
                    id: id, by: me.id, title: title, contentWarning: contentWarning, body: body, at: now))
        }
    }
}
