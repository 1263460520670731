import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Reducer: every binding and every result")
struct ReducerTests {
    @Test func startingLoadsGroupsThenOpensTheFirstGroup() {
        var state = Fixture.state(width: 120, height: 40)
        let first = RoomReducer.reduce(&state, .started)
        #expect(first == [.loadGroups], "what can follow the first frame waits for it")
        let opened = RoomReducer.reduce(&state, .groupsLoaded(Fixture.groups))
        #expect(
            opened == [
                .loadRoster(1, .first), .loadStories(1, .first), .loadEncouragement(1, .first),
                .loadNextMeeting(1),
            ])
        #expect(state.openGroupID == 1)
        #expect(state.stories.pending == .first)
    }

    @Test func aPreferredGroupOpensFirst() {
        var state = RoomState(
            myHandle: "sam-k", size: Size(width: 120, height: 40), now: Fixture.now, today: Fixture.today,
            preferredGroupSlug: "even-odds")
        Fixture.send(&state, .started, .firstFrameShown)
        #expect(state.openGroup?.slug == "even-odds")
        #expect(state.groupCursor == 1)
    }

    @Test func jAndDownMoveDownKAndUpMoveUp() {
        for (down, up) in [(Key.character("j"), Key.character("k")), (.down, .up)] {
            var state = Fixture.startedRoom()
            Fixture.keys(&state, .character("2"), down, down)
            #expect(state.stories.selected?.id == 3)
            Fixture.keys(&state, up)
            #expect(state.stories.selected?.id == 2)
            Fixture.keys(&state, up, up, up)
            #expect(state.stories.selected?.id == 1, "moving up stops at the top")
        }
    }

    @Test func movingInTheGroupsPaneMovesTheCursorButDoesNotOpen() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"))
        #expect(state.groupCursor == 1)
        #expect(state.openGroupID == 1)
        Fixture.keys(&state, .character("j"), .character("j"), .character("j"))
        #expect(state.groupCursor == 2, "the cursor stops at the last group")
    }

    @Test func enterOnAGroupOpensItAndEveryPaneSwitches() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"))
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(
            effects == [
                .loadRoster(2, .first), .loadStories(2, .first), .loadEncouragement(2, .first),
                .loadNextMeeting(2),
            ])
        #expect(state.openGroup?.slug == "even-odds")
        #expect(state.roster.items.map(\.handle) == ["tomek", "pip", "hana"])
        #expect(state.stories.items.first?.title == "Story number 1")
        #expect(state.encouragement.items.isEmpty && state.encouragement.isLoaded)
    }

    @Test func gAndHomeGoToTheTopGAndEndToTheBottom() {
        for (top, bottom) in [(Key.character("g"), Key.character("G")), (.home, .end)] {
            var state = Fixture.startedRoom()
            Fixture.keys(&state, .character("2"), bottom)
            #expect(state.stories.selected?.id == 6)
            Fixture.keys(&state, top)
            #expect(state.stories.selected?.id == 1)
        }
    }

    @Test func pageDownAndPageUpMoveByAPaneHeight() {
        let visible = Layout(size: Size(width: 120, height: 40), groupCount: 3).visibleItems(.stories)
        for (down, up) in [(Key.pageDown, Key.pageUp), (.control("d"), .control("u")), (.character(" "), .pageUp)] {
            var state = Fixture.startedRoom()
            Fixture.keys(&state, .character("j"), .enter, .character("2"), down)
            #expect(state.stories.selected?.title == "Story number \(visible + 1)")
            Fixture.keys(&state, up)
            #expect(state.stories.selected?.title == "Story number 1")
        }
    }

    @Test func tabAndRightCycleForwardShiftTabAndLeftBackward() {
        for (next, previous) in [(Key.tab, Key.backTab), (.right, .left)] {
            var state = Fixture.startedRoom()
            var seen: [Pane] = []
            for _ in 0..<4 {
                Fixture.keys(&state, next)
                seen.append(state.focus)
            }
            #expect(seen == [.roster, .stories, .encouragement, .groups])
            Fixture.keys(&state, previous)
            #expect(state.focus == .encouragement)
        }
    }

    @Test func numberKeysPickAPane() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("3"))
        #expect(state.focus == .encouragement)
        Fixture.keys(&state, .character("2"))
        #expect(state.focus == .stories)
        Fixture.keys(&state, .character("1"))
        #expect(state.focus == .groups)
    }

    @Test func enterOnAStoryOpensTheReaderAndLoadsTheWholeStory() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"))
        let effects = RoomReducer.reduce(&state, .keyPressed(.enter))
        #expect(effects == [.loadStory(1)])
        #expect(state.mode == .reader(ReaderState(content: .loading(1))))
        _ = RoomReducer.reduce(&state, .storyLoaded(Fixture.story(1)))
        #expect(state.mode == .reader(ReaderState(content: .story(Fixture.story(1), revealed: false))))
    }

    @Test func aStoryThatArrivesAfterLeavingTheReaderIsIgnored() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"))
        _ = RoomReducer.reduce(&state, .keyPressed(.enter))
        _ = RoomReducer.reduce(&state, .keyPressed(.escape))
        _ = RoomReducer.reduce(&state, .storyLoaded(Fixture.story(1)))
        #expect(state.mode == .room)
    }

    @Test func enterOnEncouragementOpensItInTheReader() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("3"), .character("j"), .enter)
        guard case .reader(let reader) = state.mode, case .encouragement(let message) = reader.content else {
            Issue.record("expected the reader with a message, got \(state.mode)")
            return
        }
        #expect(message.id == 2)
    }

    @Test func enterOnTheRosterDoesNothing() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .tab)
        let before = state
        #expect(Fixture.send(&state, .keyPressed(.enter)).isEmpty)
        #expect(state == before)
    }

    @Test func theReaderScrollsAndStopsAtBothEnds() {
        var state = Fixture.startedRoom(width: 40, height: 10)
        Fixture.keys(&state, .character("2"), .enter)
        guard case .reader = state.mode else {
            Issue.record("reader did not open")
            return
        }
        Fixture.keys(&state, .character("j"), .character("j"))
        #expect(readerScroll(state) == 2)
        Fixture.keys(&state, .character("k"))
        #expect(readerScroll(state) == 1)
        Fixture.keys(&state, .character("G"))
        let bottom = readerScroll(state)
        let lines = ReaderDocument.lines(
            for: ReaderState(content: .story(Fixture.story(1), revealed: false)), in: state)
        #expect(bottom == lines.count - state.layout.readerTextRows)
        Fixture.keys(&state, .character("j"), .pageDown)
        #expect(readerScroll(state) == bottom, "no scrolling past the end")
        Fixture.keys(&state, .character("g"))
        #expect(readerScroll(state) == 0)
        Fixture.keys(&state, .pageDown)
        #expect(readerScroll(state) == state.layout.readerTextRows - 1)
        Fixture.keys(&state, .pageUp, .pageUp)
        #expect(readerScroll(state) == 0)
    }

    @Test func escAndQLeaveTheReaderWithoutQuitting() {
        for key in [Key.escape, .character("q")] {
            var state = Fixture.startedRoom()
            Fixture.keys(&state, .character("2"), .enter)
            let effects = Fixture.send(&state, .keyPressed(key))
            #expect(effects.isEmpty)
            #expect(state.mode == .room)
            #expect(!state.isQuitting)
            #expect(state.focus == .stories)
        }
    }

    @Test func vRevealsAStoryBehindAContentWarning() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .character("j"), .enter)
        #expect(state.mode == .reader(ReaderState(content: .story(Fixture.story(2), revealed: false))))
        Fixture.keys(&state, .character("v"))
        #expect(state.mode == .reader(ReaderState(content: .story(Fixture.story(2), revealed: true))))
    }

    @Test func questionMarkShowsHelpAndClosesIt() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("?"))
        #expect(state.mode == .help(scroll: 0))
        Fixture.keys(&state, .character("?"))
        #expect(state.mode == .room)
        Fixture.keys(&state, .character("?"), .escape)
        #expect(state.mode == .room)
        Fixture.keys(&state, .character("?"), .character("q"))
        #expect(state.mode == .room)
        #expect(!state.isQuitting, "q in help goes back, it does not quit")
    }

    @Test func helpScrollsWhenItDoesNotFit() {
        var state = Fixture.startedRoom(width: 40, height: 10)
        Fixture.keys(&state, .character("?"), .character("j"))
        #expect(state.mode == .help(scroll: 1))
        Fixture.keys(&state, .character("G"))
        let lines = HelpScreen.lines(keyMap: .standard).count
        #expect(state.mode == .help(scroll: lines - 6))
    }

    @Test func qAndCtrlCQuitFromTheRoom() {
        for key in [Key.character("q"), .control("c")] {
            var state = Fixture.startedRoom()
            #expect(RoomReducer.reduce(&state, .keyPressed(key)) == [.quit])
            #expect(state.isQuitting)
        }
    }

    @Test func unboundKeysChangeNothing() {
        var state = Fixture.startedRoom()
        let before = state
        for key in [Key.character("z"), .character("Z"), .control("x"), .delete, .backspace] {
            #expect(RoomReducer.reduce(&state, .keyPressed(key)).isEmpty)
        }
        #expect(state == before)
    }

    /// Keys that bring the room to where `command` has something to do: a story list to move
    /// in, a story to open, a warned story to reveal, a draft, search results, meetings…
    static func setUp(for binding: KeyMap.Binding) -> [Key] {
        if binding.context == .writing {
            return [.character("n")] + (binding.command == .discard ? [.character("x")] : [])
        }
        return switch binding.command {
        case .moveUp, .first: [.character("2"), .character("j")]
        case .pageUp: [.character("2"), .character("G")]
        case .moveDown, .last, .pageDown, .showGroups, .open, .reply, .reactSupport, .reactBeenThere, .reactProud,
            .report, .mute, .delete, .edit:
            [.character("2")]
        case .reveal: [.character("2"), .character("j"), .enter]
        case .back: [.character("2"), .enter]
        case .hide, .restore, .approveRequest, .declineRequest: [.character("M")]
        case .nextMatch, .previousMatch:
            [.character("/")] + "story".map { .character($0) } + [.enter]
        case .rsvpGoing, .rsvpMaybe, .rsvpNo, .attend, .shareCircle: [.character("w")]
        case .raiseHand, .lowerHand, .passTurn, .lowerSelectedHand: [.character("w"), .character("s")]
        case .acceptMentee, .declineMentee, .endMentorship: [.character("P")]
        default: Self.opening(for: binding)
        }
    }

    /// The key that opens the screen declaring a binding of its own (a new screen's keys are
    /// tried where they apply with no line here).
    static func opening(for binding: KeyMap.Binding) -> [Key] {
        guard let screen = Mode.screenTypes.first(where: { $0.bindings.contains(binding) }),
            let opening = screen.opening, opening != binding.command,
            let key = KeyMap.standard.keys(for: opening).first
        else { return [] }
        return [key]
    }

    /// Pressing each bound key where its command applies changes what the room shows or asks
    /// the store for something: a binding whose dispatch was taken out fails here, by name.
    @Test(arguments: KeyMap.standard.bindings.flatMap { binding in binding.keys.map { (binding, $0) } })
    func everyBindingRunsItsCommand(binding: KeyMap.Binding, key: Key) {
        var state = Fixture.startedRoom()
        for setUpKey in Self.setUp(for: binding) { Fixture.keys(&state, setUpKey) }
        #expect(state.keyMap.command(for: key, in: binding.context) == binding.command)
        let before = state
        let effects = RoomReducer.reduce(&state, .keyPressed(key))
        #expect(
            state != before || !effects.isEmpty,
            "\(key.label) (\(binding.command.rawValue), \(binding.context)) did nothing")
    }

    /// Every binding has its own help line: its keys and its words together, under its
    /// context's heading.
    @Test func everyBindingIsListedInHelpUnderItsContext() {
        let help = HelpScreen.lines(keyMap: .standard).map(\.text)
        let headings: [KeyContext: String] = [
            .room: "Keys in the room", .search: "Keys in search results", .meetings: "Keys in the meetings list (w)",
            .mentorship: "Keys in mentorship (P)", .writing: "Keys while writing",
        ]
        // A context not named above (a new screen's) is under the heading its screen declares.
        let declared = Dictionary(
            Mode.screenTypes.compactMap { $0.helpSection(.standard) }.map { ($0.context, $0.heading) },
            uniquingKeysWith: { first, _ in first })
        for binding in KeyMap.standard.bindings {
            guard
                let heading = (headings[binding.context] ?? declared[binding.context]).flatMap({
                    help.firstIndex(of: $0)
                })
            else {
                Issue.record("help has no heading for \(binding.context)")
                continue
            }
            let section = help[heading...].prefix { !$0.isEmpty }
            let labels = binding.keys.map(\.label).joined(separator: ", ")
            #expect(
                section.contains { $0.hasPrefix("  \(labels) ") && $0.hasSuffix(binding.command.help) },
                "help lists \(labels): \(binding.command.help)")
        }
        #expect(Set(KeyMap.standard.bindings.map(\.command)) == Set(Command.allCases), "every command has a key")
    }

    @Test func helpFollowsAChangedKeyMap() {
        var map = KeyMap.standard
        map.bindings[0].keys = [.character("n")]
        let help = HelpScreen.lines(keyMap: map).map(\.text)
        #expect(help.contains { $0.contains("n") && $0.contains(Command.moveDown.help) })
        #expect(!help.contains { $0.contains("j, Down") })
        var state = Fixture.startedRoom()
        state.keyMap = map
        Fixture.keys(&state, .character("2"), .character("n"))
        #expect(state.stories.selected?.id == 2)
    }

    @Test func resizingRelaysOutAtOnceAndKeepsTheSelectionVisible() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"), .enter, .character("2"))
        for _ in 0..<30 { Fixture.keys(&state, .character("j")) }
        #expect(state.layout.kind == .wide)
        Fixture.send(&state, .resized(Size(width: 80, height: 24)))
        #expect(state.layout.kind == .narrow)
        let visible = state.layout.visibleItems(.stories)
        #expect(state.stories.cursor >= state.stories.top && state.stories.cursor < state.stories.top + visible)
        Fixture.send(&state, .resized(Size(width: 20, height: 5)))
        #expect(state.layout.kind == .tooSmall)
        Fixture.keys(&state, .character("j"))
        Fixture.send(&state, .resized(Size(width: 120, height: 40)))
        #expect(state.stories.selected?.title == "Story number 32")
    }

    @Test func aFailedLoadIsShownAndTheReaderCloses() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"))
        _ = RoomReducer.reduce(&state, .keyPressed(.enter))
        _ = RoomReducer.reduce(&state, .loadFailed("Could not load: disk I/O error"))
        #expect(state.mode == .room)
        #expect(RoomRenderer.render(state).plainText().contains("Could not load: disk I/O error"))
        Fixture.keys(&state, .character("j"))
        #expect(state.notice == nil, "the next key clears the notice")
    }

    @Test func theClockMovesRelativeTimes() {
        var state = Fixture.startedRoom()
        #expect(RoomRenderer.render(state).plainText().contains("river · 5h"))
        _ = RoomReducer.reduce(
            &state, .clockTicked(now: Fixture.now.addingTimeInterval(3 * 3600), today: Fixture.today))
        #expect(RoomRenderer.render(state).plainText().contains("river · 8h"))
    }

    private func readerScroll(_ state: RoomState) -> Int {
        if case .reader(let reader) = state.mode { return reader.scroll }
        return -1
    }
}

@Suite("Paging: only a window of a long feed is in memory")
struct PagingTests {
    private func evenOdds() -> RoomState {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"), .enter, .character("2"))
        return state
    }

    @Test func theFirstPageIsOneStorePage() {
        let state = evenOdds()
        #expect(state.stories.items.count == ListWindow<StorySummary>.pageSize)
        #expect(state.stories.hasMoreBelow)
        #expect(!state.stories.hasMoreAbove)
    }

    @Test func walkingDownReadsTheNextPageBeforeTheEndAndVisitsEveryStoryOnce() {
        var state = evenOdds()
        var visited = [state.stories.selected!.id]
        var effects: [RoomEffect] = []
        for _ in 0..<260 {
            effects += Fixture.send(&state, .keyPressed(.character("j")))
            visited.append(state.stories.selected!.id)
            #expect(state.stories.items.count <= ListWindow<StorySummary>.capacity)
        }
        let ids = Fixture.stories[2]!.map(\.id)
        #expect(Array(visited.prefix(250)) == ids, "each story once, newest first")
        #expect(visited.last == ids.last, "stops at the oldest")
        let pageReads = effects.filter { if case .loadStories(2, .after) = $0 { true } else { false } }
        #expect(pageReads.count == 2, "250 stories in pages of 100: two more pages")
    }

    @Test func theLastKeyReadsTheOldestPageAndWalkingUpReadsNewerPages() {
        var state = evenOdds()
        let effects = Fixture.send(&state, .keyPressed(.character("G")))
        #expect(effects == [.loadStories(2, .last)])
        #expect(state.stories.selected?.title == "Story number 250")
        #expect(state.stories.hasMoreAbove)
        var seen: [StoryID] = [state.stories.selected!.id]
        for _ in 0..<249 {
            Fixture.keys(&state, .character("k"))
            seen.append(state.stories.selected!.id)
        }
        #expect(seen.reversed() == Fixture.stories[2]!.map(\.id))
        Fixture.keys(&state, .character("k"))
        #expect(state.stories.selected?.title == "Story number 1")
    }

    @Test func aPageThatIsNoLongerAwaitedIsDropped() {
        var state = evenOdds()
        let stale = Page(items: Array(Fixture.stories[2]!.suffix(3)), hasMore: false)
        _ = RoomReducer.reduce(&state, .storiesLoaded(2, .before(FeedKey(createdAtMillis: 0, id: 0)), stale))
        #expect(state.stories.items.count == ListWindow<StorySummary>.pageSize)
        _ = RoomReducer.reduce(&state, .storiesLoaded(1, .first, stale))
        #expect(state.stories.items.first?.title == "Story number 1", "pages for another group are dropped")
    }
}
