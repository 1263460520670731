import Foundation
import Testing

/// A member's own data: all of it can be taken away, and all of it can be forgotten.
@Suite("End to end: export and forget-me")
struct PrivacyTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func exportHoldsEverythingIWroteAndOnlyThat() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let posted = try Peerroom.run(
            ["post", "--db", db, "--as", "tomek", "--group", "even-odds", "--kind", "triumph", "--title", "Mine 🌱"],
            stdin: "My words.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let story = try #require(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int)
        #expect(
            try Peerroom.run(["reply", "--db", db, "--as", "tomek", "--story", "\(story)"], stdin: "And more.").status
                == 0)
        #expect(
            try Peerroom.run(["encourage", "--db", db, "--as", "tomek", "--group", "even-odds", "Onwards"]).status == 0)

        let out = folder.path("me.json")
        let exported = try Peerroom.run(["export", "--db", db, "--as", "tomek", "--me", "--out", out])
        #expect(exported.status == 0, "\(exported.stderr)")
        var info = stat()
        stat(out, &info)
        #expect(Int(info.st_mode) & 0o777 == 0o600, "the export is readable by its owner alone")
        let data = try json(try String(contentsOfFile: out, encoding: .utf8))
        #expect(data["handle"] as? String == "tomek")
        let stories = try #require(data["stories"] as? [[String: Any]])
        #expect(stories.contains { $0["title"] as? String == "Mine 🌱" && $0["body"] as? String == "My words." })
        #expect((data["replies"] as? [[String: Any]])?.contains { $0["body"] as? String == "And more." } == true)
        #expect((data["encouragement"] as? [[String: Any]])?.contains { $0["body"] as? String == "Onwards" } == true)
        #expect((data["groups"] as? [[String: Any]])?.contains { $0["slug"] as? String == "even-odds" } == true)
        let seeded = try #require(data["stories"] as? [[String: Any]]).count
        #expect(seeded >= 2, "tomek's seeded stories are his too")

        let withoutMe = try Peerroom.run(["export", "--db", db, "--as", "tomek"])
        #expect(withoutMe.status == 64, "--me is required: an export only ever covers oneself")
    }

    @Test func forgetMeLeavesNothingOfTheMemberButOthersRepliesStay() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(
            ["post", "--db", db, "--as", "tomek", "--group", "even-odds", "--kind", "setback", "--title", "Hard week"],
            stdin: "It was hard.")
        let story = try #require(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int)
        #expect(
            try Peerroom.run(["reply", "--db", db, "--as", "pip", "--story", "\(story)"], stdin: "With you.").status
                == 0)

        let wrong = try Peerroom.run(["forget-me", "--db", db, "--as", "tomek"], stdin: "tomk\n")
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("nothing was deleted"))
        #expect(try Peerroom.run(["story", "\(story)", "--db", db, "--format", "json"]).stdout.contains("Hard week"))

        let forgotten = try Peerroom.run(["forget-me", "--db", db, "--as", "tomek"], stdin: "tomek\n")
        #expect(forgotten.status == 0, "\(forgotten.stderr)")
        let shell = try json(try Peerroom.run(["story", "\(story)", "--db", db, "--format", "json"]).stdout)
        #expect(shell["title"] as? String == "[removed]")
        #expect(shell["author"] as? String == "[removed]")
        #expect(shell["body"] as? String == "[removed]")
        let replies = try #require(shell["replyList"] as? [[String: Any]])
        #expect(replies.map { $0["body"] as? String } == ["With you."], "others' replies stay")

        for group in ["even-odds", "sober-circle", "family-and-friends", "newcomers", "clean-slate"] {
            for kind in ["stories", "encouragement"] {
                let items = try Peerroom.feed(db: db, group: group, kind: kind, limit: 1000)
                #expect(!items.contains { $0["author"] as? String == "tomek" }, "\(group) \(kind)")
            }
        }
        let gone = try Peerroom.run(["groups", "--db", db, "--as", "tomek"])
        #expect(gone.status == 65, "the member itself is gone")
        let notAMember = try Peerroom.run(["groups", "--db", db, "--as", "[removed]"])
        #expect(notAMember.status == 65, "nobody can act as the placeholder")
    }

    @Test func theRecoveryDateIsSetAndSharedByChoice() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let set = try Peerroom.run([
            "recovery", "--db", db, "--as", "tomek", "--start", "2025-03-01", "--share", "newcomers",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("Recovery start: 2025-03-01 (private)."))
        let shownTo = set.stdout.split(separator: "\n").first { $0.hasPrefix("Shown to: ") } ?? ""
        #expect(shownTo.contains("newcomers"))
        let typo = try Peerroom.run(["recovery", "--db", db, "--as", "tomek", "--unshare", "no-such-group"])
        #expect(typo.status == 65)
        #expect(try Peerroom.run(["recovery", "--db", db, "--as", "tomek"]).stdout.contains("newcomers"), "unchanged")
        let bad = try Peerroom.run(["recovery", "--db", db, "--as", "tomek", "--start", "last spring"])
        #expect(bad.status == 64)
    }
}
