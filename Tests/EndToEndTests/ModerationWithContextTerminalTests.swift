import Foundation
import Testing

/// Facilitators decide with context (issue 18), in the real room: Enter in the queue opens
/// the reported story, Esc comes back to the queue, and `W` puts a content warning on it.
@Suite("End to end: the queue opens the story and adds a content warning")
struct ModerationWithContextTerminalTests {
    @Test func aFacilitatorReadsTheReportedStoryAndWarnsIt() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let story = try #require(
            Peerroom.feed(db: db, group: "sober-circle").first {
                ($0["title"] as? String)?.hasPrefix("Held a lemonade") == true
            }?[
                "id"] as? Int)
        let reported = try Peerroom.run(
            [
                "report", "--db", db, "--as", "river", "--story", "\(story)", "--reason",
                "Needs a warning about drinking",
            ])
        #expect(reported.status == 0, "\(reported.stderr)")
        let room = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(
                db: db, folder: folder, extra: "--as harbor --group sober-circle"))
        try room.waitFor("1 Groups")
        try room.send("M")
        try room.waitFor("Needs a warning about drinking")
        try room.send("Enter")
        try room.waitFor("[TRIUMPH] Held a lemonade")
        try room.send("Escape")
        try room.waitFor("Needs a warning about drinking")
        try room.send("W")
        try room.waitFor("Members will see this before the story")
        try room.send("-l", "alcohol")
        try room.send("Enter")
        try room.waitFor("Content warning: alcohol")
        try room.send("-l", "It describes a party with drinks")
        try room.send("Enter")
        try room.waitFor("Warning added")
        let feed = try Peerroom.feed(db: db, group: "sober-circle")
        #expect(feed.first { $0["id"] as? Int == story }?["contentWarning"] as? String == "alcohol")
        try room.send("Escape")
        try room.waitFor("1 Groups")
        try room.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", room)
    }
}
