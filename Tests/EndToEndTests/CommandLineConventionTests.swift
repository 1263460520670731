import Foundation
import Testing

@testable import PeerRoomApp

/// The command line follows the conventions people and scripts expect: help that lists
/// everything, a version, one error style, sysexits codes, JSON errors for JSON callers.
@Suite("End to end: command-line conventions")
struct CommandLineConventionTests {
    @Test func helpListsTheGlobalOptionsAndEveryCommandInGroups() throws {
        let help = try Peerroom.run(["--help"])
        #expect(help.status == 0)
        for option in ["--db", "--as", "--theme", "--plain", "--group"] {
            #expect(help.stdout.contains(option), "help names \(option)")
        }
        for name in PeerRoom.commandNames where name != "help" {
            #expect(help.stdout.contains("\n  \(name) "), "help lists \(name)")
        }
        for heading in ["READING SUBCOMMANDS", "WRITING SUBCOMMANDS", "SAFETY AND MODERATION SUBCOMMANDS"] {
            #expect(help.stdout.contains(heading))
        }
        #expect(help.stdout.contains("64 usage"), "the exit statuses are explained")
    }

    @Test func versionPrintsTheVersion() throws {
        let run = try Peerroom.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == PeerRoom.version)
    }

    @Test func anUnknownCommandSaysSoAndSuggestsTheClosest() throws {
        let unknown = try Peerroom.run(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("peerroom: Unknown command 'frobnicate'."))
        let typo = try Peerroom.run(["fedd", "--group", "newcomers"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("Did you mean feed"))
        #expect(typo.stdout.isEmpty, "nothing ran")
    }

    @Test func errorsAreOneSentenceAfterTheProgramName() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let empty = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", " "], stdin: "A body.")
        #expect(empty.status == 65)
        #expect(empty.stderr == "peerroom: The title is empty.\n")
        let missing = try Peerroom.run(["feed", "--db", db])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("peerroom: Missing expected argument '--group"))
        #expect(!missing.stderr.contains("Error:"))
        let group = try Peerroom.run(["feed", "--db", db, "--group", "nowhere"])
        #expect(group.status == 65)
        #expect(group.stderr.hasPrefix("peerroom: No group 'nowhere'"))
    }

    @Test func jsonCallersGetJSONErrors() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let run = try Peerroom.run(["feed", "--db", db, "--group", "nowhere", "--format", "json"])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        let error = try #require(
            JSONSerialization.jsonObject(with: Data(run.stderr.utf8)) as? [String: Any], "stderr is JSON: \(run.stderr)"
        )
        #expect(error["code"] as? Int == 65)
        #expect((error["error"] as? String)?.hasPrefix("No group 'nowhere'") == true)
    }

    @Test func anUnknownHandleSuggestsAtMostTenCloseOnesNotTheWholeRoom() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let inserts = (1...40).map { "INSERT INTO member (handle, createdAt) VALUES ('rowan\($0)', 0);" }
        let sql = try Subprocess.run(
            ["/usr/bin/sqlite3", db, inserts.joined(separator: " ")], environment: ProcessInfo.processInfo.environment)
        #expect(sql.status == 0, "\(sql.errors)")
        let run = try Peerroom.run(["encourage", "--db", db, "--group", "newcomers", "--to", "rowa", "Hi"])
        #expect(run.status == 65)
        let suggested = run.stderr.components(separatedBy: "did you mean ").last ?? ""
        #expect(suggested.components(separatedBy: ", ").count == 10, "\(run.stderr)")
        #expect(!run.stderr.contains("river"), "members far from the typo are not listed")
    }

    @Test func postingFromATerminalSaysHowToFinish() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let command =
            "env PEERROOM_SEEDS=\(shellQuoted(Peerroom.packageRoot.appendingPathComponent("seeds").path)) "
            + "\(shellQuoted(try Peerroom.binary)) post --db \(shellQuoted(db)) --group newcomers "
            + "--kind reflection --title 'From a terminal'; sleep 60"
        let terminal = try Terminal(width: 100, height: 20, command: command)
        try terminal.waitFor("end with Ctrl-D on a line of its own")
        try terminal.send("-l", "Typed at a terminal.")
        try terminal.send("Enter", "C-d")
        try terminal.waitFor("Posted story")
        let stories = try Peerroom.feed(db: db, group: "newcomers")
        #expect(stories.first?["body"] as? String == "Typed at a terminal.")
    }

    @Test func theManPageNamesEveryCommand() throws {
        let page = try String(
            contentsOf: Peerroom.packageRoot.appendingPathComponent("docs/peerroom.1"), encoding: .utf8)
        for name in PeerRoom.commandNames where name != "help" {
            #expect(page.contains(".It Em \(name)\n"), "docs/peerroom.1 lacks \(name): run scripts/manual")
        }
    }

    @Test func installPutsTheRoomItsManPageAndCompletionsInTheirPlaces() throws {
        let folder = try TemporaryFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["PREFIX"] = folder.path("prefix")
        environment["PEERROOM_BIN"] = try Peerroom.binary
        let install = try Subprocess.run(
            ["/bin/bash", Peerroom.packageRoot.appendingPathComponent("scripts/install").path],
            environment: environment)
        #expect(install.status == 0, "\(install.errors)")
        let prefix = folder.path("prefix")
        let completions = [
            "share/bash-completion/completions/peerroom", "share/zsh/site-functions/_peerroom",
            "share/fish/vendor_completions.d/peerroom.fish",
        ]
        for path in completions {
            let script = (try? String(contentsOfFile: "\(prefix)/\(path)", encoding: .utf8)) ?? ""
            #expect(script.contains("feed") && script.contains("encourage"), "\(path) completes the commands")
        }
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/man/man1/peerroom.1"))
        // The installed room finds its own seeds and crisis lines, with no hint from the environment.
        environment.removeValue(forKey: "PEERROOM_SEEDS")
        environment["XDG_CONFIG_HOME"] = folder.path("config")
        let crisis = try Subprocess.run(["\(prefix)/bin/peerroom", "crisis"], environment: environment)
        #expect(crisis.status == 0, "\(crisis.errors)")
        #expect(crisis.output.contains("988") || crisis.output.contains("findahelpline"), "\(crisis.output)")
    }

    @Test func jsonNamesGroupsBySlugEverywhere() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Marigolds bloomed"],
            stdin: "The marigolds bloomed today.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let search = try Peerroom.run(["search", "--db", db, "marigolds", "--format", "json"])
        let hits = try #require(JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(hits.first?["group"] as? String == "newcomers")
        let meetings = try Peerroom.run(["meetings", "--db", db, "--group", "newcomers", "--format", "json"])
        let list = try #require(JSONSerialization.jsonObject(with: Data(meetings.stdout.utf8)) as? [[String: Any]])
        let first = try #require(list.first, "the demo room has meetings")
        #expect(first["group"] as? String == "newcomers")
        #expect((first["startsAt"] as? String)?.contains("T") == true, "ISO 8601")
        let rsvps = try #require(first["rsvps"] as? [String: Int])
        #expect(Set(rsvps.keys) == ["going", "maybe", "no"])
    }

    @Test func searchJSONMarksMatchesInAWayTextCannotFake() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let posted = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "«Fake» tulips"],
            stdin: "Tulips came up.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let search = try Peerroom.run(["search", "--db", db, "tulips", "--format", "json"])
        let hit = try #require(
            (JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(hit["titleMarked"] as? String == "‹Fake› «tulips»", "the person's « » cannot pose as a match")
        let parts = try #require(hit["titleParts"] as? [[String: Any]])
        #expect(parts.filter { $0["match"] as? Bool == true }.compactMap { $0["text"] as? String } == ["tulips"])
        #expect(parts.compactMap { $0["text"] as? String }.joined() == "«Fake» tulips")
    }
}
