import Foundation
import PostgresNIO
import RoomCore
import Testing

@testable import PostgresStore

/// A facilitator's content warning (issue 18, "v18 warning by facilitator") in raw SQL as
/// members: only a facilitator of the story's group may insert the 'warn' action, the
/// owner's trigger sets the story's warning, and the author alone (with the facilitators)
/// reads the note.
@Suite("Raw SQL: content warnings by facilitators", needsServer)
struct WarningByFacilitatorTests {
    @Test func onlyAFacilitatorCanWarnAndTheAuthorReadsTheNote() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let t = testNow.millisecondsSince1970
            func warn(_ facilitator: Int64, group: Int64? = nil, story: Int64? = nil) -> String {
                """
                INSERT INTO peerroom.moderation_action
                  (group_id, target_kind, target_id, facilitator_id, action, note, created_at, warning)
                VALUES (\(group ?? r.river), 'story', \(story ?? r.anaStory), \(facilitator), 'warn', 'describes drinking', \(t), 'alcohol')
                """
            }
            // Cam is a member of river, not its facilitator: refused, as himself or as Ben.
            try await room.asMember("cam") { c async throws in
                #expect(await refusal(c, warn(r.cam)) == "42501")
                #expect(await refusal(c, warn(r.ben)) == "42501")
                #expect(
                    try await count(
                        c,
                        "WITH x AS (UPDATE peerroom.story SET content_warning = 'x' WHERE id = \(r.anaStory) RETURNING 1) SELECT count(*) FROM x"
                    ) == 0, "not his story to change")
            }
            // Ben facilitates river (and harbor): a warning where the story is not is refused.
            try await room.asMember("ben") { c async throws in
                #expect(await refusal(c, warn(r.ben, group: r.harbor)) == "42501", "no such story in harbor")
                let noWarning = warn(r.ben).replacingOccurrences(of: ", 'alcohol')", with: ", NULL)")
                #expect(await refusal(c, noWarning) == "23514", "a warn action carries its warning")
                #expect(await refusal(c, warn(r.ben)) == nil)
            }
            try await room.asOwner { c async throws in
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.story WHERE id = \(r.anaStory) AND content_warning = 'alcohol'")
                        == 1)
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.report WHERE target_id = \(r.anaStory) AND resolved_at IS NULL")
                        == 0, "the report on it is closed")
            }
            // Ana, its author, reads the note of the warning on her story, and no other action.
            try await room.asMember("ana") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.moderation_action") == 1)
                #expect(
                    try await c.values("SELECT note FROM peerroom.moderation_action", as: String.self) == [
                        "describes drinking"
                    ])
            }
            try await room.asMember("cam") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.moderation_action") == 0)
            }
        }
    }
}
