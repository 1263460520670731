import Foundation
import Testing

@testable import PeerRoomApp

/// Crisis words while writing, in a real terminal and in plain mode: the offer is shown once
/// for the draft, crisis help opens from it with the draft kept, and nothing about it reaches
/// the database or the data folder.
@Suite("End to end: crisis words while writing", .serialized)
struct CrisisWordsEndToEndTests {
    static let offer = "It sounds like a lot right now."
    static let typed = "I can't stop thinking I want to END IT ALL. Nobody knows."

    /// Rows per table, read with the sqlite3 shell.
    static func rowCounts(_ db: String) throws -> [String: Int] {
        let tables = try sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .split(separator: "\n").map(String.init)
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = Int(try sqlite(db, "SELECT count(*) FROM \"\(table)\"").trimmingWhitespace)
        }
        return counts
    }

    static func sqlite(_ db: String, _ sql: String) throws -> String {
        let run = try Subprocess.run(["/usr/bin/sqlite3", db, sql], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0, "sqlite3: \(run.errors)")
        return run.output
    }

    /// Each file in the folder with its size and modification time.
    static func files(_ folder: TemporaryFolder) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.url.path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.path(name))
            files[name] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "")"
        }
        return files
    }

    @Test func aCrisisPhraseInANewStoryShowsTheOfferCrisisHelpOpensFromItAndNothingIsKept() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 80, height: 24, command: try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        try terminal.waitFor("1 Groups")
        let rowsBefore = try Self.rowCounts(db)
        let lastChange = Int(try Self.sqlite(db, "SELECT coalesce(max(seq), 0) FROM change_log").trimmingWhitespace)!
        let filesBefore = try Self.files(folder)

        try terminal.send("n")
        try terminal.waitFor("New story")
        try terminal.send("-l", "Tonight")
        try terminal.send("Tab", "Tab")
        try terminal.send("-l", Self.typed)
        var screen = try terminal.waitFor(Self.offer)
        #expect(screen.contains("Crisis help: Ctrl-G. Only you see this."))
        // Ctrl-G (the crisis key while writing, where ! is text) opens crisis help over the draft.
        try terminal.send("C-g")
        try terminal.waitFor("In danger now")
        try terminal.send("Escape")
        screen = try terminal.waitFor("Nobody knows.")
        #expect(screen.contains("New story"), "back in the draft")
        #expect(screen.contains("I can't stop thinking I want to END IT ALL. Nobody knows."), "its text intact")
        #expect(!screen.contains(Self.offer), "the offer does not come back for this draft")
        try terminal.send("-l", " Still here.")
        screen = try terminal.waitFor("Still here.")
        #expect(!screen.contains(Self.offer))
        try terminal.send("C-s")
        try terminal.waitFor("Tonight")
        try terminal.waitUntil("the compose view is left") { !$0.contains("New story") }

        // The store holds exactly what was typed, and nothing else is new.
        let newest = try #require(try Peerroom.feed(db: db, group: "clean-slate").first)
        #expect(newest["title"] as? String == "Tonight")
        #expect(newest["body"] as? String == Self.typed + " Still here.")
        let rowsAfter = try Self.rowCounts(db)
        for (table, count) in rowsAfter
        where table != "story" && table != "change_log" && !table.hasPrefix("story_search") {
            #expect(count == rowsBefore[table], "no new row in \(table)")
        }
        #expect(rowsAfter["story"] == (rowsBefore["story"] ?? 0) + 1, "one story")
        #expect(rowsAfter["draft"] == 0, "the draft is gone once posted")
        let storyID = try #require(newest["id"] as? Int)
        let logged = try Self.sqlite(
            db, "SELECT kind, coalesce(storyId, '') FROM change_log WHERE seq > \(lastChange) ORDER BY seq")
        for line in logged.split(separator: "\n") {
            #expect(line.hasSuffix("|\(storyID)") || line.hasPrefix("roster"), "logged only the post: \(line)")
        }
        // No file in the data folder is new; only the database's own files changed.
        let filesAfter = try Self.files(folder)
        #expect(Set(filesAfter.keys) == Set(filesBefore.keys), "no new file: \(filesAfter.keys.sorted())")
        for (name, stamp) in filesAfter where !name.hasPrefix("room.sqlite") {
            #expect(stamp == filesBefore[name], "\(name) unchanged")
        }
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }

    @Test func plainModeOffersOncePerTextAndPostsItAsTyped() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "post\nr\nA hard night\n\nI want to die some nights.\nI thought about suicide too.\n.\nquit\n",
            environment: ["XDG_CONFIG_HOME": folder.path("config")])
        #expect(result.status == 0, "\(result.stderr)")
        let offers = result.stdout.components(separatedBy: "If you want it, crisis help is one line away").count - 1
        #expect(offers == 1, "once for the text:\n\(result.stdout)")
        let newest = try #require(try Peerroom.feed(db: db, group: "sober-circle").first)
        #expect(newest["body"] as? String == "I want to die some nights.\nI thought about suicide too.")
    }

    @Test func configTurnsTheOfferOffOrNamesABrokenWordsFile() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let config = folder.url.appendingPathComponent("config/peerroom")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let input = "post\nr\nA hard night\n\nI want to die some nights.\n.\nquit\n"
        let arguments = ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"]
        let environment = ["XDG_CONFIG_HOME": folder.path("config")]

        try "crisis_words = false\n".write(
            to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let off = try Peerroom.run(arguments, stdin: input, environment: environment)
        #expect(off.status == 0)
        #expect(!off.stdout.contains("crisis help is one line away"), "off")

        try "crisis_words = \"mine.toml\"\n".write(
            to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        try "words = [\n  \"tired of it\",\n  \"???\",\n]\n".write(
            to: config.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        let broken = try Peerroom.run(arguments, stdin: input, environment: environment)
        #expect(
            broken.stdout.contains(
                "crisis_words ignored: \(config.path)/mine.toml line 3: words: \"???\" has no letter or digit"),
            "\(broken.stdout)")
        #expect(broken.stdout.contains("crisis help is one line away"), "the shipped list instead")

        try "words = [\n  \"tired of it all\",\n]\n".write(
            to: config.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        let own = try Peerroom.run(
            arguments, stdin: "post\nr\nA hard night\n\nI am tired of it all.\n.\nquit\n", environment: environment)
        #expect(own.stdout.contains("crisis help is one line away"), "one's own list")
    }

    @Test func theListFollowsTheLocaleLanguageAndFallsBackToEnglish() {
        #expect(CrisisWordsList.language(environment: ["LANG": "de_DE.UTF-8"]) == "de")
        #expect(CrisisWordsList.language(environment: ["LC_ALL": "C.UTF-8", "LANG": "fr_FR"]) == nil)
        let seeds = ["PEERROOM_SEEDS": Peerroom.packageRoot.appendingPathComponent("seeds").path]
        let (german, problem) = CrisisWordsList.shipped(environment: seeds.merging(["LANG": "de_DE.UTF-8"]) { $1 })
        #expect(problem == nil)
        #expect(german.matches("I want to kill myself"), "no German list yet: English")
    }
}

extension String {
    fileprivate var trimmingWhitespace: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
