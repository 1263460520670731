import Foundation
import PostgresNIO
import Testing

@testable import PostgresStore

/// Row-level security is evaluated per row. A policy that calls a function per row made the
/// first frame take 8.9 s at 100,000 stories; these hold the schema to reading the caller's
/// identity and groups once per statement.
@Suite("PostgreSQL policies read the caller once per statement", needsServer)
struct PolicyCostTests {
    /// Made as `peerroom admin init` and `migrate` make it: on the room's own connection,
    /// whose search_path is the schema (the catalog then prints names unqualified).
    @Test func noPolicyCallsAGroupFunctionPerRow() async throws {
        try await TestRoom.with { room async throws in
            let (policies, me) = try await room.asOwner { c async throws in
                try await c.query("DROP SCHEMA peerroom CASCADE", logger: room.logger)
                try await c.query("SET search_path = peerroom", logger: room.logger)
                try await PostgresAdmin.initialize(c)
                try await c.query("RESET search_path", logger: room.logger)
                let rows = try await c.query(
                    """
                    SELECT tablename || '.' || policyname || ': ' || coalesce(qual, '') || ' / ' || coalesce(with_check, '')
                    FROM pg_policies WHERE schemaname = 'peerroom' ORDER BY 1
                    """, logger: room.logger)
                var policies: [String] = []
                for try await (line) in rows.decode(String.self) { policies.append(line) }
                let me = try await c.query(
                    """
                    SELECT coalesce(array_to_string(proconfig, ','), '') || ' definer:' || prosecdef::text
                    FROM pg_proc WHERE oid = 'peerroom.me()'::regprocedure
                    """, logger: room.logger)
                var config: [String] = []
                for try await (line) in me.decode(String.self) { config.append(line) }
                return (policies, config)
            }
            #expect(policies.count > 50)
            for policy in policies {
                for call in [
                    "peerroom.readable(", "peerroom.facilitates(", "peerroom.in_group(", "peerroom.group_open(",
                ] {
                    #expect(!policy.contains(call), "\(policy)")
                }
            }
            #expect(policies.contains { $0.contains("readable_groups()") })
            for policy in policies {
                let calls = policy.components(separatedBy: "peerroom.me()").count - 1
                let once = policy.components(separatedBy: "SELECT peerroom.me()").count - 1
                #expect(calls == once, "\(policy): me() outside a scalar subquery")
            }
            // Called per row by the queries: no SET clause to save and restore, not a definer.
            #expect(me == [" definer:false"])
        }
    }

    /// What the planner does with a member's read of the stories: the identity and groups are
    /// InitPlans; no function is called in the per-row filter.
    @Test func aMembersFeedPlanCallsNoFunctionPerRow() async throws {
        try await TestRoom.with { room async throws in
            _ = try await PrivateRoom.make(room)
            let plan = try await room.asMember("ana") { c async throws in
                try await PostgresStoreTests.plan(
                    c, "SELECT s.id FROM peerroom.story s WHERE s.group_id > 0 ORDER BY s.created_at DESC LIMIT 40")
            }
            let filters = plan.filter { $0.contains("Filter:") || $0.contains("Cond:") }
            #expect(!filters.isEmpty, "\(plan)")
            for line in filters {
                for call in ["readable(", "facilitates(", "in_group(", "me()"] {
                    #expect(!line.contains(call), "\(line)")
                }
            }
            #expect(plan.contains { $0.contains("InitPlan") }, "\(plan)")
        }
    }
}

/// Search's ranked candidates come from an owner's function (a member's `@@` cannot use the word index
/// under row-level security), so that function applies the read rules itself: raw calls as
/// each member give back only ids of stories that member may read.
@Suite("PostgreSQL search candidates keep the read rules", needsServer)
struct SearchCandidateTests {
    func candidates(_ room: TestRoom, _ handle: String, _ words: String, group: Int64? = nil) async throws -> Set<Int64>
    {
        try await room.asMember(handle) { c async throws in
            let only = group.map(String.init) ?? "NULL"
            let rows = try await c.query(
                """
                SELECT id FROM peerroom.search_ranked(to_tsquery('peerroom.words', \(words)), \(unescaped: only), 100, 100)
                """, logger: room.logger)
            var ids: Set<Int64> = []
            for try await id in rows.decode(Int64.self) { ids.insert(id) }
            return ids
        }
    }

    @Test func eachCallerGetsOnlyWhatTheyMayRead() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let words = "ana | closed | cam"
            // Ana: her open group's story; not the closed group's, not Cam's hidden one.
            #expect(try await candidates(room, "ana", words) == [r.anaStory])
            // Asking for the closed group by id changes nothing.
            #expect(try await candidates(room, "ana", words, group: r.harbor) == [])
            // Cam wrote the hidden story: it is his to find.
            #expect(try await candidates(room, "cam", words) == [r.anaStory, r.camHiddenStory])
            // Ben facilitates the closed group.
            #expect(try await candidates(room, "ben", words).contains(r.harborStory))
            // A guest (no pseudonym): only the open groups.
            #expect(try await candidates(room, "dee", words) == [r.anaStory])
            // Nor anyone the caller muted.
            _ = try await room.asOwner { c async throws in
                try await c.query(
                    "INSERT INTO peerroom.mute (member_id, muted_id, created_at) VALUES (\(r.cam), \(r.ana), 1)",
                    logger: room.logger)
            }
            #expect(try await candidates(room, "cam", words) == [r.camHiddenStory])
        }
    }

    /// The function counts a found story's replies and reactions itself (as the owner): the
    /// same numbers the member reads in the feed, a hidden reply not among them.
    @Test func foundStoriesCarryTheCountsTheFeedShows() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            _ = try await room.asOwner { c async throws in
                try await c.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at)
                              VALUES (\(r.anaStory), \(r.river), \(r.ben), 'well done', 2);
                            """), logger: room.logger)
                try await c.query(
                    "INSERT INTO peerroom.reaction (story_id, member_id, kind, created_at) VALUES (\(r.anaStory), \(r.ben), 'support', 3)",
                    logger: room.logger)
            }
            let ana = try await room.store("ana", clock: testClock)
            defer { ana.close() }
            let hit = try #require(try await ana.search("ana", groupID: nil, limit: 50).first)
            let feed = try await ana.stories(groupID: r.river, page: .first, limit: 20)
            let shown = try #require(feed.items.first { $0.id == r.anaStory })
            #expect(hit.story.id == r.anaStory)
            #expect(hit.story.replyCount == 1 && hit.story.reactionCount == 1, "Cam's hidden reply is not counted")
            #expect(hit.story.replyCount == shown.replyCount && hit.story.reactionCount == shown.reactionCount)
        }
    }
}
