import Foundation
import RoomCore
import RoomStore
import SQLiteStore

/// Search as the room runs it: the store's `search` (FTS5 on SQLite, `tsvector` on
/// PostgreSQL) over every group of the reader, the 50 best results with highlighted titles
/// and snippets. Queries mix a common word, a rare
/// one, two words, a prefix and a word in CJK.
enum SearchBenchmark {
    static let queries = ["day", "week", "morning walk", "grat", "recovery", "一日一歩", "bank", "sleep tonight"]

    static func run(path: String, handle: String, rounds: Int = 5) async throws -> Stat? {
        let backend = try SQLiteRoomStore(path: path)
        let store = try await backend.session(memberID: try await backend.member(handle: handle).id)
        return try await run(store, rounds: rounds)
    }

    /// The same queries on an open session of any backend.
    static func run(_ store: any RoomStore, rounds: Int = 5) async throws -> Stat? {
        // Warm the page cache first, as a room that has been open a while has.
        _ = try await store.search(queries[0], groupID: nil, limit: SearchQuery.resultsInTheRoom)
        var samples: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let start = ContinuousClock.now
                consume(try await store.search(query, groupID: nil, limit: SearchQuery.resultsInTheRoom))
                samples.append((ContinuousClock.now - start).milliseconds)
            }
        }
        return Stat(samples)
    }
}
