import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Reducer: search")
struct SearchTests {
    private func type(_ state: inout RoomState, _ text: String) {
        for character in text { Fixture.keys(&state, .character(character)) }
    }

    @Test func slashAsksSearchesTheGroupAndListsTheResults() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("/"))
        #expect(state.prompt?.title == "Search Sober Circle")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem == "Type a word to look for.")
        type(&state, "day")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects == [.search(.find("day", groupID: 1))])
        guard case .search(let search) = state.mode else {
            Issue.record("no results")
            return
        }
        #expect(search.hits.map(\.story.id) == [1, 2, 3], "“Friday” holds “day” too")
        Golden.check(RoomRenderer.render(state), "search-80x24")
    }

    @Test func tabWidensTheSearchToAllGroups() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("/"))
        type(&state, "number 25")
        Fixture.keys(&state, .tab)
        #expect(state.prompt?.title == "Search all your groups")
        #expect(state.prompt?.field.text == "number 25", "the words stay")
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects == [.search(.find("number 25", groupID: nil))])
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }

    @Test func nAndShiftNStepThroughResultsFromAStoryAndEscReturnsToThem() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("/"))
        type(&state, "o")  // "One year today", "I drank on Friday", "Saturday mornings", …
        Fixture.keys(&state, .enter, .enter)
        guard case .reader(let first) = state.mode else {
            Issue.record("the first result did not open")
            return
        }
        #expect(first.story?.id == 1)
        Fixture.keys(&state, .character("n"))
        #expect(state.readerStoryID == 2)
        Fixture.keys(&state, .character("N"), .character("N"))
        #expect(state.readerStoryID == 1)
        #expect(state.notice == "That was the first result.")
        Fixture.keys(&state, .escape)
        guard case .search(let search) = state.mode else {
            Issue.record("Esc did not return to the results")
            return
        }
        #expect(search.cursor == 0)
        Fixture.keys(&state, .character("n"))
        guard case .search(let moved) = state.mode else { return }
        #expect(moved.cursor == 1, "n moves down the results")
    }

    @Test func outsideSearchNStillWritesANewStory() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        guard case .compose = state.mode else {
            Issue.record("n no longer writes a story")
            return
        }
    }
}
