import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import SQLiteStore
import Testing

@testable import PostgresStore

/// `peerroom migrate` carries the newcomer backlog, and its comparison would notice it changed.
@Suite(.serialized) struct BacklogMigrationTests {
    @Test(needsServer) func theBacklogIsCopiedAndCompared() async throws {
        try await DemoFile.with { demo in
            try await demo.raw("UPDATE peer_group SET backlogDays = 14 WHERE slug = 'clean-slate'")
            try await EmptyTarget.with { target in
                let report = try await target.migrate(demo)
                #expect(report.ok)
                #expect(report.tables.first { $0.table == "peer_group" }?.ok == true)
                let table = try #require(PostgresMigration.tables.first { $0.target == "peer_group" })
                let reader = try SQLiteRoomReader(path: demo.path)
                let source = try PostgresMigration.sourceChecksum(table, from: reader, batchSize: 100)
                let (copied, same, changed) = try await target.asOwner { c async throws in
                    let copied = try await c.scalar(
                        "SELECT backlog_days FROM peerroom.peer_group WHERE slug = 'clean-slate'", as: Int64.self)
                    let same = try await PostgresMigration.checksum(table, on: c)
                    try await c.query(
                        "UPDATE peerroom.peer_group SET backlog_days = 15 WHERE slug = 'clean-slate'",
                        logger: target.logger)
                    return (copied, same, try await PostgresMigration.checksum(table, on: c))
                }
                #expect(copied == 14)
                #expect(same.checksum.hex == source.checksum.hex)
                #expect(changed.checksum.hex != source.checksum.hex, "the comparison covers the setting")
            }
        }
    }
}
