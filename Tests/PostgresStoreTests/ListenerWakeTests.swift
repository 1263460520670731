import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Synchronization
import Testing

@testable import PostgresStore

/// The seam a room waits on (`RoomStore.signalChanges`): the store's listener wakes it when it
/// first listens, at each change another member makes, and after each reconnect, when what
/// was notified meanwhile is lost and must be read from the change log.
@Suite(
    "PostgreSQL: the store wakes a room at each change and after a lost listener",
    .enabled(
        if: TestServer.isAvailable || ProcessInfo.processInfo.environment["PEERROOM_REQUIRE_PG"] == "1",
        "no PostgreSQL test server (scripts/test starts one)"))
struct ListenerWakeTests {
    @Test func aPostWakesTheOtherMembersRoomAndSoDoesEveryReconnect() async throws {
        try await TestRoom.with { room in
            let group: GroupID = try await room.asOwner { owner in
                let ids = try await owner.values(
                    "INSERT INTO peerroom.peer_group (slug, name, topic, created_at) VALUES ('harbor', 'Harbor', 'Live', 0) RETURNING id",
                    as: Int64.self)
                let id = try #require(ids.first)
                for handle in ["ana", "ben"] {
                    try await PostgresAdmin.addMember(owner, role: room.role(handle), handle: handle, now: testNow)
                }
                return id
            }
            let ana = try await room.store("ana")
            defer { ana.close() }
            let ben = try await room.store("ben")
            defer { ben.close() }
            let wakes = Wakes()
            #expect(ben.signalChanges { wakes.count.add(1, ordering: .relaxed) })
            try await wakes.reach(1, "when it first listens")

            let last = try await ben.lastChange()
            let before = wakes.now
            let story = try await ana.post(
                NewStory(groupID: group, kind: .reflection, title: "Hello", body: "Anyone here?"))
            try await wakes.reach(before + 1, "at Ana's post")
            let (changes, _) = try await ben.changes(after: last)
            #expect(changes.contains(.story(story.id)), "\(changes)")

            let admin = try await room.server.connect(database: room.database)
            do {
                for kill in 1...3 {
                    let pids = try await admin.values(
                        """
                        SELECT pid FROM pg_stat_activity WHERE datname = \(room.database)
                        AND application_name = \(PostgresChangeListener.applicationName)
                        """, as: Int32.self)
                    let pid = try #require(pids.first, "no listener before kill \(kill)")
                    let woken = wakes.now
                    try await admin.query("SELECT pg_terminate_backend(\(pid))", logger: room.logger)
                    try await wakes.reach(woken + 1, "after reconnect \(kill)")
                }
                try await admin.close()
            } catch {
                try? await admin.close()
                throw error
            }
        }
    }
}

/// Wake-ups counted from the listener's task.
final class Wakes: Sendable {
    let count = Atomic<Int>(0)

    var now: Int { count.load(ordering: .relaxed) }

    /// Waits (10 s at most) until there were at least `target` wake-ups.
    func reach(_ target: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while now < target {
            if ContinuousClock.now > deadline {
                Issue.record("no wake-up \(what) within 10 s (\(now) so far)", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
