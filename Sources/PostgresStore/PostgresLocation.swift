import Foundation
import PostgresNIO
import RoomStore

#if canImport(Glibc)
    import Glibc
#endif

/// Where a PostgreSQL room is, from a libpq-style URL:
/// `postgresql:///db?host=/socket/dir&port=N` (a Unix socket: `<dir>/.s.PGSQL.<port>`) or
/// `postgresql://user@host:port/db?sslmode=verify-full&sslrootcert=…&sslcert=…&sslkey=…`.
/// A password never comes from the URL (it would show in `ps` and shell history): only from
/// `PGPASSFILE` or `~/.pgpass`, which must be private (0600), as libpq reads it.
public struct PostgresLocation: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        /// The socket file itself, `<dir>/.s.PGSQL.<port>`.
        case unixSocket(directory: String, port: Int)
        case tcp(host: String, port: Int)

        public var socketPath: String? {
            if case .unixSocket(let directory, let port) = self { return "\(directory)/.s.PGSQL.\(port)" }
            return nil
        }
    }

    public enum TLSMode: Sendable, Equatable {
        case disable
        /// Encrypted when the server offers it (libpq's default `prefer`), not verified.
        case prefer
        /// Encrypted, server not verified.
        case require
        /// Encrypted; the server's certificate chains to `rootCertificate` (and, `verify-full`,
        /// names the host).
        case verify(full: Bool, rootCertificate: String?)
    }

    public var endpoint: Endpoint
    /// The role to log in as; nil: the Unix login's name (as libpq does).
    public var username: String?
    public var database: String?
    public var tls: TLSMode
    /// A client certificate and its key (PEM files), for certificate authentication.
    public var clientCertificate: String?
    public var clientKey: String?

    public init(
        endpoint: Endpoint, username: String? = nil, database: String? = nil, tls: TLSMode = .disable,
        clientCertificate: String? = nil, clientKey: String? = nil
    ) {
        self.endpoint = endpoint
        self.username = username
        self.database = database
        self.tls = tls
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// Where Debian's server puts its socket when the URL names no host.
    public static let defaultSocketDirectory = "/var/run/postgresql"

    /// Parses a `postgresql://` (or `postgres://`) URL; refuses one that carries a password.
    public static func parse(_ text: String) throws(StoreError) -> PostgresLocation {
        func refuse(_ reason: String) -> StoreError { .cannotOpen(path: redacted(text), reason: reason) }
        guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") else {
            throw refuse("a PostgreSQL room is named by a postgresql:// URL")
        }
        guard let parts = URLComponents(string: text) else { throw refuse("this is not a valid URL") }
        if parts.password != nil {
            throw refuse(
                "a password in the URL would show in the process list and shell history; "
                    + "put it in ~/.pgpass (mode 0600) or the file PGPASSFILE names")
        }
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] {
            query[item.name] = item.value ?? ""
        }
        if query["password"] != nil {
            throw refuse("a password is never taken from the URL; put it in ~/.pgpass (mode 0600)")
        }
        let known: Set = ["host", "port", "user", "dbname", "sslmode", "sslrootcert", "sslcert", "sslkey"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw refuse("unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        var port = 5432
        if let given = query["port"] ?? parts.port.map(String.init) {
            guard let number = Int(given), (1...65535).contains(number) else {
                throw refuse("port '\(given)' is not a number from 1 to 65535")
            }
            port = number
        }
        let host = query["host"] ?? parts.host.flatMap { $0.isEmpty ? nil : $0 }
        let endpoint: Endpoint
        if let host, !host.hasPrefix("/") {
            endpoint = .tcp(host: host, port: port)
        } else {
            endpoint = .unixSocket(directory: host ?? defaultSocketDirectory, port: port)
        }
        var path = parts.path
        if path.hasPrefix("/") { path.removeFirst() }
        let database = query["dbname"] ?? (path.isEmpty ? nil : path.removingPercentEncoding ?? path)
        let username = query["user"] ?? parts.user?.removingPercentEncoding
        var location = PostgresLocation(endpoint: endpoint, username: username, database: database)
        let root = query["sslrootcert"]
        switch query["sslmode"] {
        case nil: location.tls = endpoint.socketPath == nil ? .prefer : .disable
        case "disable": location.tls = .disable
        case "allow", "prefer": location.tls = .prefer
        case "require": location.tls = .require
        case "verify-ca": location.tls = .verify(full: false, rootCertificate: root)
        case "verify-full": location.tls = .verify(full: true, rootCertificate: root)
        case let other?:
            throw refuse(
                "sslmode '\(other)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        location.clientCertificate = query["sslcert"]
        location.clientKey = query["sslkey"]
        if (location.clientCertificate == nil) != (location.clientKey == nil) {
            throw refuse("sslcert and sslkey go together: a client certificate needs its key")
        }
        if location.endpoint.socketPath != nil, case .verify = location.tls {
            throw refuse("a Unix socket does not use TLS; verify-ca and verify-full need a host name")
        }
        return location
    }

    /// The URL with any password replaced, safe to show.
    static func redacted(_ text: String) -> String {
        guard var parts = URLComponents(string: text), parts.password != nil else { return text }
        parts.password = "…"
        return parts.string ?? "postgresql://…"
    }

    /// The role this location logs in as: the URL's, or the Unix login's (from the uid).
    public var role: String {
        if let username { return username }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "\(getuid())"
    }

    /// Host as `.pgpass` lines name it: `localhost` also matches a Unix socket, and so does
    /// its folder.
    func passfileHosts() -> [String] {
        switch endpoint {
        case .unixSocket(let directory, _): ["localhost", directory]
        case .tcp(let host, _): [host]
        }
    }

    var port: Int {
        switch endpoint {
        case .unixSocket(_, let port), .tcp(_, let port): port
        }
    }

    /// The password for this location from a passfile, if one holds it.
    func password(passfile: String?) throws(StoreError) -> String? {
        guard let passfile = passfile ?? Self.defaultPassfile() else { return nil }
        return try Passfile.lookup(
            path: passfile, hosts: passfileHosts(), port: port, database: database ?? role, username: role)
    }

    /// `PGPASSFILE`, or `.pgpass` in the home folder of the uid's account (never `$HOME`).
    static func defaultPassfile() -> String? {
        if let named = ProcessInfo.processInfo.environment["PGPASSFILE"], !named.isEmpty { return named }
        guard let entry = getpwuid(getuid()), let home = entry.pointee.pw_dir else { return nil }
        return String(cString: home) + "/.pgpass"
    }

    /// The postgres-nio configuration: endpoint, role, database, TLS, and the schema on the path.
    func clientConfiguration(password: String?) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .unixSocket:
            configuration = .init(
                unixSocketPath: endpoint.socketPath!, username: role, password: password, database: database)
        case .tcp(let host, let port):
            let (kind, tls) = try tlsParts()
            configuration = .init(
                host: host, port: port, username: role, password: password, database: database,
                tls: kind == .off ? .disable : kind == .prefer ? .prefer(tls) : .require(tls))
        }
        configuration.options.additionalStartupParameters = [("search_path", PostgresSchema.schema)]
        return configuration
    }

    /// The same for one connection (`open` tries one first, so a refusal is said at once
    /// rather than retried by the pool).
    func connectionConfiguration(password: String?) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .unixSocket:
            configuration = .init(
                unixSocketPath: endpoint.socketPath!, username: role, password: password, database: database)
        case .tcp(let host, let port):
            let (kind, tls) = try tlsParts()
            let context = kind == .off ? nil : try NIOSSLContext(configuration: tls)
            configuration = .init(
                host: host, port: port, username: role, password: password, database: database,
                tls: context.map { kind == .prefer ? .prefer($0) : .require($0) } ?? .disable)
        }
        configuration.options.additionalStartupParameters = [("search_path", PostgresSchema.schema)]
        return configuration
    }

    enum TLSKind { case off, prefer, require }

    func tlsParts() throws -> (TLSKind, TLSConfiguration) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let clientCertificate, let clientKey {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKey, format: .pem))
        }
        switch self.tls {
        case .disable:
            return (.off, tls)
        case .prefer:
            tls.certificateVerification = .none
            return (.prefer, tls)
        case .require:
            tls.certificateVerification = .none
            return (.require, tls)
        case .verify(let full, let root):
            if let root { tls.trustRoots = .file(root) }
            tls.certificateVerification = full ? .fullVerification : .noHostnameVerification
            return (.require, tls)
        }
    }
}

/// `.pgpass` as libpq reads it: `host:port:database:user:password` lines, `*` matching
/// anything, `\:` and `\\` escaped, `#` comments; refused unless only its owner may read it.
enum Passfile {
    static func lookup(path: String, hosts: [String], port: Int, database: String, username: String)
        throws(StoreError) -> String?
    {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }  // no passfile: no password
        if info.st_mode & 0o077 != 0 {
            throw .cannotOpen(
                path: path,
                reason:
                    "the password file has mode 0\(String(info.st_mode & 0o777, radix: 8)): others could read "
                    + "it; make it private with: chmod 600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .cannotOpen(path: path, reason: "the password file cannot be read")
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ values: [String]) -> Bool { field == "*" || values.contains(field) }
            if matches(fields[0], hosts), matches(fields[1], [String(port)]), matches(fields[2], [database]),
                matches(fields[3], [username])
            {
                return fields[4]
            }
        }
        return nil
    }

    /// One line's fields, with `\:` and `\\` unescaped.
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
