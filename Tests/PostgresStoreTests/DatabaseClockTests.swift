import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// Time is the database's (v23): whatever time a member's raw SQL or skewed clock sends, the
/// rows carry the database's clock, so nobody pins a story above the feed, lifts the newcomer
/// backlog by joining "long ago", or slips past the limits on calls for support. These rooms
/// are made as `admin init` makes them (`databaseClock`), not with the tests' moved clock.
@Suite("PostgreSQL: the database's clock stamps members' writes", needsServer)
struct DatabaseClockTests {
    static let minute: Int64 = 60_000
    static let day: Int64 = 86_400_000

    static func serverNow(_ c: PostgresConnection) async throws -> Int64 {
        try await c.values("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", as: Int64.self)[0]
    }

    static func value(_ c: PostgresConnection, _ sql: String) async throws -> Int64 {
        try await c.values(PostgresQuery(unsafeSQL: sql), as: Int64.self)[0]
    }

    @Test func aStoryFromTheFutureIsStampedNowAndSoIsItsEdit() async throws {
        try await TestRoom.with(databaseClock: true) { room async throws in
            let r = try await PrivateRoom.make(room)
            let future: Int64 = 4_102_444_800_000  // 2100-01-01
            try await room.asMember("ana") { c async throws in
                let now = try await Self.serverNow(c)
                let id = try await Self.value(
                    c,
                    "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(r.river), \(r.ana), 'triumph', 'Pinned?', 'on top forever', \(future)) RETURNING id"
                )
                let created = try await Self.value(c, "SELECT created_at FROM peerroom.story WHERE id = \(id)")
                #expect(abs(created - now) < Self.minute, "stamped \(created), the database said \(now)")
                try await c.query(
                    PostgresQuery(
                        unsafeSQL: "UPDATE peerroom.story SET body = 'edited', updated_at = 1 WHERE id = \(id)"),
                    logger: room.logger)
                let edited = try await Self.value(c, "SELECT updated_at FROM peerroom.story WHERE id = \(id)")
                #expect(abs(edited - now) < Self.minute, "edit stamped \(edited)")
            }
        }
    }

    @Test func joiningLongAgoDoesNotLiftTheNewcomerBacklog() async throws {
        try await TestRoom.with(databaseClock: true) { room async throws in
            let r = try await PrivateRoom.make(room)
            let (meadow, older) = try await room.asOwner { c async throws in
                let now = try await Self.serverNow(c)
                let meadow = try await Self.value(
                    c,
                    "INSERT INTO peerroom.peer_group (slug, name, topic, is_open, created_at, backlog_days) VALUES ('meadow', 'Meadow', 'new faces', true, \(now - 30 * Self.day), 0) RETURNING id"
                )
                try await c.query(
                    PostgresQuery(
                        unsafeSQL:
                            "INSERT INTO peerroom.membership (group_id, member_id, role, joined_at) VALUES (\(meadow), \(r.ben), 'facilitator', \(now - 30 * Self.day))"
                    ), logger: room.logger)
                let older = try await Self.value(
                    c,
                    "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(meadow), \(r.ben), 'reflection', 'Ten days ago', 'kept for the longer-standing', \(now - 10 * Self.day)) RETURNING id"
                )
                // The owner's rows (migrate, seeds) keep their times.
                #expect(
                    try await Self.value(c, "SELECT created_at FROM peerroom.story WHERE id = \(older)")
                        == now - 10 * Self.day)
                return (meadow, older)
            }
            try await room.asMember("ana") { c async throws in
                let now = try await Self.serverNow(c)
                try await c.query(
                    PostgresQuery(
                        unsafeSQL:
                            "INSERT INTO peerroom.membership (group_id, member_id, role, joined_at) VALUES (\(meadow), \(r.ana), 'newcomer', 0)"
                    ), logger: room.logger)
                let joined = try await Self.value(
                    c, "SELECT joined_at FROM peerroom.membership WHERE group_id = \(meadow) AND member_id = \(r.ana)")
                #expect(abs(joined - now) < Self.minute, "joined_at \(joined)")
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE id = \(older)") == 0)
            }
        }
    }

    @Test func backdatedCallsForSupportStillMeetTheLimit() async throws {
        try await TestRoom.with(databaseClock: true) { room async throws in
            let r = try await PrivateRoom.make(room)
            try await room.asMember("cam") { c async throws in
                try await c.query(
                    PostgresQuery(
                        unsafeSQL:
                            "INSERT INTO peerroom.support_signal (member_id, line, created_at) VALUES (\(r.cam), 'first', 1)"
                    ),
                    logger: room.logger)
                // Claimed in 1970, the first would no longer count as waiting.
                let refused = await refusal(
                    c,
                    "INSERT INTO peerroom.support_signal (member_id, line, created_at) VALUES (\(r.cam), 'again', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)"
                )
                #expect(refused == "P0001", "one call waits at a time, whatever time the first one claimed")
            }
        }
    }

    @Test func aHandGoesUpOnlyWhileTheMeetingIsUnderWay() async throws {
        try await TestRoom.with(databaseClock: true) { room async throws in
            let r = try await PrivateRoom.make(room)
            let (meeting, began) = try await room.asOwner { c async throws in
                let began = try await Self.serverNow(c) - 10 * Self.minute
                let meeting = try await Self.value(
                    c,
                    "INSERT INTO peerroom.meeting (group_id, title, starts_at, time_zone, duration_minutes, location, facilitator_id, created_at) VALUES (\(r.river), 'Evening circle', \(began), 'UTC', 60, 'online', \(r.ben), \(began)) RETURNING id"
                )
                return (meeting, began)
            }
            func raise(_ c: PostgresConnection, occurrence: Int64, claiming: Int64) async -> String? {
                await refusal(
                    c,
                    "INSERT INTO peerroom.circle_hand (meeting_id, occurrence, group_id, member_id, raised_at) VALUES (\(meeting), \(occurrence), \(r.river), \(r.cam), \(claiming))"
                )
            }
            try await room.asMember("cam") { c async throws in
                // Next week's circle, claiming a time inside it: the database's time says no.
                let nextWeek = began + 7 * Self.day
                #expect(await raise(c, occurrence: nextWeek, claiming: nextWeek + Self.minute) == "42501")
                #expect(await raise(c, occurrence: began, claiming: 0) == nil, "under way now, whatever time it claims")
            }
        }
    }

    @Test func theRoomOnASkewedClockWritesTheDatabasesTime() async throws {
        try await TestRoom.with(databaseClock: true) { room async throws in
            let r = try await PrivateRoom.make(room)
            // A host whose system clock runs three days ahead.
            let skewed = RoomClock(followsServer: true) { Date().addingTimeInterval(3 * 86_400) }
            let store = try await room.store("ana", clock: skewed)
            defer { store.close() }
            let agreed = try await room.asOwner { c async throws in try await Self.serverNow(c) }
            #expect(
                abs(store.clock.now().millisecondsSince1970 - agreed) < Self.minute,
                "the room's clock follows the database's")
            let posted = try await store.post(
                NewStory(groupID: r.river, kind: .triumph, title: "Three days early?", body: "No."))
            let now = try await room.asOwner { c async throws in try await Self.serverNow(c) }
            let shown = Int64(posted.createdAt.timeIntervalSince1970 * 1000)
            #expect(abs(shown - now) < Self.minute, "the room showed \(posted.createdAt)")
            try await store.heartbeat(instance: "skewed")
            try await room.asOwner { c async throws in
                let seen = try await c.values(
                    "SELECT last_seen FROM peerroom.presence WHERE member_id = \(r.ana) AND instance = 'skewed'",
                    as: Int64.self)
                #expect(seen.count == 1 && abs(seen[0] - now) < Self.minute, "presence \(seen)")
            }
        }
    }
}
