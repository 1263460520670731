import Foundation
import Testing

/// Another process holding the database's write lock, and a full disk: said in plain words
/// with a sysexits status, in the room's footer too, never as SQL; what was typed stays.
@Suite("End to end: a busy database and a full disk", .serialized)
struct FaultTests {
    /// `sqlite3` holding the write lock (`BEGIN IMMEDIATE` and no end), as a stopped writer
    /// would; `release()` (or the end of the test) lets it go.
    final class LockHolder {
        let process = Process()
        let input = Pipe()

        init(db: String, folder: TemporaryFolder) throws {
            let out = folder.path("lock-holder.out")
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [db]
            process.standardInput = input
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            try process.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
            guard waitForFile(out)?.contains("locked") == true else {
                release()
                Issue.record("sqlite3 never took the lock")
                throw CancellationError()
            }
        }

        func release() {
            guard process.isRunning else { return }
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }

        deinit { release() }
    }

    /// A tmpfs of `megabytes` mounted on a new folder (root only), unmounted by `unmount()`.
    final class TinyDisk {
        let path: String
        private var mounted = false

        init(in folder: TemporaryFolder, megabytes: Int) throws {
            path = folder.path("disk")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let run = try Subprocess.run(
                ["/bin/mount", "-t", "tmpfs", "-o", "size=\(megabytes)M,mode=700", "tmpfs", path],
                environment: ProcessInfo.processInfo.environment)
            try #require(run.status == 0, "mount: \(run.errors)")
            mounted = true
        }

        /// Writes a file until the disk refuses more.
        func fill() {
            let filler = path + "/filler"
            _ = FileManager.default.createFile(atPath: filler, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: filler) else { return }
            defer { try? handle.close() }
            let chunk = Data(count: 4096)
            while (try? handle.write(contentsOf: chunk)) != nil {}
        }

        func makeRoom() { try? FileManager.default.removeItem(atPath: path + "/filler") }

        func unmount() {
            guard mounted else { return }
            // Lazy: detached at once even while a room that failed a test still has files open.
            _ = try? Subprocess.run(["/bin/umount", "-l", path], environment: ProcessInfo.processInfo.environment)
            mounted = false
        }

        deinit { unmount() }
    }

    static let busyWords = "The room's database is busy (another process holds it)"
    static let fullWords = "The disk is full; what you wrote is on screen but not saved"
    static let quick = ["PEERROOM_BUSY_TIMEOUT_MS": "100"]

    /// The room in a terminal, its shell's pid (the room's, after exec) written to `pid`.
    func room(db: String, folder: TemporaryFolder) throws -> (Terminal, pid: () -> pid_t?) {
        let pidFile = folder.path("room.pid")
        let seeds = Peerroom.packageRoot.appendingPathComponent("seeds").path
        let command =
            "echo $$ > \(shellQuoted(pidFile)); exec env LANG=C.UTF-8 PEERROOM_SEEDS=\(shellQuoted(seeds)) "
            + "PEERROOM_BUSY_TIMEOUT_MS=100 \(shellQuoted(try Peerroom.binary)) --db \(shellQuoted(db)) --group newcomers"
        let terminal = try Terminal(width: 120, height: 30, command: command)
        return (
            terminal, { waitForFile(pidFile).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }
        )
    }

    @Test func commandsSayTheDatabaseIsBusyAndExit75() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let before = try Peerroom.feed(db: db, group: "newcomers").count
        let lock = try LockHolder(db: db, folder: folder)
        defer { lock.release() }

        let runs: [([String], String?)] = [
            (["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Held"], "A body"),
            (["encourage", "--db", db, "--group", "newcomers", "Hello"], nil),
            (["checkin", "--db", db, "--mood", "4"], nil),
        ]
        for (arguments, stdin) in runs {
            let result = try Peerroom.run(arguments, stdin: stdin, environment: Self.quick)
            #expect(result.status == 75, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains(Self.busyWords), "\(result.stderr)")
            #expect(!result.stderr.contains("SQLite"))
            #expect(!result.stderr.contains("BEGIN"))
        }
        // Reading goes on meanwhile.
        #expect(try Peerroom.run(["groups", "--db", db], environment: Self.quick).status == 0)
        lock.release()
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before, "nothing half-written")
        let after = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Free"], stdin: "Now",
            environment: Self.quick)
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test func theRoomSaysTheDatabaseIsBusyInTheFooter() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        try Peerroom.join(db: db)
        let (terminal, _) = try room(db: db, folder: folder)
        try terminal.waitFor("1 Groups")
        let lock = try LockHolder(db: db, folder: folder)
        defer { lock.release() }
        try terminal.send("2")
        try terminal.send("s")  // a reaction: a write
        let screen = try terminal.waitFor("database is busy (another process holds it)")
        #expect(!screen.contains("SQLite"))
        #expect(!screen.contains("BEGIN"))
        lock.release()
        try terminal.send("q")
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tiny tmpfs needs root"))
    func aFullDiskIsSaidPlainlyWithExit74() throws {
        let folder = try TemporaryFolder()
        let disk = try TinyDisk(in: folder, megabytes: 4)
        defer { disk.unmount() }
        let db = disk.path + "/room.sqlite"
        try Peerroom.join(db: db)
        let before = try Peerroom.feed(db: db, group: "newcomers").count
        disk.fill()
        let body = String(repeating: "🌱", count: 19_000)
        let result = try Peerroom.run(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "Full"], stdin: body)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains(Self.fullWords))
        #expect(!result.stderr.contains("SQLite"))
        disk.makeRoom()
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tiny tmpfs needs root"))
    func aDraftTypedOnAFullDiskStaysOnScreenAndIsSavedWhenThereIsRoom() throws {
        let folder = try TemporaryFolder()
        let disk = try TinyDisk(in: folder, megabytes: 4)
        defer { disk.unmount() }
        let db = disk.path + "/room.sqlite"
        try Peerroom.join(db: db)
        let (terminal, pid) = try room(db: db, folder: folder)
        try terminal.waitFor("1 Groups")
        try terminal.send("n")
        try terminal.waitFor("New story")  // writing starts in the title
        disk.fill()
        try terminal.send("-l", "Typed on a full disk")
        let full = try terminal.waitFor("The disk is full")
        #expect(full.contains("Typed on a full disk"), "the text stays on screen")
        #expect(full.contains("New story"), "compose stays open")
        #expect(!full.contains("SQLite"))
        disk.makeRoom()
        try terminal.waitFor("Your draft is saved now")
        // kill -9: what was typed is in the database.
        let room = try #require(pid())
        kill(room, SIGKILL)
        let draft = try Subprocess.run(
            ["/usr/bin/sqlite3", db, "SELECT title FROM draft"], environment: ProcessInfo.processInfo.environment)
        #expect(draft.output.contains("Typed on a full disk"), "\(draft.output) \(draft.errors)")
    }
}
