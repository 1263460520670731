import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// "I need support now" on PostgreSQL: the signal, who was told, the answer and the thread are
/// invisible to a third member's raw SQL, and no member can write anyone else's rows.
@Suite("Support now on PostgreSQL: a third member's raw SQL reads and writes nothing", needsServer)
struct SupportPrivacyTests {
    @Test func aThirdMemberReadsNoRowAndChangesNothing() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ben = try await room.store("ben", clock: testClock)  // river's facilitator
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ben.close()
                cam.close()
            }
            try await ben.heartbeat(instance: "ben-room")
            guard case .sent(let signal, let told) = try await cam.reachOut(line: "please, now") else {
                Issue.record("nobody was told")
                return
            }
            #expect(told == 1)
            _ = try await ben.answerSupport(id: signal.id)
            _ = try await cam.sendSupportMessage(signalID: signal.id, body: "thank you for coming")
            _ = try await ben.sendSupportMessage(signalID: signal.id, body: "I am here")
            let tables = ["support_signal", "support_recipient", "support_answer", "support_message"]
            let t = testNow.millisecondsSince1970
            try await room.asOwner { c async throws in
                for table in tables {
                    #expect(try await count(c, "SELECT count(*) FROM peerroom.\(table)") >= 1, "\(table) has rows")
                    #expect(
                        try await count(
                            c,
                            """
                            SELECT count(*) FROM pg_class WHERE oid = 'peerroom.\(table)'::regclass
                              AND relrowsecurity AND relforcerowsecurity
                            """) == 1, "\(table): row-level security, enabled and forced")
                }
            }
            try await room.asMember("ana") { c async throws in
                for table in tables {
                    #expect(try await count(c, "SELECT count(*) FROM peerroom.\(table)") == 0, "\(table)")
                }
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.change_log WHERE kind = 'support'") == 0,
                    "the change log tells her nothing of it")
                // Others' rows: not insertable as them, not changeable, not deletable.
                for sql in [
                    "INSERT INTO peerroom.support_signal (member_id, line, created_at) VALUES (\(r.cam), 'forged', \(t))",
                    "INSERT INTO peerroom.support_recipient (signal_id, member_id, signaller_id) VALUES (\(signal.id), \(r.ana), \(r.cam))",
                    "INSERT INTO peerroom.support_answer (signal_id, member_id, answerer_id, answered_at) VALUES (\(signal.id), \(r.cam), \(r.ana), \(t))",
                    "INSERT INTO peerroom.support_answer (signal_id, member_id, answerer_id, answered_at) VALUES (\(signal.id), \(r.cam), \(r.ben), \(t))",
                    "INSERT INTO peerroom.support_message (signal_id, author_id, body, created_at) VALUES (\(signal.id), \(r.ana), 'hi', \(t))",
                    "INSERT INTO peerroom.support_message (signal_id, author_id, body, created_at) VALUES (\(signal.id), \(r.cam), 'forged', \(t))",
                    "UPDATE peerroom.support_signal SET line = 'changed'",
                    "UPDATE peerroom.support_signal SET answered_at = NULL",
                    "UPDATE peerroom.support_answer SET answerer_id = \(r.ana)",
                    "UPDATE peerroom.support_message SET body = 'changed'",
                    "DELETE FROM peerroom.support_signal",
                    "DELETE FROM peerroom.support_recipient",
                    "DELETE FROM peerroom.support_answer",
                    "DELETE FROM peerroom.support_message",
                    "TRUNCATE peerroom.support_message",
                ] {
                    #expect(await refusal(c, sql) == "42501", "\(sql)")
                }
            }
            // Not even the pair may rewrite the record: no UPDATE or DELETE for members at all.
            try await room.asMember("ben") { c async throws in
                #expect(await refusal(c, "UPDATE peerroom.support_message SET body = 'x'") == "42501")
                #expect(await refusal(c, "DELETE FROM peerroom.support_answer") == "42501")
                #expect(try await count(c, "SELECT count(*) FROM peerroom.support_message") == 2)
            }
            try await room.asOwner { c async throws in
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.support_message WHERE body IN ('thank you for coming', 'I am here')"
                    ) == 2, "the thread is as the two wrote it")
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.support_signal WHERE line = 'please, now'") == 1)
            }
        }
    }
}

@Suite("Support now: peerroom migrate copies the calls and threads", needsServer)
struct SupportMigrationTests {
    @Test func aThreadMovedToPostgreSQLIsStillThePairsAlone() async throws {
        try await DemoFile.with { demo in
            let session = { (handle: String) in
                try await demo.store.session(memberID: demo.store.member(handle: handle).id)
            }
            try await session("moss").heartbeat(instance: "moss-room")
            guard case .sent(let call, _) = try await session("rowan").reachOut(line: "moving night") else {
                Issue.record("nobody was told")
                return
            }
            _ = try await session("moss").answerSupport(id: call.id)
            _ = try await session("rowan").sendSupportMessage(signalID: call.id, body: "still here?")
            _ = try await session("moss").sendSupportMessage(signalID: call.id, body: "still here.")
            try await EmptyTarget.with { target in
                let report = try await target.migrate(demo, batchSize: 7)
                #expect(report.ok)
                let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0.targetRows) })
                #expect(rows["support_signal"] == 1 && rows["support_recipient"] == 1)
                #expect(rows["support_answer"] == 1 && rows["support_message"] == 2)
                func store(_ handle: String) async throws -> PostgresRoomStore {
                    let role = try #require(report.roles.first { $0.handle == handle }?.role)
                    return try await PostgresRoomStore.open(
                        location: target.server.location(database: target.database), clock: testClock,
                        actingRole: role)
                }
                let rowan = try await store("rowan")
                let river = try await store("river")
                defer {
                    rowan.close()
                    river.close()
                }
                #expect(try await rowan.supportThread(id: call.id).map(\.body) == ["still here?", "still here."])
                #expect(try await rowan.supportSignals().first?.answererHandle == "moss")
                #expect(try await river.supportSignals().isEmpty)
                await #expect(throws: StoreError.self) { _ = try await river.supportThread(id: call.id) }
            }
        }
    }
}
