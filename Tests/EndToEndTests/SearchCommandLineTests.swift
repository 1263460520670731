import Foundation
import Testing

@Suite("End to end: search on the command line")
struct SearchCommandLineTests {
    @Test func searchFindsByRelevanceMarksTheMatchAndKeepsHiddenStoriesOut() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        for (title, body) in [("Lighthouse keeper", "A quiet night."), ("Quiet night", "The lighthouse blinked.")] {
            let posted = try Peerroom.run(
                [
                    "post", "--db", db, "--as", "kettle", "--group", "newcomers", "--kind", "reflection", "--title",
                    title,
                ],
                stdin: body)
            #expect(posted.status == 0, "\(posted.stderr)")
        }
        let json = try Peerroom.run(["search", "--db", db, "lighthouse", "--group", "newcomers", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let hits = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(hits.compactMap { $0["title"] as? String } == ["Lighthouse keeper", "Quiet night"], "title first")
        #expect(hits.first?["titleMarked"] as? String == "«Lighthouse» keeper")
        #expect((hits.last?["snippet"] as? String)?.contains("«lighthouse»") == true)

        let text = try Peerroom.run(["search", "--db", db, "lighthouse"])
        #expect(text.stdout.contains("[Lighthouse] keeper"))

        let id = try #require(hits.first?["id"] as? Int)
        #expect(
            try Peerroom.run(["hide", "--db", db, "--as", "moss", "--story", "\(id)", "--note", "test"]).status == 0)
        let after = try Peerroom.run(["search", "--db", db, "lighthouse", "--as", "juniper", "--format", "json"])
        #expect(!after.stdout.contains("Lighthouse keeper"), "hidden stories are not found by others")

        let nothing = try Peerroom.run(["search", "--db", db, "?!"])
        #expect(nothing.status == 64)
    }
}
