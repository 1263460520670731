import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private let soon = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)

extension FixtureRoom {
    /// The circle's stories as one member sees them.
    fileprivate func stories(seenBy handle: String?) async throws -> [String] {
        let viewer = try await viewerID(handle)
        let circle = try await group("circle").id
        return try await readForward(limit: 100) {
            try await acting(viewer).stories(groupID: circle, page: $0, limit: 100)
        }.items.map(\.title)
    }

    fileprivate func messages(seenBy handle: String?) async throws -> [String] {
        let viewer = try await viewerID(handle)
        let circle = try await group("circle").id
        return try await readForward(limit: 100) {
            try await acting(viewer).encouragement(groupID: circle, page: $0, limit: 100)
        }.items.map(\.body)
    }

    fileprivate func viewerID(_ handle: String?) async throws -> MemberID? {
        guard let handle else { return nil }
        return try await member(handle).id
    }

    fileprivate func ninetyDays() async throws -> StorySummary {
        try #require(try await allStories(group("circle").id).first { $0.title == "Ninety days" })
    }
}

@Suite("Moderation: reports")
struct ReportTests {
    @Test(arguments: Backend.all) func aMemberReportsAndTheFacilitatorsSeeTheReasonButNotTheReporter(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        try await room.acting(room.member("dune").id, at: soon).report(.story(story.id), reason: " spam link ")
        try await room.acting(room.member("cobalt").id, at: soon).report(.story(story.id), reason: "unkind")
        let queue = try await room.acting(room.member("mila").id).moderationQueue(
            groupID: room.group("circle").id)
        #expect(queue.count == 1)
        let item = try #require(queue.first)
        #expect(item.target == .story(story.id))
        #expect(item.authorHandle == "Mika")
        #expect(item.openReports.map(\.reason) == ["spam link", "unkind"])
        #expect(!item.isHidden)
    }

    /// The queue names the story each item is or is under, for the reader (none for encouragement).
    @Test(arguments: Backend.all) func queueItemsNameTheStoryTheyAreIn(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let reply = try #require(try await room.store.story(id: story.id).replies.first { $0.body == "First!" })
        let message = try #require(try await room.allEncouragement(room.group("circle").id).first)
        let cobalt = try await room.member("cobalt").id
        for target in [ModerationTarget.story(story.id), .reply(reply.id), .encouragement(message.id)] {
            try? await room.acting(cobalt, at: soon).report(target, reason: "please look")
        }
        let queue = try await room.acting(room.member("mila").id).moderationQueue(groupID: room.group("circle").id)
        #expect(queue.first { $0.target == .story(story.id) }?.storyID == story.id)
        #expect(queue.first { $0.target == .reply(reply.id) }?.storyID == story.id)
        let encouragement = queue.first { $0.target == .encouragement(message.id) }
        #expect(encouragement != nil && encouragement?.storyID == nil)
    }

    @Test(arguments: Backend.all) func reportingTwiceReplacesTheReasonInsteadOfCountingTwice(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let dune = try await room.member("dune").id
        try await room.acting(dune, at: soon).report(.story(story.id), reason: "first thought")
        try await room.acting(dune, at: soon).report(.story(story.id), reason: "second thought")
        let queue = try await room.acting(room.member("Alder").id).moderationQueue(
            groupID: room.group("circle").id)
        #expect(queue.first?.openReports.map(\.reason) == ["second thought"])
    }

    @Test(arguments: Backend.all) func outsidersOwnWordsAndEmptyReasonsAreRefused(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        await #expect(throws: StoreError.notAMember(handle: "fern", group: "circle")) {
            try await room.acting(room.member("fern").id, at: soon).report(.story(story.id), reason: "x")
        }
        await #expect(throws: StoreError.self) {
            try await room.acting(room.member("Mika").id, at: soon).report(.story(story.id), reason: "mine")
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "reason", problem: "is empty"))) {
            try await room.acting(room.member("dune").id, at: soon).report(.story(story.id), reason: "  ")
        }
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.acting(room.member("dune").id, at: soon).report(.story(999_999), reason: "gone")
        }
        let queue = try await room.acting(room.member("mila").id).moderationQueue(
            groupID: room.group("circle").id)
        #expect(queue.isEmpty, "nothing refused was written")
    }

    @Test(arguments: Backend.all) func onlyTheGroupsFacilitatorsSeeItsQueue(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        await #expect(throws: StoreError.notAFacilitator(handle: "MIRA", group: "circle")) {
            _ = try await room.acting(room.member("MIRA").id).moderationQueue(groupID: circle)
        }
        // fern facilitates other groups, not this one.
        await #expect(throws: StoreError.notAFacilitator(handle: "fern", group: "circle")) {
            _ = try await room.acting(room.member("fern").id).moderationQueue(groupID: circle)
        }
    }
}

@Suite("Moderation: hiding and restoring")
struct HidingTests {
    @Test(arguments: Backend.all) func aHiddenStoryLeavesEveryListForOthersButItsAuthorStillSeesIt(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let circle = try await room.group("circle")
        try await room.acting(room.member("dune").id, at: soon).report(.story(story.id), reason: "names someone")
        try await room.acting(room.member("mila").id, at: soon).moderate(
            .story(story.id), hide: true, note: "asked Mika to rephrase")

        for viewer in [nil, "dune", "mila", "Alder"] {
            #expect(try await !room.stories(seenBy: viewer).contains("Ninety days"), "hidden from \(viewer ?? "all")")
        }
        await #expect(throws: StoreError.unknownStory(story.id)) {
            _ = try await room.acting(room.member("dune").id).story(id: story.id)
        }
        #expect(try await room.stories(seenBy: "Mika").contains("Ninety days"), "its author still sees it")
        let own = try await room.acting(room.member("Mika").id).story(id: story.id)
        #expect(own.summary.isHidden)
        #expect(try await room.group("circle").storyCount == circle.storyCount - 1)
        let unread = try await room.acting(room.member("cobalt").id).groups().first { $0.slug == "circle" }
        #expect(unread?.unreadCount == 1, "only the visible story is unread")
        await #expect(throws: StoreError.unknownStory(story.id)) {
            _ = try await room.acting(room.member("dune").id, at: soon).reply(to: story.id, body: "hi")
        }

        let queue = try await room.acting(room.member("Alder").id).moderationQueue(groupID: circle.id)
        #expect(queue.first?.isHidden == true)
        #expect(queue.first?.openReports.isEmpty == true, "hiding closes the reports")
        #expect(queue.first?.lastNote == "asked Mika to rephrase")

        try await room.acting(room.member("Alder").id, at: soon).moderate(
            .story(story.id), hide: false, note: "rephrased")
        #expect(try await room.stories(seenBy: "dune").contains("Ninety days"))
        #expect(
            try await room.acting(room.member("mila").id).moderationQueue(groupID: circle.id).isEmpty)
    }

    @Test(arguments: Backend.all) func hiddenRepliesAndMessagesAreGoneForOthersToo(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let whole = try await room.store.story(id: story.id)
        let first = try #require(whole.replies.first { $0.body == "First!" })
        let message = try #require(try await room.allEncouragement(room.group("circle").id).first)
        let mila = try await room.member("mila").id
        try await room.acting(mila, at: soon).moderate(.reply(first.id), hide: true, note: "off topic")
        try await room.acting(mila, at: soon).moderate(.encouragement(message.id), hide: true, note: "test")

        let seen = try await room.acting(room.member("cobalt").id).story(id: story.id)
        #expect(!seen.replies.contains { $0.id == first.id })
        #expect(seen.summary.replyCount == whole.summary.replyCount - 1)
        let byAuthor = try await room.acting(room.member("dune").id).story(id: story.id)
        #expect(byAuthor.replies.first { $0.id == first.id }?.isHidden == true)
        #expect(try await !room.messages(seenBy: "cobalt").contains(message.body))
        #expect(try await !room.messages(seenBy: nil).contains(message.body))
    }

    @Test(arguments: Backend.all) func onlyAFacilitatorOfTheGroupCanHideOrRestore(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        for handle in ["MIRA", "fern", "Mika"] {
            await #expect(throws: StoreError.notAFacilitator(handle: handle, group: "circle")) {
                try await room.acting(room.member(handle).id, at: soon).moderate(
                    .story(story.id), hide: true, note: "no")
            }
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "note", problem: "is empty"))) {
            try await room.acting(room.member("mila").id, at: soon).moderate(.story(story.id), hide: true, note: "")
        }
        #expect(try await room.stories(seenBy: nil).contains("Ninety days"), "nothing was hidden")
    }
}

@Suite("Moderation: content warnings by facilitators")
struct WarningByFacilitatorStoreTests {
    /// Only a facilitator of the story's group puts a warning on it; it closes the story's
    /// reports, is recorded with its note, and the author alone reads that note.
    @Test(arguments: Backend.all) func onlyAFacilitatorAddsAWarningAndTheAuthorSeesTheNote(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        try await room.acting(room.member("cobalt").id, at: soon).report(.story(story.id), reason: "needs a warning")
        for handle in ["MIRA", "fern", "Mika", "cobalt"] {
            await #expect(throws: StoreError.notAFacilitator(handle: handle, group: "circle"), "\(handle)") {
                try await room.acting(room.member(handle).id, at: soon).addContentWarning(
                    storyID: story.id, warning: "alcohol", note: "no")
            }
        }
        await #expect(throws: StoreError.self, "a guest") {
            try await room.store.addContentWarning(storyID: story.id, warning: "alcohol", note: "no")
        }
        let mila = try await room.member("mila").id
        await #expect(throws: StoreError.invalid(ValidationError(field: "content warning", problem: "is empty"))) {
            try await room.acting(mila, at: soon).addContentWarning(storyID: story.id, warning: "  ", note: "why")
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "note", problem: "is empty"))) {
            try await room.acting(mila, at: soon).addContentWarning(storyID: story.id, warning: "alcohol", note: "")
        }
        #expect(try await room.store.story(id: story.id).summary.contentWarning == nil, "nothing changed yet")

        try await room.acting(mila, at: soon).addContentWarning(
            storyID: story.id, warning: " alcohol, relapse ", note: "Describes drinking in detail")
        let seen = try await room.acting(room.member("cobalt").id).story(id: story.id)
        #expect(seen.summary.contentWarning == "alcohol, relapse")
        #expect(seen.warningNote == nil, "the note is for its author")
        #expect(try await room.store.story(id: story.id).warningNote == nil, "not for a guest either")
        let byAuthor = try await room.acting(room.member("Mika").id).story(id: story.id)
        #expect(byAuthor.summary.contentWarning == "alcohol, relapse")
        #expect(byAuthor.warningNote == "Describes drinking in detail")
        let queue = try await room.acting(mila).moderationQueue(groupID: room.group("circle").id)
        #expect(!queue.contains { $0.target == .story(story.id) }, "its report is closed")
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.acting(mila, at: soon).addContentWarning(storyID: 999_999, warning: "x", note: "y")
        }
    }
}

@Suite("Moderation: muting")
struct MuteTests {
    @Test(arguments: Backend.all) func aMutedMembersWordsAreHiddenFromTheOneWhoMutedThemOnly(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let cobalt = try await room.member("cobalt").id
        let alder = try await room.member("Alder")
        try await room.acting(cobalt, at: soon).setMuted(alder.id, muted: true)
        #expect(try await room.messages(seenBy: "cobalt") == ["Glad you are all here."])
        #expect(try await room.messages(seenBy: "dune").count == 2, "others still see Alder")
        let story = try await room.ninetyDays()
        let seen = try await room.acting(cobalt).story(id: story.id)
        #expect(!seen.replies.contains { $0.authorHandle == "Alder" })
        let roster = try await readForward(limit: 100) {
            try await room.acting(cobalt).roster(groupID: room.group("circle").id, page: $0, limit: 100)
        }.items
        #expect(roster.filter(\.isMuted).map(\.handle) == ["Alder"])
        #expect(try await room.acting(cobalt).mutedMembers().map(\.handle) == ["Alder"])

        try await room.acting(cobalt, at: soon).setMuted(alder.id, muted: false)
        #expect(try await room.messages(seenBy: "cobalt").count == 2)
        await #expect(throws: StoreError.self) {
            try await room.acting(cobalt, at: soon).setMuted(cobalt, muted: true)
        }
    }
}

@Suite("Identity: who a login may act as")
struct ActingTests {
    /// SQLite's `--as`: logins are Unix logins, and a login may act as the demo members it seeded.
    @Test func sqliteALoginActsAsItsOwnMembersAndTheDemoMembersItSeededOnly() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seed = try folder.writeSeed(members: fixtureMembers, groups: ["circle.json": fixtureCircle])
        let opened = try await Backend.sqlite.open(TestClock())
        defer { opened.remove() }
        let store = try #require(opened.sqlite).store
        _ = try await store.load(try SeedLoader.load(directory: seed), now: seedNow, seededBy: "ana")
        let own = try await store.createMember(handle: "ana-here", login: "ana", recoveryStart: nil)
        _ = try await store.createMember(handle: "ben-here", login: "ben", recoveryStart: nil)

        #expect(try await store.member(handle: "mila", actingFor: "ana").handle == "mila", "seeded by ana")
        #expect(try await store.member(handle: "ANA-HERE", actingFor: "ana").id == own.id)
        await #expect(throws: StoreError.notYourMember(handle: "mila", login: "ben")) {
            _ = try await store.member(handle: "mila", actingFor: "ben")
        }
        await #expect(throws: StoreError.notYourMember(handle: "ben-here", login: "ana")) {
            _ = try await store.member(handle: "ben-here", actingFor: "ana")
        }
        #expect(try await store.members(login: "ana").map(\.handle) == ["ana-here"], "seeded members are not bound")
        #expect(try await store.session(login: "ana", actingAs: "mila").me?.handle == "mila", "the session acts as it")
        #expect(try await store.session(login: "ana").me?.id == own.id, "without --as: the login's own member")
    }
}

@Suite("Privacy: the recovery start date")
struct RecoveryStartTests {
    @Test(arguments: Backend.all) func theDateShowsOnlyInTheRostersOfGroupsItIsSharedWith(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let dune = try await room.member("dune").id
        let day = try #require(CalendarDay(iso: "2025-02-01"))
        try await room.acting(dune).setRecoveryStart(day)
        func shown(in slug: String) async throws -> CalendarDay? {
            try await room.roster(room.group(slug).id).first { $0.handle == "dune" }?.recoveryStart
        }
        #expect(try await shown(in: "circle") == nil, "private until shared")
        try await room.acting(dune).shareRecoveryStart(groupID: room.group("circle").id, shared: true)
        #expect(try await shown(in: "circle") == day)
        #expect(try await shown(in: "third") == nil, "shared with one group, not every group")
        await #expect(throws: StoreError.notAMember(handle: "dune", group: "quiet-room")) {
            try await room.acting(dune).shareRecoveryStart(groupID: room.group("quiet-room").id, shared: true)
        }
        try await room.acting(dune).shareRecoveryStart(groupID: room.group("circle").id, shared: false)
        #expect(try await shown(in: "circle") == nil)
    }
}
