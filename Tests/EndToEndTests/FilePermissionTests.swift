import Foundation
import Testing

/// Who may read the room: a new database is private to its owner, or to one Unix group;
/// a read-only file can be browsed; an unreadable one is refused clearly.
@Suite("End to end: file permissions")
struct FilePermissionTests {
    func mode(_ path: String) -> Int {
        var info = stat()
        stat(path, &info)
        return Int(info.st_mode) & 0o7777
    }

    func group(_ path: String) -> gid_t {
        var info = stat()
        stat(path, &info)
        return info.st_gid
    }

    @Test func aNewDatabaseIsTheOwnersAlone() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("private/room.sqlite")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        #expect(mode(folder.path("private")) == 0o700)
        for file in [db, db + "-wal", db + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(mode(file) == 0o600, "\(file)")
        }
    }

    @Test func aSharedGroupGetsTheFilesAndTheFolder() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("shared/room.sqlite")
        let gid = getgid()
        let name = try #require(getgrgid(gid).map { String(cString: $0.pointee.gr_name) })
        let result = try Peerroom.run(["groups", "--db", db, "--shared-group", name])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(mode(folder.path("shared")) == 0o2770)
        #expect(group(folder.path("shared")) == gid)
        #expect(mode(db) == 0o660)
        let unknown = try Peerroom.run([
            "groups", "--db", folder.path("x/room.sqlite"), "--shared-group", "no-such-grp",
        ])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("No Unix group named 'no-such-grp'"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("x/room.sqlite")), "nothing created")
    }

    /// Runs peerroom as someone who is not the file's owner: `nobody` when the tests run as
    /// root (root may write anything), else this user after taking write permission away.
    func runAsOther(_ arguments: [String], in folder: TemporaryFolder, stdin: String = "") throws -> Peerroom.Result {
        if getuid() == 0 {
            // nobody may not be able to reach the build folder (a checkout in a private
            // folder), so it runs a copy of the binary from the test's own folder.
            let copy = folder.path("peerroom-copy")
            if !FileManager.default.fileExists(atPath: copy) {
                // Copied by cp, not in this process: a writable descriptor of ours could leak into
                // a child another test spawns meanwhile, and running the copy would then fail
                // with "Text file busy".
                let cp = try Subprocess.run(
                    ["/bin/cp", try Peerroom.binary, copy], environment: ProcessInfo.processInfo.environment)
                try #require(cp.status == 0, "\(cp.errors)")
            }
            chmod(copy, 0o755)
            chmod(folder.url.path, 0o755)
            let command =
                ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp", copy]
                + arguments
            var env = ProcessInfo.processInfo.environment
            env["PEERROOM_SEEDS"] = Peerroom.packageRoot.appendingPathComponent("seeds").path
            let run = try Subprocess.run(command, stdin: stdin, environment: env)
            return Peerroom.Result(status: run.status, stdout: run.output, stderr: run.errors)
        }
        return try Peerroom.run(arguments, stdin: stdin)
    }

    @Test func aReadOnlyRoomCanBeBrowsedButNotWritten() throws {
        let folder = try TemporaryFolder()
        let dir = folder.path("ro")
        let db = dir + "/room.sqlite"
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        chmod(folder.url.path, 0o755)
        chmod(dir, 0o755)
        for file in [db, db + "-wal", db + "-shm"] { chmod(file, 0o644) }
        if getuid() != 0 { chmod(db, 0o444) }
        let before = try Peerroom.feed(db: db, group: "newcomers").count

        let read = try runAsOther(["feed", "--db", db, "--group", "newcomers", "--format", "json"], in: folder)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\"title\""))
        let write = try runAsOther(
            ["post", "--db", db, "--group", "newcomers", "--kind", "triumph", "--title", "T"], in: folder, stdin: "B")
        #expect(write.status == 77)
        #expect(write.stderr.contains("read-only for you"))
        #expect(try Peerroom.feed(db: db, group: "newcomers").count == before)
    }

    @Test func anUnreadableRoomIsRefusedClearly() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("closed/room.sqlite")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        chmod(folder.url.path, 0o755)
        chmod(folder.path("closed"), 0o755)
        chmod(db, 0o600)
        if getuid() != 0 { chmod(db, 0o000) }
        let result = try runAsOther(["groups", "--db", db], in: folder)
        #expect(result.status == 74)
        #expect(result.stderr.contains("you may not read it"))
        chmod(db, 0o600)
    }
}
