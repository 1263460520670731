import Foundation
import Testing

/// The command line is an interface other tools rely on: names, JSON shapes, exit statuses.
@Suite("End to end: the command line")
struct CommandLineTests {
    @Test func groupsAsJSONHaveTheDocumentedShape() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(["groups", "--db", folder.path("room.sqlite"), "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let groups = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(groups.count >= 4)
        for group in groups {
            #expect(group["slug"] is String && group["name"] is String && group["topic"] is String)
            let isOpen = try #require(group["open"] as? Bool)
            if isOpen {
                #expect((group["members"] as? Int ?? 0) >= 8)
                #expect((group["stories"] as? Int ?? 0) >= 10)
            } else {
                // A closed group is listed to outsiders by name and topic only.
                #expect(group["members"] is NSNull && group["stories"] is NSNull)
            }
            #expect(group["joinRequest"] is NSNull)
        }
        #expect(groups.contains { $0["open"] as? Bool == false }, "the demo room has a closed group")
    }

    @Test func aNewDatabaseIsCreatedWhereXDGSaysAndSeededOnce() throws {
        let folder = try TemporaryFolder()
        let environment = ["XDG_DATA_HOME": folder.path("data"), "PEERROOM_DB": ""]
        let first = try Peerroom.run(["groups"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("data/peerroom/room.sqlite")))
        let second = try Peerroom.run(["groups"], environment: environment)
        #expect(second.stdout == first.stdout, "a second run does not seed again")
        let viaEnvironment = try Peerroom.run(["groups"], environment: ["PEERROOM_DB": folder.path("other.sqlite")])
        #expect(viaEnvironment.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path("other.sqlite")))
    }

    @Test func feedAsJSONIsNewestFirstWithEveryField() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let stories = try Peerroom.feed(db: db, group: "sober-circle")
        #expect(stories.count >= 10)
        let dates = stories.compactMap { ($0["createdAt"] as? String).flatMap(ISO8601DateFormatter().date(from:)) }
        #expect(dates.count == stories.count, "createdAt is ISO 8601")
        #expect(dates == dates.sorted(by: >), "newest first")
        for story in stories {
            for key in ["id", "kind", "title", "author", "createdAt", "body", "contentWarning", "replies", "reactions"]
            {
                #expect(story.keys.contains(key), "story has \(key)")
            }
        }
        #expect(stories.contains { $0["contentWarning"] is String })
        #expect(stories.contains { $0["contentWarning"] is NSNull }, "no warning is null, not missing")
        let messages = try Peerroom.feed(db: db, group: "sober-circle", kind: "encouragement")
        #expect(messages.count >= 10)
        for message in messages {
            for key in ["id", "kind", "title", "author", "createdAt", "to", "body"] {
                #expect(message.keys.contains(key), "encouragement has \(key)")
            }
        }
        #expect(messages.contains { $0["to"] is NSNull } && messages.contains { $0["to"] is String })
    }

    @Test func aPostedStoryAndEncouragementAppearInTheFeed() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--group", "even-odds", "--kind", "milestone", "--title", "Thirty days 🎉", "--cw",
                "money",
            ],
            stdin: "Thirty days without a bet.\n\nThank you.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let newest = try #require(try Peerroom.feed(db: db, group: "even-odds").first)
        #expect(newest["title"] as? String == "Thirty days 🎉")
        #expect(newest["kind"] as? String == "milestone")
        #expect(newest["contentWarning"] as? String == "money")
        #expect(newest["body"] as? String == "Thirty days without a bet.\n\nThank you.")

        let sent = try Peerroom.run([
            "encourage", "--db", db, "--group", "even-odds", "--to", "pip", "You've got this.",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let message = try #require(try Peerroom.feed(db: db, group: "even-odds", kind: "encouragement").first)
        #expect(message["to"] as? String == "pip")
        #expect(message["body"] as? String == "You've got this.")
        #expect(message["author"] as? String == newest["author"] as? String, "both from this login's member")
    }

    @Test func postingAsAnotherMemberWithAs() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let posted = try Peerroom.run(
            ["post", "--db", db, "--as", "river", "--group", "sober-circle", "--kind", "reflection", "--title", "Tea"],
            stdin: "A quiet evening.")
        #expect(posted.status == 0, "\(posted.stderr)")
        #expect(try Peerroom.feed(db: db, group: "sober-circle").first?["author"] as? String == "river")
    }

    @Test func anUnknownGroupListsTheGroupsThatExist() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(["feed", "--db", folder.path("room.sqlite"), "--group", "nope"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("No group 'nope'"))
        #expect(result.stderr.contains("sober-circle") && result.stderr.contains("even-odds"))
    }

    @Test func anUnknownHandleIsRefusedAndNamed() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let result = try Peerroom.run(["encourage", "--db", db, "--group", "even-odds", "--to", "nobody-here", "Hi"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("No member 'nobody-here'"))
        let asUnknown = try Peerroom.run(["groups", "--db", db, "--as", "ghost"])
        #expect(asUnknown.status == 65)
    }

    @Test(arguments: [
        (["--title", "Empty body"], "", "The body is empty."),
        (["--title", "   "], "A body.", "The title is empty."),
        (["--title", String(repeating: "x", count: 121)], "A body.", "the limit is 120"),
        (["--title", "Long"], String(repeating: "y", count: 20_001), "the limit is 20000"),
    ])
    func badStoriesAreRefusedAndNothingIsWritten(extra: [String], body: String, message: String) throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let before = try Peerroom.feed(db: db, group: "newcomers").count
        let result = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph"] + extra, stdin: body)
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before)
    }

    @Test func anUnknownKindIsAUsageError() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(
            ["post", "--db", folder.path("room.sqlite"), "--group", "newcomers", "--kind", "win", "--title", "T"],
            stdin: "B")
        #expect(result.status == 64)
        #expect(result.stderr.contains("triumph, setback, milestone, reflection"))
    }

    @Test func aMissingBodyFileIsNoInput() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(
            [
                "post", "--db", folder.path("room.sqlite"), "--group", "newcomers", "--kind", "triumph", "--title", "T",
                "--file", folder.path("missing.txt"),
            ])
        #expect(result.status == 66)
        #expect(result.stderr.contains("missing.txt"))
    }

    @Test func aBrokenSeedFileIsNamedAndNothingIsLoaded() throws {
        let folder = try TemporaryFolder()
        let seeds = folder.url.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(
            at: seeds.appendingPathComponent("groups"), withIntermediateDirectories: true)
        try #"{"members": [{"handle": "ash"}, {"handle": "bo"}]}"#.write(
            to: seeds.appendingPathComponent("members.json"), atomically: true, encoding: .utf8)
        try """
        {"slug": "good", "name": "Good", "topic": "", "members": [{"handle": "ash", "role": "member"}],
         "stories": [], "encouragement": []}
        """.write(to: seeds.appendingPathComponent("groups/a-good.json"), atomically: true, encoding: .utf8)
        try """
        {"slug": "broken", "name": "Broken", "topic": "",
         "members": [{"handle": "bo", "role": "member"}],
         "stories": [{"author": "bo", "kind": "triumf", "title": "T", "body": "B", "hoursAgo": 1}],
         "encouragement": []}
        """.write(to: seeds.appendingPathComponent("groups/b-broken.json"), atomically: true, encoding: .utf8)
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let before = try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout
        let result = try Peerroom.run(["seed", "--db", db, "--from", seeds.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("b-broken.json"))
        #expect(result.stderr.contains("stories[0].kind"))
        #expect(result.stderr.contains("'triumf'"))
        #expect(try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout == before, "nothing loaded")

        let missing = try Peerroom.run(["seed", "--db", db, "--from", folder.path("nowhere")])
        #expect(missing.status == 66)
    }

    @Test func seedingTwiceAddsNothing() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let seeds = Peerroom.packageRoot.appendingPathComponent("seeds").path
        let first = try Peerroom.run(["seed", "--db", db, "--from", seeds])
        #expect(first.status == 0)
        #expect(first.stdout.contains("Loaded 6 groups"))
        let second = try Peerroom.run(["seed", "--db", db, "--from", seeds])
        #expect(second.status == 0, "re-seeding the demo room is no forgery: \(second.stderr)")
        #expect(second.stdout.contains("Loaded 0 groups"))
        #expect(second.stdout.contains("Already present"))
    }

    @Test func hostileTextInAFeedIsShownAsText() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let hostile = "Hi \u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}olleh\u{9B}31m"
        try Peerroom.join(db: db)
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", hostile], stdin: hostile)
        #expect(posted.status == 0, "\(posted.stderr)")
        let text = try Peerroom.run(["feed", "--db", db, "--group", "newcomers", "--limit", "1"]).stdout
        #expect(text.contains("Hi ␛]0;owned␇␛[2J"))
        #expect(
            !text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" || $0 == "\u{9B}" })
        let json = try Peerroom.run(["feed", "--db", db, "--group", "newcomers", "--limit", "1", "--format", "json"])
        #expect(!json.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        let stories = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(stories.first?["title"] as? String == hostile, "JSON keeps the exact text, escaped")
    }

    @Test func withoutATerminalTheRoomOpensInPlainMode() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(["--db", folder.path("room.sqlite")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("peerroom — plain mode. Crisis help: type crisis.\n"))
        #expect(result.stderr.isEmpty)
    }
}

@Suite("End to end: taking a pseudonym")
struct JoinTests {
    @Test func joinBindsANewPseudonymToThisLogin() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let joined = try Peerroom.run(["join", "--db", db, "--handle", "Morning.Star_2"])
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(joined.stdout.contains("Welcome, Morning.Star_2"))
        let again = try Peerroom.run(["join", "--db", db, "--handle", "morning.star_2"])
        #expect(again.stdout.contains("already Morning.Star_2"))
        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--as", "Morning.Star_2", "--group", "even-odds", "--kind", "reflection", "--title",
                "Hi",
            ],
            stdin: "First words.")
        #expect(posted.status == 0, "a member of every open group: \(posted.stderr)")
    }

    @Test(arguments: ["x", "has space", "zero\u{200B}width", "cafe\u{301}", String(repeating: "a", count: 25)])
    func badPseudonymsAreRefused(handle: String) throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(["join", "--db", folder.path("room.sqlite"), "--handle", handle])
        #expect(result.status == 65)
        #expect(result.stderr.contains("handle"))
    }

    @Test func aTakenPseudonymIsRefused() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(["join", "--db", folder.path("room.sqlite"), "--handle", "River"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("taken"))
    }
}
