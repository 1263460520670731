import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// A room whose login has no member yet, as on the first run.
private func firstRun(width: Int = 80, height: Int = 24) -> RoomState {
    var state = RoomState(
        myHandle: "(guest)", size: Size(width: width, height: height), now: Fixture.now, today: Fixture.today)
    state.needsPseudonym = true
    state.prompt = .pseudonym
    Fixture.send(&state, .started, .firstFrameShown)
    return state
}

private func type(_ state: inout RoomState, _ text: String) {
    for character in text { Fixture.keys(&state, .character(character)) }
}

@Suite("Reducer: the first-run pseudonym")
struct PseudonymPromptTests {
    @Test func theFirstRunAsksForAPseudonymAndABadOneIsRefusedOnTheSpot() {
        var state = firstRun()
        Golden.check(RoomRenderer.render(state), "pseudonym-80x24")
        type(&state, "a b")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects.isEmpty, "nothing reaches the store")
        #expect(state.prompt?.problem == "May use only letters a–z, A–Z, digits, '-', '_' and '.'.")
    }

    @Test func aTakenPseudonymKeepsThePromptAndAFreeOneOpensTheRoomAsThatMember() {
        var state = firstRun()
        type(&state, "river")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem == "The handle 'river' is taken; choose another.")
        #expect(state.prompt?.field.text == "river", "what was typed stays")
        for _ in 0..<5 { Fixture.keys(&state, .backspace) }
        type(&state, "new.leaf")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects.first == .takePseudonym("new.leaf"))
        #expect(effects.contains(.loadGroups), "the room reloads as the new member")
        #expect(state.prompt == nil && !state.needsPseudonym)
        #expect(state.myHandle == "new.leaf")
        #expect(state.notice?.hasPrefix("Welcome, new.leaf.") == true)
    }

    @Test func escLooksAroundAndWritingAsksAgain() {
        var state = firstRun()
        Fixture.keys(&state, .escape)
        #expect(state.prompt == nil)
        Fixture.keys(&state, .character("2"), .character("j"))
        #expect(state.stories.selected?.id == 2, "a guest browses")
        Fixture.keys(&state, .character("n"))
        #expect(state.prompt?.purpose == .pseudonym, "writing asks for a pseudonym first")
        if case .compose = state.mode { Issue.record("the compose view opened for a guest") }
    }

    @Test func crisisHelpOpensFromThePromptAndReturnsToIt() {
        var state = firstRun()
        type(&state, "wil")
        Fixture.keys(&state, .control("g"))
        #expect(state.crisisScroll == 0)
        Fixture.keys(&state, .escape)
        #expect(state.prompt?.field.text == "wil")
        #expect(RoomRenderer.render(state).plainText().contains("Ctrl-G:crisis help"))
    }
}

@Suite("Reducer: reporting and muting")
struct ReportAndMuteTests {
    @Test func xOnAStoryAsksWhyAndSendsTheReport() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("2"), .character("j"), .character("x"))
        #expect(state.prompt?.purpose == .report(.story(2)))
        Golden.check(RoomRenderer.render(state), "report-80x24")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem == "Is empty.")
        type(&state, "Shares someone's full name")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects.first == .report(.story(2), reason: "Shares someone's full name"))
        #expect(state.prompt == nil)
        #expect(state.notice?.hasPrefix("Reported.") == true)
    }

    @Test func xInTheReaderReportsTheReplyPickedWithTab() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter, .tab, .tab, .character("x"))
        #expect(state.prompt?.purpose == .report(.reply(2)))
    }

    @Test func oneCannotReportOnesOwnWords() {
        var state = Fixture.startedRoom()
        state.myHandle = "River"  // handles are case-insensitive; river wrote the first story
        Fixture.keys(&state, .character("2"), .character("x"))
        #expect(state.prompt == nil)
        #expect(state.notice == "That is yours: edit it (E) or delete it (d) instead.")
    }

    @Test func mOnAStoryMutesItsAuthorAfterAskingAndInTheRosterTogglesBack() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .character("m"))
        #expect(state.confirmation?.action == .mute("river"))
        let effects = Fixture.send(&state, .keyPressed(.character("y")))
        #expect(effects.first == .setMuted(handle: "river", muted: true))
        #expect(state.notice?.hasPrefix("Muted river.") == true)
        #expect(effects.contains(.loadStories(1, .first)), "the lists reload without river")

        var roster = Fixture.startedRoom()
        var river = roster.roster.items[0]
        river.isMuted = true
        roster.roster.replace(river)
        Fixture.keys(&roster, .character("1"), .tab, .character("m"))
        #expect(roster.confirmation?.action == .unmute("river"))
        Fixture.keys(&roster, .character("n"))
        #expect(roster.confirmation == nil)
    }
}

@Suite("Reducer: the moderation queue")
struct ModerationQueueTests {
    @Test func aFacilitatorOpensTheQueueHidesWithANoteAndTheQueueReloads() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        state.notice = nil
        Fixture.keys(&state, .character("M"))
        guard case .moderation(let queue) = state.mode else {
            Issue.record("M did not open the queue")
            return
        }
        #expect(queue.items == Fixture.moderationQueue)
        Golden.check(RoomRenderer.render(state), "moderation-80x24")
        let queueMode = state.mode
        Fixture.keys(&state, .character("!"))
        #expect(state.crisisScroll == 0, "crisis help from the queue too")
        Fixture.keys(&state, .escape)
        #expect(state.mode == queueMode)
        Fixture.keys(&state, .character("h"))
        #expect(state.prompt?.purpose == .moderate(.story(101), hide: true))
        type(&state, "Betting links")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects.first == .moderation(.moderate(.story(101), hide: true, note: "Betting links")))
        #expect(effects.contains(.moderation(.loadQueue(2))))
        #expect(state.notice == "Hidden: only its author sees it now.")
        Fixture.keys(&state, .character("j"), .character("R"))
        #expect(state.prompt?.purpose == .moderate(.reply(40), hide: false))
        #expect(state.prompt?.title == "Restore")
    }

    /// Enter on a reported item opens it with its story (the reply picked and in view); Esc
    /// comes back to the queue on the same item, read again.
    @Test func enterOpensTheReportedItemInItsStoryAndEscReturnsToTheSamePlace() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        let reportedReply = ModerationItem(
            target: .reply(2), groupID: 2, authorHandle: "juniper", excerpt: "Tea and an early night sound perfect.",
            isHidden: false, openReports: [.init(reason: "Off topic", createdAt: Fixture.hoursAgo(1))], storyID: 1)
        Fixture.keys(&state, .character("M"))
        Fixture.send(&state, .moderation(.queueLoaded(2, Fixture.moderationQueue + [reportedReply])))
        Fixture.keys(&state, .character("j"), .character("j"))
        #expect(RoomRenderer.render(state).plainText().contains("Enter:open"))
        let opened = RoomReducer.reduce(&state, .keyPressed(.enter))
        #expect(opened == [.loadStory(1)])
        _ = RoomReducer.reduce(&state, .storyLoaded(Fixture.story(1)))
        guard case .reader(let reader) = state.mode else {
            Issue.record("the reader did not open")
            return
        }
        #expect(reader.selectedReply == 1, "the reported reply is picked")
        #expect(RoomRenderer.render(state).plainText().contains("▸ juniper"))
        let back = RoomReducer.reduce(&state, .keyPressed(.escape))
        guard case .moderation(let queue) = state.mode else {
            Issue.record("Esc did not go back to the queue")
            return
        }
        #expect(queue.selected?.target == .reply(2), "at the same item")
        #expect(back == [.moderation(.loadQueue(2)), .moderation(.loadRequests(2))], "read again")
        // A reported story opens itself; encouragement has no story to open.
        Fixture.keys(&state, .character("g"), .enter)
        #expect(state.readerStoryID == 101)
        Fixture.keys(&state, .escape)
        var encouragement = reportedReply
        encouragement.target = .encouragement(7)
        encouragement.storyID = nil
        Fixture.send(&state, .moderation(.queueLoaded(2, [encouragement])))
        #expect(RoomReducer.reduce(&state, .keyPressed(.enter)).isEmpty)
        #expect(state.notice == "Encouragement belongs to no story: its words are in the queue.")
    }

    /// W asks for the warning, then for a note for the author, and sends both as one act.
    @Test func wPutsAContentWarningOnTheStoryWithANoteForItsAuthor() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        Fixture.keys(&state, .character("M"), .character("W"))
        #expect(state.prompt?.purpose == .warning(101))
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem == "Is empty.", "a warning must say something")
        type(&state, "gambling")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.purpose == .warningNote(101, warning: "gambling"))
        #expect(state.prompt?.title == "Content warning: gambling")
        type(&state, "Describes a night at the casino")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(
            effects.first == .moderation(.addWarning(101, warning: "gambling", note: "Describes a night at the casino"))
        )
        #expect(effects.contains(.moderation(.loadQueue(2))), "the queue is read again")
        #expect(state.prompt == nil)
        #expect(state.notice == "Warning added: members see it before the story, and its author sees your note.")
        // Encouragement has no story to warn.
        let message = ModerationItem(
            target: .encouragement(7), groupID: 2, authorHandle: "pip", excerpt: "x", isHidden: false,
            openReports: [.init(reason: "r", createdAt: Fixture.now)])
        Fixture.send(&state, .moderation(.queueLoaded(2, [message])))
        Fixture.keys(&state, .character("W"))
        #expect(state.prompt == nil && state.notice == "Content warnings go on stories; encouragement has none.")
    }

    /// The author of a story a facilitator warned reads the facilitator's note under the warning.
    @Test func theAuthorReadsTheFacilitatorsNoteWithTheWarning() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        var story = Fixture.story(2)
        story.warningNote = "Talks about drinking in detail"
        state.mode = .reader(ReaderState(content: .story(story, revealed: false)))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("⚠ Content warning: relapse, alcohol"))
        #expect(text.contains("A facilitator added this warning: Talks about drinking in detail"))
    }

    @Test func aMemberWhoIsNotAFacilitatorIsToldSo() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("M"))
        #expect(state.mode == .room)
        #expect(state.notice == "Only the facilitators of Sober Circle see its moderation queue.")
    }
}

@Suite("Reducer: requests to join in the moderation queue")
struct JoinRequestQueueTests {
    private static let requests = [
        JoinRequest(groupID: 2, memberID: 70, handle: "new.leaf", kind: .asked, createdAt: Fixture.hoursAgo(3)),
        JoinRequest(
            groupID: 2, memberID: 71, handle: "quiet-oak", kind: .invited, invitedBy: "sam-k",
            createdAt: Fixture.hoursAgo(26)),
    ]

    private func facilitatorsQueue() -> RoomState {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        state.notice = nil
        // M's loads answered as the store would: the queue, and the two who are waiting.
        let effects = RoomReducer.reduce(&state, .keyPressed(.character("M")))
        #expect(effects.contains(.moderation(.loadRequests(2))), "M asks for the requests too")
        for effect in effects where effect != .moderation(.loadRequests(2)) {
            if let answer = Fixture.answer(effect) { Fixture.send(&state, answer) }
        }
        Fixture.send(&state, .moderation(.requestsLoaded(2, Self.requests)))
        return state
    }

    @Test func requestsComeFirstAndAFacilitatorLetsInOrDeclines() {
        var state = facilitatorsQueue()
        Golden.check(RoomRenderer.render(state), "moderation-requests-80x24")
        let approve = RoomReducer.reduce(&state, .keyPressed(.character("a")))
        #expect(approve == [.moderation(.answer(2, member: 70, handle: "new.leaf", approve: true))])
        let reload = RoomReducer.reduce(&state, .moderation(.answered("new.leaf is in the group now.")))
        #expect(state.notice == "new.leaf is in the group now.")
        #expect(reload.contains(.moderation(.loadRequests(2))), "the requests reload after an answer")
        // What the store has left: the one answered goes, and the next takes its place.
        Fixture.send(&state, .moderation(.requestsLoaded(2, [Self.requests[1]])))

        Fixture.keys(&state, .character("a"))
        #expect(state.notice?.hasPrefix("quiet-oak is invited: they join when they accept.") == true)
        let decline = Fixture.send(&state, .keyPressed(.character("D")))
        #expect(decline.first == .moderation(.answer(2, member: 71, handle: "quiet-oak", approve: false)))

        // With no one waiting, the reported items are first again and keep their keys.
        Fixture.keys(&state, .character("h"))
        #expect(state.prompt?.purpose == .moderate(.story(101), hide: true))
    }

    /// The facilitator is on a reported item at the top when someone asks to join: the
    /// selection stays on that item, so `a` cannot let in a person not yet seen.
    @Test func aRequestThatArrivesNeverSlidesUnderTheCursor() {
        var state = facilitatorsQueue()
        Fixture.send(&state, .moderation(.requestsLoaded(2, [])))  // everyone answered: the items are first
        guard case .moderation(let before) = state.mode else { return #expect(Bool(false), "queue open") }
        let item = try? #require(before.selected?.target)
        #expect(before.cursor == 0)
        Fixture.send(&state, .moderation(.requestsLoaded(2, [Self.requests[0]])))  // new.leaf asks, live
        guard case .moderation(let after) = state.mode else { return #expect(Bool(false), "queue open") }
        #expect(after.selected?.target == item, "still on the reported item")
        #expect(after.selectedRequest == nil)
        let effects = Fixture.send(&state, .keyPressed(.character("a")))
        #expect(
            !effects.contains { if case .screen(.moderation(.answer)) = $0 { true } else { false } }, "nobody let in")
    }

    @Test func onAReportedItemTheRequestKeysSaySoAndDoNothing() {
        var state = facilitatorsQueue()
        Fixture.keys(&state, .character("j"), .character("j"))
        let effects = Fixture.send(&state, .keyPressed(.character("a")))
        #expect(effects.isEmpty)
        #expect(state.notice == "Select someone under “Asking to join” first.")
    }
}
