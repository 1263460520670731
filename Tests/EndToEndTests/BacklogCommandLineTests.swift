import Foundation
import Testing

/// The newcomer backlog from the command line, in plain mode and in the room (issue 18):
/// moss facilitates the demo's Newcomers; tester joined after its stories were shared.
@Suite("End to end: the newcomer backlog")
struct BacklogCommandLineTests {
    private func room() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        return (folder, db)
    }

    private func backlog(_ db: String, _ value: String, as handle: String? = "moss") throws -> Peerroom.Result {
        try Peerroom.run(["group", "backlog", "newcomers", value, "--db", db] + (handle.map { ["--as", $0] } ?? []))
    }

    @Test func onlyFacilitatorsSetItAndBadValuesAreNamed() throws {
        let (folder, db) = try room()
        _ = folder
        try Peerroom.join(db: db)
        let stories = try Peerroom.feed(db: db, group: "newcomers").count
        #expect(stories > 0)

        let notTheirs = try backlog(db, "0", as: nil)
        #expect(notTheirs.status == 77, "tester is a newcomer: \(notTheirs.stderr)")
        #expect(notTheirs.stderr.contains("facilitator"))
        let word = try backlog(db, "soon")
        #expect(word.status == 64 && word.stderr.contains("'soon'"), "\(word.stderr)")
        let tooFar = try backlog(db, "5000")
        #expect(tooFar.status == 65 && tooFar.stderr.contains("5000"), "\(tooFar.stderr)")
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == stories, "nothing changed")

        let set = try backlog(db, "0")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("Members of Newcomers' Circle read only what was shared since joining now"))
        #expect(try Peerroom.feed(db: db, group: "newcomers").isEmpty, "tester joined after every story")
        let moss = try Peerroom.run(["feed", "--db", db, "--group", "newcomers", "--as", "moss", "--limit", "100"])
        #expect(moss.status == 0 && !moss.stdout.isEmpty, "the facilitator reads everything")
        let groups = try Peerroom.run(["groups", "--db", db]).stdout
        #expect(groups.contains("members read only what was shared since joining"), "\(groups)")

        let plain = try Peerroom.run(
            ["--plain", "--db", db, "--group", "newcomers"], stdin: "stories\nquit\n")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("You can read from "), "\(plain.stdout)")
        #expect(plain.stdout.contains("the day you joined."))
        #expect(plain.stdout.contains("Earlier stories in this group are kept for longer-standing members."))

        #expect(try backlog(db, "all").status == 0)
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == stories, "everything again")
    }

    @Test func aNewcomerInTheRoomSeesTheCalmLineAtTheEndOfTheFeed() throws {
        let (folder, db) = try room()
        let command = try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--group newcomers")
        #expect(try backlog(db, "0").status == 0)
        let room = try Terminal(width: 80, height: 24, command: command)
        try room.waitFor("1 Groups")
        try room.send("2")  // 80 columns show one pane at a time: the stories
        let screen = try room.waitFor("Earlier stories in this")
        #expect(screen.contains("You can read from"), "\(screen)")
        #expect(screen.contains("longer-standing"), "\(screen)")
        try room.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", room)
    }
}
