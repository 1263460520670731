import Foundation
import Testing

/// Issue 12 through the real binary: a story behind a content warning shows its warning and
/// no text until asked, in search, JSON, `story`, the queue and plain mode; check-ins answer
/// like a peer; a recovery start in the future is refused.
@Suite("End to end: content warnings and check-ins that care")
struct CareCommandLineTests {
    static let warning = "relapse, alcohol"
    static let text = "I drank again on Saturday night. Zanzibar is where I wanted to be."

    /// A fresh room with a warned story by wren in the Sober Circle, a reply by river under it,
    /// reported by kettle. Returns the database, the story id and the reply id.
    private func warnedRoom(_ folder: TemporaryFolder) throws -> (db: String, story: Int, reply: Int) {
        let db = folder.path("room.sqlite")
        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--as", "wren", "--group", "sober-circle", "--kind", "setback", "--title",
                "A hard weekend", "--cw", Self.warning,
            ], stdin: Self.text)
        #expect(posted.status == 0, "\(posted.stderr)")
        let story = try #require(
            Peerroom.feed(db: db, group: "sober-circle").first { $0["title"] as? String == "A hard weekend" })
        let id = try #require(story["id"] as? Int)
        let replied = try Peerroom.run(
            ["reply", "--db", db, "--as", "river", "--story", "\(id)"], stdin: "Zanzibar nights were my worst too.")
        #expect(replied.status == 0, "\(replied.stderr)")
        let json = try json(["story", "--db", db, "--as", "river", "\(id)", "--format", "json"]) as? [String: Any]
        let reply = try #require((json?["replyList"] as? [[String: Any]])?.first?["id"] as? Int)
        let reported = try Peerroom.run(
            ["report", "--db", db, "--as", "kettle", "--reply", "\(reply)", "--reason", "too raw for me"])
        #expect(reported.status == 0, "\(reported.stderr)")
        return (db, id, reply)
    }

    private func json(_ arguments: [String]) throws -> Any {
        let result = try Peerroom.run(arguments)
        #expect(result.status == 0, "\(arguments.first ?? ""): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func searchShowsTheWarningAndNoWordOfTheText() throws {
        let folder = try TemporaryFolder()
        let (db, id, _) = try warnedRoom(folder)
        let text = try Peerroom.run(["search", "--db", db, "--as", "river", "zanzibar"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("A hard weekend"))
        #expect(
            text.stdout.contains(
                "  Content warning: relapse, alcohol. Read it with: peerroom story \(id) --show-warned"))
        #expect(!text.stdout.contains("drank again"), "no snippet of the text:\n\(text.stdout)")

        let hits = try #require(
            try json(["search", "--db", db, "--as", "river", "zanzibar", "--format", "json"]) as? [[String: Any]])
        let hit = try #require(hits.first { $0["id"] as? Int == id })
        #expect(hit["contentWarning"] as? String == Self.warning)
        #expect(hit["snippet"] as? String == "")
        #expect(hits.allSatisfy { $0.keys.contains("contentWarning") })
    }

    @Test func jsonItemsWithTextCarryTheirContentWarning() throws {
        let folder = try TemporaryFolder()
        let (db, id, reply) = try warnedRoom(folder)
        let feed = try Peerroom.feed(db: db, group: "sober-circle")
        #expect(feed.first { $0["id"] as? Int == id }?["contentWarning"] as? String == Self.warning)
        let encouragement = try Peerroom.feed(db: db, group: "sober-circle", kind: "encouragement")
        #expect(!encouragement.isEmpty)
        #expect(encouragement.allSatisfy { $0["contentWarning"] is NSNull }, "the key is there, null")

        let story = try #require(
            try json(["story", "--db", db, "--as", "river", "\(id)", "--format", "json"]) as? [String: Any])
        #expect(story["contentWarning"] as? String == Self.warning)
        let replies = try #require(story["replyList"] as? [[String: Any]])
        #expect(replies.first { $0["id"] as? Int == reply }?["contentWarning"] as? String == Self.warning)

        let queue = try #require(
            try json(["queue", "--db", db, "--as", "harbor", "--group", "sober-circle", "--format", "json"])
                as? [[String: Any]])
        #expect(queue.first { $0["id"] as? Int == reply }?["contentWarning"] as? String == Self.warning)
    }

    @Test func storyAndQueueTextFoldTheWordsUntilAsked() throws {
        let folder = try TemporaryFolder()
        let (db, id, _) = try warnedRoom(folder)
        let folded = try Peerroom.run(["story", "--db", db, "--as", "river", "\(id)"])
        #expect(folded.status == 0, "\(folded.stderr)")
        #expect(folded.stdout.contains("Content warning: relapse, alcohol"))
        #expect(folded.stdout.contains("peerroom story \(id) --show-warned"))
        #expect(!folded.stdout.contains("drank again") && !folded.stdout.contains("Zanzibar nights"))
        let shown = try Peerroom.run(["story", "--db", db, "--as", "river", "\(id)", "--show-warned"])
        #expect(shown.stdout.contains("drank again") && shown.stdout.contains("Zanzibar nights"))
        let own = try Peerroom.run(["story", "--db", db, "--as", "wren", "\(id)"])
        #expect(own.stdout.contains("drank again"), "one's own story needs no warning")

        let queue = try Peerroom.run(["queue", "--db", db, "--as", "harbor", "--group", "sober-circle"])
        #expect(queue.status == 0, "\(queue.stderr)")
        #expect(queue.stdout.contains("content warning: relapse, alcohol (text folded; --show-warned shows it)"))
        #expect(queue.stdout.contains("too raw for me"))
        #expect(!queue.stdout.contains("Zanzibar nights"))
        let asked = try Peerroom.run(
            ["queue", "--db", db, "--as", "harbor", "--group", "sober-circle", "--show-warned"])
        #expect(asked.stdout.contains("Zanzibar nights were my worst too."))
    }

    @Test func plainModeAsksBeforeShowingAWarnedStory() throws {
        let folder = try TemporaryFolder()
        let (db, _, _) = try warnedRoom(folder)
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "search zanzibar\nread 1\nn\nread 1\ny\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("  Content warning: relapse, alcohol. Read 1 asks before showing it."))
        let question = "Story 1 has a content warning: relapse, alcohol. Show it? (y/n)"
        let parts = out.components(separatedBy: question)
        #expect(parts.count == 3, "asked at each read:\n\(out)")
        guard parts.count == 3 else { return }
        #expect(!parts[0].contains("drank again") && !parts[1].contains("drank again"), "nothing before yes")
        #expect(parts[1].contains("Its text and replies stay folded. Type read 1 when you want to see them."))
        #expect(parts[2].contains("Content warning: relapse, alcohol. The text follows."))
        #expect(parts[2].contains(Self.text) && parts[2].contains("Zanzibar nights were my worst too."))
    }

    // MARK: Check-ins

    private static let utc = ["TZ": "UTC"]

    private static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: offset, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func aHardDayIsThankedAndShownTheWayToPeopleWithNoStreakOrCelebration() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let recovery = try Peerroom.run(
            ["recovery", "--db", db, "--as", "hana", "--start", Self.day(-30), "--share-milestones", "even-odds"],
            environment: Self.utc)
        #expect(recovery.status == 0, "\(recovery.stderr)")
        let hard = try Peerroom.run(
            ["checkin", "--db", db, "--as", "hana", "--mood", "1"], environment: Self.utc)
        #expect(hard.status == 0, "\(hard.stderr)")
        #expect(hard.stdout.hasPrefix("Thank you for checking in. Hard days count too.\n"))
        #expect(hard.stdout.contains("peerroom encourage --group even-odds"))
        #expect(hard.stdout.contains("peerroom crisis"))
        #expect(!hard.stdout.contains("🎉") && !hard.stdout.contains("30 days"), "no milestone in the same breath")
        #expect(!hard.stdout.contains("Streak"))
        let feed = try Peerroom.feed(db: db, group: "even-odds", kind: "encouragement")
        #expect(!feed.contains { ($0["body"] as? String)?.hasPrefix("🎉 hana") == true }, "not posted on a hard day")

        let good = try Peerroom.run(
            ["checkin", "--db", db, "--as", "hana", "--mood", "4", "--format", "json"], environment: Self.utc)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(summary["celebratedIn"] as? [String] == ["even-odds"], "celebrated once the day is better")
        #expect(summary["totalDays"] as? Int == 1 && summary["longestStreak"] as? Int == 1)
        let text = try Peerroom.run(["checkin", "--db", db, "--as", "hana", "--mood", "5"], environment: Self.utc)
        #expect(text.stdout.contains("Streak: 1 day in a row · 1 day in all · longest run 1 day."))
    }

    @Test func aRecoveryStartInTheFutureIsRefusedAndNothingChanges() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let before = try Peerroom.run(["recovery", "--db", db, "--as", "hana"], environment: Self.utc)
        #expect(before.status == 0, "\(before.stderr)")
        let ahead = Self.day(3)
        let refused = try Peerroom.run(
            ["recovery", "--db", db, "--as", "hana", "--start", ahead, "--share", "even-odds"], environment: Self.utc)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--start \(ahead) is in the future"), "\(refused.stderr)")
        let after = try Peerroom.run(["recovery", "--db", db, "--as", "hana"], environment: Self.utc)
        #expect(after.stdout == before.stdout, "nothing changed")
        let today = try Peerroom.run(
            ["recovery", "--db", db, "--as", "hana", "--start", Self.day(0)], environment: Self.utc)
        #expect(today.status == 0, "today is a day that has begun: \(today.stderr)")
    }
}
