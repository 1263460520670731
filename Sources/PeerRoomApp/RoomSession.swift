import Foundation
import RoomCore
import RoomStore

/// An open store and the member this process acts as.
struct RoomSession {
    let store: any RoomStore
    let me: Member
    let databasePath: String

    /// Opens the database (creating and seeding a new one) and finds the member to act as:
    /// `--as HANDLE`, else the member bound to this login, else a new member named after the
    /// login who joins every open group as a newcomer.
    static func open(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> RoomSession
    {
        let path = Paths.database(option: options.db, environment: environment)
        let store = try SQLiteRoomStore(path: path, sharing: try sharing(options.sharedGroup))
        if store.isReadOnly {
            // Browse only: the member bound to this login if there is one, else a guest.
            let login = Paths.loginName(environment: environment)
            let me: Member
            if let handle = options.as {
                me = try await store.member(handle: handle)
            } else {
                me = try await store.members(login: login).first ?? Member(id: guestID, handle: login)
            }
            return RoomSession(store: store, me: me, databasePath: path)
        }
        if try await store.isEmpty() {
            let bundle = try SeedLoader.load(directory: Paths.seeds(environment: environment))
            _ = try await store.load(bundle, now: Date())
        }
        let me: Member
        if let handle = options.as {
            guard handle != SQLiteRoomStore.removedHandle else {
                throw StoreError.unknownMember(handle, known: [])
            }
            me = try await store.member(handle: handle)
        } else {
            let login = Paths.loginName(environment: environment)
            if let bound = try await store.members(login: login).first {
                me = bound
            } else {
                me = try await join(store, login: login)
            }
        }
        return RoomSession(store: store, me: me, databasePath: path)
    }

    /// The id of a guest who may only read (a read-only database and no member yet).
    static let guestID: MemberID = 0

    /// Whether this is a read-only guest rather than a member.
    var isGuest: Bool { me.id == Self.guestID }

    static func sharing(_ group: String?) throws -> SQLiteRoomStore.FileSharing {
        guard let group else { return .ownerOnly }
        guard let entry = getgrnam(group) else {
            throw Failure("no Unix group named '\(SafeText.neutralise(group))'", status: .usage)
        }
        return .group(entry.pointee.gr_gid)
    }

    /// Creates a member for a login seen for the first time. The handle is the login name
    /// made valid (and numbered when taken).
    static func join(_ store: any RoomStore, login: String) async throws -> Member {
        let base = handleBase(from: login)
        for attempt in 1...50 {
            let handle = attempt == 1 ? base : "\(base.prefix(Limits.handleCharacters.upperBound - 3))-\(attempt)"
            do {
                let member = try await store.createMember(handle: handle, login: login, recoveryStart: nil)
                try await store.joinOpenGroups(memberID: member.id, role: .newcomer)
                return member
            } catch StoreError.handleTaken {
                continue
            }
        }
        throw Failure("could not find a free handle for the login '\(login)'", status: .software)
    }

    static func handleBase(from login: String) -> String {
        var handle = String(login.unicodeScalars.filter { Validate.isHandleCharacter($0) }.map(Character.init))
        handle = String(handle.prefix(Limits.handleCharacters.upperBound))
        if handle.count < Limits.handleCharacters.lowerBound { handle = "member" + handle }
        return handle
    }
}
