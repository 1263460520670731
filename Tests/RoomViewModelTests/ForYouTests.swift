import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

extension Fixture {
    /// What is for sam-k, newest first: two new (a reply and a reaction), then encouragement in
    /// Even Odds, harbor's message in their mentorship and a reply behind a content warning.
    static let forYou: [ForYouItem] = [
        ForYouItem(
            kind: .reply, handle: "juniper", createdAt: hoursAgo(2), groupID: 1, groupSlug: "sober-circle",
            storyID: 1, storyTitle: "One year today 🎉", itemID: 2, excerpt: "Tea and an early night sound perfect.",
            isNew: true),
        ForYouItem(
            kind: .reaction, handle: "harbor", createdAt: hoursAgo(3), groupID: 1, groupSlug: "sober-circle",
            storyID: 1, storyTitle: "One year today 🎉", reaction: .proud, isNew: true),
        ForYouItem(
            kind: .encouragement, handle: "tomek", createdAt: hoursAgo(26), groupID: 2, groupSlug: "even-odds",
            itemID: 5, excerpt: "You kept every promise you made to yourself this week.", isNew: false),
        ForYouItem(
            kind: .mentorMessage, handle: "harbor", createdAt: hoursAgo(28), groupID: 1, groupSlug: "sober-circle",
            mentorshipID: 1, itemID: 2,
            excerpt: "Then let's plan Fridays together: call me at seven, and we will see what the evening needs.",
            isNew: false),
        ForYouItem(
            kind: .reply, handle: "river", createdAt: hoursAgo(30), groupID: 1, groupSlug: "sober-circle",
            storyID: 2, storyTitle: "I drank on Friday", contentWarning: "relapse, alcohol", itemID: 7, isNew: false),
    ]

    /// The room with "2 for you" counted, as the store would after two new items.
    static func roomWithTwoForYou(width: Int = 80, height: Int = 24) -> RoomState {
        var state = startedRoom(width: width, height: height)
        send(&state, .forYou(.counted(2)))
        return state
    }
}

@Suite("For you: the header's count and its list")
struct ForYouTests {
    private func header(_ state: RoomState) -> String {
        RoomRenderer.render(state).plainText().components(separatedBy: "\n")[0]
    }

    @Test func theRoomAsksForTheCountAtStartAndTheHeaderSaysItInWords() {
        var state = Fixture.state(width: 80, height: 24)
        // Not before the first frame: the groups and the open group come first.
        #expect(RoomReducer.reduce(&state, .started) == [.loadGroups])
        #expect(RoomReducer.reduce(&state, .firstFrameShown) == [.loadDrafts, .forYou(.count), .support(.load)])
        var room = Fixture.startedRoom(width: 80, height: 24)
        #expect(!header(room).contains("for you"), "nothing new: nothing said")
        Fixture.send(&room, .forYou(.counted(2)))
        #expect(header(room).hasSuffix("2 for you  @sam-k"))
        #expect(header(room).contains("Sober Circle"), "the group's name stays")
        Fixture.send(&room, .forYou(.counted(ForYou.countLimit)))
        #expect(header(room).contains("99+ for you  @sam-k"))
    }

    /// At 40 columns the count still fits (the topic and the group's name give way); with a
    /// meeting in the header at 80, both fit.
    @Test func theCountFitsSmallTerminalsAndBesideTheNextMeeting() {
        var small = Fixture.roomWithTwoForYou(width: 40, height: 10)
        #expect(header(small).hasSuffix("Sober Ci… 2 for you  @sam-k"))
        Fixture.keys(&small, .character("f"))
        #expect(header(small).hasSuffix("› For … @sam-k"), "the list is shown: seen, and no count")
        var state = Fixture.londonRoom()
        Fixture.send(&state, .forYou(.counted(2)), .nextMeetingLoaded(1, Fixture.meetings[2]))
        #expect(header(state).contains("Fri 19:00 · in 2 days  2 for you  @sam-k"))
    }

    @Test func theCountIsReadAgainForChangesThatCanBringSomethingForMe() {
        var state = Fixture.startedRoom()
        for change in [RoomChange.story(999), .feed(2, .encouragement), .mentorship(4)] {
            #expect(RoomReducer.reduce(&state, .roomChanged([change])).contains(.forYou(.count)), "\(change)")
        }
        for change in [RoomChange.roster(2), .meetings(2), .queue(2), .feed(2, .stories)] {
            #expect(!RoomReducer.reduce(&state, .roomChanged([change])).contains(.forYou(.count)), "\(change)")
        }
        let many = RoomReducer.reduce(&state, .roomChanged([.story(1), .story(2), .mentorship(1)]))
        #expect(many.filter { $0 == .forYou(.count) }.count == 1, "once for a batch")
        #expect(RoomReducer.reduce(&state, .roomChanged([.resync])).contains(.forYou(.count)))
    }

    @Test func fListsNewestFirstMarksThemSeenAndTheHeaderClears() {
        var state = Fixture.roomWithTwoForYou()
        let opened = RoomReducer.reduce(&state, .keyPressed(.character("f")))
        #expect(opened == [.forYou(.load)])
        let loaded = RoomReducer.reduce(&state, .forYou(.loaded(Fixture.forYou)))
        #expect(loaded == [.forYou(.markSeen(through: Fixture.hoursAgo(2)))], "seen through the newest shown")
        Fixture.send(&state, .forYou(.counted(0)))
        let text = RoomRenderer.render(state).plainText()
        #expect(!header(state).contains("for you  @"), "the header's count cleared")
        #expect(text.contains("▸ new · juniper replied to “One year today 🎉”"))
        #expect(text.contains("  new · harbor reacted to “One year today 🎉”: proud of you"))
        #expect(text.contains("  tomek sent you encouragement"), "not new: no mark")
        #expect(text.contains("Even Odds · 1 day ago"))
        // Read again (a change came): the store says seen, the view still says new.
        var seen = Fixture.forYou
        for index in seen.indices { seen[index].isNew = false }
        #expect(RoomReducer.reduce(&state, .forYou(.loaded(seen))).isEmpty, "nothing new: nothing to mark")
        #expect(RoomRenderer.render(state).plainText().contains("▸ new · juniper replied"))
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }

    @Test func aReplyBehindAContentWarningShowsTheWarningNotItsWords() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("f"))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("river replied to “I drank on Friday”"))
        #expect(text.contains("⚠ Content warning: relapse, alcohol — Enter: read it in its story"))
    }

    @Test func enterOnAReplyOpensItsStoryAtTheReplyAndEscComesBack() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("f"))
        let effects = RoomReducer.reduce(&state, .keyPressed(.enter))
        #expect(effects == [.loadStory(1)])
        Fixture.send(&state, .storyLoaded(Fixture.story(1)))
        guard case .reader(let reader) = state.mode else {
            Issue.record("the reader did not open")
            return
        }
        #expect(reader.selectedReply == 1, "juniper's reply is picked")
        let lines = ReaderDocument.lines(for: reader, in: state)
        let row = try! #require(lines.firstIndex { $0.replyIndex == 1 })
        #expect(row >= reader.scroll && row < reader.scroll + state.layout.readerTextRows, "and in view")
        #expect(RoomRenderer.render(state).plainText().contains("▸ juniper"))
        let back = RoomReducer.reduce(&state, .keyPressed(.escape))
        guard case .forYou(let list) = state.mode else {
            Issue.record("Esc did not go back to the list")
            return
        }
        #expect(list.cursor == 0 && back == [.forYou(.load)], "the same place, read again")
    }

    @Test func enterOnAReactionOpensTheStoryOnEncouragementItsPaneOnAMessageTheThread() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("f"), .character("j"), .enter)
        #expect(state.readerStoryID == 1)
        Fixture.keys(&state, .escape, .character("j"), .enter)
        #expect(state.mode == .room && state.focus == .encouragement && state.openGroupID == 2, "Even Odds'")
        Fixture.keys(&state, .character("f"), .character("G"), .character("k"), .enter)
        guard case .mentorship(let view) = state.mode else {
            Issue.record("the mentorship view did not open")
            return
        }
        #expect(view.selected?.id == 1 && view.thread == Fixture.mentorThread)
    }

    @Test func aMentorshipOpenedForAMessageSelectsItsMentorship() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        var list = ForYouState()
        list.list.replace(with: [
            ForYouItem(
                kind: .mentorMessage, handle: "hana", createdAt: Fixture.now, groupID: 2, groupSlug: "even-odds",
                mentorshipID: 2, itemID: 9, excerpt: "Thank you", isNew: true)
        ])
        list.isLoading = false
        state.mode = .forYou(list)
        Fixture.keys(&state, .enter)
        guard case .mentorship(let view) = state.mode else {
            Issue.record("the mentorship view did not open")
            return
        }
        #expect(view.selected?.id == 2, "the second mentorship, not the first")
    }

    @Test func nothingForYouSaysWhatWillShowHere() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("f"))
        Fixture.send(&state, .forYou(.loaded([])))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("Nothing for you yet."))
        #expect(RoomReducer.reduce(&state, .keyPressed(.enter)).isEmpty)
    }

    @Test func aPressOpensTheItemUnderIt() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("f"))
        // The second item's heading: its first line is row 2 + 4 (three lines and a blank above).
        Fixture.send(&state, .mouse(MouseEvent(.press, x: 6, y: 6)))
        guard case .forYou(let list) = state.mode else {
            Issue.record("the list closed")
            return
        }
        #expect(list.cursor == 1)
        Fixture.send(&state, .mouse(MouseEvent(.press, x: 6, y: 6)))
        #expect(state.readerStoryID == 1)
    }

    @Test func theListAt80x24And120x40() {
        var narrow = Fixture.roomWithTwoForYou(width: 80, height: 24)
        Fixture.keys(&narrow, .character("f"))
        Golden.check(RoomRenderer.render(narrow), "for-you-80x24")
        Golden.checkText(RoomRenderer.render(narrow).roleMap(), "roles-for-you-80x24")
        var wide = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&wide, .character("f"), .character("j"))
        Golden.check(RoomRenderer.render(wide), "for-you-120x40")
        Golden.check(RoomRenderer.render(Fixture.roomWithTwoForYou()), "room-80x24-for-you")
    }
}
