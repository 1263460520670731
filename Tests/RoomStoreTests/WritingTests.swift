import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@Suite("Posting and encouraging")
struct PostingTests {
    private func story(_ room: FixtureRoom, author: String, title: String, body: String = "A body.") async throws
        -> NewStory
    {
        NewStory(groupID: try await room.group("circle").id, kind: .triumph, title: title, body: body)
    }

    @Test(arguments: Backend.all) func aPostIsTrimmedAndListedFirst(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let at = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 1)
        var new = try await story(room, author: "Echo", title: "  One week  ", body: "\n Seven days. \n")
        new.contentWarning = "  "
        let posted = try await room.acting(room.member("Echo").id, at: at).post(new)
        #expect(posted.title == "One week")
        #expect(posted.authorHandle == "Echo")
        #expect(posted.createdAt == at)
        #expect(posted.contentWarning == nil)
        #expect(posted.replyCount == 0)
        #expect(posted.reactionCount == 0)

        let circle = try await room.group("circle")
        #expect(circle.storyCount == 3)
        let first = try await room.store.stories(groupID: circle.id, page: .first, limit: 1)
        #expect(first.items == [posted])
        #expect(try await room.store.story(id: posted.id).body == "Seven days.")
    }

    @Test(arguments: Backend.all) func emptyTitleIsRefusedAndNothingIsWritten(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let new = try await story(room, author: "Alder", title: "   ")
        let error = await #expect(throws: StoreError.self) {
            try await room.acting(room.member("Alder").id, at: seedNow).post(new)
        }
        #expect(error == .invalid(ValidationError(field: "title", problem: "is empty")))
        #expect(try await room.group("circle").storyCount == 2)
        #expect(try await room.allStories(room.group("circle").id).count == 2)
    }

    @Test(arguments: Backend.all) func overLongTitleIsRefusedAndNothingIsWritten(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let new = try await story(room, author: "Alder", title: String(repeating: "t", count: 121))
        let error = await #expect(throws: StoreError.self) {
            try await room.acting(room.member("Alder").id, at: seedNow).post(new)
        }
        guard case .invalid(let problem) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(problem.field == "title")
        #expect(problem.problem.contains("120"))
        #expect(try await room.group("circle").storyCount == 2)

        // The limit itself is fine.
        let exact = try await story(room, author: "Alder", title: String(repeating: "t", count: 120))
        _ = try await room.acting(room.member("Alder").id, at: seedNow).post(exact)
        #expect(try await room.group("circle").storyCount == 3)
    }

    @Test(arguments: Backend.all) func overLongBodyIsRefusedAndNothingIsWritten(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let new = try await story(room, author: "Alder", title: "Long", body: String(repeating: "b", count: 20_001))
        let error = await #expect(throws: StoreError.self) {
            try await room.acting(room.member("Alder").id, at: seedNow).post(new)
        }
        guard case .invalid(let problem) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(problem.field == "body")
        #expect(try await room.group("circle").storyCount == 2)

        let exact = try await story(room, author: "Alder", title: "Long", body: String(repeating: "b", count: 20_000))
        let posted = try await room.acting(room.member("Alder").id, at: seedNow).post(exact)
        #expect(try await room.store.story(id: posted.id).body.count == 20_000)
    }

    @Test(arguments: Backend.all) func aContentWarningOnTwoLinesIsRefused(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        var new = try await story(room, author: "Alder", title: "Warning")
        new.contentWarning = "grief\nloss"
        await #expect(
            throws: StoreError.invalid(ValidationError(field: "content warning", problem: "must be one line"))
        ) {
            try await room.acting(room.member("Alder").id, at: seedNow).post(new)
        }
        #expect(try await room.group("circle").storyCount == 2)
    }

    @Test(arguments: Backend.all) func someoneOutsideTheGroupCannotPost(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let new = try await story(room, author: "ghost", title: "Hello")
        await #expect(throws: StoreError.notAMember(handle: "ghost", group: "circle")) {
            try await room.acting(room.member("ghost").id, at: seedNow).post(new)
        }
        // fern is in two groups, but not in the circle.
        let fern = try await story(room, author: "fern", title: "Hello")
        await #expect(throws: StoreError.notAMember(handle: "fern", group: "circle")) {
            try await room.acting(room.member("fern").id, at: seedNow).post(fern)
        }
        #expect(try await room.group("circle").storyCount == 2)
    }

    @Test(arguments: Backend.all) func encouragementToSomeoneOutsideTheGroupIsRefused(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let mila = try await room.member("mila")
        let ghost = try await room.member("ghost")
        let before = try await room.allEncouragement(circle.id)
        #expect(before.count == 2)

        await #expect(throws: StoreError.notAMember(handle: "ghost", group: "circle")) {
            try await room.acting(mila.id, at: seedNow).encourage(
                NewEncouragement(groupID: circle.id, recipientID: ghost.id, body: "Hi"))
        }
        await #expect(throws: StoreError.notAMember(handle: "ghost", group: "circle")) {
            try await room.acting(ghost.id, at: seedNow).encourage(
                NewEncouragement(groupID: circle.id, recipientID: mila.id, body: "Hi"))
        }
        await #expect(throws: StoreError.self) {
            try await room.acting(mila.id, at: seedNow).encourage(
                NewEncouragement(groupID: circle.id, body: "   "))
        }
        #expect(try await room.allEncouragement(circle.id) == before)

        let dune = try await room.member("dune")
        let sent = try await room.acting(mila.id, at: seedNow).encourage(
            NewEncouragement(groupID: circle.id, recipientID: dune.id, body: " Keep going. "))
        #expect(sent.authorHandle == "mila")
        #expect(sent.recipientHandle == "dune")
        #expect(sent.body == "Keep going.")
        #expect(try await room.allEncouragement(circle.id).first == sent)
    }
}

/// Members as SQLite binds them to Unix logins (the backend's own API, under `session(login:)`).
@Suite("SQLite: members and logins")
struct MemberTests {
    @Test func aTakenHandleIsRefusedWhateverItsCase() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await Backend.sqlite.open(TestClock())
        defer { opened.remove() }
        let store = try #require(opened.sqlite).store
        let river = try await store.createMember(handle: "river", login: "ana", recoveryStart: nil)
        await #expect(throws: StoreError.handleTaken("River")) {
            try await store.createMember(handle: "River", login: "bo", recoveryStart: nil)
        }
        await #expect(throws: StoreError.handleTaken("river")) {
            try await store.createMember(handle: "river", login: "ana", recoveryStart: nil)
        }
        #expect(try await store.members(login: "bo").isEmpty)
        #expect(try await store.members(login: "ana") == [river])
        #expect(try await store.member(handle: "RIVER") == river)
    }

    @Test func aSeededHandleIsTakenToo() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        await #expect(throws: StoreError.handleTaken("alder")) {
            try await room.sqlite().store.createMember(handle: "alder", login: "someone", recoveryStart: nil)
        }
    }

    @Test func anInvalidHandleIsRefused() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await Backend.sqlite.open(TestClock())
        defer { opened.remove() }
        let store = try #require(opened.sqlite).store
        for handle in ["a", "bad handle", "zero\u{200B}width", String(repeating: "x", count: 25)] {
            let error = await #expect(throws: StoreError.self) {
                try await store.createMember(handle: handle, login: "ana", recoveryStart: nil)
            }
            guard case .invalid(let problem) = error else {
                Issue.record("\(handle): expected .invalid, got \(String(describing: error))")
                continue
            }
            #expect(problem.field == "handle")
        }
        #expect(try await store.members(login: "ana").isEmpty)
    }

    @Test func membersAreFoundByTheirLoginOldestFirst() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await Backend.sqlite.open(TestClock())
        defer { opened.remove() }
        let store = try #require(opened.sqlite).store
        let start = try #require(CalendarDay(iso: "2024-02-29"))
        let kestrel = try await store.createMember(handle: "kestrel", login: "ana", recoveryStart: start)
        _ = try await store.createMember(handle: "heron", login: "bo", recoveryStart: nil)
        let owl = try await store.createMember(handle: "owl.2", login: "ana", recoveryStart: nil)
        _ = try await store.createMember(handle: "no-login", login: nil, recoveryStart: nil)

        #expect(kestrel.handle == "kestrel")
        #expect(kestrel.recoveryStart == start)
        #expect(try await store.members(login: "ana") == [kestrel, owl])
        #expect(try await store.members(login: "ana").first?.recoveryStart?.description == "2024-02-29")
        #expect(try await store.members(login: "bo").map(\.handle) == ["heron"])
        #expect(try await store.members(login: "carol").isEmpty)
        #expect(try await store.members(login: "ANA").isEmpty)
    }

    @Test func joiningOpenGroupsSkipsTheClosedOne() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let start = try #require(CalendarDay(iso: "2026-01-01"))
        let newcomer = try await room.sqlite().store.createMember(handle: "sunrise", login: "ana", recoveryStart: start)
        #expect(try await room.sqlite().store.session(memberID: newcomer.id).groups().isEmpty)
        let circleBefore = try await room.group("circle").memberCount

        try await room.sqlite().store.joinOpenGroups(memberID: newcomer.id, role: .newcomer)
        let joined = try await room.sqlite().store.session(memberID: newcomer.id).groups()
        #expect(joined.map(\.slug) == ["circle", "third"])
        #expect(try await room.group("circle").memberCount == circleBefore + 1)
        let alder = try await room.member("Alder")
        let quietForAlder = try await room.acting(alder.id).groups().first { $0.slug == "quiet-room" }
        #expect(quietForAlder?.memberCount == 2)

        let roster = try await room.roster(room.group("circle").id)
        let entry = try #require(roster.first { $0.id == newcomer.id })
        #expect(entry.role == .newcomer)
        #expect(entry.recoveryStart == nil)
        #expect(roster.last?.handle == "sunrise")

        // Joining again changes nothing.
        try await room.sqlite().store.joinOpenGroups(memberID: newcomer.id, role: .member)
        #expect(try await room.group("circle").memberCount == circleBefore + 1)
        #expect(try await room.roster(room.group("circle").id).first { $0.id == newcomer.id }?.role == .newcomer)

        // A new member can post where they joined, and not where they did not.
        let third = try await room.group("third")
        _ = try await room.sqlite().store.session(memberID: newcomer.id).post(
            NewStory(groupID: third.id, kind: .milestone, title: "Day one", body: "Here."))
        let quiet = try await room.group("quiet-room")
        await #expect(throws: StoreError.notAMember(handle: "sunrise", group: "quiet-room")) {
            try await room.sqlite().store.session(memberID: newcomer.id).post(
                NewStory(groupID: quiet.id, kind: .milestone, title: "Day one", body: "Here."))
        }
    }

    @Test func joiningKeepsTheRoleAMemberAlreadyHas() async throws {
        let room = try await FixtureRoom(.sqlite)
        defer { room.remove() }
        let fern = try await room.member("fern")
        try await room.sqlite().store.joinOpenGroups(memberID: fern.id, role: .newcomer)
        #expect(try await room.acting(fern.id).groups().map(\.slug) == ["circle", "quiet-room", "third"])
        let third = try await room.roster(room.group("third").id)
        #expect(third.first { $0.handle == "fern" }?.role == .facilitator)
        let circle = try await room.roster(room.group("circle").id)
        #expect(circle.first { $0.handle == "fern" }?.role == .newcomer)
    }

    /// Taking a pseudonym, as every backend does it for a principal who has none.
    @Suite("Members: taking a pseudonym")
    struct PseudonymTests {
        @Test(arguments: Backend.all) func aNewcomerTakesOnePseudonymAndIsInEveryOpenGroup(_ backend: Backend)
            async throws
        {
            let room = try await FixtureRoom(backend)
            defer { room.remove() }
            let session = try await room.opened.newcomer("ana")
            #expect(session.me == nil, "a guest until they take one")
            await #expect(throws: StoreError.handleTaken("alder")) {
                try await session.takePseudonym("alder", recoveryStart: nil)
            }
            let river = try await session.takePseudonym("river", recoveryStart: CalendarDay(iso: "2024-02-29"))
            #expect(session.me == river, "the session acts as it from now on")
            #expect(river.recoveryStart?.description == "2024-02-29")
            #expect(
                try await session.groups().map(\.slug) == ["circle", "third"], "the open groups, not the closed one")
            let entry = try #require(try await room.roster(room.group("circle").id).first { $0.id == river.id })
            #expect(entry.role == .newcomer)
            await #expect(throws: StoreError.self, "one pseudonym per principal") {
                try await session.takePseudonym("river2", recoveryStart: nil)
            }
            #expect(try await room.store.member(handle: "RIVER") == river)
        }

        @Test(arguments: Backend.all) func twoNewcomersRacingForOneHandleLeaveOneWinner(_ backend: Backend) async throws
        {
            let room = try await FixtureRoom(backend)
            defer { room.remove() }
            let first = try await room.opened.newcomer("ana")
            let second = try await room.opened.newcomer("bo")
            async let one = try? first.takePseudonym("kestrel", recoveryStart: nil)
            async let two = try? second.takePseudonym("Kestrel", recoveryStart: nil)
            let results = await [one, two]
            #expect(results.compactMap { $0 }.count == 1, "exactly one wins")
            #expect(try await room.store.member(handle: "kestrel").handle.lowercased() == "kestrel")
        }
    }

    @Test(arguments: Backend.all) func anUnknownHandleSuggestsOnlyCloseOnes(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let error = await #expect(throws: StoreError.self) { try await room.store.member(handle: "ghots") }
        guard case .unknownMember(let handle, let known) = error else {
            Issue.record("expected unknownMember, got \(String(describing: error))")
            return
        }
        #expect(handle == "ghots")
        #expect(known.first == "ghost", "the handle meant")
        #expect(!known.contains("Alder"), "a typo does not list the room")
    }
}

@Suite("Reading one story or group")
struct ReadingTests {
    @Test(arguments: Backend.all) func aStoryComesWithItsBodyAndRepliesOldestFirst(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle")
        let summary = try #require(try await room.allStories(circle.id).first { $0.title == "Ninety days" })
        #expect(summary.authorHandle == "Mika")
        #expect(summary.kind == .milestone)
        #expect(summary.contentWarning == nil)
        #expect(summary.replyCount == 3)
        #expect(summary.reactionCount == 2)
        #expect(summary.createdAt == hoursBefore(seedNow, 30))

        let story = try await room.store.story(id: summary.id)
        #expect(story.id == summary.id)
        #expect(story.summary == summary)
        #expect(story.body == "Ninety days today.\n\nThank you all.")
        #expect(story.replies.map(\.authorHandle) == ["dune", "Alder", "mila"])
        #expect(story.replies.map(\.body) == ["First!", "Ninety is huge.", "So proud of you."])
        #expect(story.replies.map(\.createdAt) == [29.5, 10, 2].map { hoursBefore(seedNow, $0) })
        #expect(story.replies.allSatisfy { $0.storyID == summary.id })

        let rough = try #require(try await room.allStories(circle.id).first { $0.title == "Rough night" })
        #expect(rough.contentWarning == "cravings")
        #expect(try await room.store.story(id: rough.id).replies.isEmpty)
    }

    @Test(arguments: Backend.all) func anUnknownStoryIsReported(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        await #expect(throws: StoreError.unknownStory(999_999)) { try await room.store.story(id: 999_999) }
        #expect("\(StoreError.unknownStory(999_999))".contains("999999"))
    }

    @Test(arguments: Backend.all) func anUnknownGroupListsTheKnownSlugs(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let error = await #expect(throws: StoreError.self) { try await room.store.group(slug: "nope") }
        #expect(error == .unknownGroup("nope", known: ["circle", "quiet-room", "third"]))
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("circle, quiet-room, third"))
    }

    @Test(arguments: Backend.all) func groupsAreListedByNameWithTheirCounts(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let groups = try await room.acting(nil).groups()
        #expect(groups.map(\.slug) == ["circle", "quiet-room", "third"])
        #expect(groups.map(\.name) == ["Circle", "Quiet Room", "Third Space"])
        #expect(groups.map(\.isOpen) == [true, false, true])
        // A closed group is listed to a guest by name and topic only.
        #expect(groups.map(\.memberCount) == [11, 0, 5])
        #expect(groups.map(\.isReadable) == [true, false, true])
        #expect(groups.map(\.storyCount) == [2, 0, 0])
        #expect(try await room.group("circle") == groups[0])

        let alder = try await room.member("Alder")
        #expect(try await room.acting(alder.id).groups().map(\.slug) == ["circle", "quiet-room"])
        let ghost = try await room.member("ghost")
        #expect(try await room.acting(ghost.id).groups().isEmpty)
    }

    @Test(arguments: Backend.all) func seedReportCountsWhatWasAdded(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        #expect(room.report.groupsAdded == ["circle", "quiet-room", "third"])
        #expect(room.report.membersAdded == 13)
        #expect(room.report.storiesAdded == 2)
        #expect(room.report.encouragementAdded == 2)
        let encouragement = try await room.allEncouragement(room.group("circle").id)
        #expect(encouragement.map(\.body) == ["You made it through the night.", "Glad you are all here."])
        #expect(encouragement.map(\.recipientHandle) == ["dune", nil])
    }
}
