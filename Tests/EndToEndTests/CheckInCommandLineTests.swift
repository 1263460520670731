import Foundation
import Testing

/// Daily check-ins through the real binary, in a fixed zone (TZ=UTC).
@Suite("End to end: check-ins and milestones on the command line")
struct CheckInCommandLineTests {
    let utc = ["TZ": "UTC"]

    private func checkIn(_ db: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try Peerroom.run(
            ["checkin", "--db", db, "--as", "hana", "--format", "json"] + arguments, environment: utc)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aSecondCheckInTheSameDayReplacesTheFirstAndAMilestoneIsCelebrated() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekAgo = calendar.date(byAdding: .day, value: -7, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: weekAgo)
        let start = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let recovery = try Peerroom.run(
            ["recovery", "--db", db, "--as", "hana", "--start", start, "--share-milestones", "even-odds"],
            environment: utc)
        #expect(recovery.status == 0, "\(recovery.stderr)")

        let first = try checkIn(db, ["--mood", "2", "--note", "A hard morning"])
        #expect(first["streak"] as? Int == 1 && first["mood"] as? Int == 2)
        #expect(first["milestoneToday"] as? String == "7 days")
        #expect(first["celebratedIn"] as? [String] == [], "not on a hard day")
        let second = try checkIn(db, ["--mood", "4"])
        #expect(second["streak"] as? Int == 1 && second["mood"] as? Int == 4 && second["note"] is NSNull)
        #expect(second["celebratedIn"] as? [String] == ["even-odds"], "once the day is better")
        let third = try checkIn(db, ["--mood", "5"])
        #expect(third["celebratedIn"] as? [String] == [], "celebrated once")

        let feed = try Peerroom.feed(db: db, group: "even-odds", kind: "encouragement")
        #expect(feed.filter { ($0["body"] as? String)?.hasPrefix("🎉 hana reaches 7 days") == true }.count == 1)
        #expect(!feed.contains { ($0["body"] as? String)?.contains("A hard morning") == true })

        let text = try Peerroom.run(["checkin", "--db", db, "--as", "hana", "--mood", "5"], environment: utc)
        #expect(text.stdout.contains("Streak: 1 day in a row · 1 day in all") && text.stdout.contains("7 days since"))
    }

    @Test func badCheckInsAreRefused() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let mood = try Peerroom.run(["checkin", "--db", db, "--as", "hana", "--mood", "7"])
        #expect(mood.status == 65 && mood.stderr.contains("mood"))
        let neither = try Peerroom.run(["checkin", "--db", db, "--as", "hana"])
        #expect(neither.status == 64)
    }
}
