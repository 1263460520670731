import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@Suite("The repository's seeds")
struct RepositorySeedTests {
    @Test(arguments: Backend.all) func theSeedFolderLoadsAndFillsARoom(_ backend: Backend) async throws {
        let bundle = try SeedLoader.load(directory: repositorySeeds())
        #expect(bundle.groups.count >= 4)
        #expect(bundle.members.count >= 8)

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        let store = try await opened.guest()
        let report = try await opened.load(bundle, seedNow)
        #expect(report.groupsAdded == bundle.groups.map(\.slug))
        #expect(report.groupsSkipped.isEmpty)
        #expect(report.membersAdded == bundle.members.count)
        #expect(report.storiesAdded == bundle.groups.reduce(0) { $0 + $1.stories.count })
        #expect(report.encouragementAdded == bundle.groups.reduce(0) { $0 + $1.encouragement.count })
        #expect(try await !store.groupDirectory().isEmpty)

        let directory = try await store.groups()
        #expect(directory.count >= 4)
        #expect(Set(directory.map(\.slug)) == Set(bundle.groups.map(\.slug)))
        #expect(directory.map(\.name) == directory.map(\.name).sorted())
        #expect(directory.contains { !$0.isOpen }, "the demo room has a closed group a newcomer can ask to join")
        for listed in directory {
            let seeded = try #require(bundle.groups.first { $0.slug == listed.slug })
            // A closed group is read as one of its facilitators; everyone else sees its name only.
            let viewer = listed.isOpen ? store : try await opened.session(facilitator(of: listed))
            let group = try #require(try await viewer.groupDirectory().first { $0.id == listed.id })
            #expect(listed.isReadable == listed.isOpen, "\(group.slug)")
            #expect(group.memberCount >= 8, "\(group.slug)")
            #expect(group.memberCount == seeded.members.count, "\(group.slug)")
            #expect(group.storyCount >= 10, "\(group.slug)")

            let stories = try await readForward(limit: 100) {
                try await viewer.stories(groupID: group.id, page: $0, limit: 100)
            }.items
            #expect(stories.count == group.storyCount, "\(group.slug)")
            #expect(Set(stories.map(\.kind)) == Set(StoryKind.allCases), "\(group.slug)")

            let encouragement = try await readForward(limit: 100) {
                try await viewer.encouragement(groupID: group.id, page: $0, limit: 100)
            }.items
            #expect(encouragement.count >= 10, "\(group.slug)")
            #expect(encouragement.count == seeded.encouragement.count, "\(group.slug)")

            // Times are relative to the moment of loading: the newest story is as old as the
            // smallest `hoursAgo` in the file.
            let newest = try #require(seeded.stories.map(\.hoursAgo).min())
            #expect(stories.first?.createdAt == hoursBefore(seedNow, newest), "\(group.slug)")
            let roster = try await readForward(limit: 100) {
                try await viewer.roster(groupID: group.id, page: $0, limit: 100)
            }.items
            #expect(roster.count == group.memberCount, "\(group.slug)")
        }
    }

    /// The demo room's peer mentors offer from the start, with room: a newcomer who asks in any
    /// open group, for anyone available or for one of them, is answered with a pending request.
    @Test(arguments: Backend.all) func theDemoRoomHasMentorsWithRoomAndANewcomersRequestSucceeds(_ backend: Backend)
        async throws
    {
        let bundle = try SeedLoader.load(directory: repositorySeeds())
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        _ = try await opened.load(bundle, seedNow)
        let newcomer = try await opened.newcomer("newbie")
        _ = try await newcomer.takePseudonym("new-leaf", recoveryStart: nil)
        let open = try await newcomer.groups().filter(\.isOpen)
        #expect(open.count >= 5)
        for group in open {
            let offers = try await newcomer.mentors(groupID: group.id)
            #expect(offers.contains { $0.canTakeMore }, "\(group.slug) has a mentor with room")
            #expect(offers.allSatisfy { !$0.note.isEmpty && $0.capacity > $0.mentees })
        }
        let newcomers = try #require(open.first { $0.slug == "newcomers" })
        let asked = try await newcomer.requestMentor(groupID: newcomers.id, mentorID: nil, note: "First week here")
        #expect(asked.status == .requested && asked.menteeHandle == "new-leaf")
        #expect(try await newcomer.mentors(groupID: newcomers.id).map(\.handle).contains(asked.mentorHandle))
        let sober = try #require(open.first { $0.slug == "sober-circle" })
        let fern = try await newcomer.member(handle: "fern")
        let chosen = try await newcomer.requestMentor(groupID: sober.id, mentorID: fern.id, note: nil)
        #expect(chosen.mentorHandle == "fern" && chosen.status == .requested)
        #expect(try await newcomer.mentorships().map(\.status) == [.requested, .requested])
    }

    @Test(arguments: Backend.all) func loadingTheSameSeedsTwiceAddsNothing(_ backend: Backend) async throws {
        let bundle = try SeedLoader.load(directory: repositorySeeds())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        let store = try await opened.guest()
        _ = try await opened.load(bundle, seedNow)
        let before = try await store.groups()

        let again = try await opened.load(bundle, seedNow.addingTimeInterval(3600))
        #expect(again.groupsAdded.isEmpty)
        #expect(again.groupsSkipped == bundle.groups.map(\.slug))
        #expect(again.membersAdded == 0)
        #expect(again.storiesAdded == 0)
        #expect(again.encouragementAdded == 0)
        #expect(try await store.groups() == before)
        for group in before {
            let viewer = group.isOpen ? store : try await opened.session(facilitator(of: group))
            let encouragement = try await readForward(limit: 100) {
                try await viewer.encouragement(groupID: group.id, page: $0, limit: 100)
            }.items
            #expect(encouragement.count == bundle.groups.first { $0.slug == group.slug }?.encouragement.count)
        }
    }
}

// MARK: Broken seed folders

private let members = """
    {
      "members": [
        { "handle": "river", "recoveryStart": "2023-02-14" },
        { "handle": "wren" },
        { "handle": "outsider" }
      ]
    }
    """

/// A valid group file. Line 13 holds the story's "title".
private let circle = """
    {
      "slug": "circle",
      "name": "Circle",
      "topic": "A small test circle",
      "members": [
        { "handle": "river", "role": "facilitator" },
        { "handle": "wren", "role": "member" }
      ],
      "stories": [
        {
          "author": "river",
          "kind": "triumph",
          "title": "First week",
          "body": "It went well.",
          "hoursAgo": 5,
          "replies": [
            { "author": "wren", "body": "Well done.", "hoursAgo": 2 }
          ]
        }
      ],
      "encouragement": [
        { "author": "wren", "to": "river", "body": "Keep going.", "hoursAgo": 1 }
      ]
    }
    """

/// A second, valid group that must not be loaded when the other file is broken.
private let other = """
    {
      "slug": "another",
      "name": "Another",
      "topic": "Fine on its own",
      "members": [{ "handle": "river", "role": "member" }],
      "stories": [],
      "encouragement": []
    }
    """

private func replacing(_ old: String, with new: String, in text: String) -> String {
    precondition(text.contains(old), "the fixture holds \(old)")
    return text.replacingOccurrences(of: old, with: new)
}

@Suite("Broken seed folders")
struct BrokenSeedTests {
    /// Loads a seed folder that must be refused, then checks that an empty room stays empty.
    private func refuse(_ backend: Backend, members: String?, circle: String) async throws -> SeedError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seed = try folder.writeSeed(members: members, groups: ["another.json": other, "circle.json": circle])
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        let store = try await opened.guest()
        let error = #expect(throws: SeedError.self) { try SeedLoader.load(directory: seed) }
        if let bundle = try? SeedLoader.load(directory: seed) {
            _ = try await opened.load(bundle, seedNow)
        }
        #expect(try await store.groupDirectory().isEmpty)
        #expect(try await store.groups().isEmpty)
        await #expect(throws: StoreError.self) { try await store.member(handle: "river") }
        return error
    }

    @Test(arguments: Backend.all) func theUnbrokenFolderLoads(_ backend: Backend) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seed = try folder.writeSeed(members: members, groups: ["another.json": other, "circle.json": circle])
        let bundle = try SeedLoader.load(directory: seed)
        #expect(bundle.groups.map(\.slug) == ["another", "circle"])
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        let report = try await opened.load(bundle, seedNow)
        #expect(report.groupsAdded == ["another", "circle"])
        #expect(report.membersAdded == 3)
    }

    @Test(arguments: Backend.all) func invalidJSONNamesTheFileAndTheLine(_ backend: Backend) async throws {
        // The comma after "Circle" is missing: the parser stops on line 4.
        let broken = replacing("\"name\": \"Circle\",", with: "\"name\": \"Circle\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.kind == .invalid)
        #expect(error?.file.hasSuffix("circle.json") == true)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("circle.json"))
        #expect(message.contains("line"), "\(message)")
    }

    @Test(arguments: Backend.all) func anUnknownKeyIsNamedWithItsLine(_ backend: Backend) async throws {
        let broken = replacing("\"title\":", with: "\"titel\":", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.kind == .invalid)
        #expect(error?.file.hasSuffix("circle.json") == true)
        #expect(error?.location == "line 13")
        #expect(error?.message.contains("\"titel\"") == true)
        #expect(error?.message.contains("stories[0]") == true)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("circle.json"))
        #expect(message.contains("titel"))
        #expect(message.contains("line 13"))
    }

    @Test(arguments: Backend.all) func aBodyWithinItsCharactersButPastItsBytesIsNamedWithItsPath(_ backend: Backend)
        async throws
    {
        // 2,000 characters, each a letter under 30 accents: 122 KB.
        let heavy = String(repeating: "e" + String(repeating: "\\u0301", count: 30), count: 2_000)
        let broken = replacing("\"body\": \"Well done.\"", with: "\"body\": \"\(heavy)\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.file.hasSuffix("circle.json") == true)
        #expect(error?.location == "stories[0].replies[0].body")
        #expect(error?.message.contains("bytes") == true, "\(String(describing: error))")
        let zalgo = "a" + String(repeating: "\\u0301", count: 40)
        let name = try await refuse(
            backend, members: members,
            circle: replacing("\"name\": \"Circle\"", with: "\"name\": \"C\(zalgo)\"", in: circle))
        #expect(name?.location == "name")
        #expect(name?.message.contains("code points") == true, "\(String(describing: name))")
    }

    @Test(arguments: Backend.all) func anUnknownStoryKindIsNamedWithItsPath(_ backend: Backend) async throws {
        let broken = replacing("\"kind\": \"triumph\"", with: "\"kind\": \"victory\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.kind == .invalid)
        #expect(error?.file.hasSuffix("circle.json") == true)
        #expect(error?.location == "stories[0].kind")
        #expect(error?.message.contains("'victory'") == true)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("stories[0].kind"))
        #expect(message.contains("victory"))
        #expect(message.contains("triumph, setback, milestone, reflection"))
    }

    @Test(arguments: Backend.all) func anAuthorWhoIsNotInTheGroupIsRefused(_ backend: Backend) async throws {
        let broken = replacing("\"author\": \"river\"", with: "\"author\": \"outsider\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.location == "stories[0].author")
        #expect(error?.message.contains("'outsider' is not a member of this group") == true)
    }

    @Test(arguments: Backend.all) func anAuthorWhoIsNotInMembersJSONIsRefused(_ backend: Backend) async throws {
        let broken = replacing(
            "{ \"handle\": \"wren\", \"role\": \"member\" }",
            with: "{ \"handle\": \"stranger\", \"role\": \"member\" }",
            in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.location == "members[1].handle")
        #expect(error?.message.contains("stranger") == true)
    }

    @Test(arguments: Backend.all) func aMissingMembersFileIsReportedAsMissing(_ backend: Backend) async throws {
        let error = try await refuse(backend, members: nil, circle: circle)
        #expect(error?.kind == .missing)
        #expect(error?.file.hasSuffix("members.json") == true)
    }

    @Test func aMissingFolderIsReportedAsMissing() {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-seed-\(UUID().uuidString)")
        let error = #expect(throws: SeedError.self) { try SeedLoader.load(directory: nowhere) }
        #expect(error?.kind == .missing)
    }

    @Test(arguments: Backend.all) func aReplyOlderThanItsStoryIsRefused(_ backend: Backend) async throws {
        let broken = replacing(
            "\"body\": \"Well done.\", \"hoursAgo\": 2", with: "\"body\": \"Well done.\", \"hoursAgo\": 9", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.kind == .invalid)
        #expect(error?.location == "stories[0].replies[0].hoursAgo")
        #expect(error?.message.contains("older than its story") == true)
    }

    @Test(arguments: Backend.all) func aTitleOverTheLimitIsRefused(_ backend: Backend) async throws {
        let long = String(repeating: "t", count: 121)
        let broken = replacing("\"title\": \"First week\"", with: "\"title\": \"\(long)\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.location == "stories[0].title")
        #expect(error?.message.contains("120") == true)
    }

    @Test(arguments: Backend.all) func anUnknownRoleIsRefused(_ backend: Backend) async throws {
        let broken = replacing("\"role\": \"facilitator\"", with: "\"role\": \"admin\"", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.location == "members[0].role")
        #expect(error?.message.contains("'admin'") == true)
    }

    @Test(arguments: Backend.all) func mentoringOnlyForMentorsWithinItsLimits(_ backend: Backend) async throws {
        let member = replacing(
            "{ \"handle\": \"wren\", \"role\": \"member\" }",
            with:
                "{ \"handle\": \"wren\", \"role\": \"member\", \"mentoring\": { \"note\": \"Hi\", \"capacity\": 2 } }",
            in: circle)
        var error = try await refuse(backend, members: members, circle: member)
        #expect(error?.location == "members[1].mentoring")
        #expect(error?.message.contains("only a peer-mentor or facilitator") == true)
        let tooMany = replacing(
            "{ \"handle\": \"river\", \"role\": \"facilitator\" }",
            with:
                "{ \"handle\": \"river\", \"role\": \"facilitator\", \"mentoring\": { \"note\": \"Hi\", \"capacity\": 40 } }",
            in: circle)
        error = try await refuse(backend, members: members, circle: tooMany)
        #expect(error?.location == "members[0].mentoring.capacity")
        #expect(error?.message.contains("40") == true)
    }

    @Test(arguments: Backend.all) func aMissingRequiredFieldIsNamed(_ backend: Backend) async throws {
        let broken = replacing("\"body\": \"It went well.\",", with: "", in: circle)
        let error = try await refuse(backend, members: members, circle: broken)
        #expect(error?.location == "stories[0]")
        #expect(error?.message.contains("\"body\"") == true)
    }
}

@Suite("Loading is all or nothing")
struct AtomicLoadTests {
    /// A bundle the loader would refuse (a member listed twice in a group) given to the store
    /// directly: the database refuses the second row, and the first group and the members
    /// written before it must not stay behind.
    @Test(arguments: Backend.all) func aLoadThatFailsHalfwayLeavesTheRoomEmpty(_ backend: Backend) async throws {
        let good = try JSONDecoder().decode(SeedGroup.self, from: Data(other.utf8))
        var twice = try JSONDecoder().decode(SeedGroup.self, from: Data(circle.utf8))
        twice.members.append(twice.members[0])
        struct MembersFile: Decodable { var members: [SeedMember] }
        let people = try JSONDecoder().decode(MembersFile.self, from: Data(members.utf8)).members
        let bundle = SeedBundle(members: people, groups: [good, twice])

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        let store = try await opened.guest()
        await #expect(throws: (any Error).self) { try await opened.load(bundle, seedNow) }
        #expect(try await store.groupDirectory().isEmpty)
        await #expect(throws: StoreError.unknownMember("river", known: [])) {
            try await store.member(handle: "river")
        }
    }
}

@Suite("A seed speaks for no existing member")
struct SeedForgingTests {
    /// A new group that names `mila`, who is in the room already, as the author of a story.
    private let takeover = """
        {
          "slug": "takeover",
          "name": "Takeover",
          "topic": "Written in someone else's name",
          "members": [
            { "handle": "newbie", "role": "facilitator" },
            { "handle": "mila", "role": "member" }
          ],
          "stories": [
            { "author": "mila", "kind": "setback", "title": "I give up", "body": "Not my words.", "hoursAgo": 1,
              "reactions": [{ "member": "mila", "kind": "support" }] }
          ],
          "encouragement": [{ "author": "mila", "to": "newbie", "body": "Not mine either.", "hoursAgo": 1 }]
        }
        """

    /// A new group of new members only.
    private let fresh = """
        {
          "slug": "fresh",
          "name": "Fresh",
          "topic": "New people",
          "members": [{ "handle": "sprout", "role": "facilitator" }],
          "stories": [{ "author": "sprout", "kind": "triumph", "title": "Hello", "body": "Mine.", "hoursAgo": 1 }],
          "encouragement": []
        }
        """

    private let newMembers = """
        { "members": [{ "handle": "newbie" }, { "handle": "mila" }, { "handle": "sprout" }] }
        """

    @Test(arguments: Backend.all) func aNewGroupNamingAnExistingMemberIsRefusedWithItsFileAndNothingLoads(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let seed = try room.folder.writeSeed(
            members: newMembers, groups: ["fresh.json": fresh, "takeover.json": takeover], name: "forged")
        let bundle = try SeedLoader.load(directory: seed)
        let error = await #expect(throws: SeedError.self) {
            try await room.loadSeed(bundle, seededBy: "mallory")
        }
        #expect(error?.file == seed.appendingPathComponent("groups/takeover.json").path)
        #expect(error?.location == "members[1].handle")
        #expect(error?.message.contains("'mila' is already a member of this room") == true)
        #expect(error?.kind == .invalid, "exit 65")
        // Nothing at all: not the good group before it, not the new members.
        let slugs = try await room.acting(nil).groups().map(\.slug)
        #expect(slugs == ["circle", "quiet-room", "third"])
        for handle in ["newbie", "sprout"] {
            await #expect(throws: StoreError.self, "\(handle) was not added") {
                try await room.store.member(handle: handle)
            }
        }
        let mila = try await room.member("mila")
        let written = try await room.acting(mila.id).export()
        #expect(!written.stories.contains { $0.title == "I give up" })
        if let sqlite = room.opened.sqlite {  // SQLite's `--as`: the forged seed gave mallory nothing
            await #expect(throws: StoreError.notYourMember(handle: "mila", login: "mallory")) {
                try await sqlite.store.member(handle: "mila", actingFor: "mallory")
            }
        }
    }

    @Test(arguments: Backend.all) func reseedingSkipsGroupsPresentAndLoadsOnlyNewGroupsOfNewMembers(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let again = try SeedLoader.load(directory: room.folder.url.appendingPathComponent("seed"))
        let report = try await room.opened.load(again, seedNow)
        #expect(report.groupsSkipped == ["circle", "quiet-room", "third"] && report.membersAdded == 0)

        var withFresh = again
        withFresh.members.append(try JSONDecoder().decode(SeedMember.self, from: Data(#"{ "handle": "sprout" }"#.utf8)))
        withFresh.groups.append(try JSONDecoder().decode(SeedGroup.self, from: Data(fresh.utf8)))
        withFresh.groupFiles.append("fresh.json")
        let loaded = try await room.loadSeed(withFresh, seededBy: "ana")
        #expect(loaded.groupsAdded == ["fresh"] && loaded.membersAdded == 1 && loaded.storiesAdded == 1)
        #expect(try await room.store.member(handle: "sprout").handle == "sprout")
        if let sqlite = room.opened.sqlite {  // SQLite's `--as`: ana may act as the demo member she seeded
            #expect(try await sqlite.store.member(handle: "sprout", actingFor: "ana").handle == "sprout")
        }
    }
}
