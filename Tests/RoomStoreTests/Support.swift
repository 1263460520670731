import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Synchronization
import Testing

/// A folder of its own under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("peerroom-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Where a test database lives: inside a folder that does not exist yet, so the store
    /// has to create it.
    var databasePath: String { url.appendingPathComponent("room/room.sqlite").path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes a seed folder (`members.json` and `groups/<name>`) under this folder.
    @discardableResult
    func writeSeed(members: String?, groups: [String: String], name: String = "seed") throws -> URL {
        let seed = url.appendingPathComponent(name, isDirectory: true)
        let groupsFolder = seed.appendingPathComponent("groups", isDirectory: true)
        try FileManager.default.createDirectory(at: groupsFolder, withIntermediateDirectories: true)
        if let members {
            try Data(members.utf8).write(to: seed.appendingPathComponent("members.json"))
        }
        for (file, text) in groups {
            try Data(text.utf8).write(to: groupsFolder.appendingPathComponent(file))
        }
        return seed
    }
}

/// The repository's own seed folder: Tests/RoomStoreTests/<file> → package root → seeds.
func repositorySeeds(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("seeds", isDirectory: true)
}

/// A fixed "now" so that seeded times are known exactly.
let seedNow = Date(millisecondsSince1970: 1_790_000_000_000)

func hoursBefore(_ now: Date, _ hours: Double) -> Date {
    Date(millisecondsSince1970: now.millisecondsSince1970 - Int64((hours * 3_600_000).rounded()))
}

/// Reads a whole keyset-paged list from the top, checking `hasMore` on the way.
func readForward<Key, Item: Pageable>(
    limit: Int, _ fetch: (PageRequest<Key>) async throws -> Page<Item>
) async throws -> (items: [Item], pages: Int) where Item.Key == Key {
    try await readAll(limit: limit, fromTheEnd: false, fetch)
}

/// Reads a whole keyset-paged list from the bottom up; the result is in list order.
func readBackward<Key, Item: Pageable>(
    limit: Int, _ fetch: (PageRequest<Key>) async throws -> Page<Item>
) async throws -> (items: [Item], pages: Int) where Item.Key == Key {
    try await readAll(limit: limit, fromTheEnd: true, fetch)
}

private func readAll<Key, Item: Pageable>(
    limit: Int, fromTheEnd: Bool, _ fetch: (PageRequest<Key>) async throws -> Page<Item>
) async throws -> (items: [Item], pages: Int) where Item.Key == Key {
    var items: [Item] = []
    var request: PageRequest<Key> = fromTheEnd ? .last : .first
    var pages = 0
    while true {
        let page = try await fetch(request)
        pages += 1
        #expect(page.items.count <= limit)
        items = fromTheEnd ? page.items + items : items + page.items
        guard page.hasMore else { break }
        #expect(page.items.count == limit, "a page with more after it is full")
        let edge = try #require(fromTheEnd ? page.items.first : page.items.last, "hasMore on an empty page")
        request = fromTheEnd ? .before(edge.pageKey) : .after(edge.pageKey)
        try #require(pages < 10_000)
    }
    return (items, pages)
}

// MARK: A small room, written as seed files

/// Members of the fixture room. Handles mix cases so that a case-sensitive sort would differ
/// from the case-insensitive one the roster promises.
let fixtureMembers = """
    {
      "members": [
        { "handle": "mila", "recoveryStart": "2019-01-01" },
        { "handle": "Alder", "recoveryStart": "2020-05-01" },
        { "handle": "zed.9", "recoveryStart": "2025-01-01" },
        { "handle": "bea_r", "recoveryStart": "2024-01-09" },
        { "handle": "MIRA" },
        { "handle": "Mika", "recoveryStart": "2022-02-02" },
        { "handle": "9lives", "recoveryStart": "2021-09-09" },
        { "handle": "_under" },
        { "handle": "cobalt", "recoveryStart": "2026-05-02" },
        { "handle": "Echo", "recoveryStart": "2023-03-03" },
        { "handle": "dune", "recoveryStart": "2022-07-19" },
        { "handle": "fern", "recoveryStart": "2012-11-30" },
        { "handle": "ghost", "recoveryStart": "2020-10-31" }
      ]
    }
    """

let fixtureCircle = """
    {
      "slug": "circle",
      "name": "Circle",
      "topic": "Where the fixture lives",
      "open": true,
      "members": [
        { "handle": "MIRA", "role": "member", "sharesRecoveryStart": true },
        { "handle": "dune", "role": "newcomer" },
        { "handle": "zed.9", "role": "peer-mentor", "sharesRecoveryStart": false },
        { "handle": "mila", "role": "facilitator", "sharesRecoveryStart": true },
        { "handle": "cobalt", "role": "member" },
        { "handle": "Echo", "role": "newcomer", "sharesRecoveryStart": true },
        { "handle": "_under", "role": "member" },
        { "handle": "Alder", "role": "facilitator", "sharesRecoveryStart": true },
        { "handle": "Mika", "role": "member", "sharesRecoveryStart": false },
        { "handle": "bea_r", "role": "peer-mentor" },
        { "handle": "9lives", "role": "member", "sharesRecoveryStart": true }
      ],
      "stories": [
        {
          "author": "Mika",
          "kind": "milestone",
          "title": "  Ninety days  ",
          "contentWarning": "   ",
          "body": "\\n  Ninety days today.\\n\\nThank you all.  \\n",
          "hoursAgo": 30,
          "replies": [
            { "author": "mila", "body": "So proud of you.", "hoursAgo": 2 },
            { "author": "dune", "body": " First! ", "hoursAgo": 29.5 },
            { "author": "Alder", "body": "Ninety is huge.", "hoursAgo": 10 }
          ],
          "reactions": [
            { "member": "mila", "kind": "proud" },
            { "member": "dune", "kind": "support" }
          ]
        },
        {
          "author": "dune",
          "kind": "setback",
          "title": "Rough night",
          "contentWarning": " cravings ",
          "body": "Rough night, but I am here.",
          "hoursAgo": 3
        }
      ],
      "encouragement": [
        { "author": "mila", "body": "Glad you are all here.", "hoursAgo": 4 },
        { "author": "Alder", "to": "dune", "body": "You made it through the night.", "hoursAgo": 1 }
      ]
    }
    """

let fixtureQuiet = """
    {
      "slug": "quiet-room",
      "name": "Quiet Room",
      "topic": "Invitation only",
      "open": false,
      "members": [
        { "handle": "fern", "role": "facilitator", "sharesRecoveryStart": true },
        { "handle": "Alder", "role": "member" }
      ],
      "stories": [],
      "encouragement": []
    }
    """

let fixtureThird = """
    {
      "slug": "third",
      "name": "Third Space",
      "topic": "For long lists",
      "members": [
        { "handle": "fern", "role": "facilitator" },
        { "handle": "cobalt", "role": "member" },
        { "handle": "dune", "role": "member" },
        { "handle": "Echo", "role": "newcomer" },
        { "handle": "bea_r", "role": "peer-mentor" }
      ],
      "stories": [],
      "encouragement": []
    }
    """

// MARK: Time

/// A clock a test moves: every write of the store reads it. It starts at the real "now" (what
/// the store read before it had a clock) and stays where a test sets it.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func set(_ date: Date) { current.withLock { $0 = date } }

    var roomClock: RoomClock { RoomClock { [self] in now } }
}

// MARK: Backends

/// A store backend the contract suite runs against. Every test of the contract takes one
/// (`@Test(arguments: Backend.all)`) and reaches the store only through `RoomStore` sessions,
/// so a new backend joins the contract by adding itself to `all`.
struct Backend: Sendable, CustomTestStringConvertible {
    let name: String
    /// A fresh, empty room of this backend, of its own, that no other test sees, on `clock`.
    let open: @Sendable (TestClock) async throws -> OpenedStore

    var testDescription: String { name }

    static let sqlite = Backend(name: "SQLite") { clock in
        let folder = try TemporaryFolder()
        let path = folder.databasePath
        let store = try SQLiteRoomStore(path: path, clock: clock.roomClock)
        return OpenedStore(
            load: { bundle, now in try await store.load(bundle, now: now) },
            session: { handle in try await store.session(memberID: try await store.member(handle: handle).id) },
            guest: { try await store.session(memberID: nil) },
            newcomer: { login in try await store.session(login: login) },
            reopen: { handle in
                let other = try SQLiteRoomStore(path: path, clock: clock.roomClock)
                guard let handle else { return try await other.session(memberID: nil) }
                return try await other.session(memberID: try await other.member(handle: handle).id)
            },
            remove: { folder.remove() },
            sqlite: SQLiteFile(store: store, path: path))
    }

    /// Every backend the contract suite runs against.
    static let all: [Backend] =
        [.sqlite] + (ProcessInfo.processInfo.environment["PEERROOM_CONTRACT_PG"] == "1" ? [.postgres] : [])
}

/// A room a backend opened for one test.
struct OpenedStore: Sendable {
    /// Seeds the room (a bundle, as of a moment): what a new room starts with.
    let load: @Sendable (SeedBundle, Date) async throws -> SeedReport
    /// A session acting as the seeded member with this handle.
    let session: @Sendable (String) async throws -> any RoomStore
    /// A session of a principal with no pseudonym: reads what everyone may read.
    let guest: @Sendable () async throws -> any RoomStore
    /// A session of a new principal (SQLite: a login) with no pseudonym yet, who may take one.
    let newcomer: @Sendable (String) async throws -> any RoomStore
    /// Another connection to the same room, as a second process would open it, acting as the
    /// member with this handle (nil: a guest).
    let reopen: @Sendable (String?) async throws -> any RoomStore
    /// Removes the room and everything the backend made for it.
    let remove: @Sendable () -> Void
    /// The SQLite file behind the store, for the "SQLite: …" suites only; nil on other backends.
    let sqlite: SQLiteFile?
}

/// What only the SQLite suites may touch: the store's own type and its file.
struct SQLiteFile: Sendable {
    let store: SQLiteRoomStore
    let path: String
}

/// A store holding the fixture room, of the backend given.
struct FixtureRoom {
    /// Holds the seed files (and the SQLite file, on that backend).
    let folder: TemporaryFolder
    let opened: OpenedStore
    let report: SeedReport
    /// What the store reads as "now"; tests move it.
    let clock: TestClock
    /// The seeded handles by member id, so a test holding an id can act as that member.
    let handles: [MemberID: String]
    /// A guest's session: what everyone may see.
    let store: any RoomStore

    init(_ backend: Backend) async throws {
        folder = try TemporaryFolder()
        let seed = try folder.writeSeed(
            members: fixtureMembers,
            groups: ["circle.json": fixtureCircle, "quiet-room.json": fixtureQuiet, "third.json": fixtureThird])
        let bundle = try SeedLoader.load(directory: seed)
        clock = TestClock()
        opened = try await backend.open(clock)
        report = try await opened.load(bundle, seedNow)
        store = try await opened.guest()
        var handles: [MemberID: String] = [:]
        for member in bundle.members { handles[try await store.member(handle: member.handle).id] = member.handle }
        self.handles = handles
    }

    /// A session acting as the seeded member `handle`.
    func `as`(_ handle: String) async throws -> any RoomStore {
        try await opened.session(handle)
    }

    /// A session acting as the seeded member `id` (nil: a guest), with the clock at `time`
    /// when given (the moment its next write is stamped with).
    func acting(_ id: MemberID?, at time: Date? = nil) async throws -> any RoomStore {
        if let time { clock.set(time) }
        guard let id else { return try await opened.guest() }
        return try await opened.session(try #require(handles[id], "member \(id) is not a seeded member"))
    }

    /// Saves a draft as the seeded member `id`, at the moment the draft says (the store stamps
    /// a draft with its clock).
    func saveDraft(as id: MemberID, _ draft: Draft) async throws {
        try await acting(id, at: draft.updatedAt).saveDraft(draft)
    }

    /// Loads more seeds at `seedNow`; on SQLite, as loaded by `login` (who may act as its demo members).
    @discardableResult
    func loadSeed(_ bundle: SeedBundle, seededBy login: String) async throws -> SeedReport {
        guard let sqlite = opened.sqlite else { return try await opened.load(bundle, seedNow) }
        return try await sqlite.store.load(bundle, now: seedNow, seededBy: login)
    }

    /// The SQLite file behind the room, for the "SQLite: …" suites (made with `.sqlite`).
    func sqlite() throws -> SQLiteFile {
        try #require(opened.sqlite, "an SQLite-only test ran on another backend")
    }

    func remove() {
        opened.remove()
        folder.remove()
    }

    func group(_ slug: String) async throws -> GroupSummary {
        try await store.group(slug: slug)
    }

    func member(_ handle: String) async throws -> Member {
        try await store.member(handle: handle)
    }

    func allStories(_ groupID: GroupID) async throws -> [StorySummary] {
        try await readForward(limit: 100) { try await store.stories(groupID: groupID, page: $0, limit: 100) }.items
    }

    func allEncouragement(_ groupID: GroupID) async throws -> [Encouragement] {
        try await readForward(limit: 100) { try await store.encouragement(groupID: groupID, page: $0, limit: 100) }
            .items
    }

    func roster(_ groupID: GroupID) async throws -> [RosterEntry] {
        try await readForward(limit: 100) { try await store.roster(groupID: groupID, page: $0, limit: 100) }.items
    }
}
