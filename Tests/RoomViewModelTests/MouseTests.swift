import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Reducer: the mouse")
struct MouseTests {
    /// The first cell inside `pane`'s border, `row` rows down.
    private func cell(_ state: RoomState, _ pane: Pane, row: Int) -> (Int, Int) {
        let inner = state.layout.rect(for: pane).inner
        return (inner.x + 2, inner.y + row)
    }

    private func press(_ state: inout RoomState, _ point: (Int, Int)) -> [RoomEffect] {
        Fixture.send(&state, .mouse(MouseEvent(.press, x: point.0, y: point.1)))
    }

    @Test func aPressFocusesThePaneSelectsTheItemAndASecondPressOpensIt() {
        var state = Fixture.startedRoom()
        #expect(state.focus == .groups)
        _ = press(&state, cell(state, .stories, row: 4))  // the third story (two rows each)
        #expect(state.focus == .stories)
        #expect(state.stories.selected?.id == 3)
        #expect(state.mode == .room)
        let effects = press(&state, cell(state, .stories, row: 5))  // its second row: the same story
        #expect(effects.contains(.loadStory(3)))
        #expect(state.readerStoryID == 3)
    }

    @Test func aPressOnAGroupOpensIt() {
        var state = Fixture.startedRoom()
        let effects = press(&state, cell(state, .groups, row: 1))
        #expect(state.openGroup?.slug == "even-odds")
        #expect(effects.contains(.loadStories(2, .first)))
    }

    @Test func theWheelMovesThroughAListAndScrollsTheReader() {
        var state = Fixture.startedRoom()
        let (x, y) = cell(state, .encouragement, row: 0)
        Fixture.send(&state, .mouse(MouseEvent(.wheelDown, x: x, y: y)))
        #expect(state.focus == .encouragement)
        #expect(state.encouragement.selected?.id == 2, "down as far as the list goes")

        var reader = Fixture.startedRoom(width: 80, height: 12)
        Fixture.keys(&reader, .character("2"), .enter)
        Fixture.send(&reader, .mouse(MouseEvent(.wheelDown, x: 10, y: 5)))
        guard case .reader(let scrolled) = reader.mode else {
            Issue.record("not reading")
            return
        }
        #expect(scrolled.scroll == 3)
    }

    @Test func onANarrowTerminalAPressOnATabShowsIt() throws {
        var state = Fixture.startedRoom(width: 80, height: 24)
        let tabs = try #require(state.layout.tabs)
        // " 1 Groups " [2 Stories] …: the third label starts after the first two.
        _ = press(&state, (tabs.x + 25, tabs.y))
        #expect(state.focus == .encouragement)
        _ = press(&state, (tabs.x + 12, tabs.y))
        #expect(state.focus == .stories)
    }

    @Test func questionsAndWritingIgnoreTheMouse() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        let before = state
        _ = press(&state, cell(state, .stories, row: 0))
        #expect(state == before)
    }
}
