import Foundation
import Testing

/// Another process holding the database's write lock does not freeze the room: keys are read
/// and drawn meanwhile, the footer says why the store is slow, and nothing typed is lost.
@Suite("End to end: the room stays responsive", .serialized)
struct ResponsiveRoomTests {
    static let busy = "The room's database is busy (another process holds it)"
    static let storiesPane = "╔ 2 Stories"

    @Test func aHeldWriteLockDoesNotStopKeysAndLosesNoKeystroke() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        // Patient writes: the room's writes wait out the lock rather than fail meanwhile.
        let command =
            "env PEERROOM_BUSY_TIMEOUT_MS=60000 " + (try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        let room = try Terminal(width: 100, height: 30, command: command)
        try room.waitFor("q:quit")
        try room.send("2")
        try room.waitFor("q:quit")

        // The sqlite3 shell, in a terminal of its own, takes the write lock and keeps it.
        // (Given on its command line: tmux takes a ";" ending a key argument as its own.)
        let holder = try Terminal(
            width: 80, height: 24,
            command: "/usr/bin/sqlite3 -cmd 'BEGIN IMMEDIATE;' -cmd \"SELECT 'lock' || ' held';\" \(shellQuoted(db))")
        try holder.waitFor("lock held")

        // Opening a story marks it read: a write that now waits for the lock.
        // (The busy notice takes the footer, so the list is known by its frame's title.)
        try room.send("Enter")
        try room.waitUntil("the story opens", seconds: 2) { !$0.contains(Self.storiesPane) }
        try room.waitFor(Self.busy, seconds: 2)
        try room.send("Escape")
        let list = try room.waitFor(Self.storiesPane, seconds: 2)
        try room.send("j")
        try room.waitUntil("j moves the selection while the lock is held", seconds: 2) { $0 != list }

        // Typing while the store is held: every key is on screen, and then in the store.
        let title = "Held, and not lost: 七転び八起き"
        try room.send("n")
        try room.waitFor("New story", seconds: 2)
        try room.send("-l", title)
        try room.waitFor("七転び八起き", seconds: 2)
        #expect(try Self.draftTitles(db).isEmpty, "nothing was written while the lock was held")

        try holder.send("-l", ".quit")  // the transaction ends with the shell, and the lock with it
        try holder.send("Enter")
        try room.waitUntil("the busy notice clears once the store answers") { !$0.contains(Self.busy) }
        let deadline = Date().addingTimeInterval(10)
        var titles: [String] = []
        while Date() < deadline {
            titles = try Self.draftTitles(db)
            if titles == [title] { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(titles == [title], "the draft in the database holds every character typed")

        try room.send("Escape")
        try room.waitFor("Draft kept")
        try room.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", room)
    }

    /// The titles of the drafts in the file, read with the sqlite3 shell (one per line).
    static func draftTitles(_ db: String) throws -> [String] {
        let run = try Subprocess.run(
            ["/usr/bin/sqlite3", "-readonly", db, "SELECT title FROM draft"],
            environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0, "sqlite3: \(run.errors)")
        return run.output.split(separator: "\n").map(String.init)
    }
}
