import Foundation
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// Across hosts: TCP with TLS verified against the server's CA, logging in by SCRAM (the
/// password from a 0600 passfile) or by a client certificate, as the role itself.
@Suite(
    "PostgreSQL over TLS: verify-full, SCRAM from the passfile, client certificates",
    .enabled(
        if: TestServer.current?.tlsDirectory != nil && TestServer.current?.host != nil
            && TestServer.current?.passfile != nil,
        "needs scripts/postgres's TLS files and passfile (PEERROOM_TEST_PG_HOST, _TLS_DIR, _PASSFILE)"))
struct TLSTests {
    func url(_ room: TestRoom, user: String, query: String) -> String {
        "postgresql://\(user)@\(room.server.host!):\(room.server.port)/\(room.database)?\(query)"
    }

    @Test func theOwnerLogsInWithAPasswordFromThePassfileOverVerifiedTLS() async throws {
        try await TestRoom.with { room async throws in
            let tls = room.server.tlsDirectory!
            let store = try await PostgresRoomStore.open(
                url: url(room, user: room.server.owner, query: "sslmode=verify-full&sslrootcert=\(tls)/ca.crt"),
                passfile: room.server.passfile)
            defer { store.close() }
            // The owner is no member: a guest of the room, reading the empty directory.
            #expect(store.me == nil)
            #expect(try await store.groupDirectory().isEmpty)
        }
    }

    @Test func aMemberLogsInByClientCertificateAsTheirOwnRole() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let tls = room.server.tlsDirectory!
            // prtest_ana (the certificate's name) is Ana in this room.
            try await room.asOwner { c async throws in
                try await c.query("DELETE FROM peerroom.member_login WHERE member_id = \(r.ana)", logger: room.logger)
                try await c.query(
                    "INSERT INTO peerroom.member_login (role_name, member_id) VALUES ('prtest_ana', \(r.ana))",
                    logger: room.logger)
            }
            let admin = try await room.server.connect(database: room.database)
            try await admin.query("GRANT peerroom_member TO prtest_ana", logger: room.logger)
            try await admin.close()
            let store = try await PostgresRoomStore.open(
                url: url(
                    room, user: "prtest_ana",
                    query:
                        "sslmode=verify-full&sslrootcert=\(tls)/ca.crt&sslcert=\(tls)/client.crt&sslkey=\(tls)/client.key"
                ))
            defer { store.close() }
            #expect(store.me?.handle == "Ana")
            #expect(try await store.drafts().isEmpty)
            #expect(try await store.mentorThread(with: r.cam).isEmpty)
            await #expect(throws: StoreError.closedGroup("harbor")) {
                try await store.stories(groupID: r.harbor, page: .first, limit: 10)
            }
        }
    }

    @Test func aServerThatTheRootCertificateDoesNotVouchForIsRefused() async throws {
        try await TestRoom.with { room async throws in
            let tls = room.server.tlsDirectory!
            // The client certificate is no CA: the server's certificate does not chain to it.
            do {
                let store = try await PostgresRoomStore.open(
                    url: url(room, user: room.server.owner, query: "sslmode=verify-full&sslrootcert=\(tls)/client.crt"),
                    passfile: room.server.passfile)
                store.close()
                Issue.record("a server the root certificate does not vouch for was trusted")
            } catch let error as StoreError {
                #expect(error.description.contains("certificate"))
                #expect(error.description.contains("127.0.0.1:\(room.server.port)"))
            }
        }
    }
}
