import Foundation
import Testing

/// What scripts/postgres promises about who may log in, and how: one host by peer
/// authentication on the socket, other hosts only over TLS (a certificate or a SCRAM password).
@Suite(.enabled(if: TestServer.shouldRun, "no PostgreSQL test server (scripts/test starts one)"))
struct AuthenticationTests {
    @Test func peerAuthenticationLogsAUnixUserInAsTheRoleOfTheSameName() throws {
        let server = try TestServer.current()
        let run = try server.psql(
            ["-h", server.socketFolder, "-p", server.port, "-d", server.database], "select current_user",
            prefix: ["runuser", "-u", "prtest_ana", "--"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "prtest_ana\n")
    }

    @Test func peerAuthenticationRefusesAnotherMembersRole() throws {
        let server = try TestServer.current()
        let run = try server.psql(
            ["-h", server.socketFolder, "-p", server.port, "-d", server.database, "-U", "prtest_ben"],
            "select current_user", prefix: ["runuser", "-u", "prtest_ana", "--"])
        #expect(run.status != 0)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("Peer authentication failed for user \"prtest_ben\""), "\(run.errors)")
    }

    @Test func aClientCertificateLogsInOverVerifiedTLS() throws {
        let server = try TestServer.current()
        let run = try server.psql(
            [server.tcp(user: server.certificateUser, certificate: true)],
            "select ssl, current_user from pg_stat_ssl where pid = pg_backend_pid()")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "t|\(server.certificateUser)\n")
    }

    @Test func aServerCertificateFromAnotherAuthorityIsRefused() throws {
        let server = try TestServer.current()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let otherRoot = folder.appendingPathComponent("other.crt").path
        let made = try Subprocess.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", "/CN=someone else", "-keyout", folder.appendingPathComponent("other.key").path,
            "-out", otherRoot,
        ])
        try #require(made.status == 0, "\(made.errors)")

        let run = try server.psql(
            [server.tcp(user: server.certificateUser, root: otherRoot, certificate: true)], "select 1")
        #expect(run.status != 0)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("certificate verify failed"), "\(run.errors)")
    }

    @Test func tcpWithoutTLSIsRefused() throws {
        let server = try TestServer.current()
        let run = try server.psql(
            ["host=\(server.host) port=\(server.port) dbname=\(server.database) user=\(server.owner) sslmode=disable"],
            "select 1", environment: ["PGPASSFILE": server.passFile])
        #expect(run.status != 0)
        #expect(run.errors.contains("no pg_hba.conf entry"), "\(run.errors)")
    }

    @Test func theOwnerLogsInWithItsPasswordAndHoldsNoPowerOverRowLevelSecurity() throws {
        let server = try TestServer.current()
        let run = try server.psql(
            [server.tcp(user: server.owner, host: "localhost")],
            """
            select current_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, pg_get_userbyid(d.datdba)
            from pg_roles r, pg_database d where r.rolname = current_user and d.datname = current_database()
            """,
            environment: ["PGPASSFILE": server.passFile])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "\(server.owner)|f|f|t|\(server.owner)\n")

        let withoutPassword = try server.psql(
            [server.tcp(user: server.owner)], "select 1", environment: ["PGPASSFILE": server.passFile + ".none"])
        #expect(withoutPassword.status != 0)
        #expect(withoutPassword.errors.contains("password"), "\(withoutPassword.errors)")
    }
}
