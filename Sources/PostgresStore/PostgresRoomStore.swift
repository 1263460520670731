import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// A PostgreSQL room as the database role it logged in as (`current_user`) sees and changes
/// it. The database enforces who reads and writes what (row-level security, see
/// `PostgresSchema`); this type checks the same rules first only to say clearly why something
/// is refused. Time is the database's (v23 stamps members' rows); the system clock is set by
/// the database's when the room opens, so what the room compares and shows agrees with it.
public final class PostgresRoomStore: RoomStore, @unchecked Sendable {
    let client: PostgresClient
    /// Its own LISTEN connection (see `PostgresChangeListener`), opened at the first wait.
    let listener = PostgresChangeListener()
    private let running: Task<Void, Never>
    /// The clock as given, then (if it follows the server) corrected by the database's.
    private var currentClock: RoomClock
    public var clock: RoomClock { lock.withLock { currentClock } }
    /// Tests only: a superuser's connection acting as a member role (`SET LOCAL ROLE` in each
    /// transaction). The product logs in as the member itself.
    let actingRole: String?
    private let lock = NSLock()
    private var member: Member?
    static let logger = Logger(label: "peerroom.postgres")

    /// The member this session acts as; nil for a guest.
    public var me: Member? { lock.withLock { member } }
    /// A role with no pseudonym yet reads what everyone may read and writes nothing.
    public var isReadOnly: Bool { me == nil }

    init(client: PostgresClient, clock: RoomClock, actingRole: String?) {
        self.client = client
        currentClock = clock
        self.actingRole = actingRole
        running = Task { await client.run() }
    }

    /// Opens the room at a `postgresql://` URL as the role it logs in as. `warm` connections
    /// are opened at once for what reads several things together (the room's first frame); a
    /// command that reads once needs none.
    public static func open(url: String, clock: RoomClock = .system, passfile: String? = nil, warm: Int = 0)
        async throws -> PostgresRoomStore
    {
        try await open(location: PostgresLocation.parse(url), clock: clock, passfile: passfile, warm: warm)
    }

    static func open(
        location: PostgresLocation, clock: RoomClock = .system, passfile: String? = nil,
        actingRole: String? = nil, warm: Int = 0
    ) async throws -> PostgresRoomStore {
        let password = try location.password(passfile: passfile)
        let configuration = try location.clientConfiguration(password: password)
        // The probe and the pool's first connections at once: the room's first frame reads on
        // several connections together, and a fresh one costs a login and a backend's start.
        async let probed: Void = probe(location, password: password)
        let store = PostgresRoomStore(
            client: PostgresClient(configuration: configuration), clock: clock, actingRole: actingRole)
        if warm > 0 { store.warmUp(connections: warm) }
        do {
            try await probed
            store.listener.configure(try location.connectionConfiguration(password: password))
            try await store.reloadMe()
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// How many reads the room's first frame makes at once (groups, drafts, "for you", support).
    public static let firstFrameConnections = 4

    /// Opens `connections` of the pool now, each with the caller's groups read once (which
    /// loads the catalog entries every policy needs), and gives them back idle. Not waited for:
    /// a pool that cannot connect fails these quietly, and the probe says why.
    func warmUp(connections: Int) {
        let client = self.client
        Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        _ = try? await client.withConnection { connection in
                            try await connection.query(
                                "SELECT me(), readable_groups(), facilitated_groups()", logger: Self.logger)
                        }
                    }
                }
            }
        }
    }

    /// One connection first: a server that is down, a certificate that does not verify or a
    /// login refused is said at once (the pool would keep trying in the background).
    static func probe(_ location: PostgresLocation, password: String?) async throws {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try location.connectionConfiguration(password: password)
        } catch {
            throw StoreError.cannotOpen(
                path: "the PostgreSQL room", reason: "its TLS files cannot be read (\(String(describing: error)))")
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] != nil {
            throw PostgresErrors.storeError(error, handle: nil)
        } catch {
            throw StoreError.cannotOpen(
                path: describe(location),
                reason: "could not connect (is the server running, and does its certificate verify?)")
        }
        try? await connection.close()
    }

    /// Where, without any secret: host and port or socket, database and role.
    static func describe(_ location: PostgresLocation) -> String {
        let place =
            switch location.endpoint {
            case .unixSocket(let directory, let port): "\(directory)/.s.PGSQL.\(port)"
            case .tcp(let host, let port): "\(host):\(port)"
            }
        return "PostgreSQL database '\(location.database ?? location.role)' at \(place) as '\(location.role)'"
    }

    /// Stops the connection pool.
    public func close() {
        listener.close()
        running.cancel()
    }

    deinit {
        listener.close()
        running.cancel()
    }

    /// Who this session is, and (in the same round trip) the database's time: a clock that
    /// follows the server is shifted, once, by how far this host's differs, taken at the middle
    /// of the round trip.
    func reloadMe() async throws {
        let sent = clock.now()
        let (found, serverMillis) = try await read { connection in
            let row = try await connection.rows(
                """
                SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS server_now,
                       m.id, m.handle, p.recovery_start
                FROM (SELECT 1) AS one LEFT JOIN (member m JOIN member_login l ON l.member_id = m.id
                  AND l.role_name = current_user LEFT JOIN member_private p ON p.member_id = m.id) ON true
                LIMIT 1
                """
            )[0]
            return (try row.optionalInt("id") == nil ? nil : try Decode.member(row), try row.int("server_now"))
        }
        let received = clock.now()
        lock.withLock {
            member = found
            guard currentClock.followsServer else { return }
            let middle = sent.addingTimeInterval(received.timeIntervalSince(sent) / 2)
            currentClock = currentClock.shifted(by: Date(millisecondsSince1970: serverMillis).timeIntervalSince(middle))
        }
    }

    func setMe(_ value: Member?) { lock.withLock { member = value } }

    var nowMillis: Int64 { clock.now().millisecondsSince1970 }

    /// The acting member, or `notAllowed` for a guest.
    func requireMe() throws -> Member {
        guard let me else {
            throw StoreError.notAllowed("take a pseudonym first (peerroom join --handle NAME): guests only read")
        }
        return me
    }

    // MARK: Transactions

    /// A read runs its statements as they come, with no BEGIN and COMMIT around them: in READ
    /// COMMITTED each statement sees its own snapshot either way, and the two would be two more
    /// round trips for every read. An acting role (tests) needs the transaction for `SET LOCAL`.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        guard actingRole == nil else { return try await transaction(serializable: false, body) }
        return try await PostgresErrors.mapping(handle: nil) {
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    @discardableResult
    func write<T: Sendable>(
        serializable: Bool = false, handle: String? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await transaction(serializable: serializable, handle: handle, body)
    }

    /// One transaction, as `current_user` (or the acting role); serialization failures and
    /// deadlocks are tried again a few times, then the room says it is busy.
    private func transaction<T: Sendable>(
        serializable: Bool, handle: String? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let role = actingRole
        var attempt = 1
        while true {
            do {
                return try await PostgresErrors.mapping(handle: handle) {
                    try await client.withConnection { connection in
                        try await connection.query(
                            serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN", logger: Self.logger)
                        do {
                            if let role {
                                try await connection.query(
                                    "SELECT set_config('role', \(role), true)", logger: Self.logger)
                            }
                            let value = try await body(connection)
                            try await connection.query("COMMIT", logger: Self.logger)
                            return value
                        } catch {
                            _ = try? await connection.query("ROLLBACK", logger: Self.logger)
                            throw error
                        }
                    }
                }
            } catch StoreError.busy where attempt < 5 {
                attempt += 1
            }
        }
    }
}

extension PostgresConnection {
    /// All rows of a query, each by column name.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: PostgresRoomStore.logger).collect().map { $0.makeRandomAccess() }
    }

    /// The first column of the first row.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> T?
    where T._DecodableType == T {
        guard let row = try await self.query(query, logger: PostgresRoomStore.logger).collect().first else {
            return nil
        }
        return try row.makeRandomAccess()[0].decode(T?.self) ?? nil
    }

    /// The first column of every row.
    func values<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        let rows: PostgresRowSequence = try await self.query(query, logger: PostgresRoomStore.logger)
        var values: [T] = []
        for try await value in rows.decode(T.self) { values.append(value) }
        return values
    }

    @discardableResult
    func run(_ query: PostgresQuery) async throws -> Int {
        let result = try await self.query(query, logger: PostgresRoomStore.logger)
        var count = 0
        for try await _ in result { count += 1 }
        return count
    }
}

/// A query put together from parts, binding values as `$n`.
struct SQLBuilder {
    var text = ""
    var binds = PostgresBindings()

    init(_ text: String = "") { self.text = text }

    mutating func append(_ fragment: String) { text += fragment }

    /// Binds a value and returns its placeholder.
    mutating func bind(_ value: Int64) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func bind(_ value: String) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}

extension PostgresRandomAccessRow {
    func int(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInt(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func count(_ column: String) throws -> Int { Int(try self[column].decode(Int64.self)) }
    func text(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalText(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func bool(_ column: String) throws -> Bool { try self[column].decode(Bool?.self) ?? false }
    func date(_ column: String) throws -> Date { Date(millisecondsSince1970: try int(column)) }
}
