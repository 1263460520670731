import Foundation
import Testing

/// "I need support now" between two rooms on one SQLite file: a member's call reaches the
/// facilitator's room by itself, the answer opens the private thread on both sides.
@Suite("End to end: support now")
struct SupportNowTests {
    @Test func aCallReachesTheFacilitatorsRoomAndTheAnswerOpensTheThreadOnBothSides() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let helper = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as moss --group newcomers"))
        let member = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as rowan --group newcomers"))
        try helper.waitFor("1 Groups")
        try member.waitFor("1 Groups")
        try member.waitFor("● moss", seconds: 5)  // the facilitator's room is open: moss is here

        try member.send("S")
        try member.waitFor("I need support now")
        #expect(!(try helper.screen()).contains("would like support now"), "nothing is sent before Enter")
        try member.send("-l", "rough night, please")
        try member.send("Enter")
        try member.waitFor("Sent quietly to 1 peer mentor or facilitator here")
        // Live, with no key pressed in the facilitator's room (the same deadline as the other live tests).
        try helper.waitFor("A: answer · rowan would like support now: rough night, please", seconds: 5)

        try helper.send("A")
        try helper.waitFor("Support now — private to the two of you")
        try helper.waitFor("rowan and you")
        try member.waitFor("moss answered you", seconds: 5)
        try member.send("S")
        try member.waitFor("you and moss")

        try helper.send("r")
        try helper.waitFor("To rowan, privately")
        try helper.send("-l", "I am here. Tell me what is happening.")
        try helper.send("Enter")
        try helper.waitFor("Sent, for the two of you only.")
        try member.waitFor("I am here. Tell me what is happening.", seconds: 5)
        try member.send("r")
        try member.waitFor("To moss, privately")
        try member.send("-l", "Thank you for coming.")
        try member.send("Enter")
        try helper.waitFor("Thank you for coming.", seconds: 5)

        // Nothing of it in the group's feed.
        let feed = try Peerroom.feed(db: db, group: "newcomers", kind: "encouragement")
        #expect(!"\(feed)".contains("rough night"))
        try helper.send("Escape", "q")
        try member.send("Escape", "q")
    }

    @Test func theCommandSaysKindlyWhenNobodyIsHereAndHoldsTheLimits() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let alone = try Peerroom.run(["reach-out", "--db", db, "--as", "rowan", "rough night"])
        #expect(alone.status == 69, "\(alone.stderr)")
        #expect(alone.stdout.contains("No peer mentor or facilitator of your groups is in the room right now"))
        #expect(alone.stdout.lowercased().contains("crisis"), "crisis help is shown")
        let json = try Peerroom.run(["reach-out", "--db", db, "--as", "rowan", "--format", "json"])
        #expect(json.status == 69)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["sent"] as? Bool == false && object["told"] as? Int == 0)
        #expect(object.keys.contains("nextMeeting"))

        let helper = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as moss --group newcomers"))
        try helper.waitFor("1 Groups")
        let sent = try Peerroom.run(["reach-out", "--db", db, "--as", "rowan", "rough \u{1b}[2J night"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("Sent quietly to 1 peer mentor or facilitator here"))
        let screen = try helper.waitFor("rowan would like support now: rough", seconds: 5)
        #expect(!screen.contains("\u{1b}"), "the line is neutralised on screen")
        let again = try Peerroom.run(["reach-out", "--db", db, "--as", "rowan"])
        #expect(again.status == 75, "one waiting call at a time")
        #expect(again.stderr.contains("still with the peer mentors and facilitators"))
        let twoLines = try Peerroom.run(["reach-out", "--db", db, "--as", "pip", "two\nlines"])
        #expect(twoLines.status == 64, "\(twoLines.stderr)")

        // Plain mode: the helper lists the call, answers it and writes in the thread.
        let plain = try PlainParityTests.plain(
            db, as: "moss", group: "newcomers", ["calls", "answer 1", "write 1 I am here.", "thread 1"])
        #expect(plain.text.contains("1. rowan would like support now: rough"), "\(plain.text)")
        #expect(plain.text.contains("You answered rowan. Only the two of you can read this thread"))
        #expect(plain.text.contains("  I am here."))
        try helper.waitUntil("the banner leaves once answered", seconds: 5) { !$0.contains("A: answer") }
        let answered = try Peerroom.run(["reach-out", "--db", db, "--as", "rowan", "--format", "json"])
        #expect(answered.status == 0, "answered: rowan may reach out again (\(answered.stderr))")
        try helper.send("q")
    }
}
