import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// A moment after everything seeded, `minutes` later.
func later(_ minutes: Int64) -> Date {
    Date(millisecondsSince1970: seedNow.millisecondsSince1970 + minutes * 60_000)
}

extension FixtureRoom {
    /// A seeded story of the circle, by title.
    func story(titled title: String) async throws -> StorySummary {
        try #require(try await allStories(group("circle").id).first { $0.title == title })
    }

    /// A seeded message of encouragement in the circle, by its text.
    func message(_ body: String) async throws -> Encouragement {
        try #require(try await allEncouragement(group("circle").id).first { $0.body == body })
    }
}

@Suite("Replies")
struct ReplyTests {
    @Test(arguments: Backend.all) func aReplyTakesItsPlaceAmongTheRepliesOldestFirst(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let echo = try await room.member("Echo")
        let cobalt = try await room.member("cobalt")

        let newest = try await room.acting(echo.id, at: later(1)).reply(to: ninety.id, body: "  Well done!\n")
        #expect(newest.authorHandle == "Echo")
        #expect(newest.body == "Well done!", "trimmed like every text")
        #expect(newest.storyID == ninety.id)
        // Written now, but dated between Alder's (10 hours ago) and mila's (2 hours ago).
        _ = try await room.acting(cobalt.id, at: hoursBefore(seedNow, 5)).reply(
            to: ninety.id, body: "Five hours late, still cheering.")

        let story = try await room.store.story(id: ninety.id)
        #expect(story.replies.map(\.authorHandle) == ["dune", "Alder", "cobalt", "mila", "Echo"])
        #expect(story.replies.last == newest)
        #expect(story.summary.replyCount == 5)
        #expect(try await room.story(titled: "Ninety days").replyCount == 5, "the feed counts it too")
    }

    @Test(arguments: Backend.all) func someoneOutsideTheGroupCannotReply(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let before = try await room.store.story(id: ninety.id)
        for handle in ["ghost", "fern"] {
            let outsider = try await room.member(handle)
            await #expect(throws: StoreError.notAMember(handle: handle, group: "circle")) {
                try await room.acting(outsider.id, at: later(1)).reply(to: ninety.id, body: "Hello")
            }
        }
        #expect(try await room.store.story(id: ninety.id) == before)
    }

    @Test(arguments: Backend.all) func aReplyToAStoryThatDoesNotExistIsReported(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mila = try await room.member("mila")
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.acting(mila.id, at: later(1)).reply(to: 999_999, body: "Hello")
        }
    }
}

@Suite("Reactions")
struct ReactionTests {
    @Test(arguments: Backend.all) func reactingAgainTakesTheReactionBack(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let echo = try await room.member("Echo")
        #expect(rough.reactionCount == 0)

        #expect(try await room.acting(echo.id, at: later(1)).toggleReaction(storyID: rough.id, kind: .support))
        #expect(try await room.story(titled: "Rough night").reactionCount == 1)
        #expect(try await room.store.story(id: rough.id).reactions == [Reaction(kind: .support, memberHandle: "Echo")])

        let given = try await room.acting(echo.id, at: later(2)).toggleReaction(
            storyID: rough.id, kind: .support)
        #expect(!given, "the second press takes it back")
        #expect(try await room.story(titled: "Rough night").reactionCount == 0)
        #expect(try await room.store.story(id: rough.id).reactions.isEmpty)
    }

    @Test(arguments: Backend.all) func theReactionsNameWhoReactedAndTheCountsMatch(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let given: [(String, ReactionKind)] = [("mila", .support), ("Alder", .beenThere), ("mila", .proud)]
        for (minute, (handle, kind)) in given.enumerated() {
            let member = try await room.member(handle)
            try await room.acting(member.id, at: later(Int64(minute))).toggleReaction(
                storyID: rough.id, kind: kind)
        }
        let story = try await room.store.story(id: rough.id)
        #expect(
            story.reactions == [
                Reaction(kind: .support, memberHandle: "mila"), Reaction(kind: .beenThere, memberHandle: "Alder"),
                Reaction(kind: .proud, memberHandle: "mila"),
            ], "in the order given")
        #expect(story.summary.reactionCount == 3)
        #expect(try await room.story(titled: "Rough night").reactionCount == 3)
        // The seeded story's reactions are named too.
        let ninety = try await room.store.story(id: room.story(titled: "Ninety days").id)
        #expect(Set(ninety.reactions.map(\.memberHandle)) == ["mila", "dune"])
    }

    @Test(arguments: Backend.all) func someoneOutsideTheGroupCannotReact(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let ghost = try await room.member("ghost")
        await #expect(throws: StoreError.notAMember(handle: "ghost", group: "circle")) {
            try await room.acting(ghost.id, at: later(1)).toggleReaction(storyID: rough.id, kind: .support)
        }
        #expect(try await room.store.story(id: rough.id).reactions.isEmpty)
        let mila = try await room.member("mila")
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.acting(mila.id, at: later(1)).toggleReaction(storyID: 999_999, kind: .proud)
        }
    }
}

@Suite("Editing what one wrote")
struct EditingTests {
    @Test(arguments: Backend.all) func theAuthorChangesTheirStoryAndWhatIsLeftOutStays(_ backend: Backend) async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let mika = try await room.member("Mika")

        let titled = try await room.acting(mika.id, at: later(1)).editStory(
            id: ninety.id, title: " Ninety days! ", contentWarning: nil, body: nil)
        #expect(titled.summary.title == "Ninety days!")
        #expect(titled.body == "Ninety days today.\n\nThank you all.", "no body given: unchanged")

        let rewritten = try await room.acting(mika.id, at: later(2)).editStory(
            id: ninety.id, title: nil, contentWarning: "milestones", body: "Ninety days.\nStill here.\n")
        #expect(rewritten.summary.title == "Ninety days!")
        #expect(rewritten.summary.contentWarning == "milestones")
        #expect(rewritten.body == "Ninety days.\nStill here.")
        #expect(rewritten.summary.createdAt == ninety.createdAt, "an edit does not move the story up the feed")
        #expect(rewritten.replies.count == 3, "replies stay")

        let unwarned = try await room.acting(mika.id, at: later(3)).editStory(
            id: ninety.id, title: nil, contentWarning: "", body: nil)
        #expect(unwarned.summary.contentWarning == nil, "an empty warning removes it")
        #expect(try await room.store.story(id: ninety.id) == unwarned)
    }

    @Test(arguments: Backend.all) func someoneElseCannotEditAStory(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let before = try await room.store.story(id: ninety.id)
        // mila facilitates the circle; dune replied to it; neither wrote it.
        for handle in ["mila", "dune"] {
            let other = try await room.member(handle)
            await #expect(throws: StoreError.notYours(what: "story", id: ninety.id)) {
                try await room.acting(other.id, at: later(1)).editStory(
                    id: ninety.id, title: "Mine now", contentWarning: "", body: "Replaced.")
            }
        }
        #expect(try await room.store.story(id: ninety.id) == before)
        #expect("\(StoreError.notYours(what: "story", id: ninety.id))".contains("story \(ninety.id)"))
    }

    @Test(arguments: Backend.all) func anInvalidEditIsRefusedAndTheStoryIsUnchanged(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let dune = try await room.member("dune")
        let before = try await room.store.story(id: rough.id)

        let attempts: [(title: String?, warning: String?, body: String?, field: String)] = [
            ("   ", nil, "A fine body.", "title"),
            (String(repeating: "t", count: Limits.titleMaxCharacters + 1), nil, nil, "title"),
            (nil, nil, " \n ", "body"),
            ("Fine title", nil, String(repeating: "b", count: Limits.bodyMaxCharacters + 1), "body"),
            ("Fine title", "two\nlines", nil, "content warning"),
        ]
        for attempt in attempts {
            let error = await #expect(throws: StoreError.self) {
                try await room.acting(dune.id, at: later(1)).editStory(
                    id: rough.id, title: attempt.title, contentWarning: attempt.warning,
                    body: attempt.body)
            }
            guard case .invalid(let problem) = error else {
                Issue.record("expected .invalid, got \(String(describing: error))")
                continue
            }
            #expect(problem.field == attempt.field)
        }
        #expect(try await room.store.story(id: rough.id) == before, "no part of a refused edit is kept")
    }

    @Test(arguments: Backend.all) func onlyTheAuthorEditsAReply(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let first = try #require(try await room.store.story(id: ninety.id).replies.first)
        #expect(first.authorHandle == "dune")
        let dune = try await room.member("dune")
        let mika = try await room.member("Mika")

        // Not even the story's author may change someone's reply.
        await #expect(throws: StoreError.notYours(what: "reply", id: first.id)) {
            try await room.acting(mika.id, at: later(1)).editReply(id: first.id, body: "Changed.")
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "reply", problem: "is empty"))) {
            try await room.acting(dune.id, at: later(1)).editReply(id: first.id, body: "  ")
        }
        #expect(try await room.store.story(id: ninety.id).replies.first?.body == "First!")

        let edited = try await room.acting(dune.id, at: later(2)).editReply(
            id: first.id, body: " Congratulations! ")
        #expect(edited.body == "Congratulations!")
        #expect(edited.createdAt == first.createdAt)
        #expect(try await room.store.story(id: ninety.id).replies.first == edited)

        await #expect(throws: StoreError.unknownReply(999_999)) {
            try await room.acting(dune.id, at: later(3)).editReply(id: 999_999, body: "Hi")
        }
    }

    @Test(arguments: Backend.all) func onlyTheAuthorEditsEncouragement(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let message = try await room.message("Glad you are all here.")
        let mila = try await room.member("mila")
        let alder = try await room.member("Alder")

        await #expect(throws: StoreError.notYours(what: "encouragement", id: message.id)) {
            try await room.acting(alder.id, at: later(1)).editEncouragement(id: message.id, body: "Changed.")
        }
        let tooLong = String(repeating: "m", count: Limits.encouragementMaxCharacters + 1)
        await #expect(throws: StoreError.self) {
            try await room.acting(mila.id, at: later(1)).editEncouragement(id: message.id, body: tooLong)
        }
        #expect(try await room.allEncouragement(room.group("circle").id).contains(message), "unchanged")

        let edited = try await room.acting(mila.id, at: later(2)).editEncouragement(
            id: message.id, body: "So glad you are all here.")
        #expect(edited.body == "So glad you are all here.")
        #expect(edited.authorHandle == "mila")
        #expect(edited.recipientHandle == nil)
        let messages = try await room.allEncouragement(room.group("circle").id)
        #expect(messages.map(\.body) == ["You made it through the night.", "So glad you are all here."])

        await #expect(throws: StoreError.unknownEncouragement(999_999)) {
            try await room.acting(mila.id, at: later(3)).editEncouragement(id: 999_999, body: "Hi")
        }
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.acting(mila.id, at: later(3)).editStory(
                id: 999_999, title: "Hi", contentWarning: nil, body: nil)
        }
    }
}

@Suite("Deleting what one wrote")
struct DeletingTests {
    @Test(arguments: Backend.all) func deletingOnesStoryKeepsOthersRepliesUnderARemovedShell(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let ninety = try await room.story(titled: "Ninety days")
        let mika = try await room.member("Mika")
        let own = try await room.acting(mika.id, at: later(1)).reply(to: ninety.id, body: "Thank you!")
        try await room.acting(mika.id, at: later(1)).toggleReaction(storyID: ninety.id, kind: .proud)
        let before = try await room.store.story(id: ninety.id)
        #expect(try await room.acting(mika.id).othersReplyCount(storyID: ninety.id) == 3)

        #expect(try await room.acting(mika.id).deleteStory(id: ninety.id) == 3)

        let shell = try await room.store.story(id: ninety.id)
        #expect(shell.summary.title == "[removed]" && shell.summary.authorHandle == "[removed]")
        #expect(shell.body == "Removed by its author. The replies below are others' words and stay.")
        #expect(shell.summary.contentWarning == nil)
        #expect(shell.replies == before.replies.filter { $0.id != own.id }, "every word of the others stays")
        #expect(shell.reactions.map(\.memberHandle).sorted() == ["dune", "mila"], "Mika's own reaction went")
        #expect(try await room.allStories(circle.id).map(\.title) == ["Rough night", "[removed]"])
        let export = try await room.acting(mika.id).export()
        #expect(export.stories.isEmpty && export.replies.isEmpty && export.reactions.isEmpty)
        #expect(!"\(export)".contains("Ninety days"))
        await #expect(throws: StoreError.notYours(what: "story", id: ninety.id), "the shell is no one's to change") {
            try await room.acting(mika.id).deleteStory(id: ninety.id)
        }
        // Those who replied still own their words.
        let mila = try await room.member("mila")
        let milas = try #require(shell.replies.first { $0.authorHandle == "mila" })
        _ = try await room.acting(mila.id, at: later(2)).editReply(id: milas.id, body: "Still proud.")
        try await room.acting(mila.id).deleteReply(id: milas.id)
        #expect(try await room.store.story(id: ninety.id).replies.count == 2)
    }

    @Test(arguments: Backend.all) func aNewStoryNeverInheritsADeletedOnesRepliesOrReactions(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let echo = try await room.member("Echo")
        let mila = try await room.member("mila")
        let first = try await room.acting(echo.id, at: later(1)).post(
            NewStory(groupID: circle.id, kind: .setback, title: "Hard week", body: "It was."))
        _ = try await room.acting(echo.id, at: later(2)).reply(to: first.id, body: "Better now.")
        try await room.acting(mila.id, at: later(2)).toggleReaction(storyID: first.id, kind: .support)
        try await room.acting(echo.id).deleteStory(id: first.id)

        // SQLite may hand the same id out again; the new story must start with nothing.
        let second = try await room.acting(echo.id, at: later(3)).post(
            NewStory(groupID: circle.id, kind: .triumph, title: "Better week", body: "It was."))
        let story = try await room.store.story(id: second.id)
        #expect(story.replies.isEmpty)
        #expect(story.reactions.isEmpty)
        #expect(story.summary.replyCount == 0 && story.summary.reactionCount == 0)
    }

    @Test(arguments: Backend.all) func someoneElseCannotDeleteAStory(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let ninety = try await room.story(titled: "Ninety days")
        let before = try await room.store.story(id: ninety.id)
        let mila = try await room.member("mila")
        await #expect(throws: StoreError.notYours(what: "story", id: ninety.id)) {
            try await room.acting(mila.id).deleteStory(id: ninety.id)
        }
        #expect(try await room.store.story(id: ninety.id) == before)
        #expect(try await room.allStories(circle.id).count == 2)
    }

    @Test(arguments: Backend.all) func onlyTheAuthorDeletesAReply(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        let replies = try await room.store.story(id: ninety.id).replies
        let alders = try #require(replies.first { $0.authorHandle == "Alder" })
        let mika = try await room.member("Mika")
        let alder = try await room.member("Alder")

        await #expect(throws: StoreError.notYours(what: "reply", id: alders.id)) {
            try await room.acting(mika.id).deleteReply(id: alders.id)
        }
        #expect(try await room.store.story(id: ninety.id).replies == replies)

        try await room.acting(alder.id).deleteReply(id: alders.id)
        let after = try await room.store.story(id: ninety.id)
        #expect(after.replies.map(\.authorHandle) == ["dune", "mila"])
        #expect(after.summary.replyCount == 2)
        #expect(try await room.story(titled: "Ninety days").replyCount == 2)
        await #expect(throws: StoreError.unknownReply(alders.id)) {
            try await room.acting(alder.id).deleteReply(id: alders.id)
        }
    }

    @Test(arguments: Backend.all) func onlyTheAuthorDeletesEncouragement(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let message = try await room.message("You made it through the night.")
        let alder = try await room.member("Alder")
        // dune received it, and still cannot delete it.
        let dune = try await room.member("dune")
        await #expect(throws: StoreError.notYours(what: "encouragement", id: message.id)) {
            try await room.acting(dune.id).deleteEncouragement(id: message.id)
        }
        #expect(try await room.allEncouragement(circle.id).count == 2)

        try await room.acting(alder.id).deleteEncouragement(id: message.id)
        #expect(try await room.allEncouragement(circle.id).map(\.body) == ["Glad you are all here."])
        await #expect(throws: StoreError.unknownEncouragement(message.id)) {
            try await room.acting(alder.id).deleteEncouragement(id: message.id)
        }
    }
}

@Suite("Drafts")
struct DraftTests {
    /// One draft per kind of target, each with something in it.
    private func everyKindOfDraft(_ room: FixtureRoom) async throws -> [Draft] {
        let circle = try await room.group("circle")
        let ninety = try await room.story(titled: "Ninety days")
        return [
            Draft(
                target: .story(group: circle.id), kind: .milestone, title: "A year", contentWarning: "drinking",
                body: "One year today.\n\nMore soon.", updatedAt: later(1)),
            Draft(target: .reply(story: ninety.id), body: "So happy for ", updatedAt: later(2)),
            Draft(target: .encouragement(group: circle.id, to: nil), body: "Hello all", updatedAt: later(3)),
            Draft(target: .encouragement(group: circle.id, to: "dune"), body: "Hi dune", updatedAt: later(4)),
            Draft(target: .editStory(ninety.id), title: "Ninety days!", body: "Edited.", updatedAt: later(5)),
        ]
    }

    @Test(arguments: Backend.all) func everyKindOfDraftComesBackAsSaved(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let drafts = try await everyKindOfDraft(room)
        for draft in drafts { try await room.saveDraft(as: mika.id, draft) }
        for draft in drafts {
            #expect(try await room.acting(mika.id).draft(for: draft.target) == draft, "\(draft.target)")
        }
        #expect(try await room.acting(mika.id).drafts() == drafts.reversed(), "newest first")
    }

    @Test(arguments: Backend.all) func savingAgainReplacesTheDraftForThatTarget(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let target = DraftTarget.reply(story: try await room.story(titled: "Rough night").id)
        try await room.saveDraft(as: mika.id, Draft(target: target, body: "Hang in", updatedAt: later(1)))
        let longer = Draft(target: target, body: "Hang in there, dune.", updatedAt: later(2))
        try await room.saveDraft(as: mika.id, longer)
        #expect(try await room.acting(mika.id).draft(for: target) == longer)
        #expect(try await room.acting(mika.id).drafts() == [longer], "one draft per target")
    }

    @Test(arguments: Backend.all) func anEmptyDraftIsDiscarded(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let circle = try await room.group("circle")
        let target = DraftTarget.story(group: circle.id)
        try await room.saveDraft(
            as: mika.id,
            Draft(target: target, kind: .triumph, title: "Day 1", updatedAt: later(1)))
        #expect(try await room.acting(mika.id).draft(for: target) != nil)

        // Everything erased (a kind alone is not worth keeping).
        try await room.saveDraft(
            as: mika.id,
            Draft(target: target, kind: .triumph, title: "  ", contentWarning: " ", body: "\n", updatedAt: later(2)))
        #expect(try await room.acting(mika.id).draft(for: target) == nil)
        #expect(try await room.acting(mika.id).drafts().isEmpty)
    }

    @Test(arguments: Backend.all) func draftsAreListedNewestFirstAndDiscardRemovesOne(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let drafts = try await everyKindOfDraft(room)
        // Saved out of order: the list follows updatedAt, not the order of saving.
        for index in [2, 0, 4, 1, 3] { try await room.saveDraft(as: mika.id, drafts[index]) }
        #expect(try await room.acting(mika.id).drafts().map(\.updatedAt) == drafts.map(\.updatedAt).reversed())

        try await room.acting(mika.id).discardDraft(for: drafts[2].target)
        #expect(try await room.acting(mika.id).draft(for: drafts[2].target) == nil)
        #expect(try await room.acting(mika.id).drafts().map(\.target) == [4, 3, 1, 0].map { drafts[$0].target })
        // Discarding what is not there is fine.
        try await room.acting(mika.id).discardDraft(for: drafts[2].target)
    }

    @Test(arguments: Backend.all) func aDraftOutlivesTheProcessThatSavedIt(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let draft = try await everyKindOfDraft(room)[0]
        try await room.saveDraft(as: mika.id, draft)

        let reopened = try await room.opened.reopen("Mika")
        #expect(try await reopened.draft(for: draft.target) == draft)
        #expect(try await reopened.drafts() == [draft])
    }

    @Test(arguments: Backend.all) func nobodyElseSeesMyDrafts(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mika = try await room.member("Mika")
        let mila = try await room.member("mila")
        let drafts = try await everyKindOfDraft(room)
        for draft in drafts { try await room.saveDraft(as: mika.id, draft) }

        #expect(try await room.acting(mila.id).drafts().isEmpty)
        for draft in drafts {
            #expect(try await room.acting(mila.id).draft(for: draft.target) == nil)
        }
        // mila's own draft for the same target is hers alone, and leaves mine as it was.
        let hers = Draft(target: drafts[1].target, body: "Mine", updatedAt: later(9))
        try await room.saveDraft(as: mila.id, hers)
        #expect(try await room.acting(mila.id).draft(for: drafts[1].target) == hers)
        #expect(try await room.acting(mika.id).draft(for: drafts[1].target) == drafts[1])
        try await room.acting(mila.id).discardDraft(for: drafts[1].target)
        #expect(try await room.acting(mika.id).draft(for: drafts[1].target) == drafts[1])
    }
}

@Suite("Sharing: what is written shows, what is refused or deleted does not")
struct SharingContractTests {
    @Test(arguments: Backend.all) func anEmptyOrOverLongReplyIsRefusedAndNoReplyShows(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let rough = try await room.story(titled: "Rough night")
        let mila = try await room.member("mila")

        await #expect(throws: StoreError.invalid(ValidationError(field: "reply", problem: "is empty"))) {
            try await room.acting(mila.id, at: later(1)).reply(to: rough.id, body: " \n\t ")
        }
        let tooLong = String(repeating: "r", count: Limits.replyMaxCharacters + 1)
        let error = await #expect(throws: StoreError.self) {
            try await room.acting(mila.id, at: later(1)).reply(to: rough.id, body: tooLong)
        }
        guard case .invalid(let problem) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(problem.field == "reply")
        #expect(problem.problem.contains("\(Limits.replyMaxCharacters)"))
        #expect(try await room.store.story(id: rough.id).replies.isEmpty)

        // The limit itself is fine.
        let exact = String(repeating: "r", count: Limits.replyMaxCharacters)
        _ = try await room.acting(mila.id, at: later(1)).reply(to: rough.id, body: exact)
        #expect(try await room.store.story(id: rough.id).replies.map(\.body) == [exact])
    }

    @Test(arguments: Backend.all) func eachMemberGivesEachKindOncePerStoryEvenAtOnce(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let ninety = try await room.story(titled: "Ninety days")
        #expect(ninety.reactionCount == 2)
        let echo = try await room.member("Echo")

        // Every kind once: three reactions from one member.
        for (minute, kind) in ReactionKind.allCases.enumerated() {
            #expect(
                try await room.acting(echo.id, at: later(Int64(minute))).toggleReaction(
                    storyID: ninety.id, kind: kind))
        }
        #expect(try await room.story(titled: "Ninety days").reactionCount == 5)

        // mila was already proud (seeded): pressing proud again takes it back, not a second one.
        let mila = try await room.member("mila")
        #expect(
            try await !room.acting(mila.id, at: later(5)).toggleReaction(storyID: ninety.id, kind: .proud))

        // Many presses at once (a double click, two windows) still leave at most one.
        let store = try await room.as("Echo")
        let storyID = ninety.id
        room.clock.set(later(10))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<7 {
                group.addTask { try await store.toggleReaction(storyID: storyID, kind: .support) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 3, "given and taken back in turn: 3 gives, 4 take-backs")
        #expect(results.filter { !$0 }.count == 4)

        let reactions = try await room.store.story(id: ninety.id).reactions
        #expect(reactions.filter { $0.memberHandle == "Echo" && $0.kind == .support }.isEmpty)
        #expect(Set(reactions.map { "\($0.memberHandle) \($0.kind.rawValue)" }).count == reactions.count)
        #expect(try await room.story(titled: "Ninety days").reactionCount == reactions.count)
    }

    @Test(arguments: Backend.all) func aStoryNoOneElseRepliedToGoesFromEveryList(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let rough = try await room.story(titled: "Rough night")
        let dune = try await room.member("dune")
        _ = try await room.acting(dune.id, at: later(1)).reply(to: rough.id, body: "Update: slept.")
        try await room.acting(room.member("mila").id, at: later(1)).toggleReaction(
            storyID: rough.id, kind: .support)
        #expect(try await room.acting(dune.id).othersReplyCount(storyID: rough.id) == 0)

        #expect(try await room.acting(dune.id).deleteStory(id: rough.id) == 0)

        #expect(try await room.allStories(circle.id).map(\.title) == ["Ninety days"])
        #expect(try await room.group("circle").storyCount == 1)
        await #expect(throws: StoreError.unknownStory(rough.id)) { try await room.store.story(id: rough.id) }
    }
}
