import Foundation
import Testing

/// Several people on one host: what one writes shows up in the others' rooms by itself.
@Suite("End to end: a live room")
struct LiveRoomTests {
    @Test func postsFromAnotherProcessAppearWithoutAKeyAndTheSelectionStays() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        _ = try Peerroom.run(["groups", "--db", db])
        let first = try Terminal(
            width: 120, height: 40,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--group newcomers"))
        let second = try Terminal(
            width: 110, height: 30,
            command: try RoomInTerminalTests.roomCommand(
                db: db, folder: folder, extra: "--as juniper --group newcomers"))
        try first.waitFor("1 Groups")
        try second.waitFor("1 Groups")
        // Presence: each room shows the other person as here now.
        try first.waitFor("● juniper", seconds: 5)
        try second.waitFor("● tester", seconds: 5)
        try first.send("2", "j", "j")
        let before = try first.waitFor("║▸ [")
        let selected = Self.selectedStory(before)

        // Another process posts; then the second room posts through its own screen.
        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--as", "moss", "--group", "newcomers", "--kind", "milestone", "--title",
                "Posted by someone else",
            ], stdin: "Hello from another process.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let after = try first.waitFor("[MILESTN] Posted by someone else", seconds: 5)
        #expect(selected != nil && Self.selectedStory(after) == selected, "the selection stays on the same story")
        try second.waitFor("[MILESTN] Posted by someone else", seconds: 5)

        try second.send("3", "e")
        try second.waitFor("Encouragement to everyone")
        try second.send("-l", "Welcome, everyone")
        try second.send("C-s")
        try first.waitFor("juniper → everyone", seconds: 5)
        try first.waitFor("Welcome, everyone", seconds: 5)
        try first.send("q")
        try second.send("q")
    }

    /// The title of the selected story in the Stories pane ("║▸ [KIND] title ║").
    static func selectedStory(_ screen: String) -> String? {
        guard let row = screen.components(separatedBy: "\n").first(where: { $0.contains("║▸ [") }),
            let start = row.range(of: "║▸ [")
        else { return nil }
        return row[start.upperBound...].components(separatedBy: "║").first
    }
}
