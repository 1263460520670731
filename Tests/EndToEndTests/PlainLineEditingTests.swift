import Foundation
import Testing

/// The plain room at a real terminal edits lines with libedit: a person who fixes a typo with
/// the arrow keys gets the command they meant, never escape codes in it.
@Suite("End to end: line editing in the plain room")
struct PlainLineEditingTests {
    @Test func arrowsAndCtrlAEditTheLineAndUpRecallsTheLastCommand() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let seeds = Peerroom.packageRoot.appendingPathComponent("seeds").path
        let command =
            "env LANG=C.UTF-8 PEERROOM_SEEDS=\(shellQuoted(seeds)) \(shellQuoted(try Peerroom.binary)) --plain "
            + "--db \(shellQuoted(db)); sleep 60"
        let terminal = try Terminal(width: 100, height: 40, command: command)
        try terminal.waitFor("help — this list")
        // "roups", then Ctrl-A to the start and the missing "g": the command is "groups".
        try terminal.send("-l", "roups")
        try terminal.send("C-a")
        try terminal.send("-l", "g")
        try terminal.send("Enter")
        let listed = try terminal.waitFor("Type open N to open one.")
        #expect(listed.contains("1. Clean Slate"))
        // "open 9" typed, then Left and Backspace: "open 2"… fixed to open the second group.
        try terminal.send("-l", "open 29")
        try terminal.send("Left", "BSpace", "End", "BSpace")
        try terminal.send("-l", "2")
        try terminal.send("Enter")
        try terminal.waitFor("Open group: Even Odds")
        // Up twice recalls "groups" from this session's history.
        try terminal.send("Up", "Up", "Enter")
        let again = try terminal.waitUntil("the groups listed twice") {
            $0.components(separatedBy: "Type open N to open one.").count == 3
        }
        #expect(!again.contains("␛") && !again.contains("^["), "no escape codes in what was typed")
        try terminal.send("-l", "quit")
        try terminal.send("Enter")
    }
}
