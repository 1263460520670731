import Foundation
import RoomStore

/// The database file, its `-wal` and `-shm`, and its folder: created with their final modes
/// from the first `open` (never wider, not even for a moment), checked before every open.
enum DatabaseFiles {
    /// The files SQLite keeps for one database in WAL mode.
    static func all(_ path: String) -> [String] { [path, path + "-wal", path + "-shm"] }

    /// What a new room's files and folders get.
    static func fileMode(_ sharing: SQLiteRoomStore.FileSharing) -> mode_t {
        sharing == .ownerOnly ? 0o600 : 0o660
    }

    static func folderMode(_ sharing: SQLiteRoomStore.FileSharing) -> mode_t {
        sharing == .ownerOnly ? 0o700 : 0o2770
    }

    /// Paths made so far, undone in reverse when a later step fails: a failure creates nothing.
    struct Created {
        var files: [String] = []
        var folders: [String] = []

        func undo() {
            for file in files.reversed() { unlink(file) }
            for folder in folders.reversed() { rmdir(folder) }
        }
    }

    /// Makes the missing folders above `path`, each 0700 as `mkdir` creates it, then its final
    /// mode (and group).
    static func createFolders(for path: String, sharing: SQLiteRoomStore.FileSharing, into created: inout Created)
        throws
    {
        var missing: [String] = []
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty && folder != "/" && !FileManager.default.fileExists(atPath: folder) {
            missing.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            guard mkdir(folder, 0o700) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder)")
            }
            created.folders.append(folder)
            try give(folder, descriptor: nil, sharing: sharing, mode: folderMode(sharing), for: path)
        }
    }

    /// Creates `file` (it must not exist) 0600, then gives it its group and final mode through
    /// its descriptor, before anyone but the owner could open it.
    static func createFile(
        _ file: String, sharing: SQLiteRoomStore.FileSharing, for path: String, into created: inout Created
    ) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.cannotOpen(
                path: path, reason: "cannot create \(file) (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        created.files.append(file)
        try give(file, descriptor: fd, sharing: sharing, mode: fileMode(sharing), for: path)
    }

    /// Sets the group (when shared) and the mode of a file or folder this process made.
    static func give(
        _ item: String, descriptor: Int32?, sharing: SQLiteRoomStore.FileSharing, mode: mode_t, for path: String
    ) throws {
        if case .group(let gid) = sharing {
            let owned = descriptor.map { fchown($0, uid_t.max, gid) } ?? chown(item, uid_t.max, gid)
            guard owned == 0 else {
                throw StoreError.cannotOpen(
                    path: path,
                    reason: "cannot give \(item) to group \(groupName(gid)) (\(String(cString: strerror(errno)))); "
                        + "nothing was created")
            }
        }
        let changed = descriptor.map { fchmod($0, mode) } ?? chmod(item, mode)
        guard changed == 0 else {
            throw StoreError.cannotOpen(path: path, reason: "cannot set the mode of \(item); nothing was created")
        }
    }

    /// Refuses a room whose files others may read or write; brings a `-wal` or `-shm` that
    /// allows more than the database back to the database's mode and group (SQLite lets
    /// whoever may write them write the room, whatever the database's own mode says).
    static func check(_ path: String, sharing: SQLiteRoomStore.FileSharing) throws {
        var db = stat()
        guard stat(path, &db) == 0 else { return }
        for file in all(path) {
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            let mode = info.st_mode & 0o777
            if mode & 0o007 != 0 {
                throw StoreError.looseMode(path: file, mode: Int(mode), fix: fix(file, mode: mode))
            }
            if case .group(let gid) = sharing, mode & 0o070 != 0, info.st_gid != gid {
                throw StoreError.looseMode(path: file, mode: Int(mode), fix: fix(file, mode: mode))
            }
            guard file != path else { continue }
            let allowed = db.st_mode & 0o777
            let widerThanDatabase = mode & ~allowed != 0 || (mode & 0o070 != 0 && info.st_gid != db.st_gid)
            guard widerThanDatabase else { continue }
            let followed =
                info.st_uid == geteuid() && chown(file, uid_t.max, db.st_gid) == 0 && chmod(file, allowed) == 0
            if !followed {
                throw StoreError.looseMode(
                    path: file, mode: Int(mode),
                    fix: "give it the database's mode and group: chmod \(octal(allowed)) \(file)")
            }
        }
    }

    /// Makes a missing `-wal` or `-shm` of an existing room with the database's mode and group,
    /// so the first process to open it cannot give it its own group instead. Best effort: a
    /// member who may not write the folder leaves it to SQLite.
    static func precreateCompanions(of path: String) {
        var db = stat()
        guard stat(path, &db) == 0 else { return }
        for file in all(path).dropFirst() {
            let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { continue }
            _ = fchown(fd, uid_t.max, db.st_gid)
            _ = fchmod(fd, db.st_mode & 0o777)
            close(fd)
        }
    }

    static func fix(_ file: String, mode: mode_t) -> String {
        "make it yours alone with: chmod 600 \(file)"
            + (mode & 0o070 != 0 ? " (or chmod 660 \(file) for a room shared with its group)" : "")
    }

    static func octal(_ mode: mode_t) -> String { String(mode, radix: 8) }

    static func groupName(_ gid: gid_t) -> String {
        getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? "\(gid)"
    }
}
