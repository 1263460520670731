import Foundation
import Testing

/// The login name of the uid running the tests, from the passwd database.
private var realLogin: String {
    guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "" }
    return String(cString: name)
}

private func json(_ text: String) throws -> [[String: Any]] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

@Suite("End to end: nothing forged")
struct ForgingCommandLineTests {
    @Test func aSeedThatNamesAnExistingMemberIsRefusedWithItsFileAndLoadsNothing() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])  // the demo room, with river in it
        let seeds = folder.url.appendingPathComponent("forged")
        try FileManager.default.createDirectory(
            at: seeds.appendingPathComponent("groups"), withIntermediateDirectories: true)
        try #"{"members": [{"handle": "fresh-face"}, {"handle": "river"}]}"#.write(
            to: seeds.appendingPathComponent("members.json"), atomically: true, encoding: .utf8)
        try """
        {"slug": "a-new-one", "name": "A New One", "topic": "", "members": [{"handle": "fresh-face", "role": "member"}],
         "stories": [], "encouragement": []}
        """.write(to: seeds.appendingPathComponent("groups/a-new-one.json"), atomically: true, encoding: .utf8)
        try """
        {"slug": "in-her-name", "name": "In Her Name", "topic": "",
         "members": [{"handle": "fresh-face", "role": "facilitator"}, {"handle": "river", "role": "member"}],
         "stories": [{"author": "river", "kind": "setback", "title": "I relapsed", "body": "Not river's words.",
                      "hoursAgo": 1}],
         "encouragement": [{"author": "river", "body": "Not river's either.", "hoursAgo": 1}]}
        """.write(to: seeds.appendingPathComponent("groups/in-her-name.json"), atomically: true, encoding: .utf8)
        let before = try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout

        let result = try Peerroom.run(["seed", "--db", db, "--from", seeds.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(seeds.appendingPathComponent("groups/in-her-name.json").path))
        #expect(result.stderr.contains("members[1].handle"))
        #expect(result.stderr.contains("'river' is already a member of this room"))
        #expect(try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout == before, "nothing loaded")
        let fresh = try Peerroom.run(["groups", "--db", db, "--as", "fresh-face"])
        #expect(fresh.status == 65, "fresh-face was not loaded either")
    }

    @Test func theLoginComesFromTheUidNotFromUSER() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let pretending = ["USER": "someone-else", "LOGNAME": "someone-else"]
        let nobody = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "T"], stdin: "B",
            environment: pretending)
        #expect(nobody.status == 67)
        #expect(
            nobody.stderr.lowercased().contains("your login '\(realLogin.lowercased())' has no pseudonym"),
            "\(nobody.stderr)")
        let joined = try Peerroom.run(["join", "--db", db, "--handle", "mine-here"], environment: pretending)
        #expect(joined.status == 0, "\(joined.stderr)")
        // Without the pretence, the same login acts as the member it took.
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Bound to my uid"],
            stdin: "Mine.")
        #expect(posted.status == 0, "\(posted.stderr)")
        #expect(posted.stdout.contains("as mine-here"))
    }

    @Test func aUidWithNoPasswdEntryIsRefusedAndCreatesNothing() throws {
        let folder = try TemporaryFolder()
        // The unused uid must be able to reach the folder it is pointed at.
        chmod(folder.url.path, 0o777)
        let db = folder.path("room.sqlite")
        let run = try Subprocess.run(
            [
                "/usr/bin/setpriv", "--reuid=54321", "--regid=54321", "--clear-groups", try Peerroom.binary, "groups",
                "--db", db,
            ],
            environment: [
                "USER": realLogin, "LOGNAME": realLogin, "HOME": folder.url.path,
                "PEERROOM_SEEDS": Peerroom.packageRoot.appendingPathComponent("seeds").path,
            ])
        #expect(run.status == 67, "\(run.errors)")
        #expect(
            run.errors.lowercased().contains("this uid (54321) has no login name in the passwd database"),
            "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

@Suite("End to end: closed groups")
struct ClosedGroupCommandLineTests {
    @Test func aNonMemberReadsNothingAsksAFacilitatorApprovesAndThenTheyRead() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db, handle: "tester")  // a newcomer: in every open group

        // Listed by name and topic, so they can ask; nothing else.
        let listed = try json(try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout)
        let entry = try #require(listed.first { $0["slug"] as? String == "night-shift" })
        #expect(entry["open"] as? Bool == false && entry["members"] is NSNull && entry["stories"] is NSNull)
        let text = try Peerroom.run(["groups", "--db", db]).stdout
        #expect(text.contains("night-shift") && text.contains("ask to join: peerroom join --group night-shift"))

        // The facilitator (a demo member this login loaded) reads it; the newcomer gets nothing.
        let inside = try Peerroom.run(
            ["feed", "--db", db, "--group", "night-shift", "--as", "marigold", "--format", "json"])
        let stories = try json(inside.stdout)
        #expect(stories.count >= 10)
        let id = try #require(stories.first?["id"] as? Int)
        for arguments in [
            ["feed", "--group", "night-shift"], ["feed", "--group", "night-shift", "--kind", "encouragement"],
        ] {
            let outside = try Peerroom.run(arguments + ["--db", db])
            #expect(outside.status == 77, "\(arguments)")
            #expect(outside.stderr.contains("'night-shift' is a closed group"), "\(outside.stderr)")
            #expect(outside.stdout.isEmpty)
        }
        let story = try Peerroom.run(["story", "\(id)", "--db", db, "--format", "json"])
        #expect(
            story.status == 65 && story.stdout.isEmpty && story.stderr.lowercased().contains("no story with id \(id)"))
        let search = try Peerroom.run(["search", "chapel", "--db", db, "--format", "json"])
        let hits = try json(search.stdout)
        #expect(search.status == 0 && hits.isEmpty)
        let meetings = try Peerroom.run(["meetings", "--db", db, "--format", "json"])
        #expect(!meetings.stdout.contains("Night Shift"))
        let post = try Peerroom.run(
            ["post", "--db", db, "--group", "night-shift", "--kind", "triumph", "--title", "In?"], stdin: "Hello")
        #expect(post.status == 77)
        let peek = try Peerroom.run(["requests", "--db", db, "--group", "night-shift"])
        #expect(peek.status == 77, "only facilitators see who asked")

        // Asking, then the facilitator's queue and answer.
        let ask = try Peerroom.run(["join", "--db", db, "--group", "night-shift"])
        #expect(ask.status == 0 && ask.stdout.contains("you have asked to join"), "\(ask.stderr)")
        let waiting = try json(try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout)
        #expect(waiting.first { $0["slug"] as? String == "night-shift" }?["joinRequest"] as? String == "asked")
        #expect(try Peerroom.run(["feed", "--db", db, "--group", "night-shift"]).status == 77, "asking is not reading")
        let queue = try Peerroom.run(
            ["requests", "--db", db, "--group", "night-shift", "--as", "marigold", "--format", "json"])
        #expect(try json(queue.stdout).map { $0["handle"] as? String } == ["tester"])
        #expect(try json(queue.stdout).first?["kind"] as? String == "asked")
        let notHers = try Peerroom.run(["approve", "--db", db, "--group", "night-shift", "--handle", "tester"])
        #expect(notHers.status == 77, "the asker cannot let themselves in")
        let approved = try Peerroom.run(
            ["approve", "--db", db, "--group", "night-shift", "--handle", "tester", "--as", "marigold"])
        #expect(approved.status == 0 && approved.stdout.contains("tester is a member of Night Shift now"))

        #expect(try Peerroom.feed(db: db, group: "night-shift").count == stories.count)
        #expect(try Peerroom.run(["story", "\(id)", "--db", db]).status == 0)
        let found = try json(try Peerroom.run(["search", "chapel", "--db", db, "--format", "json"]).stdout)
        #expect(!found.isEmpty)
    }

    @Test func aFacilitatorInvitesAndTheInviteeAcceptsByJoining() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db, handle: "tester")
        let byMember = try Peerroom.run(
            ["invite", "--db", db, "--group", "night-shift", "--handle", "tester", "--as", "cian"])
        #expect(byMember.status == 77, "cian is a member, not a facilitator")
        let invited = try Peerroom.run(
            ["invite", "--db", db, "--group", "night-shift", "--handle", "tester", "--as", "marigold"])
        #expect(invited.status == 0 && invited.stdout.contains("peerroom join --group night-shift"))
        let text = try Peerroom.run(["groups", "--db", db]).stdout
        #expect(text.contains("you are invited"))
        #expect(try Peerroom.run(["feed", "--db", db, "--group", "night-shift"]).status == 77)
        let accepted = try Peerroom.run(["join", "--db", db, "--group", "night-shift"])
        #expect(accepted.stdout.contains("You have joined Night Shift"), "\(accepted.stderr)")
        #expect(try Peerroom.feed(db: db, group: "night-shift").count >= 10)

        let declined = try Peerroom.run(
            ["decline", "--db", db, "--group", "night-shift", "--handle", "tester", "--as", "marigold"])
        #expect(declined.status == 65, "nothing to decline: tester is in")
    }
}
