import Foundation
import Testing

/// What the commands write for scripts and on stderr can be shown on a terminal too: no
/// character that can act on it is written raw, whatever the database or the arguments hold.
@Suite("End to end: JSON and stderr carry no raw terminal controls")
struct HostileOutputTests {
    /// DEL, C1 (NEL, CSI), bidi overrides and isolates, a line separator and private use.
    /// (One-line fields refuse the line separator, so it is left out there.)
    static let hostile = "H\u{7F}\u{8D}\u{9B}31m\u{202A}\u{202E}rtl\u{2066}\u{2069}\u{E000}x"
    static let hostileText = hostile + "\u{85}\u{2028}y"

    /// The scalars the issue names: U+007F–U+009F, U+202A–U+202E, U+2066–U+2069.
    static func raw(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            return (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    func sqlite(_ db: String, _ sql: String) throws {
        let run = try Subprocess.run(["/usr/bin/sqlite3", db, sql], environment: ProcessInfo.processInfo.environment)
        try #require(run.status == 0, "sqlite3: \(run.errors)")
    }

    @Test func everyJSONOutputEscapesTerminalControls() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let h = Self.hostile
        try Peerroom.join(db: db)
        func ok(_ arguments: [String], stdin: String? = nil) throws -> Peerroom.Result {
            let result = try Peerroom.run(arguments + ["--db", db], stdin: stdin)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        _ = try ok(
            ["post", "--group", "newcomers", "--kind", "triumph", "--title", "calm \(h)", "--cw", "cw \(h)"],
            stdin: "calm body \(Self.hostileText)")
        let story = try #require(try Peerroom.feed(db: db, group: "newcomers").first?["id"] as? Int)
        _ = try ok(["reply", "--story", "\(story)"], stdin: "reply \(Self.hostileText)")
        _ = try ok(["react", "--story", "\(story)", "--kind", "support"])
        _ = try ok(["encourage", "--group", "newcomers", "go \(h)"])
        _ = try ok(["report", "--story", "\(story)", "--reason", "reason \(h)", "--as", "rowan"])
        _ = try ok(["mentor", "offer", "--group", "newcomers", "--note", "offer \(h)", "--as", "moss"])
        _ = try ok(["mentor", "request", "--group", "newcomers", "--mentor", "moss", "--note", "ask \(h)"])
        let mentorship = try ok(["mentor", "list", "--format", "json", "--as", "moss"])
        let id = try #require(mentorship.stdout.firstMatch(of: /"id" : (\d+)/)?.1)
        _ = try ok(["mentor", "accept", "--id", String(id), "--as", "moss"])
        _ = try ok(["message", "--to", "moss", "thread \(Self.hostileText)"])
        // What no command lets in: a handle, a group's name and topic, a meeting's title.
        try sqlite(
            db,
            """
            UPDATE member SET handle = 'tester' || char(127, 133, 155, 8238, 8294, 57344) WHERE handle = 'tester';
            UPDATE peer_group SET name = 'N' || char(127, 133, 8238), topic = 'T' || char(155, 8297) WHERE slug = 'newcomers';
            UPDATE meeting SET title = 'M' || char(127, 133, 8238, 8294) WHERE groupId = (SELECT id FROM peer_group WHERE slug = 'newcomers');
            """)

        let outputs: [(String, [String])] = [
            ("groups", ["groups", "--format", "json"]),
            ("feed", ["feed", "--group", "newcomers", "--format", "json"]),
            ("feed encouragement", ["feed", "--group", "newcomers", "--kind", "encouragement", "--format", "json"]),
            ("story", ["story", "\(story)", "--format", "json"]),
            ("search", ["search", "calm", "--format", "json"]),
            ("queue", ["queue", "--group", "newcomers", "--format", "json", "--as", "moss"]),
            ("meetings", ["meetings", "--group", "newcomers", "--format", "json"]),
            ("checkin", ["checkin", "--mood", "3", "--note", "note \(h)", "--format", "json"]),
            ("mentor list", ["mentor", "list", "--format", "json"]),
            ("message --with", ["message", "--with", "moss", "--format", "json"]),
            ("export", ["export", "--me"]),
        ]
        for (name, arguments) in outputs {
            let result = try ok(arguments)
            #expect(Self.raw(result.stdout).isEmpty, "\(name) wrote \(Self.raw(result.stdout)) raw")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0xE000 || $0.value == 0x2028 }, "\(name)")
            // Still JSON, and nothing is lost: the escapes decode to the very characters.
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            let text = String(describing: parsed)
            #expect(
                text.unicodeScalars.contains { $0.value == 0x202E } || name == "checkin",
                "\(name) shows the hostile text, escaped")
        }
    }

    @Test func everyLineOnStderrIsNeutralised() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let escape = "\u{1B}]0;PWNED\u{07}\u{1B}[31m\u{9B}2J\u{202E}"
        let runs: [[String]] = [
            ["feed", "--db", db, "--group", "x\(escape)"],  // the store echoes the slug
            ["groups", "--db", db, "--\(escape)"],  // ArgumentParser echoes the option
            ["feed", "--db", db, "--group", "newcomers", "--limit", "x\(escape)"],
            ["story", "--db", db, "1\(escape)"],
            ["checkin", "--db", db, "--mood", "3", "--note", String(repeating: "x", count: 1_001) + escape],
        ]
        for arguments in runs {
            let result = try Peerroom.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(!result.stderr.isEmpty)
            #expect(!result.stderr.contains("\u{1B}"), "ESC reached stderr: \(result.stderr.debugDescription)")
            #expect(Self.raw(result.stderr).isEmpty, "\(Self.raw(result.stderr)) reached stderr")
            #expect(!result.stderr.contains("\u{07}"))
        }
        // The newer-database refusal names migrations as the file holds them.
        try sqlite(db, "INSERT INTO grdb_migrations (identifier) VALUES ('v99 ' || char(27) || ']0;PWNED' || char(7));")
        let newer = try Peerroom.run(["groups", "--db", db])
        #expect(newer.status == 65)
        #expect(newer.stderr.contains("newer peerroom"))
        #expect(newer.stderr.contains("PWNED"), "shown as text")
        #expect(!newer.stderr.contains("\u{1B}"))
        #expect(!newer.stderr.contains("\u{07}"))
    }

    @Test func aSeedFileNamingAnEscapeIsReportedAsText() throws {
        let folder = try TemporaryFolder()
        let seeds = folder.path("seeds")
        try FileManager.default.createDirectory(atPath: seeds + "/groups", withIntermediateDirectories: true)
        try #"{"members": [{"handle": "bad\u001b]0;PWNED\u0007"}]}"#.write(
            toFile: seeds + "/members.json", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: Peerroom.packageRoot.appendingPathComponent("seeds/groups/newcomers.json").path,
            toPath: seeds + "/groups/newcomers.json")
        let result = try Peerroom.run(["seed", "--db", folder.path("room.sqlite"), "--from", seeds])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("members.json"))
        #expect(result.stderr.contains("PWNED"))
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!result.stderr.contains("\u{07}"))
    }

    @Test func oversizedTextIsRefusedNamingTheFieldOnEveryCommand() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let zalgo = "a" + String(repeating: "\u{301}", count: 40)
        // 20,000 characters, 1.6 MB: within the characters, far past the bytes.
        let heavy = String(repeating: "e" + String(repeating: "\u{301}", count: 30), count: 20_000)
        let bodyFile = folder.path("body.txt")
        try heavy.write(toFile: bodyFile, atomically: true, encoding: .utf8)
        let before = try Peerroom.feed(db: db, group: "newcomers").count
        let runs: [(field: String, arguments: [String], stdin: String?)] = [
            ("body", ["post", "--group", "newcomers", "--kind", "triumph", "--title", "T", "--file", bodyFile], nil),
            ("body", ["post", "--group", "newcomers", "--kind", "triumph", "--title", "T"], heavy),
            ("title", ["post", "--group", "newcomers", "--kind", "triumph", "--title", "T \(zalgo)"], "ok"),
            (
                "content warning",
                ["post", "--group", "newcomers", "--kind", "triumph", "--title", "T", "--cw", zalgo], "ok"
            ),
            ("message", ["encourage", "--group", "newcomers", "hi \(zalgo)"], nil),
            ("note", ["checkin", "--mood", "3", "--note", zalgo], nil),
        ]
        for run in runs {
            let result = try Peerroom.run(run.arguments + ["--db", db], stdin: run.stdin)
            #expect(result.status == 65, "\(run.arguments.prefix(2)): \(result.stderr)")
            #expect(result.stderr.contains("peerroom: The \(run.field) "), "\(result.stderr)")
            #expect(result.stderr.contains("bytes") || result.stderr.contains("code points"), "\(result.stderr)")
        }
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before, "nothing was posted")
        // Plain mode: the same refusal, and the room goes on.
        let plain = try Peerroom.run(
            ["--db", db, "--plain", "--group", "newcomers"],
            stdin: "post\ntriumph\nT \(zalgo)\n")
        #expect(plain.stdout.contains("The title has a character"), "\(plain.stdout.suffix(600))")
        #expect(plain.stdout.contains("code points"))
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before)
    }
}
