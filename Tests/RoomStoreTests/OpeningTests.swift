import Foundation
import GRDB
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// What a database holds, read with plain GRDB: its schema, its migrations and its rows.
/// (Not `PRAGMA schema_version`: GRDB's pool bumps it on open by creating and dropping a
/// scratch table, which leaves the content as it was.)
private struct Snapshot: Equatable {
    var schema: [String]
    var migrations: [String]
    var members: [String]

    init(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        (schema, migrations, members) = try queue.read { db in
            let schema = try String.fetchAll(
                db, sql: "SELECT type || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name")
            // In the order they were applied (rowid): identifiers do not sort ("v10" < "v2").
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            let hasMembers = try db.tableExists("member")
            let members = hasMembers ? try String.fetchAll(db, sql: "SELECT handle FROM member ORDER BY id") : []
            return (schema, migrations, members)
        }
        try queue.close()
    }
}

@Suite("SQLite: opening a database file")
struct OpeningTests {
    @Test func aNewStoreCreatesItsFolderAndAnEmptyRoom() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.databasePath
        #expect(!FileManager.default.fileExists(atPath: path))

        let store = try SQLiteRoomStore(path: path)
        #expect(store.path == path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await store.isEmpty())
        let guest = try await store.session(memberID: nil)
        #expect(try await guest.groups().isEmpty)
        #expect(try await store.members(login: "someone").isEmpty)
        #expect(try await guest.stories(groupID: 1, page: .first, limit: 10) == Page(items: [], hasMore: false))
        #expect(try await guest.stories(groupID: 1, page: .last, limit: 10) == Page(items: [], hasMore: false))
        #expect(try await guest.encouragement(groupID: 1, page: .first, limit: 10) == Page(items: [], hasMore: false))
        #expect(try await guest.roster(groupID: 1, page: .first, limit: 10) == Page(items: [], hasMore: false))
        await #expect(throws: StoreError.unknownMember("river", known: [])) {
            try await store.member(handle: "river")
        }
        await #expect(throws: StoreError.unknownGroup("sober-circle", known: [])) {
            try await store.group(slug: "sober-circle")
        }
    }

    @Test func theMigrationIsRecorded() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try SQLiteRoomStore(path: folder.databasePath)
        let snapshot = try Snapshot(path: folder.databasePath)
        #expect(snapshot.migrations == SQLiteRoomStore.schemaVersions)
        for table in ["peer_group", "member", "membership", "story", "reply", "reaction", "encouragement"] {
            #expect(snapshot.schema.contains { $0.hasPrefix("table \(table) ") }, "table \(table)")
        }
    }

    @Test func twoStoresCanShareOneFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try SQLiteRoomStore(path: folder.databasePath)
        let second = try SQLiteRoomStore(path: folder.databasePath)
        #expect(try await second.isEmpty())

        let created = try await first.createMember(handle: "river", login: "ana", recoveryStart: nil)
        #expect(try await second.member(handle: "river") == created)
        #expect(try await second.members(login: "ana") == [created])
        await #expect(throws: StoreError.handleTaken("River")) {
            try await second.createMember(handle: "River", login: nil, recoveryStart: nil)
        }
    }

    @Test func reopeningKeepsWhatWasWritten() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let start = try #require(CalendarDay(iso: "2023-02-14"))
        do {
            let store = try SQLiteRoomStore(path: folder.databasePath)
            _ = try await store.createMember(handle: "river", login: "ana", recoveryStart: start)
        }
        let reopened = try SQLiteRoomStore(path: folder.databasePath)
        let river = try await reopened.member(handle: "river")
        #expect(river.recoveryStart == start)
        #expect(try Snapshot(path: folder.databasePath).migrations == SQLiteRoomStore.schemaVersions)
    }

    @Test func aDatabaseFromANewerVersionIsRefusedAndLeftAlone() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.databasePath
        do {
            let store = try SQLiteRoomStore(path: path)
            _ = try await store.createMember(handle: "river", login: nil, recoveryStart: nil)
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 future')")
        }
        try queue.close()
        let before = try Snapshot(path: path)
        #expect(before.migrations == SQLiteRoomStore.schemaVersions + ["v99 future"])

        let error = #expect(throws: StoreError.self) { try SQLiteRoomStore(path: path) }
        #expect(error == .newerDatabase(path: path, unknownMigrations: ["v99 future"]))
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("v99 future"))
        #expect(message.contains(path))

        let after = try Snapshot(path: path)
        #expect(after.schema == before.schema)
        #expect(after.migrations == before.migrations)
        #expect(after.members == before.members)
    }

    @Test func aNewerDatabaseIsNotMigratedEvenWhenItLacksOurTables() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.databasePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations (identifier) VALUES ('v99 future');
                    """)
        }
        try queue.close()
        chmod(path, 0o600)
        let before = try Snapshot(path: path)

        #expect(throws: StoreError.newerDatabase(path: path, unknownMigrations: ["v99 future"])) {
            try SQLiteRoomStore(path: path)
        }
        let after = try Snapshot(path: path)
        #expect(after == before)
        #expect(!after.schema.contains { $0.hasPrefix("table peer_group ") })
    }

    @Test func aPathThatCannotHoldAFolderIsReportedAsCannotOpen() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let path = file.appendingPathComponent("room.sqlite").path
        let error = #expect(throws: StoreError.self) { try SQLiteRoomStore(path: path) }
        guard case .cannotOpen(let reportedPath, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
    }
}
