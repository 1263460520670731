import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Writing: compose, drafts, posting, reactions, deleting")
struct ComposeTests {
    func composing(_ state: RoomState) -> ComposeState? {
        if case .compose(let compose) = state.mode { return compose }
        return nil
    }

    func type(_ state: inout RoomState, _ text: String) -> [RoomEffect] {
        var effects: [RoomEffect] = []
        for character in text {
            let key: Key = character == "\n" ? .enter : .character(character)
            effects += Fixture.send(&state, .keyPressed(key))
        }
        return effects
    }

    @Test func nOpensANewStoryAndLooksForADraft() {
        var state = Fixture.startedRoom()
        let effects = RoomReducer.reduce(&state, .keyPressed(.character("n")))
        #expect(effects == [.loadDraft(.story(group: 1))])
        #expect(composing(state)?.field == .title, "writing starts where the words go")
        #expect(composing(state)?.heading == "New story")
    }

    @Test func nThenTypingWritesTheTitleAndKeepsTheDefaultKind() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        let typed = type(&state, "Sleep came back")
        #expect(composing(state)?.title.text == "Sleep came back", "no letter is taken as a kind")
        #expect(composing(state)?.kind == .reflection)
        #expect(typed.count == "Sleep came back".count, "every letter is saved in the draft")
        #expect(RoomRenderer.render(state).plainText().contains("Title    Sleep came back"))
    }

    @Test func aLetterTypedOnKindGoesIntoTheTitle() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .backTab)
        #expect(composing(state)?.field == .kind, "Shift-Tab reaches the kind")
        Fixture.keys(&state, .left)
        #expect(composing(state)?.kind == .milestone, "Left and Right choose the kind")
        #expect(RoomRenderer.render(state).plainText().contains("Left/Right: choose"))
        _ = type(&state, "ms 30 days")
        #expect(composing(state)?.field == .title)
        #expect(composing(state)?.title.text == "ms 30 days")
        #expect(composing(state)?.kind == .milestone, "letters never change the kind")
        Fixture.keys(&state, .backTab, .character(" "))
        #expect(composing(state)?.title.text == "ms 30 days ", "Space is text too")
        Fixture.keys(&state, .backTab)
        Fixture.send(&state, .pasted("pasted"))
        #expect(composing(state)?.title.text == "ms 30 days pasted", "a paste on Kind lands in the title")
    }

    @Test func everyChangeSavesTheDraftAndMovingDoesNot() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        let typed = type(&state, "Hi")
        #expect(typed.count == 2)
        guard case .saveDraft(let draft) = typed.last else {
            Issue.record("no draft saved")
            return
        }
        #expect(draft.title == "Hi" && draft.target == .story(group: 1))
        #expect(Fixture.send(&state, .keyPressed(.left)).isEmpty)
    }

    @Test func aStoryIsWrittenFieldByFieldAndPosted() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .backTab, .left, .tab)
        _ = type(&state, "Thirty days 🎉")
        Fixture.keys(&state, .enter)
        _ = type(&state, "money")
        Fixture.keys(&state, .tab)
        _ = type(&state, "Line one.\n\nLine 二.")
        let effects = RoomReducer.reduce(&state, .keyPressed(.control("s")))
        #expect(
            effects == [
                .submit(
                    .story(
                        group: 1, kind: .milestone, title: "Thirty days 🎉", contentWarning: "money",
                        body: "Line one.\n\nLine 二."))
            ])
        #expect(composing(state)?.isSending == true)
        let after = Fixture.send(&state, .posted(Fixture.posted(effects.first.flatMap(submission)!)))
        #expect(after.contains(.discardDraft(.story(group: 1))), "posting removes the draft")
        #expect(state.mode == .room)
        #expect(state.focus == .stories)
        #expect(state.notice?.contains("posted") == true)
    }

    private func submission(_ effect: RoomEffect) -> Submission? {
        if case .submit(let submission) = effect { return submission }
        return nil
    }

    @Test func anEmptyTitleIsExplainedAndNothingIsSent() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .tab, .tab)
        _ = type(&state, "Some words")
        #expect(RoomReducer.reduce(&state, .keyPressed(.control("s"))).isEmpty)
        #expect(composing(state)?.problem == "The title is empty.")
        #expect(RoomRenderer.render(state).plainText().contains("⚠ The title is empty."))
    }

    @Test func aCharacterOfTooManyScalarsIsExplainedAndNothingIsSent() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        // One character of 41 scalars, pasted: it passes the editor's character count.
        _ = Fixture.send(&state, .pasted("Zalgo a" + String(repeating: "\u{301}", count: 40)))
        Fixture.keys(&state, .tab, .tab)
        _ = type(&state, "Some words")
        #expect(RoomReducer.reduce(&state, .keyPressed(.control("s"))).isEmpty)
        #expect(composing(state)?.problem == "The title has a character made of 41 code points; the limit is 32.")
        #expect(RoomRenderer.render(state).plainText().contains("⚠ The title has a character made of 41 code"))
    }

    @Test func aFailedPostKeepsTheTextAndSaysWhy() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("3"), .character("e"))
        _ = type(&state, "You've got this")
        _ = RoomReducer.reduce(&state, .keyPressed(.control("s")))
        _ = RoomReducer.reduce(&state, .postFailed("Not posted: disk I/O error. Your text is kept."))
        #expect(composing(state)?.body.text == "You've got this")
        #expect(composing(state)?.isSending == false)
        #expect(RoomRenderer.render(state).plainText().contains("disk I/O error"))
    }

    @Test func aSavedDraftComesBackWhenWritingThereAgain() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("j"), .character("j"), .enter, .character("n"))
        let compose = composing(state)
        #expect(compose?.title.text == "Seven days")
        #expect(compose?.body.text == "I made it to a week.")
        #expect(compose?.kind == .milestone)
        #expect(compose?.restoredDraftFrom == Fixture.hoursAgo(1))
        #expect(RoomRenderer.render(state).plainText().contains("draft from 1 hour ago restored"))
    }

    @Test func draftsAreMentionedAtStart() {
        var state = Fixture.state(width: 120, height: 40)
        Fixture.send(&state, .started, .firstFrameShown)
        #expect(state.notice?.contains("1 unsent draft") == true)
    }

    @Test func aDraftArrivingAfterTypingDoesNotOverwriteIt() {
        var state = Fixture.startedRoom()
        _ = RoomReducer.reduce(&state, .keyPressed(.character("n")))
        _ = RoomReducer.reduce(&state, .keyPressed(.character("X")))
        let late = Draft(target: .story(group: 1), title: "old", updatedAt: Fixture.now)
        _ = RoomReducer.reduce(&state, .draftLoaded(.story(group: 1), late))
        #expect(composing(state)?.title.text == "X")
    }

    @Test func escLeavesAndKeepsTheDraft() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        _ = type(&state, "Half a thought")
        let effects = RoomReducer.reduce(&state, .keyPressed(.escape))
        #expect(state.mode == .room)
        guard case .saveDraft(let draft) = effects.first else {
            Issue.record("leaving did not save")
            return
        }
        #expect(draft.title == "Half a thought")
        #expect(state.notice == "Draft kept — n in this group to come back to it.")
        #expect(RoomRenderer.render(state).row(state.size.height - 1).contains("Draft kept — n in this group"))
        Fixture.keys(&state, .character("2"), .character("r"), .character("x"), .escape)
        #expect(state.notice == "Draft kept — r on this story to come back to it.")
        Fixture.keys(&state, .character("n"), .escape)
        #expect(state.notice == nil, "nothing is said when nothing was written")
    }

    @Test func ctrlXAsksThenDiscards() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        _ = type(&state, "Never mind")
        Fixture.keys(&state, .control("x"))
        #expect(state.confirmation?.action == .discardDraft)
        #expect(RoomRenderer.render(state).plainText().contains("y: yes"))
        Fixture.keys(&state, .character("n"))
        #expect(state.confirmation == nil)
        #expect(composing(state)?.title.text == "Never mind", "n keeps the text")
        Fixture.keys(&state, .control("x"))
        let effects = RoomReducer.reduce(&state, .keyPressed(.character("y")))
        #expect(effects == [.discardDraft(.story(group: 1))])
        #expect(state.mode == .room)
    }

    @Test func pasteGoesInAsOnePiece() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .tab, .tab)
        let effects = Fixture.send(&state, .pasted("Para one.\r\n\r\nPara two\twith a tab."))
        #expect(composing(state)?.body.text == "Para one.\n\nPara two    with a tab.")
        #expect(effects.count == 1, "one draft save for the whole paste")
    }

    @Test func theExternalEditorReplacesTheText() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"), .tab, .tab)
        _ = type(&state, "Start")
        let effects = Fixture.send(&state, .keyPressed(.control("o")))
        #expect(effects.first == .openExternalEditor("Start"))
        #expect(composing(state)?.body.text == "Start\nWritten in the editor.")
    }

    @Test func rInTheReaderRepliesAndComesBackToTheStory() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter, .character("r"))
        #expect(composing(state)?.draftTarget == .reply(story: 1))
        _ = type(&state, "So glad for you")
        Fixture.keys(&state, .control("s"))
        guard case .reader(let reader) = state.mode else {
            Issue.record("not back in the reader: \(state.mode)")
            return
        }
        #expect(reader.story?.replies.last?.body == "So glad for you")
    }

    @Test func eEncouragesTheStoryAuthorTheRosterMemberOrTheGroup() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter, .character("e"))
        #expect(composing(state)?.draftTarget == .encouragement(group: 1, to: "river"))
        Fixture.keys(&state, .escape, .escape, .character("1"), .tab, .character("j"), .character("e"))
        #expect(composing(state)?.draftTarget == .encouragement(group: 1, to: "harbor"))
        Fixture.keys(&state, .escape, .character("3"), .character("e"))
        #expect(composing(state)?.draftTarget == .encouragement(group: 1, to: nil))
        #expect(composing(state)?.heading == "Encouragement to everyone in the group")
    }

    @Test func reactionsToggleFromTheListAndTheReader() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"))
        let effects = Fixture.send(&state, .keyPressed(.character("s")))
        #expect(effects == [.toggleReaction(1, .support)])
        #expect(state.stories.selected?.reactionCount == 5)
        Fixture.keys(&state, .enter)
        #expect(
            Fixture.send(&state, .keyPressed(.character("b"))).prefix(2) == [
                .toggleReaction(1, .beenThere), .loadStory(1),
            ])
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("p"))) == [.toggleReaction(1, .proud)])
    }

    @Test func onlyOnesOwnStoryCanBeDeletedAndItAsksFirst() {
        var state = Fixture.startedRoom()
        state.myHandle = "river"
        Fixture.keys(&state, .character("2"), .character("j"), .character("d"))
        #expect(state.confirmation == nil)
        #expect(state.notice == "Only the author can delete this.")
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("k"))).isEmpty)
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("d"))) == [.countOthersReplies(1)])
        #expect(state.confirmation == nil, "the question waits for the store's count")
        _ = RoomReducer.reduce(&state, .othersRepliesCounted(1, 2))
        #expect(state.confirmation?.action == .deleteStory(1))
        let effects = Fixture.send(&state, .keyPressed(.character("y")))
        #expect(effects.first == .delete(.deleteStory(1)))
        #expect(!state.stories.items.contains { $0.id == 1 })
        #expect(state.stories.selected?.id == 2)
    }

    @Test func theDeleteQuestionSaysOthersRepliesStay() {
        var state = Fixture.startedRoom()
        state.myHandle = "river"
        Fixture.keys(&state, .character("2"), .character("d"))
        #expect(state.confirmation?.question == "Delete your story “One year today 🎉”? Others' 2 replies stay.")
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("Others' 2 replies stay."))
        Fixture.keys(&state, .character("n"))
        _ = RoomReducer.reduce(&state, .othersRepliesCounted(1, 1))
        #expect(state.confirmation?.question == "Delete your story “One year today 🎉”? Another member's reply stays.")
        Fixture.keys(&state, .character("n"))
        // No one else replied: it goes entirely, and the question says so.
        Fixture.keys(&state, .character("j"), .character("j"), .character("j"), .character("j"), .character("d"))
        #expect(
            state.confirmation?.question
                == "Delete your story “Coffee with Zoe\u{308} at the cafe\u{301}”? It cannot be undone.")
    }

    @Test func aCountForAStoryNoLongerSelectedAsksNothing() {
        var state = Fixture.startedRoom()
        state.myHandle = "river"
        Fixture.keys(&state, .character("2"))
        #expect(RoomReducer.reduce(&state, .keyPressed(.character("d"))) == [.countOthersReplies(1)])
        Fixture.keys(&state, .character("j"))
        _ = RoomReducer.reduce(&state, .othersRepliesCounted(1, 2))
        #expect(state.confirmation == nil)
    }

    @Test func onlyOnesOwnStoryCanBeEditedAndTheEditIsPrefilled() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("2"), .enter, .character("E"))
        #expect(state.notice == "Only the author can edit a story.")
        state.myHandle = "river"
        Fixture.keys(&state, .character("E"))
        #expect(composing(state)?.title.text == "One year today 🎉")
        #expect(composing(state)?.body.text == Fixture.bodies[1])
        #expect(composing(state)?.fields == [.title, .contentWarning, .body])
    }

    @Test func tabInTheReaderPicksARepliesOneByOne() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("2"), .enter, .tab)
        guard case .reader(let first) = state.mode else {
            Issue.record("no reader")
            return
        }
        #expect(first.selectedReply == 0)
        #expect(RoomRenderer.render(state).plainText().contains("▸ harbor · 4 hours ago"))
        Fixture.keys(&state, .tab, .tab)
        if case .reader(let reader) = state.mode { #expect(reader.selectedReply == nil, "past the last: none") }
        Fixture.keys(&state, .backTab)
        if case .reader(let reader) = state.mode { #expect(reader.selectedReply == 1) }
    }

    @Test func onlyOnesOwnReplyCanBeEditedOrDeleted() {
        var state = Fixture.startedRoom()
        state.myHandle = "juniper"
        Fixture.keys(&state, .character("2"), .enter, .tab, .character("E"))
        #expect(state.notice == "Only the author can edit a reply.")
        Fixture.keys(&state, .tab, .character("E"))
        #expect(composing(state)?.heading == "Edit your reply")
        #expect(composing(state)?.body.text == "Tea and an early night sound perfect.")
        Fixture.keys(&state, .character("!"), .control("s"))
        guard case .reader(let reader) = state.mode else {
            Issue.record("not back in the reader")
            return
        }
        #expect(reader.story?.replies.last?.body == "Tea and an early night sound perfect.!")
        #expect(state.notice == "Your reply is updated.")
        Fixture.keys(&state, .character("d"))
        #expect(state.confirmation?.action == .deleteReply(2), "the edited reply is still picked")
        #expect(
            Fixture.send(&state, .keyPressed(.character("y"))).prefix(2) == [.delete(.deleteReply(2)), .loadStory(1)])
    }

    @Test func onlyOnesOwnEncouragementCanBeEdited() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("3"), .character("E"))
        #expect(state.notice == "Only the author can edit encouragement.")
        state.myHandle = "harbor"
        Fixture.keys(&state, .character("E"))
        #expect(composing(state)?.draftTarget == .editEncouragement(1))
        Fixture.keys(&state, .end, .character(" "), .character("x"), .control("s"))
        #expect(state.encouragement.items.first?.body.hasSuffix("before it. x") == true)
    }

    @Test func composeScreens() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("n"), .backTab, .right, .tab)
        _ = type(&state, "A week of mornings ☕")
        Fixture.keys(&state, .tab, .tab)
        _ = type(&state, "Tea at seven. Bus at eight. 一日一歩 — one step a day.\n\nThank you, 👩‍👧 family.")
        let canvas = RoomRenderer.render(state)
        Golden.check(canvas, "compose-80x24")
        let cursor = canvas.cursor
        #expect(cursor == Point(x: 2 + 23, y: 8), "the terminal cursor sits after the last grapheme")
        Fixture.keys(&state, .escape, .character("3"), .character("e"))
        Golden.check(RoomRenderer.render(state), "compose-encouragement-80x24")
    }
}
