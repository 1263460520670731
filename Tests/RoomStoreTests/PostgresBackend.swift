import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Synchronization
import Testing

@testable import PostgresStore

/// The PostgreSQL backend of the contract: a database of its own per test on the server
/// scripts/postgres started (`PEERROOM_TEST_PG_*`), the schema made by the owner, each seeded
/// member a login role the session acts as (`SET ROLE` in each transaction, from the
/// superuser's socket connection).
enum PostgresContract {
    struct Server: Sendable {
        var socketDirectory: String
        var port: Int
        var admin: String
        var owner: String
    }

    static let server: Server? = {
        let env = ProcessInfo.processInfo.environment
        guard let directory = env["PEERROOM_TEST_PG_SOCKET_DIR"],
            let port = env["PEERROOM_TEST_PG_PORT"].flatMap(Int.init)
        else { return nil }
        return Server(
            socketDirectory: directory, port: port, admin: env["PEERROOM_TEST_PG_ADMIN"] ?? "root",
            owner: env["PEERROOM_TEST_PG_OWNER"] ?? "peerroom_owner")
    }()

    static let logger = Logger(label: "contract")

    static func connect(_ server: Server, database: String) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: "\(server.socketDirectory)/.s.PGSQL.\(server.port)", username: server.admin,
                password: nil, database: database),
            id: Int.random(in: 1...Int.max), logger: logger)
    }

    /// Runs `body` on an owner's connection to the database, and closes it.
    static func asOwner<T: Sendable>(
        _ server: Server, _ database: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(server, database: database)
        do {
            try await connection.query("SET ROLE \(unescaped: PostgresSchema.ident(server.owner))", logger: logger)
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// psql as the superuser (synchronous: `remove` is).
    static func psql(_ server: Server, _ sql: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [
            "-X", "-q", "-h", server.socketDirectory, "-p", String(server.port), "-U", server.admin, "-d", "postgres",
            "-c", sql,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }

    /// How many PostgreSQL rooms of the contract may be open at once: the suite runs every test
    /// in parallel, and a database, its roles and pools per test at once swamp two busy cores.
    static let rooms = RoomSlots(8)

    static func open(_ clock: TestClock) async throws -> OpenedStore {
        await rooms.take()
        do {
            return try await openRoom(clock)
        } catch let error as PSQLError {
            rooms.give()
            // PSQLError's description hides everything; a failing test must say what happened.
            throw ContractSetupError(detail: String(reflecting: error))
        } catch {
            rooms.give()
            throw error
        }
    }

    struct ContractSetupError: Error, CustomStringConvertible {
        var detail: String
        var description: String { "setting up the PostgreSQL room failed: \(detail)" }
    }

    static func openRoom(_ clock: TestClock) async throws -> OpenedStore {
        let server = try #require(server, "no PostgreSQL test server (PEERROOM_TEST_PG_SOCKET_DIR, _PORT)")
        let tag = UUID().uuidString.prefix(8).lowercased()
        let database = "pgc_\(tag)"
        let prefix = "pgc_\(tag)_"
        let admin = try await connect(server, database: "postgres")
        try await admin.query(
            "CREATE DATABASE \(unescaped: database) OWNER \(unescaped: PostgresSchema.ident(server.owner)) TEMPLATE template0",
            logger: logger)
        try await admin.close()
        try await asOwner(server, database) { connection in
            try await PostgresAdmin.initialize(connection)
            try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.clientClockForTests), logger: logger)
        }
        let location = PostgresLocation(
            endpoint: .unixSocket(directory: server.socketDirectory, port: server.port), username: server.admin,
            database: database)
        @Sendable func acting(_ role: String) async throws -> any RoomStore {
            try await PostgresRoomStore.open(location: location, clock: clock.roomClock, actingRole: role)
        }
        @Sendable func principal(_ name: String) async throws -> any RoomStore {
            let role = prefix + name
            try await asOwner(server, database) { connection in
                try await PostgresAdmin.createRole(
                    connection, role: role, memberGroup: PostgresAdmin.defaultMemberGroup)
            }
            return try await acting(role)
        }
        @Sendable func member(_ handle: String?) async throws -> any RoomStore {
            guard let handle else { return try await principal("guest") }
            return try await acting(PostgresAdmin.seededRole(prefix: prefix, handle: handle))
        }
        return OpenedStore(
            load: { bundle, now in
                try await asOwner(server, database) { connection in
                    try await PostgresAdmin.load(connection, seed: bundle, now: now, rolePrefix: prefix)
                }
            },
            session: { handle in try await member(handle) },
            guest: { try await principal("guest") },
            newcomer: { login in
                try await principal(String(login.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }))
            },
            reopen: { handle in try await member(handle) },
            remove: {
                defer { rooms.give() }
                psql(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
                psql(
                    server,
                    "DO $$ DECLARE r text; BEGIN FOR r IN SELECT rolname FROM pg_roles WHERE starts_with(rolname, '\(prefix)') LOOP EXECUTE format('DROP ROLE %I', r); END LOOP; END $$"
                )
            },
            sqlite: nil)
    }
}

extension Backend {
    static let postgres = Backend(name: "PostgreSQL") { clock in try await PostgresContract.open(clock) }
}

/// A counting semaphore for async tests: `take` waits for a free slot, `give` frees one.
final class RoomSlots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(free: count)) }

    func take() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func give() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
