import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// The private PostgreSQL server a test run started (scripts/postgres writes these), as root's
/// superuser role `PEERROOM_TEST_PG_ADMIN` reaching it by peer authentication on its socket.
struct TestServer: Sendable {
    var socketDirectory: String
    var port: Int
    var admin: String
    var owner: String
    var database: String
    /// TCP with TLS (scripts/postgres): the address, its certificates and the owner's passfile.
    var host: String?
    var tlsDirectory: String?
    var passfile: String?

    static let current: TestServer? = {
        let env = ProcessInfo.processInfo.environment
        guard let directory = env["PEERROOM_TEST_PG_SOCKET_DIR"],
            let port = env["PEERROOM_TEST_PG_PORT"].flatMap(Int.init)
        else { return nil }
        return TestServer(
            socketDirectory: directory, port: port, admin: env["PEERROOM_TEST_PG_ADMIN"] ?? "root",
            owner: env["PEERROOM_TEST_PG_OWNER"] ?? "peerroom_owner",
            database: env["PEERROOM_TEST_PG_DATABASE"] ?? "postgres", host: env["PEERROOM_TEST_PG_HOST"],
            tlsDirectory: env["PEERROOM_TEST_PG_TLS_DIR"], passfile: env["PEERROOM_TEST_PG_PASSFILE"])
    }()

    static var isAvailable: Bool { current != nil }

    func location(database: String, username: String? = nil) -> PostgresLocation {
        PostgresLocation(
            endpoint: .unixSocket(directory: socketDirectory, port: port), username: username ?? admin,
            database: database)
    }

    func connect(database: String, username: String? = nil) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            unixSocketPath: location(database: database).endpoint.socketPath!, username: username ?? admin,
            password: nil, database: database)
        return try await PostgresConnection.connect(
            configuration: configuration, id: Int.random(in: 1...Int.max), logger: Logger(label: "test"))
    }
}

/// Tests that need the server run only when it is there; with `PEERROOM_REQUIRE_PG=1` (CI) a
/// missing server fails the run (see `ServerPresenceTests`) rather than skipping quietly.
let needsServer = ConditionTrait.enabled(
    if: TestServer.isAvailable,
    "no PostgreSQL test server: run scripts/postgres (PEERROOM_TEST_PG_SOCKET_DIR and _PORT are not set)")

/// A fresh database with the schema, seeded by the owner; dropped afterwards with its roles.
struct TestRoom: Sendable {
    let server: TestServer
    let database: String
    /// Role-name prefix of this room's members (roles are cluster-wide).
    let prefix: String

    func role(_ handle: String) -> String { prefix + handle }

    /// An owner connection (`SET ROLE` owner) to this database.
    func asOwner<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await server.acting(as: server.owner, in: database, logger: logger, body)
    }

    /// A raw SQL connection acting as a member's role, the way a member's own psql would.
    func asMember<T>(_ handle: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await server.acting(as: role(handle), in: database, logger: logger, body)
    }

    /// The store as a member (or, a role with no pseudonym, a guest).
    func store(_ handle: String, clock: RoomClock = .system) async throws -> PostgresRoomStore {
        try await PostgresRoomStore.open(
            location: server.location(database: database), clock: clock, actingRole: role(handle))
    }

    let logger = Logger(label: "test")

    /// Makes a room, runs `body`, and drops the database and its roles, also when it fails.
    /// Members' writes keep the times the tests give them unless `databaseClock`, where the
    /// database stamps them as in a room `admin init` made (v23).
    static func with<T>(databaseClock: Bool = false, _ body: (TestRoom) async throws -> T) async throws -> T {
        let server = try #require(TestServer.current)
        let tag = UUID().uuidString.prefix(8).lowercased()
        let room = TestRoom(server: server, database: "pgt_\(tag)", prefix: "pgt_\(tag)_")
        let admin = try await server.connect(database: server.database)
        do {
            let logger = room.logger
            let owner = PostgresSchema.ident(server.owner)
            try await admin.query(
                "CREATE DATABASE \(unescaped: PostgresSchema.ident(room.database)) OWNER \(unescaped: owner) TEMPLATE template0",
                logger: logger)
            let value: T
            do {
                try await room.asOwner { connection in
                    try await PostgresAdmin.initialize(connection)
                    if !databaseClock {
                        try await connection.query(
                            PostgresQuery(unsafeSQL: PostgresSchema.clientClockForTests), logger: logger)
                    }
                }
                value = try await body(room)
            } catch {
                try? await room.drop(admin)
                throw error
            }
            try await room.drop(admin)
            try await admin.close()
            return value
        } catch {
            try? await admin.close()
            throw error
        }
    }

    private func drop(_ admin: PostgresConnection) async throws {
        try await admin.query(
            "DROP DATABASE IF EXISTS \(unescaped: PostgresSchema.ident(database)) WITH (FORCE)", logger: logger)
        let roles = try await admin.values(
            "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, \(prefix))", as: String.self)
        for role in roles {
            try await admin.query("DROP ROLE IF EXISTS \(unescaped: PostgresSchema.ident(role))", logger: logger)
        }
    }
}

/// A fixed "now".
let testNow = Date(millisecondsSince1970: 1_790_000_000_000)
let testClock = RoomClock { testNow }

extension TestServer {
    /// A raw SQL connection to `database` acting as `role` (`SET ROLE` from the superuser),
    /// closed after `body`, also when it throws.
    func acting<T>(
        as role: String, in database: String, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(database: database)
        do {
            try await connection.query("SET ROLE \(unescaped: PostgresSchema.ident(role))", logger: logger)
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
