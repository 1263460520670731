import Foundation
import Testing

/// "For you" in the real room (issue 18): another member answers my story from another
/// process, my header says so in words, `f` lists it as new, and having seen it clears it.
@Suite("End to end: for you in the room and in plain mode")
struct ForYouTerminalTests {
    /// My story in the newcomers' circle, and moss's reply to it from another process.
    private func myStory(_ db: String) throws -> Int {
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "My first week"],
            stdin: "Seven days without a drink.")
        #expect(posted.status == 0, "\(posted.stderr)")
        return try #require(
            Peerroom.feed(db: db, group: "newcomers").first { $0["title"] as? String == "My first week" }?["id"]
                as? Int)
    }

    private func reply(_ db: String, to story: Int) throws {
        let replied = try Peerroom.run(
            ["reply", "--db", db, "--as", "moss", "--story", "\(story)"], stdin: "So glad you are here.")
        #expect(replied.status == 0, "\(replied.stderr)")
    }

    @Test func aReplyFromAnotherMemberIsCountedListedAsNewAndClearedOnceSeen() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let command = try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--group newcomers")
        let story = try myStory(db)
        let room = try Terminal(width: 80, height: 24, command: command)
        try room.waitFor("1 Groups")
        #expect(try !room.screen().components(separatedBy: "\n")[0].contains("for you"), "nothing yet")

        try reply(db, to: story)
        try room.waitUntil("the header says 1 for you", seconds: 5) {
            $0.components(separatedBy: "\n")[0].contains("1 for you  @tester")
        }
        try room.send("f")
        let list = try room.waitFor("new · moss replied to “My first week”")
        #expect(list.contains("So glad you are here."))
        #expect(list.contains("Newcomers"))
        try room.send("Escape")
        try room.waitUntil("the room is back and the header's count is gone", seconds: 5) {
            $0.contains("1 Groups") && !$0.components(separatedBy: "\n")[0].contains("for you")
        }
        // Enter on the item opens the story at moss's reply; Esc comes back to the list.
        try room.send("f")
        try room.waitFor("moss replied to “My first week”")
        try room.send("Enter")
        try room.waitFor("▸ moss")
        try room.send("Escape")
        try room.waitFor("moss replied to “My first week”")
        try room.send("Escape")
        try room.waitFor("1 Groups")
        try room.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", room)
    }

    @Test func plainModeSaysTheCountAndListsThem() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        _ = try Peerroom.join(db: db)
        try reply(db, to: try myStory(db))
        func plain(_ lines: [String]) throws -> String {
            let result = try Peerroom.run(
                ["--plain", "--db", db, "--group", "newcomers"],
                stdin: (lines + ["quit"]).joined(separator: "\n") + "\n")
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let first = try plain(["for-me"])
        #expect(first.contains("You are tester.\n1 for you: type for-me to read them.\n"))
        #expect(first.contains("1 new for you:\nnew  moss replied to “My first week”"))
        #expect(first.contains("       So glad you are here."))
        let second = try plain([])
        #expect(!second.contains("for you: type for-me"), "read once: nothing new")
    }
}
