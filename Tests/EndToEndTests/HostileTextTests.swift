import Foundation
import Testing

/// Text from people can never act on the terminal: hostile stories are written through the
/// command line, the room runs in tmux with its output recorded byte for byte (pipe-pane),
/// and the bytes it writes are searched for the attacks.
@Suite("End to end: hostile text never reaches the terminal")
struct HostileTextTests {
    static let attacks: [(name: String, bytes: [UInt8])] = [
        ("OSC window title", Array("\u{1B}]0;PWNED".utf8)),
        ("OSC title in a title", Array("\u{1B}]2;PWNED2".utf8)),
        ("cursor move", Array("X\u{1B}[10;10HY".utf8)),
        ("cursor move in a title", Array("X\u{1B}[5;5HY".utf8)),
        ("colour change", Array("\u{1B}[38;5;196m".utf8)),
        ("screen clear with a marker", Array("\u{1B}[2J\u{1B}[38".utf8)),
        ("right-to-left override", Array("\u{202E}".utf8)),
        ("C1 control sequence introducer", [0xC2, 0x9B]),
    ]

    @Test func theRoomWritesNoneOfTheAttacksItDisplays() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let body =
            "Hostile body \u{1B}]0;PWNED\u{07} X\u{1B}[10;10HY \u{1B}[2J\u{1B}[38;5;196mRED \u{202E}evil \u{9B}31m"
        let title = "T \u{1B}]2;PWNED2\u{07} X\u{1B}[5;5HY \u{202E}rtl"
        try Peerroom.join(db: db)
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", title, "--cw", "\u{1B}[2Jcw"],
            stdin: body)
        #expect(posted.status == 0, "\(posted.stderr)")
        let encouraged = try Peerroom.run(
            ["encourage", "--db", db, "--group", "newcomers", "Go \u{1B}]0;PWNED\u{07} \u{202E}on"])
        #expect(encouraged.status == 0)

        // The room starts once its output is being recorded (tmux pipe-pane: every byte the
        // program writes to its terminal), then is driven key by key as the screen answers.
        let typescript = folder.path("typescript")
        let go = folder.path("go")
        let exit = folder.path("exit")
        let room =
            "while [ ! -e \(shellQuoted(go)) ]; do sleep 0.05; done; "
            + "TERM=xterm-256color LANG=C.UTF-8 \(shellQuoted(try Peerroom.binary)) --db \(shellQuoted(db)) "
            + "--group newcomers; echo $? > \(shellQuoted(exit)); sleep 60"
        let terminal = try Terminal(width: 120, height: 40, command: room)
        try terminal.recordOutput(to: typescript)
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        try terminal.waitFor("q:quit")
        try terminal.send("2", "Enter")  // its author reads it unfolded
        try terminal.waitFor("Hostile body")
        try terminal.send("q", "3")
        try terminal.waitFor("PWNED")
        try terminal.send("q")
        #expect(waitForFile(exit)?.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the room ended well")
        let written = try #require(FileManager.default.contents(atPath: typescript).map { [UInt8]($0) })
        #expect(written.count > 1000, "the room drew something")
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains("Hostile body"), "the story was shown")
        #expect(text.contains("PWNED"), "…with the attack shown as text")
        for attack in Self.attacks {
            #expect(!contains(written, attack.bytes), "\(attack.name) reached the terminal")
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
