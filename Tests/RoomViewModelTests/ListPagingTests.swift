import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// Every list pages the same way (`ListMove`): PgDn, Space and Ctrl-D a page down, PgUp and
/// Ctrl-U a page up, Home and End to the ends. The moderation queue and mentorship did not page.
@Suite("Reducer: every list pages")
struct ListPagingTests {
    /// Even Odds' queue, twelve reported stories long, open at 80x24 (a page: 20 rows, 5 items).
    static func longQueue() -> RoomState {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 80, height: 24), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        Fixture.keys(&state, .character("M"))
        let items = (0..<12).map { index in
            ModerationItem(
                target: .story(StoryID(200 + index)), groupID: 2, authorHandle: "pip", excerpt: "Story \(index)",
                isHidden: false, openReports: [.init(reason: "Unkind", createdAt: Fixture.hoursAgo(1))])
        }
        Fixture.send(&state, .moderation(.queueLoaded(2, items)))
        return state
    }

    static func queueCursor(_ state: RoomState) -> Int? {
        if case .moderation(let queue) = state.mode { return queue.cursor }
        return nil
    }

    @Test func theModerationQueuePagesWithPgDnSpaceAndPgUp() {
        var state = Self.longQueue()
        #expect(Self.queueCursor(state) == 0)
        Fixture.keys(&state, .pageDown)
        #expect(Self.queueCursor(state) == 5, "PgDn: a page of items down")
        Fixture.keys(&state, .character(" "))
        #expect(Self.queueCursor(state) == 10, "Space: the next page")
        Fixture.keys(&state, .character(" "))
        #expect(Self.queueCursor(state) == 11, "never past the last item")
        Fixture.keys(&state, .pageUp)
        #expect(Self.queueCursor(state) == 6, "PgUp: a page up")
        Fixture.keys(&state, .home)
        #expect(Self.queueCursor(state) == 0)
        Fixture.keys(&state, .end)
        #expect(Self.queueCursor(state) == 11)
        #expect(RoomRenderer.render(state).plainText().contains("▸ story by pip: Story 11"), "the selection is in view")
    }

    /// Thirty mentorships, open at 80x24 (a page: 19 one-line items).
    static func manyMentorships() -> RoomState {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"))
        let many = (1...30).map { index in
            Mentorship(
                id: MentorshipID(index), groupID: 1, groupSlug: "sober-circle", mentorHandle: "sam-k",
                menteeHandle: "mentee-\(index)", status: .active, requestedAt: Fixture.hoursAgo(Double(index)))
        }
        Fixture.send(&state, .mentorship(.loaded(many)))
        return state
    }

    static func mentorship(_ state: RoomState) -> MentorshipState? {
        if case .mentorship(let view) = state.mode { return view }
        return nil
    }

    @Test func mentorshipPagesWithPgDnSpaceAndPgUpAndLoadsTheThreadOfTheOneSelected() {
        var state = Self.manyMentorships()
        #expect(Self.mentorship(state)?.cursor == 0)
        let effects = RoomReducer.reduce(&state, .keyPressed(.pageDown))
        #expect(Self.mentorship(state)?.cursor == 19, "PgDn: a screenful down")
        #expect(effects == [.mentorship(.loadThread(20))], "and the thread of the one now selected")
        Fixture.keys(&state, .character(" "))
        #expect(Self.mentorship(state)?.cursor == 29, "Space: on to the last")
        Fixture.keys(&state, .pageUp)
        #expect(Self.mentorship(state)?.cursor == 10)
        Fixture.keys(&state, .control("u"))
        #expect(Self.mentorship(state)?.cursor == 0)
    }
}

/// A press on a full-screen list selects the item drawn there, as in the room's panes.
@Suite("Reducer: a press selects in every list")
struct ListPressTests {
    static func press(_ state: inout RoomState, y: Int) -> [RoomEffect] {
        Fixture.send(&state, .mouse(MouseEvent(.press, x: 10, y: y)))
    }

    @Test func aPressSelectsAMeeting() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("w"))
        _ = Self.press(&state, y: 2 + 4)  // the second meeting's first line (four lines each)
        guard case .meetings(let list) = state.mode else {
            Issue.record("the meetings list closed")
            return
        }
        #expect(list.cursor == 1)
        #expect(RoomRenderer.render(state).plainText().contains("▸ "))
    }

    @Test func aPressSelectsAQueueItemAndAsksNothing() {
        var state = ListPagingTests.longQueue()
        let effects = Self.press(&state, y: 2 + 4)  // the second item: heading, report, blank line
        #expect(ListPagingTests.queueCursor(state) == 1)
        #expect(effects.isEmpty && state.prompt == nil, "selecting does nothing to the item")
    }

    @Test func aPressSelectsAMentorshipAndLoadsItsThread() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"))
        let effects = RoomReducer.reduce(&state, .mouse(MouseEvent(.press, x: 10, y: 3)))
        #expect(ListPagingTests.mentorship(state)?.cursor == 1)
        #expect(effects == [.mentorship(.loadThread(2))])
    }

    @Test func aPressSelectsASearchResultAndASecondOneOpensIt() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.send(&state, .search(.found(query: "o", groupID: nil, Fixture.search("o", in: nil))))
        _ = Self.press(&state, y: 2 + 3)  // the second result (three rows each)
        guard case .search(let search) = state.mode else {
            Issue.record("the results closed")
            return
        }
        #expect(search.cursor == 1)
        let effects = Self.press(&state, y: 2 + 4)
        #expect(effects.contains(.loadStory(search.hits[1].story.id)))
        #expect(state.readerStoryID == search.hits[1].story.id)
    }
}

@Suite("Screens: the list of screens")
struct ScreenListTests {
    /// Every mode's screen is in `Mode.screenTypes` (help lists its keys and it can be opened
    /// by its command), and its key context has a heading in help.
    @Test func everyScreenIsListedAndItsKeysHaveAHeading() throws {
        let story = Fixture.story(1)
        let modes: [Mode] = [
            .room, .reader(ReaderState(content: .story(story, revealed: true))), .help(scroll: 0),
            .compose(ComposeState(purpose: .newStory(group: 1))), .moderation(ModerationState(groupID: 2)),
            .search(SearchState(query: "a", groupID: nil, hits: [])), .meetings(MeetingsState()),
            .mentorship(MentorshipState()),
        ]
        let headings = Mode.screenTypes.compactMap { $0.helpSection(.standard)?.context }
        for mode in modes {
            let screen = mode.screen
            #expect(Mode.screenTypes.contains { $0 == type(of: screen) }, "\(type(of: screen)) is not listed")
            #expect(screen.mode == mode, "\(type(of: screen)) gives back its own mode")
            if let context = screen.keyContext { #expect(headings.contains(context), "\(context) has no heading") }
        }
    }
}
