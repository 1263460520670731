import Foundation
import Testing

/// Many people on one file at once: real processes, a real SQLite file, nothing lost.
@Suite("End to end: many writers on one file", .serialized)
struct ConcurrencyTests {
    static var bench: String {
        get throws {
            let path =
                ProcessInfo.processInfo.environment["PEERROOM_BENCH_BIN"]
                ?? Peerroom.packageRoot.appendingPathComponent(".build/debug/peerroom-bench").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                Issue.record("no peerroom-bench at \(path): run `swift build` before `swift test`")
                throw CancellationError()
            }
            return path
        }
    }

    /// Starts `count` writers side by side and returns their pids.
    static func startWriters(
        db: String, count: Int, stories: Int, folder: TemporaryFolder, firstTag: Int = 1
    ) throws -> [pid_t] {
        try (firstTag..<(firstTag + count)).map { index in
            let script =
                "exec \(shellQuoted(try bench)) write --db \(shellQuoted(db)) --group newcomers --as moss "
                + "--count \(stories) --tag w\(index) > \(shellQuoted(folder.path("out\(index)"))) "
                + "2> \(shellQuoted(folder.path("err\(index)")))"
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
            defer { for pointer in argv { free(pointer) } }
            var attributes = CleanSignals.spawnAttributes()
            defer { posix_spawnattr_destroy(&attributes) }
            let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ)
            try #require(spawned == 0)
            return pid
        }
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    static func check(_ db: String) throws -> [String: String] {
        let run = try Subprocess.run(
            [try bench, "check", "--db", db], environment: ProcessInfo.processInfo.environment)
        var values: [String: String] = [:]
        for line in run.output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    @Test func eightProcessesPostingFiveHundredEachLoseNothing() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        let before = Int(try Self.check(db)["stories"] ?? "") ?? -1
        let pids = try Self.startWriters(db: db, count: 8, stories: 500, folder: folder)
        for (index, pid) in pids.enumerated() {
            #expect(Self.wait(pid) == 0, "writer \(index + 1)")
            let errors = (try? String(contentsOfFile: folder.path("err\(index + 1)"), encoding: .utf8)) ?? ""
            #expect(!errors.lowercased().contains("locked"), "no 'database is locked' reaches anyone")
            #expect(errors.isEmpty, "\(errors)")
        }
        let after = try Self.check(db)
        #expect(after["integrity"] == "ok")
        #expect(Int(after["stories"] ?? "") == before + 4000, "all 4,000 landed")
        #expect(after["stories"] == after["whole stories"])
    }

    /// How many of one writer's stories the file holds, read with the sqlite3 shell.
    static func stories(taggedBy tag: String, in db: String) throws -> Int {
        let run = try Subprocess.run(
            ["/usr/bin/sqlite3", db, "SELECT count(*) FROM story WHERE title LIKE '\(tag) story %'"],
            environment: ProcessInfo.processInfo.environment)
        return Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func aWriterKilledMidWriteLeavesTheFileSoundAndTheOthersUnaffected() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        // The first writer could never finish in the test's time; it is killed once the file
        // shows it has committed, however fast or slow this machine and build are.
        let doomed = try Self.startWriters(db: db, count: 1, stories: 10_000_000, folder: folder, firstTag: 1)
        let others = try Self.startWriters(db: db, count: 2, stories: 1500, folder: folder, firstTag: 2)
        let deadline = Date().addingTimeInterval(60)
        while try Self.stories(taggedBy: "w1", in: db) < 20 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(doomed[0], SIGKILL)
        #expect(Self.wait(doomed[0]) == 137, "the first writer was killed")
        for pid in others { #expect(Self.wait(pid) == 0) }
        let after = try Self.check(db)
        #expect(after["integrity"] == "ok")
        #expect(try Self.stories(taggedBy: "w1", in: db) >= 20, "what the killed writer committed stays")
        #expect(try Self.stories(taggedBy: "w2", in: db) == 1500, "the others lose nothing")
        #expect(try Self.stories(taggedBy: "w3", in: db) == 1500)
        #expect(after["stories"] == after["whole stories"], "no half-written story")
    }
}
