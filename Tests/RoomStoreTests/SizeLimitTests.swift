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
        try await room.store.saveDraft(Draft(target: target, body: "Kept", updatedAt: seedNow), memberID: dune)
        await #expect(throws: StoreError.self) {
            try await room.store.saveDraft(Draft(target: target, body: Self.heavy, updatedAt: seedNow), memberID: dune)
        }
        #expect(try await room.store.draft(for: target, memberID: dune)?.body == "Kept")
    }

    @Test(arguments: Backend.all) func postRefusesABodyPastItsBytesNamingTheField(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let dune = try await room.member("dune").id
        let before = try await room.allStories(circle).count
        let story = NewStory(groupID: circle, authorID: dune, kind: .reflection, title: "Heavy", body: Self.heavy)
        let posted = await #expect(throws: StoreError.self) { try await room.store.post(story, at: seedNow) }
        guard case .invalid(let error) = posted else {
            Issue.record("expected invalid, got \(String(describing: posted))")
            return
        }
        #expect(error.field == "body")
        #expect(error.problem.contains("bytes"))
        #expect(try await room.allStories(circle).count == before, "nothing was written")
    }
}
