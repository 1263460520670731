import Foundation
import RoomCore
import RoomStore
import SQLiteStore

/// An open store and the member this process acts as.
struct RoomSession {
    /// What the command is about to do, which decides who it may act as.
    enum Purpose {
        /// Reading only: a login with no member reads as a guest.
        case read
        /// Writing: needs a member; a login with none is told how to take a pseudonym.
        case write
        /// The room: a login with no member is asked for a pseudonym on screen.
        case room
    }

    /// The room as this process's principal sees it: a session of the backend.
    let store: any RoomStore
    let databasePath: String
    /// Who the process logs in as, which members are bound to: the Unix login (SQLite) or the
    /// database role (PostgreSQL).
    let login: String
    /// The room must ask this login for a pseudonym before it can write (first run).
    var needsPseudonym = false
    /// config.toml and the themes.
    var settings: Settings

    /// Opens the room and a session acting as its member. A `postgresql://` location is a
    /// PostgreSQL room, as the database role it logs in as (see `PostgresRoom`); anything else
    /// is an SQLite file (created and seeded when new), acting as `--as HANDLE` (bound to this
    /// login, or a demo member it seeded), else the member bound to this login. A login with no member reads as a guest; it takes a
    /// pseudonym with `peerroom join` or, in the room, when asked on first run.
    static func open(
        _ options: GlobalOptions, for purpose: Purpose,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> RoomSession {
        let settings = Settings(environment: environment)
        if purpose != .room {
            for warning in settings.warnings { printError("peerroom: \(warning)") }
        }
        let path = Paths.database(option: options.db, configured: settings.config.database, environment: environment)
        let login: String
        let store: any RoomStore
        // The location's scheme chooses the backend; everything after this is `any RoomStore`.
        if PostgresRoom.isLocation(path) {
            login = try PostgresRoom.role(of: path)
            store = try await PostgresRoom.open(url: path, options: options, purpose: purpose)
        } else {
            login = try Paths.loginName()
            store = try await openSQLite(path: path, login: login, options: options, environment: environment)
        }
        var session = RoomSession(store: store, databasePath: path, login: login, settings: settings)
        if store.me != nil { return session }
        switch purpose {
        case .read:
            break
        case .write:
            if store.isReadOnly && !PostgresRoom.isLocation(path) { throw StoreError.readOnly(path: path) }
            let who = PostgresRoom.isLocation(path) ? "role" : "login"
            throw Failure(
                "your \(who) '\(SafeText.neutralise(login))' has no pseudonym in this room yet; take one with "
                    + "'peerroom join --handle NAME', or open the room and choose one", status: .noUser)
        case .room:
            // A PostgreSQL role with no pseudonym reads as a guest until it takes one.
            session.needsPseudonym = PostgresRoom.isLocation(path) || !store.isReadOnly
        }
        return session
    }

    /// An SQLite file, created and seeded with the demo groups when new, and a session as this
    /// login's member (or `--as` one of its own or a demo member).
    static func openSQLite(
        path: String, login: String, options: GlobalOptions, environment: [String: String]
    ) async throws -> any RoomStore {
        let backend = try SQLiteRoomStore(
            path: path, sharing: try sharing(options.sharedGroup), patience: patience(environment: environment))
        if !backend.isReadOnly, try await backend.isEmpty() {
            let bundle = try SeedLoader.load(directory: Paths.seeds(environment: environment))
            _ = try await backend.load(bundle, now: backend.clock.now(), seededBy: login)
        }
        return try await backend.session(login: login, actingAs: options.as)
    }

    /// Takes a pseudonym for this login: a new member, bound to it, in every open group as a
    /// newcomer; the session acts as it from then on. The store refuses an invalid or taken
    /// handle. `peerroom join` and the room's first-run prompt both come here.
    func takePseudonym(_ handle: String) async throws -> Member {
        try await store.takePseudonym(handle, recoveryStart: nil)
    }

    /// Who the session acts as; "(guest)" (which cannot be a pseudonym, so nothing anyone
    /// writes looks like the guest's own) for a guest.
    var me: Member { store.me ?? Member(id: Self.guestID, handle: Self.guestHandle) }

    static let guestHandle = "(guest)"

    /// The id shown for a guest, who may only read; no member has it.
    static let guestID: MemberID = 0

    /// Whether this is a read-only guest rather than a member.
    var isGuest: Bool { store.me == nil }

    /// How long a write waits for another process's lock: `PEERROOM_BUSY_TIMEOUT_MS` a try
    /// (tests make it short), else the store's default.
    static func patience(environment: [String: String]) -> SQLiteRoomStore.Patience {
        guard let text = environment["PEERROOM_BUSY_TIMEOUT_MS"], let ms = Int(text), ms >= 0 else {
            return SQLiteRoomStore.Patience()
        }
        return SQLiteRoomStore.Patience(busyTimeout: Double(ms) / 1000)
    }

    static func sharing(_ group: String?) throws -> SQLiteRoomStore.FileSharing {
        guard let group else { return .ownerOnly }
        guard let entry = getgrnam(group) else {
            throw Failure("no Unix group named '\(SafeText.neutralise(group))'", status: .usage)
        }
        return .group(entry.pointee.gr_gid)
    }
}
