import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// A rebinding in config.toml shows everywhere a key is named: the footers of every screen,
/// the too-small notice and the headings of help. And a letter given to a command stays a
/// letter while writing.
@Suite("Key map: every hint follows a rebinding")
struct KeyMapHintTests {
    static func room(_ keyMap: KeyMap, width: Int = 80, height: Int = 24) -> RoomState {
        var state = Fixture.state(width: width, height: height)
        state.keyMap = keyMap
        Fixture.send(&state, .started, .firstFrameShown)
        state.notice = nil
        return state
    }

    static func rebound(_ command: Command, _ keys: Key...) -> KeyMap {
        var map = KeyMap.standard
        map.rebind(command, to: keys)
        return map
    }

    @Test func crisisHelpOnAnotherKeyIsNamedInTheFooterAndTheTooSmallNotice() {
        var state = Self.room(Self.rebound(.crisis, .character("H")))
        #expect(RoomRenderer.render(state).plainText().contains("H:crisis help"))
        Fixture.keys(&state, .character("H"))
        #expect(state.crisisScroll == 0, "the new key opens it")
        Fixture.keys(&state, .escape)
        state.size = Size(width: 39, height: 9)
        #expect(RoomRenderer.render(state).plainText().contains("Terminal too small — H crisis help"))
    }

    @Test func helpAndQuitOnOtherKeysAreNamedInTheReaderHelpAndTooSmallScreens() {
        var map = Self.rebound(.help, .character("F"))
        map.rebind(.quit, to: [.character("Q")])
        map.rebind(.moveDown, to: [.character("J")])
        var state = Self.room(map)
        Fixture.keys(&state, .character("2"), .enter)
        let reader = RoomRenderer.render(state).plainText()
        #expect(reader.contains("F:help"), "the reader's footer: \(reader)")
        #expect(reader.contains("J/k:scroll"))
        Fixture.keys(&state, .escape, .character("F"))
        #expect(state.mode == .help(scroll: 0))
        #expect(RoomRenderer.render(state).plainText().contains("F:close help"))
        state.size = Size(width: 39, height: 9)
        #expect(RoomRenderer.render(state).plainText().contains("Enlarge it, or Q to quit"))
    }

    @Test func helpHeadingsNameTheKeysThatOpenTheirScreens() {
        var map = Self.rebound(.meetings, .character("W"))
        map.rebind(.mentorship, to: [.character("O")])
        let help = HelpScreen.lines(keyMap: map).map(\.text)
        #expect(help.contains("Keys in the meetings list (W)"))
        #expect(help.contains("Keys in mentorship (O)"))
    }

    @Test func fullScreenListsNameTheirRebindings() {
        var map = Self.rebound(.back, .control("b"))
        map.rebind(.rsvpGoing, to: [.character("Y")])
        map.rebind(.hide, to: [.character("H")])
        var state = Self.room(map)
        Fixture.keys(&state, .character("w"))
        let meetings = RoomRenderer.render(state).plainText()
        #expect(meetings.contains("Y:going") && meetings.contains("Ctrl-B:back"), "meetings: \(meetings)")
        Fixture.keys(&state, .control("b"))
        #expect(state.mode == .room)
    }

    /// Today a letter bound to crisis help was taken from the compose view too: "Hi" lost its H
    /// (and opened crisis help in the middle of a sentence).
    @Test func aLetterBoundToCrisisHelpIsStillTypedWhileWriting() {
        var state = Self.room(Self.rebound(.crisis, .character("H")))
        Fixture.keys(&state, .character("n"))
        for character in "Hi" { Fixture.keys(&state, .character(character)) }
        #expect(state.crisisScroll == nil, "crisis help did not open on a typed letter")
        guard case .compose(let compose) = state.mode else {
            Issue.record("the compose view closed")
            return
        }
        #expect(compose.title.text == "Hi")
        #expect(RoomRenderer.render(state).plainText().contains("Ctrl-G:crisis help"), "the writing key stays")
        Fixture.keys(&state, .control("g"))
        #expect(state.crisisScroll == 0)
    }

    @Test func aCommandKeyGivenToWritingTakesOnlyWhatIsNoText() {
        var map = KeyMap.standard
        map.rebind(.crisis, to: [.character("H"), .control("t")])
        #expect(map.keys(for: .crisis) == [.character("H"), .control("t")])
        #expect(map.keys(for: .crisis, in: .writing) == [.control("t")])
        map.rebind(.send, to: [.character("s")])
        #expect(map.keys(for: .send, in: .writing) == [.control("s")], "a letter never sends")
    }
}
