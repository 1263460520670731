import Foundation
import Testing

/// The two front hosts of scripts/netns-hosts (network namespaces pr-a and pr-b) reach the
/// server on the database host's address, 10.77.0.1, as rooms on other machines would.
/// Serialized: both tests take the namespaces up and down.
@Suite(.enabled(if: TestServer.shouldRun, "no PostgreSQL test server (scripts/test starts one)"), .serialized)
struct NamespaceHostsTests {
    static let databaseAddress = "10.77.0.1"

    @Test func bothFrontHostsReachTheServer() throws {
        let server = try Self.listeningServer()
        let hosts = try NamespaceHosts()
        defer { hosts.down() }

        let fromA = try server.psql(
            [server.tcp(user: server.certificateUser, host: Self.databaseAddress, certificate: true)],
            "select inet_client_addr(), current_user", prefix: ["ip", "netns", "exec", "pr-a"])
        #expect(fromA.status == 0, "\(fromA.errors)")
        #expect(fromA.output == "10.77.0.2|\(server.certificateUser)\n")

        let fromB = try server.psql(
            [server.tcp(user: server.owner, host: Self.databaseAddress)], "select inet_client_addr(), current_user",
            prefix: ["ip", "netns", "exec", "pr-b"], environment: ["PGPASSFILE": server.passFile])
        #expect(fromB.status == 0, "\(fromB.errors)")
        #expect(fromB.output == "10.77.0.3|\(server.owner)\n")
    }

    @Test func aFrontHostsConnectionCanBeTerminatedFromTheDatabaseHost() throws {
        let server = try Self.listeningServer()
        let hosts = try NamespaceHosts()
        defer { hosts.down() }

        let waiting = try Spawned(
            ["ip", "netns", "exec", "pr-b", server.bin + "/psql", "-X", "-w", "-tA"]
                + [server.tcp(user: server.owner, host: Self.databaseAddress), "-c", "select pg_sleep(60)"],
            environment: ["PGPASSFILE": server.passFile])
        let backend =
            "select pid from pg_stat_activity where client_addr = '10.77.0.3' and query = 'select pg_sleep(60)'"
        try waitUntil("pr-b's query shows in pg_stat_activity (\(waiting.errorsSoFar))") {
            try !server.admin(backend).isEmpty || waiting.poll() != nil
        }
        #expect(try server.admin("select bool_and(pg_terminate_backend(pid)) from (\(backend)) b") == "t")

        let ended = try #require(waiting.wait(seconds: 10), "psql on pr-b still runs after its backend ended")
        #expect(ended.status != 0)
        #expect(ended.errors.contains("terminating connection due to administrator command"), "\(ended.errors)")
    }

    /// The server, which must listen on the database address (bound when it started).
    static func listeningServer(sourceLocation: SourceLocation = #_sourceLocation) throws -> TestServer {
        let server = try TestServer.current(sourceLocation: sourceLocation)
        try #require(
            server.listen.contains(databaseAddress),
            """
            the test server does not listen on \(databaseAddress): start it with `scripts/netns-hosts up && \
            PEERROOM_PG_LISTEN=\(databaseAddress) scripts/postgres start DIR` (scripts/test does)
            """, sourceLocation: sourceLocation)
        return server
    }
}

/// Brings the namespaces up; `down()` takes them down again only if this brought them up, so a
/// run that keeps them up for all its tests (scripts/test) keeps them.
struct NamespaceHosts {
    let broughtUp: Bool

    init() throws {
        let script = scriptsFolder + "/netns-hosts"
        if try Subprocess.run(["bash", script, "status"]).status == 0 {
            broughtUp = false
        } else {
            broughtUp = true
            let run = try Subprocess.run(["bash", script, "up"])
            if run.status != 0 {
                _ = try? Subprocess.run(["bash", script, "down"])
                Issue.record("scripts/netns-hosts up failed: \(run.errors)")
                throw CancellationError()
            }
        }
    }

    func down() {
        guard broughtUp else { return }
        let run = try? Subprocess.run(["bash", scriptsFolder + "/netns-hosts", "down"])
        #expect(run?.status == 0, "scripts/netns-hosts down failed: \(run?.errors ?? "could not run it")")
    }
}
