import Foundation
import RoomCore

@testable import RoomViewModel

/// A small, fixed room for reducer and rendering tests: three groups, a roster, stories
/// (with a content warning, emoji, CJK, combining marks and a hostile title), and
/// encouragement. Times are fixed, so snapshots never change with the clock.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T08:26:40Z
    static let today = CalendarDay(year: 2026, month: 11, day: 18)!

    static func hoursAgo(_ hours: Double) -> Date { now.addingTimeInterval(-hours * 3600) }

    /// sam-k (the person using the room) is a member of the Sober Circle and facilitates Even Odds.
    static let groups: [GroupSummary] = [
        GroupSummary(
            id: 1, slug: "sober-circle", name: "Sober Circle", topic: "Living free of alcohol, one day at a time",
            memberCount: 5, storyCount: 6, unreadCount: 2),
        GroupSummary(
            id: 2, slug: "even-odds", name: "Even Odds", topic: "Recovering from gambling", memberCount: 3,
            storyCount: 250),
        GroupSummary(
            id: 3, slug: "newcomers", name: "Newcomers' Circle", topic: "Your first weeks", memberCount: 0,
            storyCount: 0),
    ].map { group in
        var group = group
        group.myRole = group.id == 2 ? .facilitator : .member
        return group
    }

    /// Even Odds' moderation queue: one story reported twice, one reply hidden with a note.
    static let moderationQueue: [ModerationItem] = [
        ModerationItem(
            target: .story(101), groupID: 2, authorHandle: "pip", excerpt: "Story number 2", isHidden: false,
            openReports: [
                .init(reason: "Names a person who is not in the group", createdAt: hoursAgo(6)),
                .init(reason: "Links to a betting site", createdAt: hoursAgo(2)),
            ], storyID: 101),
        ModerationItem(
            target: .reply(40), groupID: 2, authorHandle: "hana", excerpt: "You are all weak, just stop",
            isHidden: true,
            openReports: [], lastNote: "Unkind; spoke to hana privately", storyID: 100),
    ]

    static let roster: [GroupID: [RosterEntry]] = [
        1: [
            RosterEntry(
                id: 1, handle: "river", role: .facilitator, recoveryStart: CalendarDay(iso: "2023-02-14"), isHere: true),
            RosterEntry(id: 2, handle: "harbor", role: .peerMentor, recoveryStart: CalendarDay(iso: "2014-06-01")),
            RosterEntry(id: 3, handle: "juniper", role: .member),
            RosterEntry(id: 4, handle: "quiet-oak", role: .newcomer, recoveryStart: CalendarDay(iso: "2026-11-11")),
            RosterEntry(id: 5, handle: "a-very-long-handle-here", role: .newcomer),
        ],
        2: [
            RosterEntry(id: 6, handle: "tomek", role: .facilitator),
            RosterEntry(id: 7, handle: "pip", role: .member),
            RosterEntry(id: 8, handle: "hana", role: .newcomer),
        ],
    ]

    static let bodies: [StoryID: String] = [
        1: "A year ago I could not picture a single evening without a drink.\n\nToday I made tea 🍵, "
            + "called my sister and went to bed at ten. Nothing dramatic. That is the whole point.",
        2: "I drank on Friday. I am telling you because hiding it is how it grows.",
    ]

    static let stories: [GroupID: [StorySummary]] = [
        1: [
            // Stories 1 and 2 are new to sam-k (the count: 2 new).
            StorySummary(
                id: 1, groupID: 1, kind: .milestone, title: "One year today 🎉", authorHandle: "river",
                createdAt: hoursAgo(5), replyCount: 2, reactionCount: 4, isUnread: true),
            StorySummary(
                id: 2, groupID: 1, kind: .setback, title: "I drank on Friday", authorHandle: "quiet-oak",
                createdAt: hoursAgo(30), contentWarning: "relapse, alcohol", replyCount: 1, reactionCount: 6,
                isUnread: true),
            StorySummary(
                id: 3, groupID: 1, kind: .triumph, title: "Saturday mornings belong to us again 👨‍👩‍👦",
                authorHandle: "juniper", createdAt: hoursAgo(50), reactionCount: 1),
            StorySummary(
                id: 4, groupID: 1, kind: .reflection,
                title: "七転び八起き — fall seven times, get up eight, and a title long enough to need cutting off",
                authorHandle: "harbor", createdAt: hoursAgo(100)),
            StorySummary(
                id: 5, groupID: 1, kind: .reflection, title: "Coffee with Zoe\u{308} at the cafe\u{301}",
                authorHandle: "river", createdAt: hoursAgo(400)),
            StorySummary(
                id: 6, groupID: 1, kind: .triumph, title: "Evil \u{1B}]0;pwned\u{07}title \u{1B}[2J\u{202E}reversed",
                authorHandle: "quiet-oak", createdAt: hoursAgo(2000)),
        ],
        2: (0..<250).map { index in
            StorySummary(
                id: StoryID(100 + index), groupID: 2, kind: StoryKind.allCases[index % 4],
                title: "Story number \(index + 1)", authorHandle: "pip", createdAt: hoursAgo(Double(index)))
        },
    ]

    static let encouragement: [GroupID: [Encouragement]] = [
        1: [
            Encouragement(
                id: 1, groupID: 1, authorHandle: "harbor", recipientHandle: "quiet-oak",
                body: "Telling us took courage. Friday does not erase the weeks before it.", createdAt: hoursAgo(3)),
            Encouragement(
                id: 2, groupID: 1, authorHandle: "river", recipientHandle: nil,
                body: "To everyone here tonight: one evening at a time is enough. 🌱", createdAt: hoursAgo(20)),
        ]
    ]

    static let replies: [StoryID: [Reply]] = [
        1: [
            Reply(id: 1, storyID: 1, authorHandle: "harbor", body: "So proud of you.", createdAt: hoursAgo(4)),
            Reply(
                id: 2, storyID: 1, authorHandle: "juniper", body: "Tea and an early night sound perfect.",
                createdAt: hoursAgo(2)),
        ]
    ]

    static func story(_ id: StoryID) -> Story {
        let summary = stories.values.flatMap { $0 }.first { $0.id == id }!
        let reactions =
            id == 1
            ? [
                Reaction(kind: .support, memberHandle: "harbor"), Reaction(kind: .support, memberHandle: "juniper"),
                Reaction(kind: .proud, memberHandle: "quiet-oak"),
            ] : []
        return Story(
            summary: summary, body: bodies[id] ?? "Body of story \(id).", replies: replies[id] ?? [],
            reactions: reactions)
    }

    static func state(width: Int, height: Int) -> RoomState {
        RoomState(myHandle: "sam-k", size: Size(width: width, height: height), now: now, today: today)
    }

    /// A keyset page over an array in list order, as a store would answer.
    static func page<Item: Pageable>(_ all: [Item], _ request: PageRequest<Item.Key>, limit: Int) -> Page<Item> {
        switch request {
        case .first:
            return Page(items: Array(all.prefix(limit)), hasMore: all.count > limit)
        case .last:
            return Page(items: Array(all.suffix(limit)), hasMore: all.count > limit)
        case .after(let key):
            let start = (all.firstIndex { $0.pageKey == key } ?? all.count - 1) + 1
            let rest = all[start...]
            return Page(items: Array(rest.prefix(limit)), hasMore: rest.count > limit)
        case .from(let key):
            let start = all.firstIndex { $0.pageKey == key } ?? all.count
            let rest = all[start...]
            return Page(items: Array(rest.prefix(limit)), hasMore: rest.count > limit)
        case .before(let key):
            let end = all.firstIndex { $0.pageKey == key } ?? 0
            let rest = all[..<end]
            return Page(items: Array(rest.suffix(limit)), hasMore: rest.count > limit)
        }
    }

    /// The action the app would feed back for an effect, answered from the fixture.
    static func answer(_ effect: RoomEffect) -> RoomAction? {
        let limit = ListWindow<StorySummary>.pageSize
        switch effect {
        case .loadGroups: return .groupsLoaded(groups)
        case .loadRoster(let group, let request):
            return .rosterLoaded(group, request, page(roster[group] ?? [], request, limit: limit))
        case .loadStories(let group, let request):
            return .storiesLoaded(group, request, page(stories[group] ?? [], request, limit: limit))
        case .loadEncouragement(let group, let request):
            return .encouragementLoaded(group, request, page(encouragement[group] ?? [], request, limit: limit))
        case .loadStory(let id): return .storyLoaded(story(id))
        case .loadDraft(let target): return .draftLoaded(target, savedDrafts[target])
        case .countOthersReplies(let id):
            return .othersRepliesCounted(id, (replies[id] ?? []).filter { $0.authorHandle != "river" }.count)
        case .markRead: return nil
        case .findNextUnread(let group): return .nextUnreadFound(group == 1 ? 2 : nil)
        case .loadDrafts: return .draftsFound(Array(savedDrafts.values))
        case .saveDraft, .discardDraft, .quit, .cycleTheme, .ringBell: return nil
        case .submit(let submission): return .posted(posted(submission))
        case .toggleReaction(let id, _):
            var summary = story(id).summary
            summary.reactionCount += 1
            return .storyChanged(summary)
        case .delete(let action): return .deleted(action)
        case .openExternalEditor(let text): return .externalEditorClosed(text + "\nWritten in the editor.")
        case .takePseudonym(let handle):
            return handle.lowercased() == "river"
                ? .promptFailed("The handle 'river' is taken; choose another.") : .joined(handle: handle)
        case .report(let target, _): return .reported(target)
        case .setMuted(let handle, let muted): return .muteChanged(handle: handle, muted: muted)
        case .loadNextMeeting(let group): return .nextMeetingLoaded(group, nil)
        case .screen(let effect): return answer(effect)
        case .dailyCheckIn(let mood, let note):
            return .checkedIn(
                CheckInSummary(
                    today: DailyCheckIn(day: today, mood: mood, note: note), streak: 5, totalDays: 41,
                    longestStreak: 12, daysSinceStart: 30,
                    milestoneToday: Milestone(kind: .days(30), day: today),
                    nextMilestone: Milestone(kind: .days(60), day: CalendarDay(iso: "2026-12-18")!)))
        }
    }

    /// What the store answers a screen's own effect.
    static func answer(_ effect: ScreenEffect) -> RoomAction? {
        switch effect {
        case .search(.find(let query, let group)):
            return .search(.found(query: query, groupID: group, search(query, in: group)))
        case .meetings(.load): return .meetings(.loaded(meetings))
        case .meetings(.rsvp(_, _, let answer)): return .meetings(.answered("Saved: \(answer.label)."))
        case .meetings(.checkIn): return .meetings(.answered("Checked in. Thank you for being there."))
        case .mentorship(.load): return .mentorship(.loaded(mentorships))
        case .mentorship(.loadThread(let id)): return .mentorship(.threadLoaded(id, id == 1 ? mentorThread : []))
        case .mentorship(.send(let id, _, _)): return .mentorship(.sent(id))
        case .mentorship(.answer(_, let accept)): return .mentorship(.changed(accept ? "Accepted." : "Declined."))
        case .mentorship(.end): return .mentorship(.changed("Ended."))
        case .mentorship(.loadMentors(let group)): return .mentorship(.mentorsLoaded(group, mentorOffers[group] ?? []))
        case .mentorship(.request(_, let mentor, _)):
            return .mentorship(.asked("Asked \(mentor ?? "harbor") to mentor you. Your request is pending."))
        case .mentorship(.offer(_, let capacity, _)):
            return .mentorship(.asked("Thank you: you offer to mentor up to \(capacity)."))
        case .moderation(.loadQueue(let group)):
            return .moderation(.queueLoaded(group, group == 2 ? moderationQueue : []))
        case .moderation(.moderate(let target, let hide, _)): return .moderation(.moderated(target, hidden: hide))
        case .moderation(.addWarning(let story, _, _)): return .moderation(.warned(story))
        case .moderation(.loadRequests(let group)): return .moderation(.requestsLoaded(group, []))
        case .moderation(.answer(_, _, let handle, let approve)):
            return .moderation(.answered(approve ? "\(handle) is in the group now." : "Declined \(handle)'s request."))
        case .forYou(.load): return .forYou(.loaded(forYou))
        // Nothing counted unless a test says so: the other screens' goldens keep their header.
        case .forYou(.count), .forYou(.markSeen): return .forYou(.counted(0))
        case .support(.load): return .support(.loaded([]))
        case .support(.loadThread(let id)):
            return .support(.threadLoaded(id, id == supportCall.id ? supportThread : []))
        case .support(.answer(let id)):
            var answered = supportCall
            answered.id = id
            answered.isAnswered = true
            answered.answeredByMe = true
            answered.answererHandle = "sam-k"
            return .support(.answered(answered))
        case .support(.send(let id, _)): return .support(.sent(id))
        case .circle(.load(let id, let start)): return .circle(.loaded(shareCircle(id, start)))
        case .circle(.raise(let id, let start)):
            let circle = shareCircle(id, start)
            return .circle(.changed(circle, notice: "Your hand is up. " + circle.myLine))
        case .circle(.lower(let id, let start, _)):
            var circle = shareCircle(id, start)
            circle.waiting.removeAll(where: \.isMine)
            return .circle(.changed(circle, notice: "Your hand is down."))
        case .circle(.pass(let id, let start, _)):
            var circle = shareCircle(id, start)
            circle.speaking = circle.waiting.removeFirst()
            circle.speaking?.isSpeaking = true
            return .circle(.changed(circle, notice: "Turn passed. " + circle.summary))
        case .support(.reachOut(let line)):
            return .support(
                .reachedOut(
                    .sent(
                        SupportSignal(
                            id: 8, handle: "sam-k", line: line, createdAt: now, side: .mine, isAnswered: false), told: 2
                    ),
                    next: nil))
        }
    }

    /// A call for support told to sam-k (a facilitator of Even Odds) by maple, two minutes ago.
    static let supportCall = SupportSignal(
        id: 7, handle: "maple", line: "Rough night, the casino is calling", createdAt: now.addingTimeInterval(-120),
        side: .toldMe, isAnswered: false)

    /// The thread after sam-k answered maple.
    static let supportThread: [SupportMessage] = [
        SupportMessage(
            id: 1, signalID: 7, authorHandle: "sam-k", body: "I'm here. Want to talk it through?",
            createdAt: now.addingTimeInterval(-60)),
        SupportMessage(
            id: 2, signalID: 7, authorHandle: "maple", body: "Yes. Thank you for answering.",
            createdAt: now.addingTimeInterval(-30)),
    ]

    /// Stories whose title holds `query` (as a store would find them), the match marked.
    static func search(_ query: String, in group: GroupID?) -> [SearchHit] {
        let all = group.map { stories[$0] ?? [] } ?? stories.keys.sorted().flatMap { stories[$0]! }
        return all.compactMap { story in
            guard let range = story.title.range(of: query, options: .caseInsensitive) else { return nil }
            let title = MarkedText([
                .init(String(story.title[..<range.lowerBound])), .init(String(story.title[range]), isMatch: true),
                .init(String(story.title[range.upperBound...])),
            ])
            let name = groups.first { $0.id == story.groupID }!.name
            // As the store: no snippet of a story behind a content warning.
            let snippet =
                story.contentWarning == nil
                ? MarkedText([.init((bodies[story.id] ?? "…").replacingOccurrences(of: "\n", with: " "))])
                : MarkedText([])
            return SearchHit(story: story, groupName: name, title: title, snippet: snippet)
        }
    }

    /// A draft left in the newcomers' circle (group 3) an hour ago.
    static let savedDrafts: [DraftTarget: Draft] = [
        .story(group: 3): Draft(
            target: .story(group: 3), kind: .milestone, title: "Seven days", body: "I made it to a week.",
            updatedAt: hoursAgo(1))
    ]

    /// What the store would hand back for a submission.
    static func posted(_ submission: Submission) -> Posted {
        switch submission {
        case .story(let group, let kind, let title, let warning, _):
            return .story(
                StorySummary(
                    id: 999, groupID: group, kind: kind, title: title, authorHandle: "sam-k", createdAt: now,
                    contentWarning: warning))
        case .reply(let id, let body):
            var whole = story(id)
            whole.replies.append(Reply(id: 99, storyID: id, authorHandle: "sam-k", body: body, createdAt: now))
            whole.summary.replyCount += 1
            return .reply(whole)
        case .encouragement(let group, let to, let body):
            return .encouragement(
                Encouragement(
                    id: 99, groupID: group, authorHandle: "sam-k", recipientHandle: to, body: body, createdAt: now))
        case .editReply(let reply, let body):
            var whole = story(reply.storyID)
            whole.replies = whole.replies.map {
                $0.id == reply.id
                    ? Reply(
                        id: $0.id, storyID: $0.storyID, authorHandle: $0.authorHandle, body: body,
                        createdAt: $0.createdAt) : $0
            }
            return .edited(whole)
        case .editEncouragement(let id, let body):
            var message = encouragement.values.flatMap { $0 }.first { $0.id == id }!
            message.body = body
            return .editedEncouragement(message)
        case .edit(let id, let title, _, let body):
            var whole = story(id)
            whole.summary.title = title
            whole.body = body
            return .edited(whole)
        }
    }

    /// Sends `actions` through the reducer, answering every effect, until nothing is left.
    /// Returns the effects in the order they were asked for.
    @discardableResult
    static func send(_ state: inout RoomState, _ actions: RoomAction...) -> [RoomEffect] {
        var queue = actions
        var effects: [RoomEffect] = []
        while !queue.isEmpty {
            let action = queue.removeFirst()
            for effect in RoomReducer.reduce(&state, action) {
                effects.append(effect)
                if let result = answer(effect) { queue.append(result) }
            }
        }
        return effects
    }

    /// A room that has started and loaded its first group.
    static func startedRoom(width: Int = 120, height: Int = 40) -> RoomState {
        var state = state(width: width, height: height)
        send(&state, .started, .firstFrameShown)
        state.notice = nil  // "you have a draft": its own test; here it would hide the footer
        return state
    }

    static func keys(_ state: inout RoomState, _ keys: Key...) {
        for key in keys { send(&state, .keyPressed(key)) }
    }
}

extension RoomState {
    /// The story the reader shows or is opening, if the reader is open.
    var readerStoryID: StoryID? {
        guard case .reader(let reader) = mode else { return nil }
        if case .loading(let id) = reader.content { return id }
        return reader.story?.id
    }
}
