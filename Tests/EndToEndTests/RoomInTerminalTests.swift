import Foundation
import Testing

/// The whole room in a real terminal: tmux runs the binary; keys go in, the screen comes out.
@Suite("End to end: the room in a real terminal", .serialized)
struct RoomInTerminalTests {
    /// A command line that runs the room, then records its exit status and the terminal
    /// modes after it left (to prove the terminal was restored). Unless `asNewcomer`, this
    /// login first takes the pseudonym "tester", so the room opens without the first-run prompt.
    static func roomCommand(db: String, folder: TemporaryFolder, extra: String = "", asNewcomer: Bool = false) throws
        -> String
    {
        if !asNewcomer { try Peerroom.join(db: db) }
        let bin = try Peerroom.binary
        let seeds = Peerroom.packageRoot.appendingPathComponent("seeds").path
        // The status is written last and by rename: once it is there, the modes are too.
        let exit = shellQuoted(folder.path("exit"))
        let stty = shellQuoted(folder.path("stty"))
        return
            "env LANG=C.UTF-8 PEERROOM_SEEDS=\(shellQuoted(seeds)) \(shellQuoted(bin)) --db \(shellQuoted(db)) \(extra); "
            + "status=$?; stty -a > \(stty).tmp; mv \(stty).tmp \(stty); "
            + "echo $status > \(exit).tmp; mv \(exit).tmp \(exit); sleep 60"
    }

    static func expectRestored(_ folder: TemporaryFolder, status expected: String, _ terminal: Terminal) {
        let status = waitForFile(folder.path("exit"))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == expected, "exit status")
        let modes = Set((waitForFile(folder.path("stty")) ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        for mode in ["icanon", "echo", "icrnl", "onlcr", "isig"] {
            #expect(modes.contains(mode) && !modes.contains("-\(mode)"), "terminal mode \(mode) restored")
        }
        #expect((try? terminal.option("#{alternate_on}")) == "0", "back on the main screen")
    }

    @Test func aNewcomerBrowsesEveryGroupReadsEveryStoryPostsAndQuits() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 120, height: 40, command: try Self.roomCommand(db: db, folder: folder, asNewcomer: true))
        // The first time this login opens the room, it asks for a pseudonym; a bad one is refused.
        try terminal.waitFor("Welcome to peerroom")
        try terminal.send("x", "Enter")
        try terminal.waitFor("Must be 2–24 characters, got 1")
        try terminal.send("BSpace")
        try terminal.send("-l", "river")
        try terminal.send("Enter")
        try terminal.waitFor("is taken; choose another")
        for _ in 0..<5 { try terminal.send("BSpace") }
        try terminal.send("-l", "new.leaf")
        try terminal.send("Enter")
        let welcomed = try terminal.waitFor("Welcome, new.leaf. You have joined every open group")
        #expect(welcomed.contains("@new.leaf"))
        try terminal.send("1")  // a key clears the welcome: the footer's hints come back
        let first = try terminal.waitFor("q:quit")  // the footer hints, drawn last: a whole frame
        #expect(first.contains("2 Stories"))
        #expect(first.contains("3 Encouragement"))
        #expect(first.contains("Roster"))
        #expect(first.contains("q:quit"))

        let groups = try #require(
            JSONSerialization.jsonObject(
                with: Data(try Peerroom.run(["groups", "--db", db, "--format", "json"]).stdout.utf8))
                as? [[String: Any]])
        #expect(groups.count >= 4)
        // The groups pane lists the newcomer's groups (the open ones) by name; walk them in that order.
        let names = groups.filter { $0["open"] as? Bool == true }.compactMap { $0["name"] as? String }.sorted()
        for (index, name) in names.enumerated() {
            try terminal.send("1", "g")
            for _ in 0..<index { try terminal.send("j") }
            try terminal.send("Enter")
            try terminal.waitFor("│ \(name)")
            let slug = try #require(groups.first { $0["name"] as? String == name }?["slug"] as? String)
            let stories = try Peerroom.feed(db: db, group: slug)
            #expect(stories.count >= 10)
            try terminal.send("2", "g")
            for (position, story) in stories.enumerated() {
                if position > 0 { try terminal.send("j") }
                try terminal.send("Enter")
                let title = try #require(story["title"] as? String)
                let reader = try terminal.waitFor("Esc:back")  // the last row: the frame is complete
                // Compare plain words: how emoji look depends on the terminal's font.
                let words = title.split(separator: " ").filter { $0.count >= 3 && $0.allSatisfy(\.isASCII) }
                #expect(
                    !words.isEmpty && words.prefix(3).allSatisfy { reader.contains($0) }, "reader shows \"\(title)\"")
                if story["contentWarning"] is String {
                    #expect(reader.contains("Content warning"))
                    try terminal.send("v")
                }
                try terminal.send("Escape")
                try terminal.waitFor("q:quit")
            }
        }

        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title",
                "Posted from a real terminal 🌱",
            ],
            stdin: "First week done.\n\nThank you all.")
        #expect(posted.status == 0, "post: \(posted.stderr)")
        // Opening the group again reads the feed again.
        let newcomers = try #require(names.firstIndex(of: "Newcomers' Circle"))
        try terminal.send("1", "g")
        for _ in 0..<newcomers { try terminal.send("j") }
        try terminal.send("Enter")
        try terminal.waitFor("[TRIUMPH] Posted from a real terminal 🌱")

        try terminal.send("q")
        Self.expectRestored(folder, status: "0", terminal)
    }

    @Test func resizingRelaysOutAndATinyWindowShowsANotice() throws {
        let folder = try TemporaryFolder()
        let terminal = try Terminal(
            width: 120, height: 40, command: try Self.roomCommand(db: folder.path("room.sqlite"), folder: folder))
        try terminal.waitFor("3 Encouragement ─")
        try terminal.send("2")
        try Self.resize(terminal, 80, 24)
        try terminal.waitFor("[2 Stories]")
        try Self.resize(terminal, 30, 8)
        try terminal.waitFor("Terminal too small")
        try Self.resize(terminal, 120, 40)
        try terminal.waitFor("3 Encouragement ─")
        try terminal.send("q")
        Self.expectRestored(folder, status: "0", terminal)
    }

    @Test(arguments: [("C-c", "130"), ("TERM", "143"), ("HUP", "129")])
    func leavingByASignalRestoresTheTerminal(signal: String, status: String) throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(width: 100, height: 30, command: try Self.roomCommand(db: db, folder: folder))
        try terminal.waitFor("1 Groups")
        if signal == "C-c" {
            try terminal.send("C-c")
        } else {
            // Match the room itself, not the shell that started it.
            let kill = try Subprocess.run(
                ["/usr/bin/pkill", "-\(signal)", "-f", "--", "^\(try Peerroom.binary) --db \(db)"],
                environment: ProcessInfo.processInfo.environment)
            #expect(kill.status == 0, "pkill found the room")
        }
        Self.expectRestored(folder, status: status, terminal)
    }

    @Test func aTerminalThatCannotMoveTheCursorGetsThePlainRoom() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 80, height: 24, command: "env TERM=dumb " + (try Self.roomCommand(db: db, folder: folder)))
        let menu = try terminal.waitFor("quit — leave")
        #expect(menu.contains("crisis — crisis help now"))
        try terminal.send("groups", "Enter")
        try terminal.waitFor("1. Clean Slate — ")
        try terminal.send("quit", "Enter")
        #expect(waitForFile(folder.path("exit"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    static func resize(_ terminal: Terminal, _ width: Int, _ height: Int) throws {
        _ = try Subprocess.run(
            [
                "/usr/bin/tmux", "-L", terminal.socket, "resize-window", "-t", terminal.session, "-x", "\(width)", "-y",
                "\(height)",
            ], environment: ProcessInfo.processInfo.environment)
    }
}
