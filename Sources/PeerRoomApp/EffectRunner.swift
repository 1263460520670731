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
    /// The acts a member does, as the commands and the plain room do them.
    let actions: RoomActions

    init(session: RoomSession) {
        store = session.store
        isGuest = session.isGuest
        actions = RoomActions(store: session.store)
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
                draft.updatedAt = store.clock.now()
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
                return .storyChanged(try await actions.react(to: id, kind).story)
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
                    _ = try await actions.report(target, reason: reason)
                    return .reported(target)
                } catch {
                    return .promptFailed("Not reported: \(Failure.from(error).message).")
                }
            case .setMuted(let handle, let muted):
                let member = try await store.member(handle: handle)
                try await store.setMuted(member.id, muted: muted)
                return .muteChanged(handle: member.handle, muted: muted)
            case .loadNextMeeting(let group):
                let next = try await actions.upcomingMeetings(groupID: group, limit: 1)
                return .nextMeetingLoaded(group, next.first)
            case .dailyCheckIn(let mood, let note):
                do {
                    return .checkedIn(try await actions.checkIn(mood: mood, note: note))
                } catch {
                    return .promptFailed("Not saved: \(Failure.from(error).message).")
                }
            case .screen(let effect):
                return try await run(effect)
            case .openExternalEditor, .takePseudonym, .cycleTheme, .ringBell:
                return nil  // the loop runs these: the editor needs the screen, a new member a new runner
            case .quit:
                return nil
            }
        } catch {
            return .loadFailed("Could not do that: \(Failure.from(error).message)")
        }
    }

    /// A screen's own effect: one function a screen (a new screen adds its own here).
    private func run(_ effect: ScreenEffect) async throws -> RoomAction {
        switch effect {
        case .search(.find(let query, let group)):
            .search(
                .found(
                    query: query, groupID: group,
                    try await store.search(
                        query, groupID: group, limit: SearchQuery.resultsInTheRoom)))
        case .meetings(let effect): .meetings(try await meetings(effect))
        case .mentorship(let effect): try await mentorship(effect)
        case .moderation(let effect): try await moderation(effect)
        case .forYou(let effect): .forYou(try await forYou(effect))
        case .support(let effect): .support(try await support(effect))
        case .circle(let effect): .circle(try await circle(effect))
        }
    }

    /// The share circle: a refusal (not under way, the turn moved) is said, not an error.
    private func circle(_ effect: ShareCircleState.Effect) async throws -> ShareCircleState.Result {
        switch effect {
        case .load(let meeting, let start):
            do {
                return .loaded(try await store.shareCircle(meetingID: meeting, occurrence: start))
            } catch {
                return .unreadable(Failure.from(error).sentence)
            }
        case .raise(let meeting, let start):
            return try await circleChange {
                let circle = try await store.raiseHand(meetingID: meeting, occurrence: start)
                return (circle, "Your hand is up. " + circle.myLine)
            }
        case .lower(let meeting, let start, let hand):
            return try await circleChange {
                let circle = try await store.lowerHand(meetingID: meeting, occurrence: start, hand: hand)
                return (circle, hand == nil ? "Your hand is down." : "Hand lowered.")
            }
        case .pass(let meeting, let start, let expecting):
            return try await circleChange {
                let circle = try await store.passTurn(meetingID: meeting, occurrence: start, expecting: expecting)
                return (circle, "Turn passed. " + circle.summary)
            }
        }
    }

    private func circleChange(_ body: () async throws -> (ShareCircle, String)) async throws
        -> ShareCircleState.Result
    {
        do {
            let (circle, notice) = try await body()
            return .changed(circle, notice: notice)
        } catch {
            return .failed(Failure.from(error).sentence)
        }
    }

    /// "I need support now": a refusal (a limit, an answer that came second) is said kindly.
    private func support(_ effect: SupportState.Effect) async throws -> SupportState.Result {
        switch effect {
        case .load:
            return .loaded(isGuest ? [] : try await store.supportSignals())
        case .loadThread(let id):
            return .threadLoaded(id, try await store.supportThread(id: id))
        case .answer(let id):
            do {
                return .answered(try await store.answerSupport(id: id))
            } catch {
                return .failed(Failure.from(error).sentence)
            }
        case .send(let id, let body):
            do {
                _ = try await store.sendSupportMessage(signalID: id, body: body)
                return .sent(id)
            } catch {
                return .failed("Not sent: \(Failure.from(error).message).")
            }
        case .reachOut(let line):
            do {
                let outcome = try await store.reachOut(line: line)
                guard outcome == .nobodyHere else { return .reachedOut(outcome, next: nil) }
                let next = try? await actions.upcomingMeetings(groupID: nil, limit: 1).first
                return .reachedOut(outcome, next: next ?? nil)
            } catch {
                return .failed(Failure.from(error).sentence)
            }
        }
    }

    private func moderation(_ effect: ModerationState.Effect) async throws -> RoomAction {
        switch effect {
        case .loadQueue(let group):
            return .moderation(.queueLoaded(group, try await store.moderationQueue(groupID: group)))
        case .loadRequests(let group):
            return .moderation(.requestsLoaded(group, try await store.joinRequests(groupID: group)))
        case .moderate(let target, let hide, let note):
            do {
                try await store.moderate(target, hide: hide, note: note)
                return .moderation(.moderated(target, hidden: hide))
            } catch {
                return .promptFailed("Not done: \(Failure.from(error).message).")
            }
        case .addWarning(let story, let warning, let note):
            do {
                try await store.addContentWarning(storyID: story, warning: warning, note: note)
                return .moderation(.warned(story))
            } catch {
                return .promptFailed("Not done: \(Failure.from(error).message).")
            }
        case .answer(let group, let member, let handle, let approve):
            do {
                try await store.answerJoinRequest(groupID: group, memberID: member, approve: approve)
                return .moderation(
                    .answered(
                        approve ? "\(handle) is in the group now, as a newcomer." : "Declined \(handle)'s request."))
            } catch {
                return .promptFailed("Not done: \(Failure.from(error).message).")
            }
        }
    }

    private func meetings(_ effect: MeetingsState.Effect) async throws -> MeetingsState.Result {
        switch effect {
        case .load:
            return .loaded(try await actions.upcomingMeetings(groupID: nil, limit: Self.meetingsLimit))
        case .rsvp(let meeting, let start, let answer):
            try await store.rsvp(meetingID: meeting, occurrence: start, answer)
            return .answered("Saved: \(answer.label).")
        case .checkIn(let meeting, let start):
            return .answered(try await actions.checkIn(toMeeting: meeting, at: start).words(.room))
        }
    }

    private func mentorship(_ effect: MentorshipState.Effect) async throws -> RoomAction {
        switch effect {
        case .load:
            return .mentorship(.loaded(isGuest ? [] : try await store.mentorships()))
        case .loadThread(let id):
            return .mentorship(.threadLoaded(id, try await store.mentorThread(id: id)))
        case .send(let id, let handle, let body):
            do {
                let other = try await store.member(handle: handle)
                _ = try await store.sendMentorMessage(to: other.id, body: body)
                return .mentorship(.sent(id))
            } catch {
                return .promptFailed("Not sent: \(Failure.from(error).message).")
            }
        case .answer(let id, let accept):
            let answered = try await store.respondToMentorship(id: id, accept: accept, note: nil)
            return .mentorship(
                .changed(
                    accept
                        ? "You are \(answered.menteeHandle)'s mentor now. r: write to them."
                        : "Declined, kindly: \(answered.menteeHandle) is told it is about your time, not about them."))
        case .end(let id):
            try await store.endMentorship(id: id)
            return .mentorship(.changed("Ended. The thread stays readable by the two of you."))
        case .loadMentors(let group):
            return .mentorship(.mentorsLoaded(group, try await store.mentors(groupID: group)))
        case .request(let group, let handle, let note):
            do {
                var mentor: MemberID?
                if let handle { mentor = try await store.member(handle: handle).id }
                let asked = try await store.requestMentor(groupID: group, mentorID: mentor, note: note)
                return .mentorship(
                    .asked(
                        "Asked \(asked.mentorHandle) to mentor you. Your request is pending; "
                            + "you will see their answer here."))
            } catch {
                return .promptFailed("Not asked: \(Failure.from(error).message).")
            }
        case .offer(let group, let capacity, let note):
            do {
                try await store.offerMentoring(groupID: group, note: note, capacity: capacity, available: true)
                return .mentorship(
                    .asked(
                        "Thank you: you offer to mentor up to \(capacity) \(capacity == 1 ? "mentee" : "mentees") "
                            + "in this group. Requests show here."))
            } catch {
                return .promptFailed("Not offered: \(Failure.from(error).message).")
            }
        }
    }

    private func submit(_ submission: Submission) async throws -> Posted {
        switch submission {
        case .story(let group, let kind, let title, let contentWarning, let body):
            let story = NewStory(
                groupID: group, kind: kind, title: title, contentWarning: contentWarning, body: body)
            return .story(try await actions.post(story).story)
        case .reply(let storyID, let body):
            return .reply(try await actions.reply(to: storyID, body: body).story)
        case .encouragement(let group, let to, let body):
            return .encouragement(try await actions.encourage(groupID: group, to: to, body: body).sent)
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
