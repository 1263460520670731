import Foundation
import GRDB
import GRDBSQLite
import RoomStore

/// A SQLite room read for copying elsewhere (`peerroom migrate`): one read transaction held
/// from open to `close`, so every batch and the checksums after see the same snapshot.
public final class SQLiteRoomReader: RoomRowSource, @unchecked Sendable {
    private let queue: DatabaseQueue
    private let closed = NSLock()
    private var isClosed = false
    public let path: String

    /// Opens an existing room (brought up to date as every command does, refused if newer or
    /// loose), then reads it on a connection of its own.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "there is no such file")
        }
        self.path = path
        _ = try SQLiteRoomStore(path: path)
        var config = Configuration()
        config.readonly = true
        // The snapshot is one transaction across many accesses, on purpose.
        config.allowsUnsafeTransactions = true
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.inDatabase { db in
                try db.execute(sql: "BEGIN DEFERRED")
                // A first read takes the snapshot now, not at the first batch.
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "SQLite result \(error.resultCode)")
        }
    }

    public func tableNames() throws -> [String] {
        try queue.inDatabase { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT t.name FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
                      AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table'
                        AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND (t.name = v.name OR t.name LIKE v.name || '_%'))
                    ORDER BY t.name
                    """)
        }
    }

    public func rows(_ query: RoomTableQuery, after: [RoomCell]?, limit: Int) throws -> [[RoomCell]] {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible?] = []
        if let filter = query.filter { conditions.append("(\(filter))") }
        let key = Array(query.columns.prefix(query.keyCount))
        if let after {
            conditions.append(
                "(\(key.joined(separator: ", "))) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            )
            for cell in after {
                switch cell {
                case .null: arguments.append(nil)
                case .integer(let value): arguments.append(value)
                case .text(let value): arguments.append(value)
                }
            }
        }
        let sql = """
            SELECT \(query.columns.joined(separator: ", ")) FROM \(query.table)
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)
            """
        return try queue.inDatabase { db in
            let statement = try db.cachedStatement(sql: sql)
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            // Straight from the statement's columns (the cursor steps it): no row or value
            // boxes between SQLite's bytes and the cells.
            let handle = statement.sqliteStatement
            let count = Int32(statement.columnCount)
            var result: [[RoomCell]] = []
            result.reserveCapacity(limit)
            while try cursor.next() != nil {
                var cells: [RoomCell] = []
                cells.reserveCapacity(Int(count))
                for index in 0..<count {
                    switch sqlite3_column_type(handle, index) {
                    case SQLITE_NULL: cells.append(.null)
                    case SQLITE_INTEGER: cells.append(.integer(sqlite3_column_int64(handle, index)))
                    case SQLITE_FLOAT: cells.append(.text(String(sqlite3_column_double(handle, index))))
                    default:
                        // Text, or a blob read as UTF-8 text.
                        let bytes = sqlite3_column_text(handle, index)
                        let length = Int(sqlite3_column_bytes(handle, index))
                        cells.append(
                            .text(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)))
                    }
                }
                result.append(cells)
            }
            return result
        }
    }

    /// Ends the snapshot and closes the file.
    public func close() {
        let first = closed.withLock {
            defer { isClosed = true }
            return !isClosed
        }
        guard first else { return }
        try? queue.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        try? queue.close()
    }

    deinit { close() }
}
