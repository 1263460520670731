import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Live: the typed change log (`change_log`, written by triggers in the writer's transaction,
/// one writer at a time so seqs commit in order) read through its policy, so each member is
/// told only what they may be: a mentorship only to its two members, a queue only to the
/// group's facilitators, nothing of a closed group to outsiders. Writers also `NOTIFY
/// peerroom_changes` with the seq alone (notifications bypass row-level security); the
/// store's listener uses it only as a wake-up: a room reads `changes(after:)` when woken
/// (`signalChanges`), so an idle room sends no query but the listener's keepalive.
extension PostgresRoomStore {
    /// More than this since the last look: reloading everything is cheaper.
    static let changeBatchLimit: Int64 = 1000

    public func lastChange() async throws -> Int64 {
        try await read { connection in
            try await connection.scalar("SELECT last FROM change_bounds()", as: Int64.self) ?? 0
        }
    }

    public func changes(after position: Int64) async throws -> (changes: [RoomChange], last: Int64) {
        try await read { connection in
            let bounds = try await connection.rows("SELECT first, last FROM change_bounds()")[0]
            let first = try bounds.int("first")
            let last = try bounds.int("last")
            guard position != last else { return ([], last) }
            guard position < last, position >= first - 1, last - position <= Self.changeBatchLimit else {
                return ([.resync], last)
            }
            let rows = try await connection.rows(
                "SELECT * FROM change_log WHERE seq > \(position) AND seq <= \(last) ORDER BY seq")
            var seen = Set<RoomChange>()
            var changes: [RoomChange] = []
            for row in rows {
                for change in try Self.changes(row) where seen.insert(change).inserted {
                    changes.append(change)
                }
            }
            return (changes, last)
        }
    }

    /// What one row the policy let through means.
    static func changes(_ row: PostgresRandomAccessRow) throws -> [RoomChange] {
        let group = try row.optionalInt("group_id")
        let story = try row.optionalInt("story_id")
        let kind = try row.text("kind")
        let feed: [RoomChange] = group.map { [.feed($0, .stories)] } ?? []
        let one: [RoomChange] = story.map { [.story($0)] } ?? []
        switch kind {
        case "groups": return [.groups]
        case "story": return [.groups] + feed + one
        case "replies": return feed + one
        case "encouragement": return group.map { [.feed($0, .encouragement)] } ?? []
        case "membership": return [.groups] + (group.map { [.roster($0)] } ?? [])
        case "roster": return group.map { [.roster($0)] } ?? []
        case "meetings": return group.map { [.meetings($0)] } ?? []
        case "mentorship": return try row.optionalInt("mentorship_id").map { [.mentorship($0)] } ?? []
        case "queue": return group.map { [.queue($0)] } ?? []
        // The policy shows it only to the group's members; the meeting's id in the thread column.
        case "circle": return try row.optionalInt("mentorship_id").map { [.circle($0)] } ?? []
        // The policy shows it only to the signaller and those told (member_a, member_b).
        case "support": return try row.optionalInt("mentorship_id").map { [.support($0)] } ?? []
        case "join":
            // The one asking sees it in their groups; facilitators in their queue (the policy
            // shows the row to both; only a facilitator's is a queue change).
            return [.groups] + (group.map { [.queue($0)] } ?? [])
        default: return [.resync]
        }
    }

    /// The room is woken by the store's listener: at each NOTIFY and after every (re)connect.
    public func signalChanges(to wake: @escaping @Sendable () -> Void) -> Bool {
        listener.onWake(wake)
        return true
    }

    /// Presence: this room `instance` is open as `me`.
    public func heartbeat(instance: String) async throws {
        guard let me else { return }
        let now = nowMillis
        try await write { connection in
            try await connection.run(
                """
                INSERT INTO presence (member_id, instance, last_seen) VALUES (\(me.id), \(instance), \(now))
                ON CONFLICT (member_id, instance) DO UPDATE SET last_seen = excluded.last_seen
                """)
            try await connection.run(
                "DELETE FROM presence WHERE member_id = \(me.id) AND last_seen < \(now - 10 * Self.presenceWindowMillis)"
            )
        }
    }

    public func leave(instance: String) async throws {
        guard let me else { return }
        try await write { connection in
            try await connection.run("DELETE FROM presence WHERE member_id = \(me.id) AND instance = \(instance)")
        }
    }

    /// Waits for the next wake-up of the store's listener: a NOTIFY on `peerroom_changes`, a
    /// reconnect after a gap, or one that came since the last wait (then read `changes(after:)`).
    public func waitForChange(timeout: Duration) async throws {
        await listener.wait(timeout: timeout)
    }

    /// Tells `observer` when the listener loses its connection and listens again (the bench).
    public func observeListener(_ observer: @escaping @Sendable (PostgresListenerEvent) -> Void) {
        listener.observe(observer)
    }
}
