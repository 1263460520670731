import ArgumentParser
import Foundation
import LineChild
import PostgresNIO
import PostgresStore
import RoomStore
import SQLiteStore

/// The PostgreSQL server `run --postgres` measures on: what `scripts/postgres start DIR` writes
/// into DIR/env (the `PEERROOM_TEST_PG_*` lines).
struct PostgresServer: Sendable {
    var socketDirectory: String
    var port: Int
    /// The superuser, by peer authentication over the socket (root).
    var admin: String
    var adminDatabase: String
    /// The owner role (CREATEROLE, no superuser) and the passfile holding its SCRAM password.
    var owner: String
    var ownerPassfile: String
    var tlsDirectory: String
    /// Unix users with login roles of the same name (peer authentication on the socket).
    var peerUsers: [String]
    /// Addresses the server listens on besides 127.0.0.1 (10.77.0.1: the namespace hosts).
    var listen: [String]

    /// Reads the env file, or DIR/env when `path` is a folder.
    static func load(_ path: String) throws -> PostgresServer {
        var isFolder: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? (path as NSString).appendingPathComponent("env") : path
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("--postgres: cannot read \(file) (the env file of scripts/postgres start DIR)")
        }
        let values = parse(text)
        func need(_ name: String) throws -> String {
            guard let value = values["PEERROOM_TEST_PG_" + name], !value.isEmpty else {
                throw ValidationError("--postgres: \(file) has no PEERROOM_TEST_PG_\(name)")
            }
            return value
        }
        guard let port = Int(try need("PORT")) else { throw ValidationError("--postgres: \(file): PORT is no number") }
        return PostgresServer(
            socketDirectory: try need("SOCKET_DIR"), port: port, admin: try need("ADMIN"),
            adminDatabase: try need("DATABASE"), owner: try need("OWNER"), ownerPassfile: try need("PASSFILE"),
            tlsDirectory: try need("TLS_DIR"),
            peerUsers: try need("PEER_USERS").split(separator: " ").map(String.init),
            listen: (values["PEERROOM_TEST_PG_LISTEN"] ?? "").split(separator: ",").map(String.init))
    }

    /// `export NAME=VALUE` lines (a value may be in double quotes); anything else is skipped.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }

    var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(port)" }
}

/// A generated SQLite room copied into a fresh PostgreSQL database with `peerroom migrate`'s
/// code, for one size, and dropped after.
///
/// Who logs in: `bench-reader` becomes the server's last peer user (`prtest_ben` of
/// scripts/postgres, a Unix user with a login role of the same name), so the real `peerroom`
/// on the pseudo-terminal runs as that Unix user (`setpriv`) and logs in by peer
/// authentication over the socket, as a member on the database's own host does. In process
/// (this program runs as root) and from the namespace hosts the reader, and one other member
/// who posts, log in over TLS (`verify-full`) with SCRAM passwords the superuser sets for this
/// run, kept in a 0600 passfile in a 0700 folder; the reader's password is removed again at
/// the end and every other role the copy made is dropped with the database.
final class PostgresBenchRoom: @unchecked Sendable {
    let server: PostgresServer
    let database: String
    let reader: String
    let poster: String
    let passfile: String
    let report: PostgresMigration.Report
    private let admin: PostgresConnection
    private let folder: URL
    private let madeRoles: [String]
    static let logger = Logger(label: "peerroom-bench.postgres")

    private init(
        server: PostgresServer, database: String, reader: String, poster: String, passfile: String,
        report: PostgresMigration.Report, admin: PostgresConnection, folder: URL, madeRoles: [String]
    ) {
        self.server = server
        self.database = database
        self.reader = reader
        self.poster = poster
        self.passfile = passfile
        self.report = report
        self.admin = admin
        self.folder = folder
        self.madeRoles = madeRoles
    }

    /// The reader on the socket, by peer authentication (the Unix user names the role).
    var socketURL: String { "postgresql:///\(database)?host=\(server.socketDirectory)&port=\(server.port)" }

    /// `role` over TLS with SCRAM, at `host` (127.0.0.1, or 10.77.0.1 from the namespaces).
    func tlsURL(_ role: String, host: String = "127.0.0.1") -> String {
        "postgresql://\(role)@\(host):\(server.port)/\(database)"
            + "?sslmode=verify-full&sslrootcert=\(server.tlsDirectory)/ca.crt"
    }

    static func adminConnection(_ server: PostgresServer) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: server.socketPath, username: server.admin, password: nil,
                database: server.adminDatabase), id: 1, logger: logger)
    }

    /// Creates the database (owned by the owner role), migrates `sqlite` into it as the owner,
    /// and gives the reader and a poster SCRAM passwords.
    static func make(server: PostgresServer, from sqlite: String, readerHandle: String) async throws
        -> PostgresBenchRoom
    {
        guard let reader = server.peerUsers.last else {
            throw ValidationError("--postgres: the server names no peer users (PEERROOM_TEST_PG_PEER_USERS)")
        }
        let tag = UUID().uuidString.prefix(8).lowercased()
        let database = "pb_\(tag)"
        let prefix = "pb\(tag)_"
        let admin = try await adminConnection(server)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-bench-pg-\(tag)")
        var made: [String] = []
        do {
            try await admin.query(
                "CREATE DATABASE \(unescaped: database) OWNER \(unescaped: server.owner) TEMPLATE template0",
                logger: logger)
            let source = try SQLiteRoomReader(path: sqlite)
            defer { source.close() }
            let owner =
                "postgresql://\(server.owner)@127.0.0.1:\(server.port)/\(database)"
                + "?sslmode=verify-full&sslrootcert=\(server.tlsDirectory)/ca.crt"
            let report = try await PostgresMigration.migrate(
                from: source, to: owner, passfile: server.ownerPassfile,
                roles: .init(map: [readerHandle: reader], prefix: prefix))
            made = report.roles.map { $0.role }.filter { $0 != reader }
            guard let poster = made.first else { throw ValidationError("the room has no member to post") }
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var lines = ""
            for role in [reader, poster] {
                let password = UUID().uuidString
                try await admin.query(
                    "ALTER ROLE \(unescaped: role) PASSWORD '\(unescaped: password)'", logger: logger)
                lines += "*:\(server.port):*:\(role):\(password)\n"
            }
            let passfile = folder.appendingPathComponent("pgpass").path
            guard
                FileManager.default.createFile(
                    atPath: passfile, contents: Data(lines.utf8), attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("cannot write \(passfile)") }
            return PostgresBenchRoom(
                server: server, database: database, reader: reader, poster: poster, passfile: passfile,
                report: report, admin: admin, folder: folder, madeRoles: made)
        } catch {
            try? await drop(admin, database: database, roles: made, reader: reader, folder: folder)
            try? await admin.close()
            throw error
        }
    }

    /// Drops the database and the roles the copy made, and takes the reader's password away.
    func drop() async throws {
        do {
            try await Self.drop(admin, database: database, roles: madeRoles, reader: reader, folder: folder)
        } catch {
            try? await admin.close()
            throw error
        }
        try await admin.close()
    }

    private static func drop(
        _ admin: PostgresConnection, database: String, roles: [String], reader: String, folder: URL
    ) async throws {
        try? FileManager.default.removeItem(at: folder)
        try await admin.query("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)", logger: logger)
        for role in roles { try await admin.query("DROP ROLE IF EXISTS \(unescaped: role)", logger: logger) }
        try await admin.query("ALTER ROLE \(unescaped: reader) PASSWORD NULL", logger: logger)
    }

    /// `setpriv` before a command, to run it as the reader's Unix user (for peer authentication).
    func asReader() throws -> [String] {
        guard let entry = getpwnam(reader) else {
            throw ValidationError("there is no Unix user \(reader) for peer authentication (scripts/postgres adds it)")
        }
        return [
            "/usr/bin/setpriv", "--reuid=\(entry.pointee.pw_uid)", "--regid=\(entry.pointee.pw_gid)", "--clear-groups",
        ]
    }
}

/// Post on one host, frame on another: `pg-post` as a member in namespace pr-a, and the real
/// `peerroom` on a pseudo-terminal in namespace pr-b as the reader, both over TLS with SCRAM to
/// the server's address on the namespaces' bridge. Each post's title is a token of letters
/// that no title at its place on screen had (two alphabets, taken in turn, no letter twice in a
/// row), so ncurses writes it whole; the time is from handing the title to pg-post to the last
/// byte of the frame that holds it.
enum CrossHostFrame {
    struct Result: Codable, Sendable {
        var postToFrameMilliseconds: Stat?
        var p95Milliseconds: Double?
        var missed: Int
        /// The room's first frame on host B (TLS + SCRAM across the bridge), one run.
        var firstFrameMilliseconds: Double?
        var how: String
        var problems: [String] = []
    }

    static let address = "10.77.0.1"

    /// Why the namespace hosts cannot be used, or nil when they can.
    static func unavailable(_ server: PostgresServer) -> String? {
        for host in ["pr-a", "pr-b"] where !FileManager.default.fileExists(atPath: "/run/netns/\(host)") {
            return "no network namespace \(host) (bash scripts/netns-hosts up)"
        }
        if !server.listen.contains(address) {
            return "the server does not listen on \(address) (start it with PEERROOM_PG_LISTEN=\(address))"
        }
        return nil
    }

    static func token(_ index: Int) -> String {
        let alphabet = Array(index % 2 == 0 ? "BCDFGHJKLMNPQRSTVWXZ" : "bcdfghjkmnpqrstvwxz")
        var letters: [Character] = []
        while letters.count < 12 {
            let next = alphabet.randomElement()!
            if next != letters.last { letters.append(next) }
        }
        return String(letters)
    }

    static func run(
        peerroom: String, bench: String, room: PostgresBenchRoom, group: String, posts: Int, width: Int, height: Int
    ) throws -> Result {
        var result = Result(
            missed: 0,
            how:
                "pg-post on pr-a → peerroom on a pty in pr-b (TLS+SCRAM to \(address)), \(posts) posts after one warm-up"
        )
        let post = try LineChild(
            [
                "/usr/sbin/ip", "netns", "exec", "pr-a", bench, "pg-post", "--db",
                room.tlsURL(room.poster, host: address),
                "--passfile", room.passfile, "--group", group,
            ])
        defer { post.end() }
        guard post.next("ready", seconds: 30) != nil else {
            throw ValidationError("pg-post on pr-a did not start")
        }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-bench-x-\(getpid())")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: config) }
        let environment = [
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": "/tmp",
            "XDG_CONFIG_HOME": config.path, "PGPASSFILE": room.passfile,
        ]
        let terminal = try TerminalProcess(
            ["/usr/sbin/ip", "netns", "exec", "pr-b", peerroom, "--db", room.tlsURL(room.reader, host: address)],
            environment: environment, width: width, height: height)
        let first = terminal.read(
            until: { TerminalBenchmark.contains($0, TerminalBenchmark.footer) }, timeout: .seconds(60))
        guard first.complete, let met = first.metAt else {
            throw ValidationError("peerroom in pr-b drew no complete frame (\(first.bytes.count) bytes)")
        }
        result.firstFrameMilliseconds = (met - terminal.started).milliseconds
        var latencies: [Double] = []
        for index in 0...posts {
            let token = token(index)
            let sent = ContinuousClock.now
            post.send(token)
            let output = terminal.read(
                until: { TerminalBenchmark.contains($0, Array(token.utf8)) }, timeout: .seconds(5))
            guard post.next("posted ", seconds: 10) != nil else { throw ValidationError("pg-post stopped") }
            guard output.complete, let shown = output.lastByte else {
                result.missed += 1
                continue
            }
            if index > 0 { latencies.append((shown - sent).milliseconds) }
        }
        terminal.type("q")
        let status = terminal.waitForExit()
        if status != 0 { result.problems.append("peerroom in pr-b ended with status \(status)") }
        result.postToFrameMilliseconds = Stat(latencies)
        result.p95Milliseconds = Percentiles(latencies)?.p95
        return result
    }
}
