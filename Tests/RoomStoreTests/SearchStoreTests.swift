import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private let soon = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)

@Suite("Search: FTS5 over stories")
struct SearchStoreTests {
    /// Posts a story in the circle by `author` and returns its id.
    private func post(_ room: FixtureRoom, _ author: String, _ title: String, _ body: String) async throws -> StoryID {
        try await room.acting(room.member(author).id, at: soon).post(
            NewStory(groupID: room.group("circle").id, kind: .reflection, title: title, body: body)
        ).id
    }

    private func titles(_ room: FixtureRoom, _ query: String, group: String? = "circle", as viewer: String? = nil)
        async throws -> [String]
    {
        var groupID: GroupID?
        if let group { groupID = try await room.group(group).id }
        var viewerID: MemberID?
        if let viewer { viewerID = try await room.member(viewer).id }
        return try await room.acting(viewerID).search(query, groupID: groupID, limit: 20).map(\.story.title)
    }

    @Test(arguments: Backend.all) func aTitleMatchRanksAboveATextMatchAndEveryWordMustAppear(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        _ = try await post(room, "dune", "Morning walks", "The lake was grey and I felt calm for once.")
        _ = try await post(room, "MIRA", "Calm at last", "A quiet week.")
        #expect(try await titles(room, "calm") == ["Calm at last", "Morning walks"])
        #expect(try await titles(room, "calm lake") == ["Morning walks"], "every word must appear")
        #expect(try await titles(room, "morn") == ["Morning walks"], "the last word may be a start")
        #expect(try await titles(room, "CAFÉ").isEmpty)
    }

    @Test(arguments: Backend.all) func theMatchIsMarkedAndAccentsDoNotMatter(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        _ = try await post(room, "dune", "Coffee at the café", "Went to the café instead. 一日一歩")
        let hits = try await room.acting(nil).search("cafe", groupID: nil, limit: 5)
        let hit = try #require(hits.first)
        #expect(hit.title.parts.filter(\.isMatch).map(\.text) == ["café"])
        #expect(hit.snippet.parts.contains { $0.isMatch && $0.text == "café" })
        #expect(try await titles(room, "一日一歩") == ["Coffee at the café"])
    }

    /// Highlighting once used U+E000 and U+E001 in the text it handed back: a story holding
    /// them could mark any words it liked.
    @Test(arguments: Backend.all) func textHoldingMarkerCharactersCannotFakeAHighlight(_ backend: Backend) async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let fake = "\u{E000}FAKE\u{E001} \u{E002}x\u{E003}"
        _ = try await post(room, "dune", "Calm \(fake) title", "Calm here. \(fake) and more \u{E000}words\u{E001}.")
        let hit = try #require(try await room.acting(nil).search("calm", groupID: nil, limit: 5).first)
        #expect(hit.title.parts.filter(\.isMatch).map(\.text) == ["Calm"])
        #expect(hit.snippet.parts.filter(\.isMatch).map(\.text) == ["Calm"])
        // The characters themselves are still there (shown as � by SafeText), not lost.
        #expect(hit.title.plain == "Calm \(fake) title")
        #expect(hit.snippet.plain.contains("\u{E000}words\u{E001}"))
    }

    @Test(arguments: Backend.all) func queryTextIsNeverReadAsSearchSyntax(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        _ = try await post(room, "dune", "Ninety-one", "NEAR the end OR not")
        for query in ["\"", "ninety\"*", "NEAR(", "OR", "-", "title:x", "*"] {
            _ = try await room.acting(nil).search(query, groupID: nil, limit: 5)
        }
        #expect(try await titles(room, "***").isEmpty, "no words, no results, no error")
        #expect(try await titles(room, "near OR") == ["Ninety-one"], "operators are plain words")
    }

    @Test(arguments: Backend.all) func editsAndDeletesReachTheIndex(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let id = try await post(room, "dune", "Draft title", "Words about gardening.")
        let dune = try await room.member("dune").id
        _ = try await room.acting(dune, at: soon).editStory(
            id: id, title: "Allotment days", contentWarning: nil, body: "Words about tomatoes.")
        #expect(try await titles(room, "gardening").isEmpty)
        #expect(try await titles(room, "tomatoes") == ["Allotment days"])
        try await room.acting(dune).deleteStory(id: id)
        #expect(try await titles(room, "tomatoes").isEmpty)
    }

    @Test(arguments: Backend.all) func hiddenAndMutedStoriesStayOutAndOnlyTheMembersGroupsAreSearched(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let id = try await post(room, "dune", "Lanterns", "Lanterns by the river.")
        _ = try await post(room, "MIRA", "More lanterns", "Paper lanterns.")
        try await room.acting(room.member("mila").id, at: soon).moderate(.story(id), hide: true, note: "test")
        try await room.acting(room.member("cobalt").id, at: soon).setMuted(room.member("MIRA").id, muted: true)
        #expect(try await titles(room, "lanterns", as: "Echo") == ["More lanterns"], "hidden for others")
        #expect(try await titles(room, "lanterns", as: "dune").contains("Lanterns"), "not for its author")
        #expect(try await titles(room, "lanterns", as: "cobalt").isEmpty, "muted for cobalt")
        #expect(try await titles(room, "lanterns", group: nil, as: "fern").isEmpty, "fern is not in the circle")
    }
}
