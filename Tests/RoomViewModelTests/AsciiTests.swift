import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// `--ascii`: the room without box drawing or decorative symbols, for screen readers and
/// fonts that lack them, with the pane that takes focus named in the footer.
@Suite("Rendering: ASCII only")
struct AsciiTests {
    /// Box drawing and block elements, and the room's own decorative symbols.
    static func decorations(in canvas: Canvas) -> [String] {
        canvas.cells.map(\.text).filter { text in
            text.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) }
                || AsciiDrawing.standIns.keys.contains { text.contains($0) }
        }
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 10)])
    func noScreenDrawsABoxOrADecoration(width: Int, height: Int) {
        var state = Fixture.startedRoom(width: width, height: height)
        state.ascii = true
        #expect(Self.decorations(in: RoomRenderer.render(state)).isEmpty, "the room")
        Fixture.keys(&state, .character("2"), .enter)
        #expect(Self.decorations(in: RoomRenderer.render(state)).isEmpty, "the reader")
        Fixture.keys(&state, .escape, .character("?"))
        #expect(Self.decorations(in: RoomRenderer.render(state)).isEmpty, "help")
        Fixture.keys(&state, .escape, .character("!"))
        #expect(Self.decorations(in: RoomRenderer.render(state)).isEmpty, "crisis help")
    }

    @Test func theRoomAt80x24InAscii() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        state.ascii = true
        Fixture.keys(&state, .character("2"))
        Golden.check(RoomRenderer.render(state), "ascii-room-80x24-stories")
    }

    @Test func theRoomWithoutAsciiStillDrawsItsFrames() {
        let state = Fixture.startedRoom(width: 80, height: 24)
        #expect(!Self.decorations(in: RoomRenderer.render(state)).isEmpty)
    }

    @Test func thePaneThatTakesFocusIsNamed() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        state.ascii = true
        Fixture.keys(&state, .character("2"))
        #expect(state.notice == "Stories pane")
        #expect(RoomRenderer.render(state).plainText().contains("Stories pane"))
        Fixture.keys(&state, .tab)
        #expect(state.notice == "Encouragement pane")
        Fixture.keys(&state, .character("j"))
        #expect(state.notice == nil, "said once, not on every key")
        var plain = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&plain, .character("2"))
        #expect(plain.notice == nil, "only with --ascii")
    }
}
