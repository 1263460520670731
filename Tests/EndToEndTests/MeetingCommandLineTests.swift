import Foundation
import Testing

/// Meetings through the real binary: listing in the member's zone, answering, and who may
/// add, edit and cancel.
@Suite("End to end: meetings on the command line")
struct MeetingCommandLineTests {
    private func meetings(_ db: String, as handle: String, group: String) throws -> [[String: Any]] {
        let listed = try Peerroom.run(
            ["meetings", "--db", db, "--as", handle, "--group", group, "--format", "json"],
            environment: ["TZ": "America/New_York"])
        #expect(listed.status == 0, "\(listed.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    @Test func facilitatorsAddAndCancelMeetingsAndMembersAnswer() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let seeded = try meetings(db, as: "hana", group: "even-odds")
        #expect(seeded.contains { $0["title"] as? String == "Even Odds check-in" }, "the seeds bring a schedule")

        let refused = try Peerroom.run([
            "meeting", "add", "--db", db, "--as", "hana", "--group", "even-odds", "--title", "Mine",
            "--weekly", "mon", "--time", "18:00", "--zone", "Europe/London", "--where", "online",
        ])
        #expect(refused.status == 77, "only facilitators add meetings")
        let badZone = try Peerroom.run([
            "meeting", "add", "--db", db, "--as", "maple.jo", "--group", "even-odds", "--title", "Tea",
            "--weekly", "mon", "--time", "18:00", "--zone", "Mars/Base", "--where", "online",
        ])
        #expect(badZone.status == 65, "\(badZone.stderr)")
        let noTime = try Peerroom.run([
            "meeting", "add", "--db", db, "--as", "maple.jo", "--group", "even-odds", "--title", "Tea",
            "--weekly", "mon", "--where", "online",
        ])
        #expect(noTime.status == 64)
        let added = try Peerroom.run([
            "meeting", "add", "--db", db, "--as", "maple.jo", "--group", "even-odds", "--title", "Sunday tea",
            "--weekly", "sun", "--time", "17:00", "--zone", "Europe/London", "--duration", "45", "--where",
            "https://meet.example.org/tea",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        var tea = try #require(
            try meetings(db, as: "hana", group: "even-odds").first { $0["title"] as? String == "Sunday tea" })
        let id = try #require(tea["id"] as? Int)
        #expect((tea["local"] as? String)?.hasPrefix("Sun 1") == true, "shown in New York: 11:00 or 12:00")

        let answered = try Peerroom.run(["rsvp", "--db", db, "--as", "hana", "--meeting", "\(id)", "going"])
        #expect(answered.status == 0, "\(answered.stderr)")
        _ = try Peerroom.run(["rsvp", "--db", db, "--as", "pip", "--meeting", "\(id)", "maybe"])
        _ = try Peerroom.run(["rsvp", "--db", db, "--as", "pip", "--meeting", "\(id)", "no"])
        let bad = try Peerroom.run(["rsvp", "--db", db, "--as", "pip", "--meeting", "\(id)", "perhaps"])
        #expect(bad.status == 64)
        tea = try #require(try meetings(db, as: "hana", group: "even-odds").first { $0["id"] as? Int == id })
        #expect(tea["going"] as? Int == 1 && tea["maybe"] as? Int == 0 && tea["cannot"] as? Int == 1)
        #expect(tea["myRSVP"] as? String == "going")

        let edited = try Peerroom.run([
            "meeting", "edit", "--db", db, "--as", "maple.jo", "--meeting", "\(id)", "--title", "Sunday tea and talk",
        ])
        #expect(edited.status == 0, "\(edited.stderr)")
        let notYours = try Peerroom.run(["meeting", "cancel", "--db", db, "--as", "pip", "--meeting", "\(id)"])
        #expect(notYours.status == 77)
        let cancelled = try Peerroom.run(["meeting", "cancel", "--db", db, "--as", "maple.jo", "--meeting", "\(id)"])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(try meetings(db, as: "hana", group: "even-odds").allSatisfy { $0["id"] as? Int != id })
        let unknown = try Peerroom.run(["rsvp", "--db", db, "--as", "hana", "--meeting", "9999", "going"])
        #expect(unknown.status == 65)
    }

    @Test func aMemberChecksInToAMeetingTheyAttended() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        // Weekly seed meetings began four weeks ago, so last week's has taken place.
        let meeting = try #require(
            try meetings(db, as: "hana", group: "even-odds").first { $0["weekly"] as? Bool == true })
        let id = try #require(meeting["id"] as? Int)
        let checked = try Peerroom.run(["checkin", "--db", db, "--as", "hana", "--meeting", "\(id)"])
        #expect(checked.status == 0, "\(checked.stderr)")
        let outsider = try Peerroom.run(["checkin", "--db", db, "--as", "kiri", "--meeting", "\(id)"])
        #expect(outsider.status == 77, "not a member of even-odds: \(outsider.stderr)")
    }
}
