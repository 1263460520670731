import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// Issue 12: a story behind a content warning stays folded wherever its text could appear,
/// and a check-in is answered like a peer would.
@Suite("Care: content warnings in search and the queue")
struct ContentWarningViewTests {
    @Test func searchShowsAWarnedStorysWarningAndNoneOfItsText() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("/"))
        for character in "friday" { Fixture.keys(&state, .character(character)) }
        Fixture.keys(&state, .enter)
        let screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("I drank on Friday"), "the title, as in every list")
        #expect(screen.contains("⚠ Content warning: relapse, alcohol"))
        #expect(!screen.contains("hiding it is how it grows"), "no word of the text")
    }

    /// A facilitator's queue with a reply under a warned story: the warning first, the reply's
    /// words only after `v`.
    @Test func theQueueFoldsAReplyBehindItsStorysWarningUntilAsked() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        state.notice = nil
        Fixture.keys(&state, .character("M"))
        let warned = ModerationItem(
            target: .reply(41), groupID: 2, authorHandle: "pip", excerpt: "I lost the rent money again last night",
            isHidden: false, openReports: [.init(reason: "Too raw for the group", createdAt: Fixture.hoursAgo(1))],
            contentWarning: "gambling losses")
        Fixture.send(&state, .moderation(.queueLoaded(2, [warned] + Fixture.moderationQueue)))
        var screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("▸ reply by pip"))
        #expect(screen.contains("⚠ Content warning: gambling losses — v: show the text"))
        #expect(!screen.contains("rent money"), "folded until asked")
        #expect(screen.contains("v:show text"), "the footer says how")
        Golden.check(RoomRenderer.render(state), "moderation-warned-80x24")

        Fixture.keys(&state, .character("v"))
        screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("reply by pip: I lost the rent money again last night"))
        #expect(screen.contains("⚠ Content warning: gambling losses"))
        #expect(!screen.contains("show the text"))
        guard case .moderation(let queue) = state.mode else {
            Issue.record("v left the queue")
            return
        }
        #expect(queue.revealed == [.reply(41)])
        Fixture.send(&state, .moderation(.queueLoaded(2, [warned])))
        #expect(RoomRenderer.render(state).plainText().contains("rent money"), "a reload keeps it shown")
    }
}

@Suite("Care: check-ins answer like a peer")
struct CheckInAnswerTests {
    private func checkIn(_ state: inout RoomState, _ answer: String) {
        Fixture.keys(&state, .character("c"))
        for character in answer { Fixture.keys(&state, .character(character)) }
        Fixture.keys(&state, .enter)
    }

    @Test func aHardDayIsThankedWithWaysToPeopleAndNoCelebrationOrStreak() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        checkIn(&state, "1 could not sleep")
        #expect(state.prompt == nil)
        #expect(state.checkInAnswer?.isHardDay == true)
        let screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("Thank you for checking in. Hard days count too."))
        #expect(screen.contains("e: write to the group"))
        #expect(screen.contains("P: find a peer mentor"))
        #expect(screen.contains("!: crisis help, now"))
        #expect(!screen.contains("🎉") && !screen.contains("30 days"), "the milestone is not in the same breath")
        #expect(!screen.contains("in a row"), "no streak on a hard day")
        Golden.check(RoomRenderer.render(state), "checkin-hard-day-80x24")
        var small = state
        Fixture.send(&small, .resized(Size(width: 40, height: 10)))
        let smallScreen = RoomRenderer.render(small).plainText()
        #expect(smallScreen.contains("Thank you for checking in. Hard") && smallScreen.contains("days count too."))
        #expect(smallScreen.contains("!: crisis help, now"), "the ways to people fit at 40×10 too")
        Golden.check(RoomRenderer.render(small), "checkin-hard-day-40x10")

        // The key it offers does what it says: encouragement to the whole group.
        Fixture.keys(&state, .character("e"))
        #expect(state.checkInAnswer == nil)
        guard case .compose(let compose) = state.mode else {
            Issue.record("e did not open encouragement")
            return
        }
        #expect(compose.purpose == .encouragement(group: 1, to: nil))
    }

    @Test func aHardDayOffersTheMentorByName() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        var roster = Fixture.roster[1]!
        roster[1].mentorMark = .myMentor
        let request = state.roster.reset()
        Fixture.send(&state, .rosterLoaded(1, request, Page(items: roster, hasMore: false)))
        checkIn(&state, "2")
        #expect(RoomRenderer.render(state).plainText().contains("P: write to your mentor harbor"))
        Fixture.keys(&state, .character("P"))
        guard case .mentorship = state.mode else {
            Issue.record("P did not open mentorship")
            return
        }
    }

    @Test func aGoodDayShowsTheStreakBesideDaysInAllAndTheLongestRun() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        checkIn(&state, "4 slept well")
        let screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("Checked in: mood 4."))
        #expect(screen.contains("5 days in a row · 41 days in all · longest run 12 days"))
        #expect(screen.contains("30 days in recovery · next: 60 days on 2026-12-18"))
        #expect(screen.contains("🎉 30 days today!"))
        Golden.check(RoomRenderer.render(state), "checkin-80x24")
        Fixture.keys(&state, .character("j"))
        #expect(state.checkInAnswer == nil, "any key closes it")
        #expect(state.mode == .room)
    }

    @Test func theAnswerWaitsBehindCrisisHelp() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        checkIn(&state, "1")
        Fixture.keys(&state, .character("!"))
        #expect(state.crisisScroll == 0)
        Fixture.keys(&state, .escape)
        #expect(state.crisisScroll == nil)
        #expect(state.checkInAnswer != nil, "back to the answer, as it was")
    }
}
