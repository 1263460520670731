import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

/// Fields are bounded in bytes as well as characters on every way into the store: posting,
/// bulk import and drafts. A refusal names the field and writes nothing.
@Suite("Sizes: every way in is bounded in bytes")
struct SizeLimitTests {
    /// 20,000 characters (the body's limit), each a letter under 30 accents: 1.2 MB.
    static let heavy = String(repeating: "e" + String(repeating: "\u{301}", count: 30), count: 20_000)

    @Test(arguments: Backend.all) func aDraftPastItsBytesIsRefusedAndTheSavedOneStays(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let dune = try await room.member("dune").id
        let target = DraftTarget.story(group: circle)
        try await room.saveDraft(as: dune, Draft(target: target, body: "Kept", updatedAt: seedNow))
        await #expect(throws: StoreError.self) {
            try await room.saveDraft(as: dune, Draft(target: target, body: Self.heavy, updatedAt: seedNow))
        }
        #expect(try await room.acting(dune).draft(for: target)?.body == "Kept")
    }

    @Test(arguments: Backend.all) func postRefusesABodyPastItsBytesNamingTheField(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let dune = try await room.member("dune").id
        let before = try await room.allStories(circle).count
        let story = NewStory(groupID: circle, kind: .reflection, title: "Heavy", body: Self.heavy)
        let posted = await #expect(throws: StoreError.self) { try await room.acting(dune, at: seedNow).post(story) }
        guard case .invalid(let error) = posted else {
            Issue.record("expected invalid, got \(String(describing: posted))")
            return
        }
        #expect(error.field == "body")
        #expect(error.problem.contains("bytes"))
        #expect(try await room.allStories(circle).count == before, "nothing was written")
    }
}
