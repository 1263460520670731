import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// "For you" on PostgreSQL: the seen marks are each member's alone, even to raw SQL, and the
/// list goes through the policies and the contract's rules.
@Suite("For you on PostgreSQL: seen marks are private, the list keeps the rules", needsServer)
struct ForYouPrivacyTests {
    @Test func anotherMembersSeenMarkIsInvisibleAndUnwritable() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ben = try await room.store("ben")
            let cam = try await room.store("cam")
            defer {
                ben.close()
                cam.close()
            }
            // Cam's message to Ben is for Ben; Ben's to Cam is not for Cam, who muted him.
            #expect(try await ben.forYouCount() == 1)
            #expect(try await cam.forYouCount() == 0)
            try await ben.markForYouSeen(through: testNow)
            try await cam.markForYouSeen(through: testNow)
            #expect(try await ben.forYouCount() == 0)
            let t = testNow.millisecondsSince1970
            try await room.asOwner { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.for_you_seen") == 2)
                #expect(
                    try await count(
                        c,
                        """
                        SELECT count(*) FROM pg_class WHERE oid = 'peerroom.for_you_seen'::regclass
                          AND relrowsecurity AND relforcerowsecurity
                        """) == 1)
            }
            try await room.asMember("ana") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.for_you_seen") == 0)
                #expect(
                    await refusal(
                        c, "INSERT INTO peerroom.for_you_seen (member_id, seen_through) VALUES (\(r.ben), \(t))")
                        == "42501")
                for sql in [
                    "UPDATE peerroom.for_you_seen SET seen_through = 0",
                    "UPDATE peerroom.for_you_seen SET member_id = \(r.ana)",
                ] {
                    #expect(try await count(c, "WITH x AS (\(sql) RETURNING 1) SELECT count(*) FROM x") == 0, "\(sql)")
                }
                #expect(await refusal(c, "DELETE FROM peerroom.for_you_seen") == "42501")
                #expect(await refusal(c, "TRUNCATE peerroom.for_you_seen") == "42501")
                // Her own mark is hers to write.
                #expect(
                    await refusal(
                        c, "INSERT INTO peerroom.for_you_seen (member_id, seen_through) VALUES (\(r.ana), \(t))")
                        == nil)
                #expect(try await count(c, "SELECT count(*) FROM peerroom.for_you_seen") == 1)
            }
            try await room.asOwner { c async throws in
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.for_you_seen WHERE member_id IN (\(r.ben), \(r.cam)) AND seen_through = \(t)"
                    ) == 2, "Ben's and Cam's marks are as they set them")
            }
        }
    }

    @Test func hiddenRepliesAndGroupsILeftShowNothing() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let cam = try await room.store("cam")
            defer {
                ana.close()
                cam.close()
            }
            // Cam's reply to Ana's story is hidden: nothing yet. A visible one is for her.
            #expect(try await ana.forYou(limit: 10).isEmpty)
            _ = try await cam.reply(to: r.anaStory, body: "I am glad for you")
            #expect(try await ana.forYou(limit: 10).map(\.excerpt) == ["I am glad for you"])
            #expect(try await ana.forYouCount() == 1)
            // Ana is taken out of river (no command does it yet): nothing of river is for her.
            try await room.asOwner { c async throws in
                try await c.query(
                    "DELETE FROM peerroom.membership WHERE member_id = \(r.ana) AND group_id = \(r.river)",
                    logger: room.logger)
            }
            #expect(try await ana.forYou(limit: 10).isEmpty)
            #expect(try await ana.forYouCount() == 0)
        }
    }
}
