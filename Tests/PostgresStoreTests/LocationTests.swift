import Foundation
import RoomStore
import Testing

@testable import PostgresStore

@Suite("postgresql:// URLs and the password file, as libpq reads them")
struct LocationTests {
    @Test func aSocketFolderURLNamesTheSocketFileOfItsPort() throws {
        let location = try PostgresLocation.parse("postgresql:///peerroom?host=/run/pg&port=55440")
        #expect(location.endpoint == .unixSocket(directory: "/run/pg", port: 55440))
        #expect(location.endpoint.socketPath == "/run/pg/.s.PGSQL.55440")
        #expect(location.database == "peerroom")
        #expect(location.tls == .disable)
    }

    @Test func noHostMeansDebiansSocketFolderAndPort5432() throws {
        let location = try PostgresLocation.parse("postgresql:///room")
        #expect(location.endpoint.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test func tcpWithVerifiedTLSAndAClientCertificate() throws {
        let location = try PostgresLocation.parse(
            "postgresql://ana@db.example.org:6543/room?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/h/ana.crt&sslkey=/h/ana.key"
        )
        #expect(location.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(location.username == "ana")
        #expect(location.role == "ana")
        #expect(location.tls == .verify(full: true, rootCertificate: "/etc/ca.pem"))
        #expect(location.clientCertificate == "/h/ana.crt")
        #expect(location.clientKey == "/h/ana.key")
    }

    @Test func aPasswordInTheURLIsRefusedAndNotRepeated() {
        #expect(throws: StoreError.self) { try PostgresLocation.parse("postgresql://ana:s3cret@db/room") }
        do {
            _ = try PostgresLocation.parse("postgresql://ana:s3cret@db/room")
        } catch {
            #expect(!error.description.contains("s3cret"))
            #expect(error.description.contains("pgpass"))
        }
        #expect(throws: StoreError.self) { try PostgresLocation.parse("postgresql://db/room?password=s3cret") }
    }

    @Test func badPortsModesAndParametersAreNamed() {
        for (url, word) in [
            ("postgresql://db:99999/room", "port"), ("postgresql://db/room?sslmode=maybe", "sslmode"),
            ("postgresql://db/room?sslcert=/a.crt", "sslkey"), ("postgresql://db/room?colour=blue", "colour"),
            ("mysql://db/room", "postgresql://"), ("postgresql:///room?host=/run&sslmode=verify-full", "socket"),
        ] {
            do {
                _ = try PostgresLocation.parse(url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.description.contains(word), "\(url): \(error)")
            }
        }
    }

    func passfile(_ text: String, mode: mode_t) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        return path
    }

    @Test func thePasswordComesFromTheFirstMatchingLine() throws {
        let path = try passfile(
            """
            # comment
            other:5432:room:ana:wrong
            db.example.org:6543:room:ana:right\\:one
            *:*:*:ana:fallback
            """, mode: 0o600)
        defer { unlink(path) }
        let location = try PostgresLocation.parse("postgresql://ana@db.example.org:6543/room")
        #expect(try location.password(passfile: path) == "right:one")
        let elsewhere = try PostgresLocation.parse("postgresql://ana@elsewhere/room")
        #expect(try elsewhere.password(passfile: path) == "fallback")
        let socket = try PostgresLocation.parse("postgresql://ana@/room?host=/run/pg")
        let local = try passfile("localhost:5432:room:ana:local\n", mode: 0o600)
        defer { unlink(local) }
        #expect(try socket.password(passfile: local) == "local")
    }

    @Test func aPasswordFileOthersCanReadIsRefused() throws {
        let path = try passfile("*:*:*:*:secret\n", mode: 0o644)
        defer { unlink(path) }
        let location = try PostgresLocation.parse("postgresql://ana@db/room")
        do {
            _ = try location.password(passfile: path)
            Issue.record("a 0644 password file was read")
        } catch {
            #expect(error.description.contains("chmod 600"))
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func noPasswordFileMeansNoPassword() throws {
        let location = try PostgresLocation.parse("postgresql://ana@db/room")
        #expect(try location.password(passfile: "/nonexistent/pgpass") == nil)
    }

    @Test func scriptsSplitAtTopLevelSemicolonsOnly() {
        let parts = PostgresAdmin.statements(
            "SELECT 'a;b'; -- c; d\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$; SELECT 2")
        #expect(parts.count == 3)
        #expect(parts[1].hasSuffix("$$ SELECT 1; $$"))
    }
}
