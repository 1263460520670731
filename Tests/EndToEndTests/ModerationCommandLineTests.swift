import Foundation
import Testing

/// Moderation through the real binary: who may report, see the queue, hide and restore, and
/// what each member then sees.
@Suite("End to end: moderation and identity on the command line")
struct ModerationCommandLineTests {
    @Test func aReportReachesTheFacilitatorWhoHidesItFromEveryoneButItsAuthor() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let posted = try Peerroom.run(
            ["post", "--db", db, "--as", "dune", "--group", "even-odds", "--kind", "reflection", "--title", "Odds"],
            stdin: "A story that will be reported.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let story = try #require(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int)

        let reported = try Peerroom.run([
            "report", "--db", db, "--as", "hana", "--story", "\(story)", "--reason", "Mentions a betting site",
        ])
        #expect(reported.status == 0, "\(reported.stderr)")
        let notFacilitator = try Peerroom.run(["queue", "--db", db, "--as", "hana", "--group", "even-odds"])
        #expect(notFacilitator.status == 77)
        #expect(notFacilitator.stderr.contains("not a facilitator of 'even-odds'"))

        let queue = try Peerroom.run([
            "queue", "--db", db, "--as", "maple.jo", "--group", "even-odds", "--format", "json",
        ])
        #expect(queue.status == 0, "\(queue.stderr)")
        let items = try #require(JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        let reports = try #require(items.first?["reports"] as? [[String: Any]])
        #expect(reports.first?["reason"] as? String == "Mentions a betting site")
        #expect(!queue.stdout.contains("hana"), "the reporter is not named")

        let hidden = try Peerroom.run([
            "hide", "--db", db, "--as", "maple.jo", "--story", "\(story)", "--note", "Link removed later",
        ])
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int != story, "gone from the feed")
        let asOther = try Peerroom.run(["story", "\(story)", "--db", db, "--as", "hana"])
        #expect(asOther.status == 65, "no such story, for others")
        let asAuthor = try Peerroom.run(["story", "\(story)", "--db", db, "--as", "dune"])
        #expect(asAuthor.status == 0 && asAuthor.stdout.contains("Odds"), "its author still reads it")

        let byMember = try Peerroom.run([
            "restore", "--db", db, "--as", "hana", "--story", "\(story)", "--note", "I disagree",
        ])
        #expect(byMember.status == 77, "only facilitators restore")
        let restored = try Peerroom.run([
            "restore", "--db", db, "--as", "maple.jo", "--story", "\(story)", "--note", "Link removed",
        ])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int == story)
    }

    @Test func muteHidesAMemberFromTheOneWhoMutedThemOnly() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let muted = try Peerroom.run(["mute", "--db", db, "--as", "hana", "maple.jo"])
        #expect(muted.status == 0, "\(muted.stderr)")
        func authors(as handle: String) throws -> Set<String> {
            let result = try Peerroom.run([
                "feed", "--db", db, "--as", handle, "--group", "even-odds", "--kind", "encouragement", "--format",
                "json", "--limit", "100",
            ])
            let messages = try #require(
                JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return Set(messages.compactMap { $0["author"] as? String })
        }
        #expect(try !authors(as: "hana").contains("maple.jo"))
        #expect(try authors(as: "dune").contains("maple.jo"))
        #expect(try Peerroom.run(["mute", "--db", db, "--as", "hana"]).stdout.contains("maple.jo"))
        #expect(try Peerroom.run(["unmute", "--db", db, "--as", "hana", "maple.jo"]).status == 0)
        #expect(try authors(as: "hana").contains("maple.jo"))
    }

    @Test func aLoginWithoutAPseudonymIsToldHowToTakeOne() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Hi"], stdin: "Hello.")
        #expect(result.status == 67)
        #expect(result.stderr.contains("peerroom join --handle NAME"))
        #expect(try Peerroom.feed(db: db, group: "newcomers").first?["title"] as? String != "Hi", "nothing posted")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0, "reading needs no pseudonym")
    }

    @Test func asIsLimitedToMembersOfThisLogin() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        // Another login's member, as another user of this host would have made it.
        let inserted = try Subprocess.run(
            [
                "/usr/bin/sqlite3", db,
                "INSERT INTO member (handle, login, createdAt) VALUES ('someone-else', 'not-this-login', 0);",
            ], environment: ProcessInfo.processInfo.environment)
        #expect(inserted.status == 0, "\(inserted.errors)")
        let result = try Peerroom.run(["encourage", "--db", db, "--as", "someone-else", "--group", "newcomers", "Hi"])
        #expect(result.status == 67)
        #expect(result.stderr.contains("not bound to your login"))
    }
}
