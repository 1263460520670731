import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// The newcomer backlog held by the database itself: raw SQL from a newcomer's own `psql`
/// reads none of the older stories of a limited group, nor their replies or reactions.
@Suite("PostgreSQL: the newcomer backlog under raw SQL", needsServer)
struct BacklogPrivacyTests {
    /// River keeps 0 days back; Cam joined a day after `testNow`. Ben's story from before, with
    /// Ana's reply and reaction written after Cam joined; Ana's story after.
    struct Backlog {
        var older: Int64
        var newer: Int64
        var joined: Int64
    }

    static func make(_ room: TestRoom, _ r: PrivateRoom) async throws -> Backlog {
        try await room.asOwner { c async throws in
            let t = testNow.millisecondsSince1970
            let day: Int64 = 86_400_000
            func id(_ sql: String) async throws -> Int64 {
                try await c.values(PostgresQuery(unsafeSQL: sql), as: Int64.self)[0]
            }
            func run(_ sql: String) async throws {
                try await c.query(PostgresQuery(unsafeSQL: sql), logger: room.logger)
            }
            try await run("UPDATE peerroom.peer_group SET backlog_days = 0 WHERE id = \(r.river)")
            try await run(
                "UPDATE peerroom.membership SET joined_at = \(t + day) WHERE member_id = \(r.cam) AND group_id = \(r.river)"
            )
            let older = try await id(
                "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(r.river), \(r.ben), 'reflection', 'Before Cam', 'old words', \(t + 1)) RETURNING id"
            )
            try await run(
                "INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at) VALUES (\(older), \(r.river), \(r.ana), 'late reply', \(t + 2 * day))"
            )
            try await run(
                "INSERT INTO peerroom.reaction (story_id, member_id, kind, created_at) VALUES (\(older), \(r.ana), 'support', \(t + 2 * day))"
            )
            let newer = try await id(
                "INSERT INTO peerroom.story (group_id, author_id, kind, title, body, created_at) VALUES (\(r.river), \(r.ana), 'triumph', 'After Cam', 'new words', \(t + 2 * day)) RETURNING id"
            )
            return Backlog(older: older, newer: newer, joined: t + day)
        }
    }

    @Test func aNewcomerReadsNoOlderStoryReplyOrReactionAndCannotLiftTheLimit() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let b = try await Self.make(room, r)
            try await room.asMember("cam") { c async throws in
                let others = "author_id != \(r.cam) AND group_id = \(r.river)"
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM peerroom.story WHERE \(others) AND created_at < \(b.joined)")
                        == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.story WHERE id = \(b.newer)") == 1)
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.story WHERE author_id = \(r.cam)") == 1,
                    "his own older (hidden) story stays his")
                #expect(try await count(c, "SELECT count(*) FROM peerroom.reply WHERE story_id = \(b.older)") == 0)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.reaction WHERE story_id = \(b.older)") == 0)
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM peerroom.story WHERE words @@ to_tsquery('peerroom.words', 'old')")
                        == 0)
                // Neither answering an older story nor lifting the limit.
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at) VALUES (\(b.older), \(r.river), \(r.cam), 'hi', 1)"
                    ) == "42501")
                _ = await refusal(c, "UPDATE peerroom.peer_group SET backlog_days = NULL WHERE id = \(r.river)")
            }
            try await room.asOwner { c async throws in
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM peerroom.peer_group WHERE id = \(r.river) AND backlog_days = 0") == 1)
            }
            // Ben facilitates river: he reads it all. Ana wrote the reply: hers stays hers.
            try await room.asMember("ben") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.reply WHERE story_id = \(b.older)") == 1)
                #expect(
                    try await count(
                        c, "UPDATE peerroom.peer_group SET backlog_days = 30 WHERE id = \(r.river) RETURNING 1::bigint")
                        == 1)
            }
        }
    }

    /// The stories' policy reads the limited groups and their floors once per statement: a
    /// newcomer's feed calls no function per row.
    @Test func aNewcomersFeedPlanCallsNoFunctionPerRow() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            _ = try await Self.make(room, r)
            let plan = try await room.asMember("cam") { c async throws in
                try await PostgresStoreTests.plan(
                    c,
                    """
                    SELECT s.id, (SELECT count(*) FROM peerroom.reply x
                      WHERE x.story_id = s.id) FROM peerroom.story s
                    WHERE s.group_id = \(r.river) ORDER BY s.created_at DESC, s.id DESC LIMIT 40
                    """)
            }
            let filters = plan.filter { $0.contains("Filter:") || $0.contains("Cond:") }
            #expect(!filters.isEmpty, "\(plan)")
            for line in filters {
                for call in ["backlog_groups(", "backlog_floors(", "readable(", "facilitates(", "me()"] {
                    #expect(!line.contains(call), "\(line)")
                }
            }
            #expect(plan.contains { $0.contains("backlog_floors()") }, "read once, as an InitPlan: \(plan)")
        }
    }
}
