import Foundation
import Testing

/// Writing in a real terminal: typing, posting, and drafts that survive a killed process.
@Suite("End to end: writing in the room", .serialized)
struct WritingInTerminalTests {
    @Test func aMultiLineStoryWithEmojiIsTypedPostedAndListed() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 100, height: 30, command: try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        try terminal.waitFor("1 Groups")
        try terminal.send("n")
        try terminal.waitFor("New story")
        // Writing starts in the title; the kind is one Shift-Tab back, chosen with Left/Right.
        try terminal.send("BTab", "Right", "Tab")
        try terminal.send("-l", "Week one 🌱 done")
        try terminal.send("Tab", "Tab")
        try terminal.send("-l", "Day one was hard.")
        try terminal.send("Enter", "Enter")
        try terminal.send("-l", "Day seven: 👩‍👧 dinner, 一日一歩.")
        try terminal.waitFor("Day seven:")
        try terminal.send("C-s")
        try terminal.waitFor("[TRIUMPH] Week one 🌱 done")

        let newest = try #require(try Peerroom.feed(db: db, group: "clean-slate").first)
        #expect(newest["title"] as? String == "Week one 🌱 done")
        #expect(newest["body"] as? String == "Day one was hard.\n\nDay seven: 👩‍👧 dinner, 一日一歩.")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }

    @Test func aDraftSurvivesKillNineAndComesBack() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let typed = "Every word counts 👩‍💻 — 七転び八起き, e\u{301}"
        do {
            let terminal = try Terminal(
                width: 100, height: 30, command: try RoomInTerminalTests.roomCommand(db: db, folder: folder))
            try terminal.waitFor("1 Groups")
            try terminal.send("n")
            try terminal.send("-l", "Not lost")
            try terminal.send("Tab", "Tab")
            try terminal.send("-l", typed)
            try terminal.waitFor("七転び八起き")
            let kill = try Subprocess.run(
                ["/usr/bin/pkill", "-KILL", "-f", "--", "^\(try Peerroom.binary) --db \(db)"],
                environment: ProcessInfo.processInfo.environment)
            #expect(kill.status == 0, "pkill found the room")
            #expect(waitForFile(folder.path("exit"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "137")
        }
        // After kill -9 nobody restored that terminal; the next run writes both files anew.
        try? FileManager.default.removeItem(atPath: folder.path("exit"))
        try? FileManager.default.removeItem(atPath: folder.path("stty"))
        let again = try Terminal(
            width: 100, height: 30, command: try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        let start = try again.waitFor("1 Groups")
        #expect(start.contains("1 unsent draft"))
        try again.send("n")
        let restored = try again.waitFor("restored")
        #expect(restored.contains("Not lost"))
        #expect(restored.contains("Every word counts"))
        #expect(restored.contains("七転び八起き"))
        // The exact text, every character, is what is in the store.
        try again.send("C-s")
        try again.waitFor("[REFLECT] Not lost")
        let newest = try #require(try Peerroom.feed(db: db, group: "clean-slate").first)
        #expect(newest["body"] as? String == typed)
        try again.send("n")
        let fresh = try again.waitFor("New story")
        #expect(!fresh.contains("restored"), "posting removed the draft")
        // Keys apart: Esc and a letter arriving together are one Alt key.
        try again.send("Escape")
        try again.waitFor("q:quit")
        try again.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", again)
    }
}

@Suite("End to end: the external editor")
struct ExternalEditorTests {
    @Test func ctrlOEditsTheTextInEditorAndBringsItBack() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        // An "editor" that appends a line to the file it is given.
        let editor = folder.path("editor.sh")
        try "#!/bin/sh\nprintf '\\nWritten in the editor.\\n' >> \"$1\"\n".write(
            toFile: editor, atomically: true, encoding: .utf8)
        _ = chmod(editor, 0o755)
        let command =
            "env EDITOR=\(shellQuoted(editor)) VISUAL= "
            + (try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        let terminal = try Terminal(width: 100, height: 30, command: command)
        try terminal.waitFor("1 Groups")
        try terminal.send("3", "e")
        try terminal.waitFor("Encouragement to everyone")
        try terminal.send("-l", "Typed here.")
        try terminal.send("C-o")
        try terminal.waitFor("Written in the editor.")
        try terminal.send("C-s")
        try terminal.waitFor("Your encouragement is sent.")
        let newest = try #require(try Peerroom.feed(db: db, group: "clean-slate", kind: "encouragement").first)
        #expect(newest["body"] as? String == "Typed here.\nWritten in the editor.")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
