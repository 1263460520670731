import Dispatch
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

    /// Every mode (and group) the folder and the three files have while `arguments` runs under
    /// umask 022, watched as fast as stat allows, until the command has ended.
    func modesSeen(_ arguments: [String], folder: String, db: String) throws -> (
        status: Int32, seen: [String: Set<String>]
    ) {
        let binary = try Peerroom.binary
        var env = ProcessInfo.processInfo.environment
        env["PEERROOM_SEEDS"] = Peerroom.packageRoot.appendingPathComponent("seeds").path
        let command = "umask 022; exec " + ([binary] + arguments).map(shellQuoted).joined(separator: " ")
        let environment = env
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status: Int32 = -1
        DispatchQueue.global().async {
            status = (try? Subprocess.run(["/bin/sh", "-c", command], environment: environment).status) ?? -1
            done.signal()
        }
        var seen: [String: Set<String>] = [:]
        func look() {
            for item in [folder, db, db + "-wal", db + "-shm"] {
                var info = stat()
                if stat(item, &info) == 0 {
                    seen[item, default: []].insert("\(String(info.st_mode & 0o7777, radix: 8)):\(info.st_gid)")
                }
            }
        }
        while done.wait(timeout: .now()) == .timedOut { look() }
        look()
        return (status, seen)
    }

    @Test func everyFileHasItsFinalModeFromTheMomentItExists() throws {
        let folder = try TemporaryFolder()
        #expect(mode(folder.url.path) == 0o755, "a parent others may enter")
        let dir = folder.path("private")
        let db = dir + "/room.sqlite"
        let run = try modesSeen(["groups", "--db", db], folder: dir, db: db)
        #expect(run.status == 0)
        let gid = getgid()
        #expect(run.seen[dir] == ["700:\(gid)"])
        for file in [db, db + "-wal", db + "-shm"] {
            #expect(run.seen[file] == ["600:\(gid)"], "\(file)")
        }
    }

    @Test func aSharedRoomHasItsGroupAndModeFromTheMomentItExists() throws {
        let folder = try TemporaryFolder()
        let dir = folder.path("shared")
        let db = dir + "/room.sqlite"
        let gid = getgid()
        let name = try #require(getgrgid(gid).map { String(cString: $0.pointee.gr_name) })
        let run = try modesSeen(["groups", "--db", db, "--shared-group", name], folder: dir, db: db)
        #expect(run.status == 0)
        // The folder is made 0700 and only then opened to the group; files likewise 0600 first.
        #expect(run.seen[dir, default: []].isSubset(of: ["700:\(gid)", "2770:\(gid)"]))
        #expect(mode(dir) == 0o2770)
        for file in [db, db + "-wal", db + "-shm"] {
            #expect(run.seen[file, default: []].isSubset(of: ["600:\(gid)", "660:\(gid)"]), "\(file)")
            #expect(mode(file) == 0o660, "\(file)")
        }
    }

    @Test func aFailedSharedGroupCreatesNothing() throws {
        let folder = try TemporaryFolder()
        // A folder anyone may create in (like /tmp), for `nobody` when the tests run as root.
        let open = folder.path("open")
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o1777)
        let db = open + "/x/room.sqlite"
        // Nobody (or a user outside it) may give files to the group root.
        let result = try runAsOther(["groups", "--db", db, "--shared-group", "root"], in: folder)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("cannot give"))
        #expect(result.stderr.contains("nothing was created"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: open).isEmpty, "no folder, no file left")
    }

    @Test func aRoomOthersCanReadIsRefusedNamingTheFileTheModeAndTheFix() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room/room.sqlite")
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        for file in [db, db + "-wal", db + "-shm"] {
            chmod(file, 0o644)
            let result = try Peerroom.run(["groups", "--db", db])
            #expect(result.status == 77, "\(file)")
            #expect(result.stderr.contains("\(file) has mode 0644"), "\(result.stderr)")
            #expect(result.stderr.contains("chmod 600 \(file)"))
            #expect(result.stdout.isEmpty)
            #expect(mode(file) == 0o644, "left as it was")
            chmod(file, 0o600)
        }
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
    }

    @Test func theWalAndShmFollowTheDatabasesMode() throws {
        let folder = try TemporaryFolder()
        let dir = folder.path("room")
        let db = dir + "/room.sqlite"
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        // A -wal and -shm that allow more than the database (0640 against 0660) would let a
        // member who may only read the database write to the room through them.
        chmod(db, 0o640)
        chmod(db + "-wal", 0o660)
        chmod(db + "-shm", 0o660)
        if getuid() == 0 {
            // Someone else (nobody, in the files' group) may not fix them, and is refused.
            chmod(folder.url.path, 0o755)
            chmod(dir, 0o750)
            let nogroup = try #require(getgrnam("nogroup")).pointee.gr_gid
            for item in [dir, db, db + "-wal", db + "-shm"] { chown(item, uid_t.max, nogroup) }
            let other = try runAsOther(["groups", "--db", db], in: folder)
            #expect(other.status == 77, "\(other.stderr)")
            #expect(other.stderr.contains("\(db)-wal has mode 0660"))
        }
        // The owner's next open gives them the database's mode.
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        #expect(mode(db + "-wal") == 0o640)
        #expect(mode(db + "-shm") == 0o640)
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

    /// Read-only by file mode: the room's group may read (0640), not write, and its -wal and
    /// -shm allow no more than the database itself.
    @Test func aReadOnlyRoomCanBeBrowsedButNotWritten() throws {
        let folder = try TemporaryFolder()
        let dir = folder.path("ro")
        let db = dir + "/room.sqlite"
        #expect(try Peerroom.run(["groups", "--db", db]).status == 0)
        chmod(folder.url.path, 0o755)
        if getuid() == 0 {
            let nogroup = try #require(getgrnam("nogroup")).pointee.gr_gid
            for item in [dir] + [db, db + "-wal", db + "-shm"] { chown(item, uid_t.max, nogroup) }
        }
        chmod(dir, 0o750)
        for file in [db, db + "-wal", db + "-shm"] { chmod(file, 0o640) }
        if getuid() != 0 { chmod(db, 0o440) }
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
