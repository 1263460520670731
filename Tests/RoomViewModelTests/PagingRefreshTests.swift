import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Live: refreshing keeps the place")
struct PagingRefreshTests {
    @Test func aNewStoryAtTheTopKeepsTheSelectionOnTheSameStory() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .character("j"), .character("j"))
        let selected = state.stories.selected?.id
        let effects = RoomReducer.reduce(&state, .roomChanged([.feed(1, .stories)]))
        #expect(effects.contains(.loadStories(1, .first)))
        var page = Fixture.stories[1]!
        page.insert(
            StorySummary(
                id: 77, groupID: 1, kind: .triumph, title: "New", authorHandle: "pip", createdAt: Fixture.now), at: 0)
        _ = RoomReducer.reduce(&state, .storiesLoaded(1, .first, Page(items: page, hasMore: false)))
        #expect(state.stories.selected?.id == selected)
        #expect(state.stories.cursor == 3)
        #expect(state.stories.items.first?.id == 77, "at the top, the new story comes into view")
    }

    @Test func scrolledDownTheViewDoesNotMove() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"), .enter, .character("2"))
        for _ in 0..<60 { Fixture.keys(&state, .character("j")) }
        let top = state.stories.items[state.stories.top].id
        let selected = state.stories.selected?.id
        let effects = Fixture.send(&state, .roomChanged([.feed(2, .stories)]))
        #expect(effects.contains(.loadStories(2, .from(state.stories.items[0].pageKey))))
        #expect(state.stories.items[state.stories.top].id == top)
        #expect(state.stories.selected?.id == selected)
        Fixture.keys(&state, .character("j"))
        #expect(state.stories.selected?.id == selected.map { $0 + 1 })
    }

    @Test func whileWritingChangesWaitAndAreShownOnceOnLeaving() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .tab, .character("x"))
        for _ in 0..<3 {
            #expect(RoomReducer.reduce(&state, .roomChanged([.feed(1, .stories)])).isEmpty, "no reloads per typed key")
        }
        #expect(state.hasUnseenChanges)
        let leaving = RoomReducer.reduce(&state, .keyPressed(.escape))
        #expect(leaving.filter { $0 == .loadGroups }.count == 1, "one refresh when the room shows again")
        #expect(leaving.contains(.loadStories(1, .first)))
        #expect(!state.hasUnseenChanges)
    }

    @Test func theStoryBeingReadIsReloadedInPlace() {
        var state = Fixture.startedRoom(width: 40, height: 10)
        Fixture.keys(&state, .character("2"), .enter, .character("j"), .character("j"))
        let effects = Fixture.send(&state, .roomChanged([.story(1)]))
        #expect(effects.contains(.loadStory(1)))
        guard case .reader(let reader) = state.mode else {
            Issue.record("the reader closed")
            return
        }
        #expect(reader.scroll == 2)
    }
}

@Suite("Unread: new stories are marked and u catches up")
struct UnreadTests {
    @Test func storiesTheStoreCallsUnreadAreNew() {
        let state = Fixture.startedRoom()
        #expect(state.stories.items.map { state.isUnread($0) } == [true, true, false, false, false, false])
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("new · river · 5h"))
        #expect(text.contains("Sober Circle") && text.contains("2 new"))
    }

    @Test func openingTheNewestStoryLeavesTheOlderNewOneNew() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"))
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects == [.loadStory(1), .markRead(1)])
        #expect(state.stories.items.map { state.isUnread($0) } == [false, true, false, false, false, false])
        #expect(state.groups[0].unreadCount == 1, "the count falls by exactly one")
        Fixture.keys(&state, .escape)
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("1 new") && !text.contains("2 new"))
        #expect(!text.contains("new · river · 5h") && text.contains("new · quiet-oak"))
    }

    @Test func uWalksEveryUnreadStoryOldestFirstAndTheCountFallsByOneEachTime() {
        var state = Fixture.startedRoom()
        // The newest first: the older one stays new, and u still finds it.
        Fixture.keys(&state, .character("2"), .enter, .escape)
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("u"))) == [.findNextUnread(1)])
        #expect(RoomReducer.reduce(&state, .nextUnreadFound(2)) == [.loadStory(2)])
        #expect(RoomReducer.reduce(&state, .storyLoaded(Fixture.story(2))) == [.markRead(2)])
        #expect(state.readerStoryID == 2)
        #expect(state.groups[0].unreadCount == 0)
        #expect(state.stories.items.allSatisfy { !state.isUnread($0) })
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("u"))) == [.findNextUnread(1)])
        #expect(RoomReducer.reduce(&state, .nextUnreadFound(nil)).isEmpty)
        #expect(state.notice == "No unread stories in this group. You are all caught up.")
        #expect(state.readerStoryID == 2, "nothing else opens")
    }

    @Test func aStoryReadAgainIsNotCountedTwice() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter, .escape)
        var read = Fixture.story(1)
        read.summary.isUnread = false
        #expect(RoomReducer.reduce(&state, .keyPressed(.enter)) == [.loadStory(1)])
        #expect(RoomReducer.reduce(&state, .storyLoaded(read)).isEmpty, "nothing to mark")
        #expect(state.groups[0].unreadCount == 1)
    }

    @Test func aCountAtTheCapStaysNinetyNinePlus() {
        var state = Fixture.startedRoom()
        var groups = Fixture.groups
        groups[0].unreadCount = GroupSummary.unreadCountLimit
        _ = RoomReducer.reduce(&state, .groupsLoaded(groups))
        Fixture.keys(&state, .character("2"), .enter)
        #expect(state.groups[0].unreadCount == GroupSummary.unreadCountLimit)
        #expect(state.groups[0].unreadLabel == "99+ new")
    }

    @Test func uOpensTheOldestUnreadOrSaysThereIsNone() {
        var state = Fixture.startedRoom()
        let effects = Fixture.send(&state, .keyPressed(.character("u")))
        #expect(effects.prefix(3) == [.findNextUnread(1), .loadStory(2), .markRead(2)])
        guard case .reader(let reader) = state.mode else {
            Issue.record("u did not open a story")
            return
        }
        #expect(reader.story?.id == 2)
        Fixture.keys(&state, .escape, .character("1"), .character("j"), .enter, .character("u"))
        #expect(state.notice == "No unread stories in this group. You are all caught up.")
    }
}
