import Foundation
import Testing

/// The screens that used to wait for a key: the mentorship thread (`P`) and the moderation
/// queue (`M`) show what another process wrote by themselves.
@Suite("End to end: the thread and the queue are live")
struct LiveRefreshTerminalTests {
    /// A database with the demo room, where sparrow_22 mentors kiri in Clean Slate.
    private static func mentorship(_ folder: TemporaryFolder) throws -> String {
        let db = folder.path("room.sqlite")
        func run(_ handle: String, _ arguments: [String]) throws {
            let result = try Peerroom.run(arguments + ["--db", db, "--as", handle])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        _ = try Peerroom.run(["groups", "--db", db])
        try run("sparrow_22", ["mentor", "offer", "--group", "clean-slate", "--capacity", "2", "--note", "Evenings"])
        try run("kiri", ["mentor", "request", "--group", "clean-slate", "--mentor", "sparrow_22"])
        let listed = try Peerroom.run(["mentor", "list", "--format", "json", "--db", db, "--as", "sparrow_22"])
        let id = try #require(listed.stdout.firstMatch(of: /"id" : (\d+)/)?.1)
        try run("sparrow_22", ["mentor", "accept", "--id", String(id)])
        return db
    }

    @Test func aMessageFromTheOtherSideAppearsInTheOpenThreadWithNoKey() throws {
        let folder = try TemporaryFolder()
        let db = try Self.mentorship(folder)
        let mentee = try Terminal(
            width: 100, height: 30,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--as kiri --group clean-slate")
        )
        let mentor = try Terminal(
            width: 100, height: 30,
            command: try RoomInTerminalTests.roomCommand(
                db: db, folder: folder, extra: "--as sparrow_22 --group clean-slate"))
        try mentee.waitFor("1 Groups")
        try mentor.waitFor("1 Groups")
        try mentee.send("P")
        try mentee.waitFor("sparrow_22 mentors you")
        try mentee.waitFor("No messages yet.")
        try mentor.send("P")
        try mentor.waitFor("you mentor kiri")

        // The mentor writes in their room; the mentee's open thread shows it, no key pressed.
        try mentor.send("r")
        try mentor.waitFor("To kiri, privately")
        try mentor.send("-l", "How was tonight?")
        try mentor.send("Enter")
        try mentor.waitFor("Sent, for the two of you only.")
        try mentee.waitFor("How was tonight?", seconds: 5)

        // The mentee answers from the command line; the mentor's open thread shows it.
        let sent = try Peerroom.run(["message", "--db", db, "--as", "kiri", "--to", "sparrow_22", "I walked past it."])
        #expect(sent.status == 0, "\(sent.stderr)")
        try mentor.waitFor("I walked past it.", seconds: 5)
        try mentee.waitFor("I walked past it.", seconds: 5)
        try mentee.send("q")
        try mentor.send("q")
    }

    @Test func aReportAppearsInTheOpenModerationQueueWithNoKey() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let facilitator = try Terminal(
            width: 100, height: 30,
            command: try RoomInTerminalTests.roomCommand(
                db: db, folder: folder, extra: "--as tallgrass --group clean-slate"))
        try facilitator.waitFor("1 Groups")
        try facilitator.send("M")
        try facilitator.waitFor("Nothing is reported or hidden in this group.")

        let story = try #require(try Peerroom.feed(db: db, group: "clean-slate").first?["id"] as? Int)
        let reported = try Peerroom.run([
            "report", "--db", db, "--as", "kiri", "--story", "\(story)", "--reason", "Names a dealer's street",
        ])
        #expect(reported.status == 0, "\(reported.stderr)")
        try facilitator.waitFor("Names a dealer's street", seconds: 5)
        try facilitator.send("q")
    }
}
