import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// Runs the reducer's effects against the store and turns their results into actions.
/// The only place where the view-model meets I/O.
/// Sendable: the loop runs effects in child tasks (`EffectQueue`), off the input loop.
struct EffectRunner: Sendable {
    /// The session the room acts through (a guest reads, and writes nothing).
    let store: any RoomStore
    let isGuest: Bool

    init(session: RoomSession) {
        store = session.store
        isGuest = session.isGuest
    }

    /// Meeting occurrences in the meetings list (a few weeks of every group's meetings).
    static let meetingsLimit = 40

    /// The action an effect produced, or nil (quit).
    func run(_ effect: RoomEffect) async -> RoomAction? {
        do {
            switch effect {
            case .loadGroups:
                return .groupsLoaded(try await store.groups())
            case .loadRoster(let group, let request):
                let page = try await store.roster(
                    groupID: group, page: request, limit: ListWindow<RosterEntry>.pageSize)
                return .rosterLoaded(group, request, page)
            case .loadStories(let group, let request):
                let page = try await store.stories(
                    groupID: group, page: request, limit: ListWindow<StorySummary>.pageSize)
                return .storiesLoaded(group, request, page)
            case .loadEncouragement(let group, let request):
                let page = try await store.encouragement(
                    groupID: group, page: request, limit: ListWindow<Encouragement>.pageSize)
                return .encouragementLoaded(group, request, page)
            case .loadStory(let id):
                return .storyLoaded(try await store.story(id: id))
            case .loadDraft(let target):
                return .draftLoaded(target, try await store.draft(for: target))
            case .loadDrafts:
                return .draftsFound(try await store.drafts())
            case .saveDraft(var draft):
                draft.updatedAt = Date()
                try await store.saveDraft(draft)
                return nil
            case .discardDraft(let target):
                try await store.discardDraft(for: target)
                return nil
            case .submit(let submission):
                do {
                    return .posted(try await submit(submission))
                } catch {
                    return .postFailed("Not posted: \(Failure.from(error).message). Your text is kept.")
                }
            case .toggleReaction(let id, let kind):
                try await store.toggleReaction(storyID: id, kind: kind)
                return .storyChanged(try await store.story(id: id).summary)
            case .delete(let action):
                switch action {
                case .deleteStory(let id): try await store.deleteStory(id: id)
                case .deleteReply(let id): try await store.deleteReply(id: id)
                case .deleteEncouragement(let id): try await store.deleteEncouragement(id: id)
                case .discardDraft, .mute, .unmute, .endMentorship: break
                }
                return .deleted(action)
            case .countOthersReplies(let id):
                return .othersRepliesCounted(id, try await store.othersReplyCount(storyID: id))
            case .markRead(let id):
                if !isGuest { try await store.markRead(storyID: id) }
                return nil
            case .findNextUnread(let group):
                return .nextUnreadFound(isGuest ? nil : try await store.nextUnread(groupID: group))
            case .report(let target, let reason):
                do {
                    try await store.report(target, reason: reason)
                    return .reported(target)
                } catch {
                    return .promptFailed("Not reported: \(Failure.from(error).message).")
                }
            case .setMuted(let handle, let muted):
                let member = try await store.member(handle: handle)
                try await store.setMuted(member.id, muted: muted)
                return .muteChanged(handle: member.handle, muted: muted)
            case .loadModerationQueue(let group):
                return .moderationQueueLoaded(
                    group, try await store.moderationQueue(groupID: group))
            case .moderate(let target, let hide, let note):
                do {
                    try await store.moderate(target, hide: hide, note: note)
                    return .moderated(target, hidden: hide)
                } catch {
                    return .promptFailed("Not done: \(Failure.from(error).message).")
                }
            case .loadJoinRequests(let group):
                return .joinRequestsLoaded(group, try await store.joinRequests(groupID: group))
            case .answerJoinRequest(let group, let member, let handle, let approve):
                do {
                    try await store.answerJoinRequest(
                        groupID: group, memberID: member, approve: approve)
                    return .joinRequestAnswered(
                        approve ? "\(handle) is in the group now, as a newcomer." : "Declined \(handle)'s request.")
                } catch {
                    return .promptFailed("Not done: \(Failure.from(error).message).")
                }
            case .search(let query, let group):
                let hits = try await store.search(
                    query, groupID: group, limit: SearchQuery.resultsInTheRoom)
                return .searchFound(query: query, groupID: group, hits)
            case .loadNextMeeting(let group):
                let next = try await store.upcomingMeetings(groupID: group, after: store.clock.now(), limit: 1)
                return .nextMeetingLoaded(group, next.first)
            case .loadMeetings:
                return .meetingsLoaded(
                    try await store.upcomingMeetings(
                        groupID: nil, after: store.clock.now(), limit: Self.meetingsLimit))
            case .rsvp(let meeting, let start, let answer):
                try await store.rsvp(meetingID: meeting, occurrence: start, answer)
                return .meetingAnswered("Saved: \(answer.label).")
            case .dailyCheckIn(let mood, let note):
                do {
                    let now = Date()
                    let checkIn = DailyCheckIn(day: Recurrence.day(of: now, in: .current), mood: mood, note: note)
                    return .checkedIn(try await store.recordCheckIn(checkIn))
                } catch {
                    return .promptFailed("Not saved: \(Failure.from(error).message).")
                }
            case .loadMentorships:
                return .mentorshipsLoaded(isGuest ? [] : try await store.mentorships())
            case .loadMentorThread(let id):
                return .mentorThreadLoaded(id, try await store.mentorThread(id: id))
            case .sendMentorMessage(let id, let handle, let body):
                do {
                    let other = try await store.member(handle: handle)
                    _ = try await store.sendMentorMessage(to: other.id, body: body)
                    return .mentorMessageSent(id)
                } catch {
                    return .promptFailed("Not sent: \(Failure.from(error).message).")
                }
            case .answerMentorship(let id, let accept):
                let answered = try await store.respondToMentorship(
                    id: id, accept: accept, note: nil)
                return .mentorshipChanged(
                    accept
                        ? "You are \(answered.menteeHandle)'s mentor now. r: write to them."
                        : "Declined, kindly: \(answered.menteeHandle) is told it is about your time, not about them.")
            case .endMentorship(let id):
                try await store.endMentorship(id: id)
                return .mentorshipChanged("Ended. The thread stays readable by the two of you.")
            case .checkInToMeeting(let meeting, let start):
                try await store.checkIn(meetingID: meeting, occurrence: start)
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
        switch submission {
        case .story(let group, let kind, let title, let contentWarning, let body):
            let story = NewStory(
                groupID: group, kind: kind, title: title, contentWarning: contentWarning, body: body)
            return .story(try await store.post(story))
        case .reply(let storyID, let body):
            _ = try await store.reply(to: storyID, body: body)
            return .reply(try await store.story(id: storyID))
        case .encouragement(let group, let to, let body):
            var recipient: MemberID?
            if let to { recipient = try await store.member(handle: to).id }
            let message = NewEncouragement(groupID: group, recipientID: recipient, body: body)
            return .encouragement(try await store.encourage(message))
        case .editReply(let reply, let body):
            _ = try await store.editReply(id: reply.id, body: body)
            return .edited(try await store.story(id: reply.storyID))
        case .editEncouragement(let id, let body):
            return .editedEncouragement(try await store.editEncouragement(id: id, body: body))
        case .edit(let id, let title, let contentWarning, let body):
            return .edited(
                try await store.editStory(
                    id: id, title: title, contentWarning: contentWarning, body: body))
        }
    }
}
