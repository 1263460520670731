import Foundation
import Testing

/// `peerroom for-me` through the real binary: what others did to what I wrote, new until I
/// have read the list, safe to print, and a JSON shape scripts can rely on.
@Suite("End to end: for-me on the command line")
struct ForMeCommandLineTests {
    private func json(_ result: Peerroom.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aReplyAndAReactionToMyStoryAreForMeUntilIHaveReadThem() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        func run(_ handle: String, _ arguments: [String], stdin: String? = nil) throws -> Peerroom.Result {
            try Peerroom.run(arguments + ["--db", db, "--as", handle], stdin: stdin)
        }
        let posted = try run(
            "wren", ["post", "--group", "sober-circle", "--kind", "triumph", "--title", "A good week"],
            stdin: "Seven days, and I slept.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let story = try #require(
            Peerroom.feed(db: db, group: "sober-circle").first { $0["title"] as? String == "A good week" }?["id"]
                as? Int)
        let replied = try run("river", ["reply", "--story", "\(story)"], stdin: "So glad.\n\n\u{1B}[2JSleep is gold.")
        #expect(replied.status == 0, "\(replied.stderr)")
        let reacted = try run("kettle", ["react", "--story", "\(story)", "--kind", "proud"])
        #expect(reacted.status == 0, "\(reacted.stderr)")

        // Peeking (--keep-new) marks nothing.
        let peek = try json(try run("wren", ["for-me", "--format", "json", "--keep-new", "--limit", "200"]))
        let items = try #require(peek["items"] as? [[String: Any]])
        #expect(items.prefix(2).map { $0["kind"] as? String } == ["reaction", "reply"])
        #expect(items.prefix(2).map { $0["from"] as? String } == ["kettle", "river"])
        #expect(items.first?["reaction"] as? String == "proud")
        #expect(items.allSatisfy { Set($0.keys) == Self.keys }, "every key, null when absent")
        #expect(items[1]["excerpt"] as? String == "So glad. \u{241B}[2JSleep is gold.", "one line, ESC made visible")
        #expect(items[1]["story"] as? Int == story && items[1]["group"] as? String == "sober-circle")
        let new = try #require(peek["new"] as? Int)
        #expect(new >= 2 && peek["markedSeen"] as? Bool == false)
        #expect(items.filter { $0["isNew"] as? Bool == true }.count == min(new, items.count))

        // Reading the list (text, for people) marks it seen.
        let read = try run("wren", ["for-me", "--limit", "200"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\(new) new for you:"))
        #expect(
            read.stdout.contains("new  kettle reacted to “A good week”: proud of you (story \(story)) · sober-circle"))
        #expect(read.stdout.contains("new  river replied to “A good week” (story \(story)) · sober-circle"))
        #expect(read.stdout.contains("       So glad. ␛[2JSleep is gold."))
        #expect(!read.stdout.contains("\u{1B}"), "nothing can act on the terminal")
        #expect(read.stdout.hasSuffix("Marked as seen.\n"))
        let after = try json(try run("wren", ["for-me", "--format", "json"]))
        #expect(after["new"] as? Int == 0 && after["markedSeen"] as? Bool == false)
        #expect((after["items"] as? [[String: Any]])?.allSatisfy { $0["isNew"] as? Bool == false } == true)
        #expect(try run("wren", ["for-me"]).stdout.hasPrefix("Nothing new for you; the latest:"))

        // More new than --limit shows: none of them is marked seen, so none is lost.
        _ = try run("river", ["reply", "--story", "\(story)"], stdin: "And again.")
        _ = try run("kettle", ["react", "--story", "\(story)", "--kind", "support"])
        let cut = try run("wren", ["for-me", "--limit", "1"])
        #expect(cut.stdout.contains("Not marked as seen: more are new than --limit 1 shows."), "\(cut.stdout)")
        #expect(try json(try run("wren", ["for-me", "--format", "json"]))["new"] as? Int == 2)

        // Others are told nothing of it.
        let river = try run("river", ["for-me", "--limit", "200", "--keep-new"])
        #expect(!river.stdout.contains("A good week"), "river's own reply is not for river")
    }

    static let keys: Set<String> = [
        "kind", "from", "createdAt", "group", "story", "storyTitle", "contentWarning", "mentorship", "id", "reaction",
        "excerpt", "isNew",
    ]

    @Test func forMeTakesAPseudonymAndABoundedLimit() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let nobody = try Peerroom.run(["for-me", "--db", db])
        #expect(nobody.status == 67 && nobody.stderr.contains("no pseudonym"), "\(nobody.stderr)")
        let bad = try Peerroom.run(["for-me", "--db", db, "--as", "wren", "--limit", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--limit must be 1–200"), "\(bad.stderr)")
        let jsonError = try Peerroom.run(["for-me", "--db", db, "--format", "json"])
        #expect(jsonError.status == 67 && jsonError.stdout.isEmpty)
        #expect(jsonError.stderr.hasPrefix("{"), "a JSON caller gets a JSON error: \(jsonError.stderr)")
        try Peerroom.join(db: db, handle: "newleaf")
        let empty = try Peerroom.run(["for-me", "--db", db])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.hasPrefix("Nothing for you yet."))
    }
}
