import Foundation
import RoomCore
import RoomStore
import RoomViewModel
import SQLiteStore
import Testing

@testable import PeerRoomApp

/// Each act lives once (`RoomActions`, its words in `Acted`): the commands, plain mode and the
/// room print what the layer says, so the three cannot drift apart. Each surface runs for
/// real (the built binary, plain mode through its standard input); what it printed is
/// compared with the layer's words for what the store then holds.
@Suite("End to end: one action layer, its words on every surface")
struct ActionLayerTests {
    /// The room's database as this login's member (or `handle`, a demo member it seeded).
    static func session(_ db: String, as handle: String? = nil) async throws -> SQLiteSession {
        try await SQLiteRoomStore(path: db).session(login: try Paths.loginName(), actingAs: handle)
    }

    @Test func everyCommandPrintsTheLayersLine() async throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let joined = try Peerroom.join(db: db, handle: "tester")
        #expect(joined.stdout == Acted.welcomed(handle: "tester").words(.command) + "\n")
        let store = try await Self.session(db)
        let group = try await store.group(slug: "sober-circle")

        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", group.slug, "--kind", "triumph", "--title", "One week"],
            stdin: "Seven days.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let story = try #require(try await store.stories(groupID: group.id, page: .first, limit: 1).items.first)
        #expect(story.title == "One week")
        #expect(posted.stdout == Acted.posted(story, group: group).words(.command) + "\n")

        let replied = try Peerroom.run(["reply", "--db", db, "--story", "\(story.id)"], stdin: "Well done.")
        #expect(replied.status == 0, "\(replied.stderr)")
        let withReply = try await store.story(id: story.id)
        let reply = try #require(withReply.replies.last)
        #expect(replied.stdout == Acted.replied(reply, story: withReply.summary).words(.command) + "\n")

        let reacted = try Peerroom.run(["react", "--db", db, "--story", "\(story.id)", "--kind", "proud"])
        #expect(reacted.status == 0, "\(reacted.stderr)")
        let after = try await store.story(id: story.id).summary
        #expect(
            reacted.stdout
                == Acted.reacted(.proud, given: true, story: after, by: "tester").words(.command) + "\n")
        let takenBack = try Peerroom.run(["react", "--db", db, "--story", "\(story.id)", "--kind", "proud"])
        #expect(
            takenBack.stdout
                == Acted.reacted(.proud, given: false, story: after, by: "tester").words(.command) + "\n")

        let encouraged = try Peerroom.run(
            ["encourage", "--db", db, "--group", group.slug, "--to", "wren", "Keep going."])
        #expect(encouraged.status == 0, "\(encouraged.stderr)")
        let sent = try #require(try await store.encouragement(groupID: group.id, page: .first, limit: 1).items.first)
        #expect(sent.body == "Keep going.")
        #expect(encouraged.stdout == Acted.encouraged(sent, group: group).words(.command) + "\n")

        let reported = try Peerroom.run(["report", "--db", db, "--story", "1", "--reason", "unkind words"])
        #expect(reported.status == 0, "\(reported.stderr)")
        #expect(reported.stdout == Acted.reported(.story(1), title: nil).words(.command) + "\n")
    }

    @Test func plainModeSaysTheLayersLine() async throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let input = [
            "stories", "reply 1", "Well done.", ".", "react 1 proud", "report 1 unkind words",
            "encourage wren", "Keep going.", ".", "post", "milestone", "A plain title", "", "One line.", ".", "quit",
        ]
        let run = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: input.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\n")
        let store = try await Self.session(db, as: "river")
        let group = try await store.group(slug: "sober-circle")
        let newest = try await store.stories(groupID: group.id, page: .first, limit: 2).items
        let (posted, first) = try (#require(newest.first), #require(newest.last))  // first: story 1 of the list
        #expect(posted.title == "A plain title")
        let story = try await store.story(id: first.id)
        let reply = try #require(story.replies.last { $0.authorHandle == "river" })
        let given = story.reactions.contains { $0.memberHandle == "river" && $0.kind == .proud }
        let sent = try #require(try await store.encouragement(groupID: group.id, page: .first, limit: 1).items.first)
        let expected: [Acted] = [
            .replied(reply, story: story.summary),
            .reacted(.proud, given: given, story: story.summary, by: "river"),
            .reported(.story(first.id), title: first.title),
            .encouraged(sent, group: group),
            .posted(posted, group: group),
        ]
        for acted in expected {
            #expect(lines.contains(acted.words(.plain)), "plain mode says: \(acted.words(.plain))")
        }
    }

    @Test func aNewMemberIsWelcomedInTheSameWordsEverywhere() throws {
        let folder = try TemporaryFolder()
        let plain = try Peerroom.run(["--plain", "--db", folder.path("plain.sqlite")], stdin: "Quiet.One\nquit\n")
        #expect(plain.status == 0, "\(plain.stderr)")
        let welcome = Acted.welcomed(handle: "Quiet.One")
        #expect(plain.stdout.components(separatedBy: "\n").contains(welcome.words(.plain)))
        let command = try Peerroom.join(db: folder.path("command.sqlite"), handle: "Quiet.One")
        #expect(command.stdout == welcome.words(.command) + "\n")
        #expect(Set(Surface.allCases.map(welcome.words)).count == 1, "one welcome, not three")
    }

    /// A room on a clock of its own, set to a day that is not today.
    static func roomOnAClock(_ db: String, at now: Date) async throws -> RoomSession {
        let backend = try SQLiteRoomStore(path: db, clock: RoomClock { now })
        _ = try await backend.load(
            try SeedLoader.load(directory: Peerroom.packageRoot.appendingPathComponent("seeds")), now: now)
        let store = try await backend.session(memberID: try await backend.member(handle: "river").id)
        return RoomSession(
            store: store, databasePath: db, login: try Paths.loginName(), settings: Settings(environment: [:]))
    }

    @Test func aCheckInLandsOnTheClocksDayThroughTheRoomAndTheLayer() async throws {
        let folder = try TemporaryFolder()
        let now = Date(timeIntervalSince1970: 1_956_000_000)  // a day in 2031, never today
        let clockDay = Recurrence.day(of: now, in: .current)
        let session = try await Self.roomOnAClock(folder.path("room.sqlite"), at: now)
        let answer = await EffectRunner(session: session).run(.dailyCheckIn(mood: 4, note: nil))
        guard case .checkedIn(let summary) = answer else {
            Issue.record("the room's check-in was not recorded: \(String(describing: answer))")
            return
        }
        #expect(summary.today?.day == clockDay, "the room checks in on the clock's day, not the machine's")
        let again = try await RoomActions(store: session.store).checkIn(mood: 2, note: "later")
        #expect(again.today?.day == clockDay && again.today?.mood == 2, "the same day, replaced")
        #expect(RoomActions(store: session.store).today == clockDay)
    }

    @Test func theRoomsMeetingsComeAfterTheClocksNow() async throws {
        let folder = try TemporaryFolder()
        let now = Date(timeIntervalSince1970: 1_956_000_000)
        let session = try await Self.roomOnAClock(folder.path("room.sqlite"), at: now)
        let coming = try await RoomActions(store: session.store).upcomingMeetings(groupID: nil, limit: 5)
        #expect(!coming.isEmpty, "the seeded weekly meetings go on")
        #expect(coming.allSatisfy { $0.end > now }, "none has ended by the clock")
    }
}
