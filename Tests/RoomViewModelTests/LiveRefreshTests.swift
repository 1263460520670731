import RoomCore
import Testing

@testable import RoomViewModel

/// Typed changes: each reloads only what is on screen and concerned by it.
@Suite("Live: what a change reloads")
struct LiveRefreshTests {
    /// But the header's "N for you" (`ForYouTests`), which any of them may change.
    @Test func changesToWhatIsNotShownReloadNothing() {
        var state = Fixture.startedRoom()  // the Sober Circle (1) open, the room's panes shown
        let elsewhere: [RoomChange] = [
            .feed(2, .stories), .feed(2, .encouragement), .roster(2), .story(999), .meetings(2), .mentorship(1),
            .queue(2),
        ]
        #expect(RoomReducer.reduce(&state, .roomChanged(elsewhere)) == [.forYou(.count)])
    }

    @Test func eachChangeOfTheOpenGroupReloadsItsOwnList() {
        let cases: [(RoomChange, (RoomEffect) -> Bool)] = [
            (.groups, { $0 == .loadGroups }),
            (.feed(1, .stories), { if case .loadStories(1, _) = $0 { true } else { false } }),
            (.feed(1, .encouragement), { if case .loadEncouragement(1, _) = $0 { true } else { false } }),
            (.roster(1), { if case .loadRoster(1, _) = $0 { true } else { false } }),
            (.meetings(1), { $0 == .loadNextMeeting(1) }),
        ]
        for (change, expected) in cases {
            var state = Fixture.startedRoom()
            // The header's count aside (`ForYouTests`).
            let effects = RoomReducer.reduce(&state, .roomChanged([change])).filter { $0 != .forYou(.count) }
            #expect(effects.count == 1 && effects.allSatisfy(expected), "\(change): \(effects)")
        }
    }

    @Test func theOpenStoryReloadsForItsOwnChangeOnly() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter)
        #expect(RoomReducer.reduce(&state, .roomChanged([.story(2)])) == [.forYou(.count)], "the header's count")
        #expect(RoomReducer.reduce(&state, .roomChanged([.story(1)])) == [.forYou(.count), .loadStory(1)])
    }

    @Test func aMessageFromTheOtherSideAppearsInTheOpenThreadWithNoKey() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"))
        #expect(RoomReducer.reduce(&state, .roomChanged([.mentorship(1)])) == [.forYou(.count), .mentorship(.load)])
        let reply = MentorMessage(
            id: 3, mentorshipID: 1, authorHandle: "harbor", body: "Checking in: how was tonight?",
            createdAt: Fixture.now)
        #expect(RoomReducer.reduce(&state, .mentorship(.loaded(Fixture.mentorships))) == [.mentorship(.loadThread(1))])
        _ = RoomReducer.reduce(&state, .mentorship(.threadLoaded(1, Fixture.mentorThread + [reply])))
        #expect(RoomRenderer.render(state).plainText().contains("Checking in: how was tonight?"))
    }

    @Test func aNewMentorshipAboveKeepsTheSelectedOneSelected() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"), .character("j"))
        let asked = Mentorship(
            id: 3, groupID: 1, groupSlug: "sober-circle", mentorHandle: "sam-k", menteeHandle: "pip",
            status: .requested, requestedAt: Fixture.now)
        #expect(
            RoomReducer.reduce(&state, .mentorship(.loaded([asked] + Fixture.mentorships))) == [
                .mentorship(.loadThread(2))
            ])
        guard case .mentorship(let view) = state.mode else {
            Issue.record("the mentorship view closed")
            return
        }
        #expect(view.selected?.id == 2)
    }

    @Test func aReportAppearsInTheOpenQueueAndTheSelectionStays() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        Fixture.keys(&state, .character("M"), .character("j"))
        #expect(RoomReducer.reduce(&state, .roomChanged([.queue(1)])).isEmpty, "another group's queue")
        #expect(
            RoomReducer.reduce(&state, .roomChanged([.queue(2)])) == [
                .moderation(.loadQueue(2)), .moderation(.loadRequests(2)),
            ])
        let reported = ModerationItem(
            target: .encouragement(7), groupID: 2, authorHandle: "pip", excerpt: "Just reported", isHidden: false,
            openReports: [.init(reason: "Mocks a member", createdAt: Fixture.now)])
        _ = RoomReducer.reduce(&state, .moderation(.queueLoaded(2, [reported] + Fixture.moderationQueue)))
        guard case .moderation(let queue) = state.mode else {
            Issue.record("the queue closed")
            return
        }
        #expect(queue.selected?.target == .reply(40), "still on what the facilitator had selected")
        #expect(RoomRenderer.render(state).plainText().contains("Just reported"))
    }

    @Test func theMeetingsViewReloadsForAnyGroupsMeetings() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("w"))
        #expect(RoomReducer.reduce(&state, .roomChanged([.meetings(2)])) == [.meetings(.load)])
    }

    @Test func theRosterIsReadAgainAsTheClockTicksForRoomsThatCrashed() {
        var state = Fixture.startedRoom()
        let effects = RoomReducer.reduce(
            &state, .clockTicked(now: Fixture.now.addingTimeInterval(30), today: Fixture.today))
        #expect(effects.contains { if case .loadRoster(1, _) = $0 { true } else { false } })
    }

    @Test func aResyncReloadsEverythingShownTheFullScreenListsToo() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("P"))
        let effects = RoomReducer.reduce(&state, .roomChanged([.resync]))
        #expect(effects.contains(.loadGroups) && effects.contains(.mentorship(.load)))
    }
}
