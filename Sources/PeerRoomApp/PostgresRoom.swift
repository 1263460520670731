import Foundation
import PostgresStore
import RoomCore
import RoomStore

/// A room in PostgreSQL, chosen by a `postgresql://` location: the database authenticates the
/// role and enforces what it may read and write, so who one is comes from the login, never
/// from `--as`, and members are added by the room's owner role (`peerroom admin`), not seeded
/// on first open.
enum PostgresRoom {
    /// `postgresql://…` or `postgres://…` (libpq's two spellings); anything else is a file.
    static func isLocation(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    static let asRefused = "--as is for demo members of an SQLite room; on PostgreSQL you are your database role"

    /// The role a URL logs in as; a URL the store refuses (a password in it, an unknown
    /// parameter) is a usage error, said as the store says it.
    static func role(of url: String) throws -> String {
        do {
            return try PostgresLocation.parse(url).role
        } catch {
            throw Failure(error.description, status: .usage)
        }
    }

    /// Opens the room at `url` as the role it logs in as. An unset database, a role that is no
    /// member, or (for the room) a room with no groups yet says who can fix it and how.
    static func open(url: String, options: GlobalOptions, purpose: RoomSession.Purpose) async throws
        -> PostgresRoomStore
    {
        if options.as != nil { throw Failure(asRefused, status: .usage) }
        if options.sharedGroup != nil {
            throw Failure(
                "--shared-group is for SQLite files; on PostgreSQL the database decides who may read what",
                status: .usage)
        }
        let role = try role(of: url)
        let store: PostgresRoomStore
        do {
            store = try await PostgresRoomStore.open(
                url: url, warm: purpose == .room ? PostgresRoomStore.firstFrameConnections : 0)
        } catch {
            // Not reached at all (down, refused, no such database): the store said why.
            if case StoreError.cannotOpen = error { throw error }
            throw await explain(error, url: url, role: role)
        }
        if purpose == .room, try await !store.hasGroups() {
            store.close()
            throw Failure(
                "this PostgreSQL room has no groups yet; its owner role adds the demo groups with "
                    + "'peerroom admin init --db URL --seed DIR'", status: .unavailable)
        }
        return store
    }

    /// Why a role that could log in still cannot open the room, in words (the database's own
    /// refusal is a number that helps nobody here).
    static func explain(_ error: Error, url: String, role: String) async -> Error {
        let standing = try? await PostgresAdmin.withConnection(url: url) { try await PostgresAdmin.standing($0) }
        guard let standing else { return error }
        if standing.schemaOwner == nil {
            return Failure(
                "there is no room in this PostgreSQL database yet; its owner role sets it up with "
                    + "'peerroom admin init --db URL'", status: .unavailable)
        }
        if !standing.isMember && !standing.isOwner {
            return Failure(
                "the role '\(SafeText.neutralise(role))' is not a member of this room; its owner role adds it with "
                    + "'peerroom admin add-member --db URL --role \(SafeText.neutralise(role)) --handle NAME'",
                status: .noPermission)
        }
        return error
    }
}
