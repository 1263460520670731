import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Support now: the banner, the answer and the thread")
struct SupportViewTests {
    private var answered: SupportSignal {
        var call = Fixture.supportCall
        call.isAnswered = true
        call.answeredByMe = true
        call.answererHandle = "sam-k"
        return call
    }

    @Test func aCallRingsOnceShowsTheBannerAndAAnswersIntoThePrivateThread() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        #expect(state.supportBanner == nil)
        let effects = RoomReducer.reduce(&state, .support(.loaded([Fixture.supportCall])))
        #expect(effects == [.ringBell], "a new call rings the bell")
        #expect(RoomReducer.reduce(&state, .support(.loaded([Fixture.supportCall]))).isEmpty, "once")
        #expect(
            state.supportBanner
                == "Support now · A: answer · maple would like support now: Rough night, the casino is calling")
        Golden.check(RoomRenderer.render(state), "support-banner-80x24")

        #expect(RoomReducer.reduce(&state, .keyPressed(.character("A"))) == [.support(.answer(7))])
        #expect(RoomReducer.reduce(&state, .support(.answered(answered))) == [.support(.load)])
        guard case .support = state.mode else {
            Issue.record("the thread opens after answering")
            return
        }
        #expect(state.supportBanner == nil, "answered: no banner")
        #expect(RoomReducer.reduce(&state, .support(.loaded([answered]))) == [.support(.loadThread(7))])
        #expect(RoomReducer.reduce(&state, .support(.threadLoaded(7, Fixture.supportThread))).isEmpty)
        state.notice = nil
        Golden.check(RoomRenderer.render(state), "support-thread-80x24")

        Fixture.keys(&state, .character("r"))
        #expect(state.prompt?.purpose == .supportMessage(7, to: "maple"))
        for character in "On my way" { Fixture.keys(&state, .character(character)) }
        #expect(RoomReducer.reduce(&state, .keyPressed(.enter)) == [.support(.send(7, body: "On my way"))])
        #expect(RoomReducer.reduce(&state, .support(.sent(7))) == [.support(.loadThread(7))])
        #expect(state.prompt == nil && state.notice == "Sent, for the two of you only.")
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }

    @Test func theOtherHelpersAreToldItWasAnsweredButNotByWhom() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        _ = RoomReducer.reduce(&state, .support(.loaded([Fixture.supportCall])))
        var elsewhere = Fixture.supportCall
        elsewhere.isAnswered = true  // by another helper: the store does not say who
        #expect(RoomReducer.reduce(&state, .support(.loaded([elsewhere]))).isEmpty)
        #expect(state.notice == "Someone answered maple's call for support. Thank you for being there.")
        #expect(state.supportBanner == nil)
        #expect(!RoomRenderer.render(state).plainText().contains("answered you"))
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("A"))).isEmpty)
        #expect(state.notice == "No call for support is waiting for you.")
    }

    @Test func sAsksFirstEscSendsNothingAndEnterSendsTheLine() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("S"))).isEmpty, "a stray S sends nothing")
        #expect(state.prompt?.purpose == .supportNow)
        for character in "scared" { Fixture.keys(&state, .character(character)) }
        Golden.check(RoomRenderer.render(state), "support-prompt-80x24")
        #expect(RoomReducer.reduce(&state, .keyPressed(.escape)).isEmpty)
        #expect(state.prompt == nil)
        Fixture.keys(&state, .character("S"))
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.enter)) == [.support(.reachOut(line: nil))], "the line is optional")
        state = Fixture.startedRoom(width: 80, height: 24)  // that one is on its way; a new room
        Fixture.keys(&state, .character("S"))
        for character in " scared " { Fixture.keys(&state, .character(character)) }
        #expect(RoomReducer.reduce(&state, .keyPressed(.enter)) == [.support(.reachOut(line: "scared"))])

        let mine = SupportSignal(
            id: 8, handle: "sam-k", line: "scared", createdAt: Fixture.now, side: .mine, isAnswered: false)
        _ = RoomReducer.reduce(&state, .support(.reachedOut(.sent(mine, told: 2), next: nil)))
        #expect(state.prompt == nil)
        #expect(state.notice?.hasPrefix("Sent quietly to 2 peer mentors and facilitators here.") == true)
        #expect(state.supportBanner == "Support now · your call is with the helpers here; someone will answer soon.")
        var answered = mine
        answered.isAnswered = true
        answered.answererHandle = "harbor"
        #expect(RoomReducer.reduce(&state, .support(.loaded([answered]))).isEmpty, "no bell for one's own")
        #expect(state.notice == "harbor answered your call for support. S: open your thread.")
        #expect(state.supportBanner == "Support now · S: open your thread · harbor answered you.")
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("S"))) == [.support(.load)])
        guard case .support = state.mode else {
            Issue.record("S opens the thread once someone answered")
            return
        }
    }

    @Test func whenNobodyIsHereCrisisHelpOpensAndTheNextMeetingIsSaid() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("S"))
        let next = Fixture.meetings[0]
        _ = RoomReducer.reduce(&state, .support(.reachedOut(.nobodyHere, next: next)))
        #expect(state.prompt == nil)
        #expect(state.crisisScroll == 0, "crisis help at once")
        #expect(state.notice?.hasPrefix(Support.nobodyMessage) == true)
        #expect(state.notice?.contains("Your groups' next meeting: ") == true)
        #expect(state.notice?.contains(next.meeting.title) == true)
    }

    @Test func aLimitIsSaidUnderTheAnswerAndTheLineIsKept() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("S"), .character("h"), .character("i"))
        _ = RoomReducer.reduce(&state, .keyPressed(.enter))
        _ = RoomReducer.reduce(&state, .support(.failed(Support.waitingMessage)))
        #expect(state.prompt?.problem == Support.waitingMessage && state.prompt?.field.text == "hi")
    }

    @Test func aCallIsLoadedAndShownAtOnceEvenWhileWriting() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("n"))
        #expect(state.isWriting)
        #expect(RoomReducer.reduce(&state, .roomChanged([.support(7), .feed(1, .stories)])) == [.support(.load)])
        _ = RoomReducer.reduce(&state, .support(.loaded([Fixture.supportCall])))
        #expect(
            state.supportBanner?.hasPrefix("Support now · Esc, then A: answer · ") == true,
            "keys are text while writing")
        #expect(RoomRenderer.render(state).plainText().contains("maple would like support now"))
        // A typed A is text here, never an answer.
        #expect(!RoomReducer.reduce(&state, .keyPressed(.character("A"))).contains(.support(.answer(7))))
    }

    @Test func theLineIsMemberTextNoControlCharacterReachesTheTerminal() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        var call = Fixture.supportCall
        call.line = "help\u{1b}[2J\u{7}\u{202e}now"
        _ = RoomReducer.reduce(&state, .support(.loaded([call])))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("maple would like support now: help"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x202E })
    }
}
