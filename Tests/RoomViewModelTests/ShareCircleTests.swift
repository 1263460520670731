import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

extension Fixture {
    /// The morning coffee (under way at `now`, Sober Circle, where sam-k is a member): maple
    /// speaks, river and then sam-k wait, juniper after them.
    static func shareCircle(_ id: MeetingID = 3, _ start: Date? = nil, facilitating: Bool = false) -> ShareCircle {
        let coffee = meetings.first { $0.meeting.id == id } ?? meetings[0]
        return ShareCircle(
            meeting: coffee.meeting, occurrence: start ?? coffee.start, isUnderWay: true, iFacilitate: facilitating,
            speaking: CircleHand(id: 11, handle: "maple", isMine: false, isSpeaking: true),
            waiting: [
                CircleHand(id: 12, handle: "river", isMine: false, isSpeaking: false),
                CircleHand(id: 13, handle: "sam-k", isMine: true, isSpeaking: false),
                CircleHand(id: 14, handle: "juniper", isMine: false, isSpeaking: false),
            ])
    }

    /// The room with the meetings open and the coffee's circle open from them.
    static func circleOpen(width: Int = 120, height: Int = 40, facilitating: Bool = false) -> RoomState {
        var state = startedRoom(width: width, height: height)
        keys(&state, .character("w"))
        keys(&state, .character("s"))
        if facilitating {
            _ = RoomReducer.reduce(&state, .circle(.loaded(shareCircle(facilitating: true))))
        }
        return state
    }
}

@Suite("Share circle: the view")
struct ShareCircleViewTests {
    @Test func sInTheMeetingsOpensTheCircleOfTheMeetingUnderWay() {
        let state = Fixture.circleOpen()
        guard case .circle(let circle) = state.mode else {
            Issue.record("not the circle: \(state.mode)")
            return
        }
        #expect(circle.meetingID == 3 && circle.circle?.speaking?.handle == "maple")
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("Speaking now: maple"))
        #expect(text.contains("2. sam-k (waiting, you)"))
        #expect(text.contains("Your hand is up, you are 2nd."))
    }

    @Test func whenTheMeetingEndsTheOpenCircleIsReadAgain() {
        var state = Fixture.circleOpen()
        let start = Fixture.meetings[0].start
        let end = start.addingTimeInterval(Double(Fixture.meetings[0].meeting.durationMinutes) * 60)
        // A tick while it is still under way reads nothing for the circle.
        let during = RoomReducer.reduce(&state, .clockTicked(now: end.addingTimeInterval(-60), today: state.today))
        #expect(!during.contains(.circle(.load(3, occurrence: start))))
        let after = RoomReducer.reduce(&state, .clockTicked(now: end, today: state.today))
        #expect(after.contains(.circle(.load(3, occurrence: start))))
    }

    @Test func aMeetingNotUnderWayHasNoCircleYet() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("w"))
        Fixture.keys(&state, .character("j"))  // the Even Odds check-in, tomorrow
        let effects = RoomReducer.reduce(&state, .keyPressed(.character("s")))
        #expect(effects.isEmpty)
        #expect(state.notice == "The share circle opens while the meeting is under way.")
        guard case .meetings = state.mode else {
            Issue.record("left the meetings: \(state.mode)")
            return
        }
    }

    @Test func raisingLoweringAndPassingAskTheStore() {
        var state = Fixture.circleOpen()
        let start = Fixture.meetings[0].start
        // sam-k's hand is up: r says where they stand, l lowers it.
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("r"))).isEmpty)
        #expect(state.notice == "Your hand is up, you are 2nd.")
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.character("l")))
                == [.circle(.lower(3, occurrence: start, hand: nil))])
        _ = RoomReducer.reduce(&state, Fixture.answer(ScreenEffect.circle(.lower(3, occurrence: start, hand: nil)))!)
        #expect(RoomRenderer.render(state).plainText().contains("Your hand is down."))
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.character("r"))) == [.circle(.raise(3, occurrence: start))])
        // Not a facilitator of the Sober Circle: p and x are said, not sent.
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("p"))).isEmpty)
        #expect(state.notice == "Only the group's facilitators pass the turn.")
    }

    @Test func aFacilitatorPassesTheTurnExpectingTheSpeakerShownAndLowersTheSelectedHand() {
        var state = Fixture.circleOpen(facilitating: true)
        let start = Fixture.meetings[0].start
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.character("p")))
                == [.circle(.pass(3, occurrence: start, expecting: 11))])
        Fixture.keys(&state, .character("j"))
        Fixture.keys(&state, .character("j"))
        #expect(RoomRenderer.render(state).plainText().contains("▸ 2. sam-k (waiting, you)"))
        Fixture.keys(&state, .character("j"))
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.character("x")))
                == [.circle(.lower(3, occurrence: start, hand: 14))], "juniper's hand")
        _ = RoomReducer.reduce(&state, Fixture.answer(ScreenEffect.circle(.pass(3, occurrence: start, expecting: 11)))!)
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("Speaking now: river"))
        #expect(state.notice == "Turn passed. Speaking now: river. 2 waiting.")
    }

    @Test func aChangeToThisCircleReadsItAgainAndOthersDoNot() {
        var state = Fixture.circleOpen()
        let start = Fixture.meetings[0].start
        #expect(RoomReducer.reduce(&state, .roomChanged([.circle(3)])).contains(.circle(.load(3, occurrence: start))))
        #expect(
            !RoomReducer.reduce(&state, .roomChanged([.circle(9)])).contains { effect in
                if case .screen(.circle) = effect { true } else { false }
            })
        Fixture.keys(&state, .escape)
        guard case .meetings = state.mode else {
            Issue.record("Esc goes back to the meetings: \(state.mode)")
            return
        }
    }

    @Test(arguments: [(120, 40, false), (80, 24, false), (80, 24, true)])
    func theCircleReadsTopToBottom(width: Int, height: Int, facilitating: Bool) {
        var state = Fixture.circleOpen(width: width, height: height, facilitating: facilitating)
        state.notice = nil
        Golden.check(RoomRenderer.render(state), "share-circle-\(width)x\(height)\(facilitating ? "-facilitator" : "")")
    }

    @Test func withoutColourTheSpeakerAndTheSelectionAreInTheWords() {
        var state = Fixture.circleOpen(width: 80, height: 24, facilitating: true)
        state.notice = nil
        state.ascii = true
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("> Speaking now: maple"), "the selection is a character, not a colour")
        Golden.checkText(text, "share-circle-80x24-ascii")
    }

    @Test func aCircleThatCannotBeReadSaysWhyAndHowBack() {
        var state = Fixture.circleOpen(width: 80, height: 24)
        _ = RoomReducer.reduce(
            &state, .circle(.unreadable("You have no pseudonym in this room yet; take one first.")))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("You have no pseudonym in this room yet; take one first."))
        #expect(text.contains("Esc: back to the meetings."))
        #expect(!text.contains("Speaking now"))
    }
}
