import Foundation
import Testing

/// The share circle between two rooms on one SQLite file: a hand raised in one room shows in
/// the other's circle by itself, and the facilitator's pass shows in both.
@Suite("End to end: the share circle")
struct ShareCircleTerminalTests {
    @Test func aRaisedHandReachesTheOtherRoomAndThePassedTurnShowsInBoth() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        try Self.meetingUnderWay(db: db)

        let facilitator = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as maple.jo"))
        let member = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as hana"))
        try facilitator.waitFor("1 Groups")
        try member.waitFor("1 Groups")
        for room in [facilitator, member] {
            try room.send("w")
            try room.waitFor("Evening circle")
            try room.send("s")
            try room.waitFor("Share circle — Evening circle")
            try room.waitFor("Nobody is speaking now.")
        }

        try facilitator.send("r")
        try facilitator.waitFor("Your hand is up, you are 1st.")
        // Live, with no key pressed in the other room.
        try member.waitFor("1. maple.jo (waiting)", seconds: 5)
        try member.send("r")
        try member.waitFor("Your hand is up, you are 2nd.")
        try facilitator.waitFor("2. hana (waiting)", seconds: 5)

        try facilitator.send("p")
        try facilitator.waitFor("Speaking now: you (maple.jo)")
        try facilitator.waitFor("It is your turn to share.")
        try member.waitFor("Speaking now: maple.jo", seconds: 5)
        try member.waitFor("Your hand is up, you are 1st.", seconds: 5)

        try facilitator.send("p")
        try facilitator.waitFor("Speaking now: hana")
        try member.waitFor("Speaking now: you (hana)", seconds: 5)
        try member.send("l")
        try member.waitFor("Your hand is down.")
        try facilitator.waitFor("Nobody is speaking now.", seconds: 5)
        try facilitator.send("Escape", "q")
        try member.send("Escape", "q")
    }

    /// maple.jo facilitates Even Odds, hana is a member; Even Odds is the only group of both.
    /// Its seeded meetings are cancelled, and "Evening circle" began a minute ago, for two
    /// hours: the first (and only) meeting in their lists.
    static func meetingUnderWay(db: String) throws {
        let listed = try Peerroom.run(["meetings", "--db", db, "--as", "maple.jo", "--format", "json"])
        let meetings = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        for id in Set(meetings.compactMap { $0["id"] as? Int }) {
            let cancelled = try Peerroom.run([
                "meeting", "cancel", "--db", db, "--as", "maple.jo", "--meeting", "\(id)",
            ])
            #expect(cancelled.status == 0, "\(cancelled.stderr)")
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let begun = utc.dateComponents([.year, .month, .day, .hour, .minute], from: Date().addingTimeInterval(-60))
        let two = { (n: Int?) in String(format: "%02d", n ?? 0) }
        let added = try Peerroom.run([
            "meeting", "add", "--db", db, "--as", "maple.jo", "--group", "even-odds", "--title", "Evening circle",
            "--on", "\(begun.year!)-\(two(begun.month))-\(two(begun.day))", "--time",
            "\(two(begun.hour)):\(two(begun.minute))",
            "--zone", "Etc/UTC", "--duration", "120", "--where", "https://meet.example.org/circle",
        ])
        try #require(added.status == 0, "\(added.stderr)")
    }

    @Test func plainModeShowsTheCircleAndRaisesLowersAndPasses() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        try Self.meetingUnderWay(db: db)
        let raised = try PlainParityTests.plain(db, as: "hana", ["meetings", "circle 1", "raise", "pass"]).lines
        #expect(raised.contains("Share circle — Evening circle (Even Odds), under way."))
        #expect(raised.contains("Nobody is speaking now."))
        #expect(raised.contains("1. hana (waiting, you)"))
        #expect(raised.contains("Your hand is up, you are 1st."))
        #expect(raised.contains { $0.contains("'hana' is not a facilitator of 'even-odds'") }, "\(raised)")
        let passed = try PlainParityTests.plain(db, as: "maple.jo", ["meetings", "circle 1", "pass"]).lines
        #expect(passed.contains("Turn passed."))
        #expect(passed.contains("Speaking now: hana"))
        #expect(passed.contains { $0.hasPrefix("Type raise, lower, or circle to see it again; you facilitate") })
        let lowered = try PlainParityTests.plain(db, as: "hana", ["meetings", "circle 1", "lower"]).lines
        #expect(lowered.contains("Speaking now: you (hana)"))
        #expect(lowered.contains("Your hand is down."))
        #expect(
            lowered.last { $0.hasPrefix("Speaking now") || $0.hasPrefix("Nobody is speaking") }
                == "Nobody is speaking now.")
    }

    @Test func theCommandLineShowsRaisesLowersAndPassesWithSysexits() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        try Self.meetingUnderWay(db: db)
        let listed = try Peerroom.run(["meetings", "--db", db, "--as", "hana", "--format", "json"])
        let meetings = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let id = try #require(meetings.first?["id"] as? Int)
        let circle = { (handle: String, words: [String]) in
            try Peerroom.run(["circle"] + words + ["--db", db, "--as", handle, "--meeting", "\(id)"])
        }
        let raised = try circle("hana", ["raise"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout.contains("1. hana (waiting, you)") && raised.stdout.contains("you are 1st"))
        let again = try circle("hana", ["raise"])
        #expect(again.status == 65 && again.stderr.contains("already up"), "\(again.stderr)")
        let notFacilitator = try circle("hana", ["pass"])
        #expect(notFacilitator.status == 77, "\(notFacilitator.stderr)")
        let passed = try circle("maple.jo", ["pass"])
        #expect(passed.status == 0 && passed.stdout.contains("Speaking now: hana"), "\(passed.stderr)")
        let json = try circle("maple.jo", ["show", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["speaking"] as? [String: Any])?["handle"] as? String == "hana")
        #expect(object["underWay"] as? Bool == true && object["facilitating"] as? Bool == true)
        let moderated = try circle("maple.jo", ["lower", "--hand", "hana"])
        #expect(moderated.status == 0 && moderated.stdout.contains("Nobody is speaking now."), "\(moderated.stderr)")
        let outsider = try circle("rowan", ["show"])
        #expect(outsider.status == 77, "not in Even Odds: \(outsider.stderr)")
        let badTime = try circle("hana", ["show", "--at", "tonight"])
        #expect(badTime.status == 64)
    }
}
