import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// While writing, words that suggest crisis make the compose view offer crisis help once per
/// draft, in a quiet line; the text stays exactly as typed.
@Suite("Writing: the quiet offer of crisis help")
struct CrisisOfferTests {
    static let words = CrisisWords(["kill myself", "end it all", "want to die", "suicide"])
    static let offer = "It sounds like a lot right now."

    func room(width: Int = 120, height: Int = 40) -> RoomState {
        var state = Fixture.startedRoom(width: width, height: height)
        state.crisisWords = Self.words
        return state
    }

    func composing(_ state: RoomState) -> ComposeState? {
        if case .compose(let compose) = state.mode { return compose }
        return nil
    }

    @discardableResult
    func type(_ state: inout RoomState, _ text: String) -> [RoomEffect] {
        var effects: [RoomEffect] = []
        for character in text {
            effects += Fixture.send(&state, .keyPressed(character == "\n" ? .enter : .character(character)))
        }
        return effects
    }

    /// A new story in the open group, its title typed, then its text.
    func newStory(_ state: inout RoomState, title: String = "Tonight", body: String) -> [RoomEffect] {
        Fixture.keys(&state, .character("n"))
        var effects = type(&state, title)
        Fixture.keys(&state, .tab, .tab)
        effects += type(&state, body)
        return effects
    }

    func shows(_ state: RoomState) -> Bool { RoomRenderer.render(state).plainText().contains(Self.offer) }

    @Test func aDraftWithCrisisWordsIsOfferedCrisisHelpAndTheTextStaysAsTyped() {
        var state = room()
        let text = "Some nights I think I should END IT ALL. I don't know."
        let effects = newStory(&state, body: text)
        #expect(composing(state)?.offersCrisisHelp == true)
        #expect(shows(state))
        #expect(RoomRenderer.render(state).plainText().contains("crisis help is one key away: Ctrl-G"))
        // The text is what was typed, and the effects are the drafts and nothing else.
        #expect(composing(state)?.body.text == text)
        #expect(effects.allSatisfy { if case .saveDraft = $0 { true } else { false } })
        #expect(effects.count == "Tonight".count + text.count)
        let sent = Fixture.send(&state, .keyPressed(.control("s")))
        #expect(
            sent.first
                == .submit(.story(group: 1, kind: .reflection, title: "Tonight", contentWarning: nil, body: text)),
            "posted exactly as typed")
    }

    @Test func aDraftWithoutCrisisWordsIsNotOffered() {
        var state = room()
        _ = newStory(&state, body: "I'm on a diet and the diehard cravings are quieter. Ninety days!")
        #expect(composing(state)?.offersCrisisHelp == false)
        #expect(!shows(state))
    }

    @Test func theOfferComesOncePerDraft() {
        var state = room()
        _ = newStory(&state, body: "I want to die")
        #expect(composing(state)?.offersCrisisHelp == true)
        // Crisis help opened from the draft: the line goes and does not come back.
        Fixture.keys(&state, .control("g"))
        #expect(state.crisisScroll == 0)
        Fixture.keys(&state, .escape)
        #expect(state.crisisScroll == nil)
        #expect(composing(state)?.body.text == "I want to die", "the draft is as it was")
        #expect(composing(state)?.offersCrisisHelp == false)
        type(&state, ". Suicide is on my mind, I want to die.")
        #expect(composing(state)?.offersCrisisHelp == false, "not again for this draft")
        #expect(!shows(state))
        // Leaving keeps the draft; coming back to it is the same draft: not offered again.
        Fixture.keys(&state, .escape, .character("n"))
        type(&state, " kill myself")
        #expect(composing(state)?.offersCrisisHelp == false)
    }

    @Test func anOfferNotTakenStaysQuietlyAndIsNotRepeated() {
        var state = room()
        _ = newStory(&state, body: "I want to die")
        type(&state, " but I'm here. Kill myself? No.")
        #expect(composing(state)?.offersCrisisHelp == true, "still there, the one offer")
        Fixture.keys(&state, .escape)
        Fixture.keys(&state, .character("n"))
        type(&state, " end it all")
        #expect(composing(state)?.offersCrisisHelp == false, "the same draft, come back to: not again")
    }

    @Test func opensCrisisHelpFirstAndTheOfferNeverComes() {
        var state = room()
        Fixture.keys(&state, .character("n"), .control("g"), .escape)
        type(&state, "Suicide")
        #expect(composing(state)?.offersCrisisHelp == false)
    }

    @Test func aNewDraftAfterPostingIsOfferedAgain() {
        var state = room()
        _ = newStory(&state, body: "I want to die")
        Fixture.keys(&state, .control("s"))
        #expect(state.mode == .room)
        _ = newStory(&state, title: "Again", body: "end it all")
        #expect(composing(state)?.offersCrisisHelp == true, "a new draft")
        // Discarding makes the next draft new too.
        Fixture.keys(&state, .control("x"), .character("y"))
        #expect(state.mode == .room)
        _ = newStory(&state, title: "Once more", body: "want to die")
        #expect(composing(state)?.offersCrisisHelp == true)
    }

    @Test func repliesAndEncouragementAreOfferedToo() {
        var state = room()
        Fixture.keys(&state, .character("2"), .enter)  // the stories pane, a story
        Fixture.keys(&state, .character("r"))
        type(&state, "Same here, I wanted to kill myself last year")
        #expect(composing(state)?.purpose.isReply == true)
        #expect(composing(state)?.offersCrisisHelp == true)
        Fixture.keys(&state, .escape, .escape)
        Fixture.keys(&state, .character("1"), .character("e"))
        type(&state, "Thinking of suicide, all of us? Be well.")
        #expect(composing(state)?.offersCrisisHelp == true)
    }

    @Test func aTitleWithCrisisWordsIsOfferedAndARestoredDraftToo() {
        var state = room()
        Fixture.keys(&state, .character("n"))
        type(&state, "I want to die")
        #expect(composing(state)?.offersCrisisHelp == true)
        // A draft saved in an earlier run that holds crisis words: offered when it comes back.
        var fresh = room()
        Fixture.keys(&fresh, .character("n"))
        let draft = Draft(
            target: .story(group: 1), kind: .setback, title: "Hard", contentWarning: "", body: "end it all",
            updatedAt: Fixture.now)
        Fixture.send(&fresh, .draftLoaded(.story(group: 1), draft))
        #expect(composing(fresh)?.offersCrisisHelp == true)
    }

    @Test func withTheListOffNothingIsOffered() {
        var state = Fixture.startedRoom()
        _ = newStory(&state, body: "I want to die")
        #expect(composing(state)?.offersCrisisHelp == false)
    }

    @Test func theLineNamesTheCrisisKeyInForceWhileWriting() {
        var state = room()
        state.keyMap.rebind(.crisis, to: [.character("!"), .control("t")])
        _ = newStory(&state, body: "end it all")
        #expect(RoomRenderer.render(state).plainText().contains("one key away: Ctrl-T"))
    }

    @Test func goldenScreensWithTheOffer() {
        var state = room(width: 80, height: 24)
        _ = newStory(&state, title: "Tonight", body: "I keep thinking I want to die.\nI haven't told anyone.")
        Golden.check(RoomRenderer.render(state), "compose-crisis-offer-80x24")
        var wide = room(width: 120, height: 40)
        _ = newStory(&wide, title: "Tonight", body: "I keep thinking I want to die.\nI haven't told anyone.")
        Golden.check(RoomRenderer.render(wide), "compose-crisis-offer-120x40")
        var narrow = room(width: 40, height: 10)
        _ = newStory(&narrow, title: "Tonight", body: "I want to die.")
        #expect(RoomRenderer.render(narrow).plainText().contains("Crisis help: Ctrl-G"))
    }

    @Test func theTextAreaMakesRoomForTheLine() {
        var state = room(width: 80, height: 24)
        let before = state.layout.composeBody(ComposeState(purpose: .newStory(group: 1)))
        _ = newStory(&state, body: "want to die")
        let compose = composing(state)!
        #expect(state.layout.composeBody(compose).height == before.height - 1)
    }
}

extension ComposeState.Purpose {
    var isReply: Bool {
        if case .reply = self { return true }
        return false
    }
}
