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
            try await store.stories(groupID: circle, page: $0, limit: 100, viewer: viewer)
        }.items.map(\.title)
    }

    fileprivate func messages(seenBy handle: String?) async throws -> [String] {
        let viewer = try await viewerID(handle)
        let circle = try await group("circle").id
        return try await readForward(limit: 100) {
            try await store.encouragement(groupID: circle, page: $0, limit: 100, viewer: viewer)
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
        try await room.store.report(.story(story.id), by: room.member("dune").id, reason: " spam link ", at: soon)
        try await room.store.report(.story(story.id), by: room.member("cobalt").id, reason: "unkind", at: soon)
        let queue = try await room.store.moderationQueue(
            groupID: room.group("circle").id, facilitatorID: room.member("mila").id)
        #expect(queue.count == 1)
        let item = try #require(queue.first)
        #expect(item.target == .story(story.id))
        #expect(item.authorHandle == "Mika")
        #expect(item.openReports.map(\.reason) == ["spam link", "unkind"])
        #expect(!item.isHidden)
    }

    @Test(arguments: Backend.all) func reportingTwiceReplacesTheReasonInsteadOfCountingTwice(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let dune = try await room.member("dune").id
        try await room.store.report(.story(story.id), by: dune, reason: "first thought", at: soon)
        try await room.store.report(.story(story.id), by: dune, reason: "second thought", at: soon)
        let queue = try await room.store.moderationQueue(
            groupID: room.group("circle").id, facilitatorID: room.member("Alder").id)
        #expect(queue.first?.openReports.map(\.reason) == ["second thought"])
    }

    @Test(arguments: Backend.all) func outsidersOwnWordsAndEmptyReasonsAreRefused(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        await #expect(throws: StoreError.notAMember(handle: "fern", group: "circle")) {
            try await room.store.report(.story(story.id), by: room.member("fern").id, reason: "x", at: soon)
        }
        await #expect(throws: StoreError.self) {
            try await room.store.report(.story(story.id), by: room.member("Mika").id, reason: "mine", at: soon)
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "reason", problem: "is empty"))) {
            try await room.store.report(.story(story.id), by: room.member("dune").id, reason: "  ", at: soon)
        }
        await #expect(throws: StoreError.unknownStory(999_999)) {
            try await room.store.report(.story(999_999), by: room.member("dune").id, reason: "gone", at: soon)
        }
        let queue = try await room.store.moderationQueue(
            groupID: room.group("circle").id, facilitatorID: room.member("mila").id)
        #expect(queue.isEmpty, "nothing refused was written")
    }

    @Test(arguments: Backend.all) func onlyTheGroupsFacilitatorsSeeItsQueue(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        await #expect(throws: StoreError.notAFacilitator(handle: "MIRA", group: "circle")) {
            _ = try await room.store.moderationQueue(groupID: circle, facilitatorID: room.member("MIRA").id)
        }
        // fern facilitates other groups, not this one.
        await #expect(throws: StoreError.notAFacilitator(handle: "fern", group: "circle")) {
            _ = try await room.store.moderationQueue(groupID: circle, facilitatorID: room.member("fern").id)
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
        try await room.store.report(.story(story.id), by: room.member("dune").id, reason: "names someone", at: soon)
        try await room.store.moderate(
            .story(story.id), hide: true, by: room.member("mila").id, note: "asked Mika to rephrase", at: soon)

        for viewer in [nil, "dune", "mila", "Alder"] {
            #expect(try await !room.stories(seenBy: viewer).contains("Ninety days"), "hidden from \(viewer ?? "all")")
        }
        await #expect(throws: StoreError.unknownStory(story.id)) {
            _ = try await room.store.story(id: story.id, viewer: room.member("dune").id)
        }
        #expect(try await room.stories(seenBy: "Mika").contains("Ninety days"), "its author still sees it")
        let own = try await room.store.story(id: story.id, viewer: room.member("Mika").id)
        #expect(own.summary.isHidden)
        #expect(try await room.group("circle").storyCount == circle.storyCount - 1)
        let unread = try await room.store.groups(memberID: room.member("cobalt").id).first { $0.slug == "circle" }
        #expect(unread?.unreadCount == 1, "only the visible story is unread")
        await #expect(throws: StoreError.unknownStory(story.id)) {
            _ = try await room.store.reply(to: story.id, authorID: room.member("dune").id, body: "hi", at: soon)
        }

        let queue = try await room.store.moderationQueue(groupID: circle.id, facilitatorID: room.member("Alder").id)
        #expect(queue.first?.isHidden == true)
        #expect(queue.first?.openReports.isEmpty == true, "hiding closes the reports")
        #expect(queue.first?.lastNote == "asked Mika to rephrase")

        try await room.store.moderate(
            .story(story.id), hide: false, by: room.member("Alder").id, note: "rephrased", at: soon)
        #expect(try await room.stories(seenBy: "dune").contains("Ninety days"))
        #expect(
            try await room.store.moderationQueue(groupID: circle.id, facilitatorID: room.member("mila").id).isEmpty)
    }

    @Test(arguments: Backend.all) func hiddenRepliesAndMessagesAreGoneForOthersToo(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let story = try await room.ninetyDays()
        let whole = try await room.store.story(id: story.id)
        let first = try #require(whole.replies.first { $0.body == "First!" })
        let message = try #require(try await room.allEncouragement(room.group("circle").id).first)
        let mila = try await room.member("mila").id
        try await room.store.moderate(.reply(first.id), hide: true, by: mila, note: "off topic", at: soon)
        try await room.store.moderate(.encouragement(message.id), hide: true, by: mila, note: "test", at: soon)

        let seen = try await room.store.story(id: story.id, viewer: room.member("cobalt").id)
        #expect(!seen.replies.contains { $0.id == first.id })
        #expect(seen.summary.replyCount == whole.summary.replyCount - 1)
        let byAuthor = try await room.store.story(id: story.id, viewer: room.member("dune").id)
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
                try await room.store.moderate(
                    .story(story.id), hide: true, by: room.member(handle).id, note: "no", at: soon)
            }
        }
        await #expect(throws: StoreError.invalid(ValidationError(field: "note", problem: "is empty"))) {
            try await room.store.moderate(.story(story.id), hide: true, by: room.member("mila").id, note: "", at: soon)
        }
        #expect(try await room.stories(seenBy: nil).contains("Ninety days"), "nothing was hidden")
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
        try await room.store.setMuted(alder.id, by: cobalt, muted: true, at: soon)
        #expect(try await room.messages(seenBy: "cobalt") == ["Glad you are all here."])
        #expect(try await room.messages(seenBy: "dune").count == 2, "others still see Alder")
        let story = try await room.ninetyDays()
        let seen = try await room.store.story(id: story.id, viewer: cobalt)
        #expect(!seen.replies.contains { $0.authorHandle == "Alder" })
        let roster = try await readForward(limit: 100) {
            try await room.store.roster(groupID: room.group("circle").id, page: $0, limit: 100, viewer: cobalt)
        }.items
        #expect(roster.filter(\.isMuted).map(\.handle) == ["Alder"])
        #expect(try await room.store.mutedMembers(memberID: cobalt).map(\.handle) == ["Alder"])

        try await room.store.setMuted(alder.id, by: cobalt, muted: false, at: soon)
        #expect(try await room.messages(seenBy: "cobalt").count == 2)
        await #expect(throws: StoreError.self) {
            try await room.store.setMuted(cobalt, by: cobalt, muted: true, at: soon)
        }
    }
}

@Suite("Identity: who a login may act as")
struct ActingTests {
    @Test(arguments: Backend.all) func aLoginActsAsItsOwnMembersAndTheDemoMembersItSeededOnly(_ backend: Backend)
        async throws
    {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seed = try folder.writeSeed(members: fixtureMembers, groups: ["circle.json": fixtureCircle])
        let opened = try await backend.open()
        defer { opened.remove() }
        let store = opened.store
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
        try await room.store.setRecoveryStart(memberID: dune, day)
        func shown(in slug: String) async throws -> CalendarDay? {
            try await room.roster(room.group(slug).id).first { $0.handle == "dune" }?.recoveryStart
        }
        #expect(try await shown(in: "circle") == nil, "private until shared")
        try await room.store.shareRecoveryStart(memberID: dune, groupID: room.group("circle").id, shared: true)
        #expect(try await shown(in: "circle") == day)
        #expect(try await shown(in: "third") == nil, "shared with one group, not every group")
        await #expect(throws: StoreError.notAMember(handle: "dune", group: "quiet-room")) {
            try await room.store.shareRecoveryStart(memberID: dune, groupID: room.group("quiet-room").id, shared: true)
        }
        try await room.store.shareRecoveryStart(memberID: dune, groupID: room.group("circle").id, shared: false)
        #expect(try await shown(in: "circle") == nil)
    }
}
