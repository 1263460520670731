import Foundation
import Testing

/// A seeded room in a scratch folder, and `peerroom` run against it as one member or another.
private struct SeededRoom {
    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = folder.path("room.sqlite")
    }

    /// `peerroom COMMAND --db … [--as HANDLE] ARGS`.
    func run(_ command: String, as handle: String? = nil, _ arguments: [String] = [], stdin: String? = nil) throws
        -> Peerroom.Result
    {
        try Peerroom.run([command, "--db", db] + (handle.map { ["--as", $0] } ?? []) + arguments, stdin: stdin)
    }

    /// `story ID --format json`, exactly as printed.
    func storyOutput(_ id: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run("story", ["\(id)", "--format", "json"])
        #expect(result.status == 0, "story \(id) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// `story ID --format json` parsed.
    func story(_ id: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let output = try storyOutput(id, sourceLocation: sourceLocation)
        return try #require(
            JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], sourceLocation: sourceLocation)
    }

    /// The id of the story in `group` whose title starts with `title`, from `feed --format json`.
    func storyID(_ title: String, in group: String = "sober-circle") throws -> Int {
        let stories = try Peerroom.feed(db: db, group: group)
        let story = try #require(stories.first { ($0["title"] as? String)?.hasPrefix(title) == true })
        return try #require(story["id"] as? Int)
    }
}

private func replyList(_ story: [String: Any]) -> [[String: Any]] {
    story["replyList"] as? [[String: Any]] ?? []
}

private func reactionList(_ story: [String: Any]) -> [[String: Any]] {
    story["reactionList"] as? [[String: Any]] ?? []
}

private func gave(_ story: [String: Any], _ kind: String, _ member: String) -> Bool {
    reactionList(story).contains { $0["kind"] as? String == kind && $0["member"] as? String == member }
}

/// Replies, reactions, edits and deletes from the command line, through the real binary.
@Suite("End to end: sharing from the command line")
struct SharingCommandLineTests {
    @Test func aReplyShowsUpUnderItsStoryWithItsAuthor() throws {
        let room = try SeededRoom()
        let id = try room.storyID("3am, a craving")
        let before = try room.story(id)
        #expect(replyList(before).map { $0["author"] as? String } == ["morning.tea", "harbor"], "oldest first")

        let replied = try room.run("reply", as: "river", ["--story", "\(id)"], stdin: "Walking with you today.\n")
        #expect(replied.status == 0, "\(replied.stderr)")
        #expect(replied.stdout.contains("story \(id)"))
        let fromFile = room.folder.path("reply.txt")
        try "Cold air helps me too.".write(toFile: fromFile, atomically: true, encoding: .utf8)
        let second = try room.run("reply", as: "wren", ["--story", "\(id)", "--file", fromFile])
        #expect(second.status == 0, "\(second.stderr)")

        let after = try room.story(id)
        let replies = replyList(after)
        #expect(replies.map { $0["author"] as? String } == ["morning.tea", "harbor", "river", "wren"])
        #expect(
            replies.map { $0["body"] as? String }.suffix(2) == ["Walking with you today.", "Cold air helps me too."])
        #expect(replies.allSatisfy { $0["id"] is Int && $0["createdAt"] is String })
        #expect(after["replies"] as? Int == 4, "the count agrees with the list")
        let feedStory = try #require(
            try Peerroom.feed(db: room.db, group: "sober-circle").first { $0["id"] as? Int == id })
        #expect(feedStory["replies"] as? Int == 4)
    }

    @Test func reactingTwiceTakesTheReactionBack() throws {
        let room = try SeededRoom()
        let id = try room.storyID("3am, a craving")
        let before = try room.story(id)
        let count = try #require(before["reactions"] as? Int)
        #expect(reactionList(before).count == count)
        #expect(!gave(before, "proud", "river"))

        let given = try room.run("react", as: "river", ["--story", "\(id)", "--kind", "proud"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains("Reacted"))
        let afterGiving = try room.story(id)
        #expect(afterGiving["reactions"] as? Int == count + 1)
        #expect(gave(afterGiving, "proud", "river"))

        let takenBack = try room.run("react", as: "river", ["--story", "\(id)", "--kind", "proud"])
        #expect(takenBack.status == 0, "\(takenBack.stderr)")
        #expect(takenBack.stdout.contains("Took back"))
        let afterTakingBack = try room.story(id)
        #expect(afterTakingBack["reactions"] as? Int == count)
        #expect(!gave(afterTakingBack, "proud", "river"))
        #expect(gave(afterTakingBack, "been-there", "river"), "river's seeded reaction of another kind stays")
    }

    @Test func anEditChangesWhatTheStoryShows() throws {
        let room = try SeededRoom()
        let id = try room.storyID("What nobody told me about year two")
        let original = try room.story(id)
        #expect(original["author"] as? String == "river")
        #expect(original["contentWarning"] as? String == "grief")

        let edited = try room.run(
            "edit", as: "river", ["--story", "\(id)"], stdin: "Year two, rewritten.\n\nStill here.")
        #expect(edited.status == 0, "\(edited.stderr)")
        var story = try room.story(id)
        #expect(story["body"] as? String == "Year two, rewritten.\n\nStill here.")
        #expect(story["title"] as? String == original["title"] as? String, "no --title: the title stays")
        #expect(story["contentWarning"] as? String == "grief")
        #expect(story["createdAt"] as? String == original["createdAt"] as? String)
        #expect(replyList(story).count == replyList(original).count, "replies stay")

        // Empty standard input with --title or --cw: the body stays as it is.
        let retitled = try room.run("edit", as: "river", ["--story", "\(id)", "--title", "Year two", "--cw", ""])
        #expect(retitled.status == 0, "\(retitled.stderr)")
        story = try room.story(id)
        #expect(story["title"] as? String == "Year two")
        #expect(story["contentWarning"] is NSNull, "an empty --cw removes the warning")
        #expect(story["body"] as? String == "Year two, rewritten.\n\nStill here.")
        let newest = try Peerroom.feed(db: room.db, group: "sober-circle").first { $0["id"] as? Int == id }
        #expect(newest?["title"] as? String == "Year two", "the feed shows the new title")
    }

    @Test func aBadEditIsRefusedAndChangesNothing() throws {
        let room = try SeededRoom()
        let id = try room.storyID("What nobody told me about year two")
        let before = try room.storyOutput(id)
        let cases: [([String], String, String)] = [
            ([], "", "The body is empty."),
            (["--title", "  "], "", "The title is empty."),
            (["--title", "Fine"], String(repeating: "b", count: 20_001), "the limit is 20000"),
            (["--cw", String(repeating: "w", count: 81)], "", "the limit is 80"),
        ]
        for (extra, stdin, message) in cases {
            let result = try room.run("edit", as: "river", ["--story", "\(id)"] + extra, stdin: stdin)
            #expect(result.status == 65, "\(extra): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(try room.storyOutput(id) == before)
    }

    @Test func aDeletedStoryOthersRepliedToStaysAsRemovedWithTheirReplies() throws {
        let room = try SeededRoom()
        let id = try room.storyID("What nobody told me about year two")
        let fernsReply = try #require(replyList(try room.story(id)).first)
        #expect(fernsReply["author"] as? String == "fern")

        let deleted = try room.run("delete", as: "river", ["--story", "\(id)"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == "Deleted your story \(id). 1 reply by someone else stays under \"[removed]\".\n")

        let shown = try room.run("story", ["\(id)"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("[removed]"))
        #expect(shown.stdout.contains("Removed by its author."))
        #expect(!shown.stdout.contains("Year one was about not drinking"), "river's words are gone")
        #expect(shown.stdout.contains("fern"))
        #expect(shown.stdout.contains("Layers is exactly the right word."), "fern's words stay")
        let feed = try Peerroom.feed(db: room.db, group: "sober-circle")
        #expect(feed.first { $0["id"] as? Int == id }?["title"] as? String == "[removed]")
    }

    @Test func aDeletedStoryLeavesTheFeed() throws {
        let room = try SeededRoom()
        let posted = try room.run(
            "post", as: "river", ["--group", "sober-circle", "--kind", "reflection", "--title", "Just for today"],
            stdin: "One day.")
        #expect(posted.status == 0, "\(posted.stderr)")
        let id = try room.storyID("Just for today")
        let before = try Peerroom.feed(db: room.db, group: "sober-circle")
        #expect(before.contains { $0["id"] as? Int == id })

        let deleted = try room.run("delete", as: "river", ["--story", "\(id)"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == "Deleted story \(id).\n")
        let after = try Peerroom.feed(db: room.db, group: "sober-circle")
        #expect(!after.contains { $0["id"] as? Int == id })
        #expect(after.count == before.count - 1)
        let gone = try room.run("story", ["\(id)", "--format", "json"])
        #expect(gone.status == 65)
        #expect(gone.stderr.contains("No story with id \(id)"))
    }

    @Test func aReplyAndEncouragementAreDeletedByTheirAuthors() throws {
        let room = try SeededRoom()
        let id = try room.storyID("Five thousand mornings")
        _ = try room.run("reply", as: "wren", ["--story", "\(id)"], stdin: "Wow, fern.")
        let reply = try #require(replyList(try room.story(id)).last)
        #expect(reply["author"] as? String == "wren")
        let replyID = try #require(reply["id"] as? Int)
        let refused = try room.run("delete", as: "fern", ["--reply", "\(replyID)"])
        #expect(refused.status == 77, "the story's author cannot delete someone's reply")
        #expect(refused.stderr.contains("Reply \(replyID)"))
        let deleted = try room.run("delete", as: "wren", ["--reply", "\(replyID)"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(replyList(try room.story(id)).isEmpty)

        let sent = try room.run("encourage", as: "river", ["--group", "sober-circle", "Proud of this room."])
        #expect(sent.status == 0, "\(sent.stderr)")
        let message = try #require(try Peerroom.feed(db: room.db, group: "sober-circle", kind: "encouragement").first)
        #expect(message["body"] as? String == "Proud of this room.")
        let messageID = try #require(message["id"] as? Int)
        let notWrens = try room.run("delete", as: "wren", ["--encouragement", "\(messageID)"])
        #expect(notWrens.status == 77)
        let removed = try room.run("delete", as: "river", ["--encouragement", "\(messageID)"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let messages = try Peerroom.feed(db: room.db, group: "sober-circle", kind: "encouragement")
        #expect(!messages.contains { $0["id"] as? Int == messageID })
    }

    @Test func someoneElsesStoryCannotBeEditedOrDeleted() throws {
        let room = try SeededRoom()
        let id = try room.storyID("3am, a craving")
        let before = try room.storyOutput(id)
        #expect(before.contains("\"author\" : \"nightowl\""))

        let edit = try room.run("edit", as: "river", ["--story", "\(id)", "--title", "Mine now"], stdin: "Replaced.")
        #expect(edit.status == 77)
        #expect(edit.stderr.contains("Story \(id)"), "\(edit.stderr)")
        #expect(edit.stderr.contains("only its author"))
        let delete = try room.run("delete", as: "river", ["--story", "\(id)"])
        #expect(delete.status == 77)
        #expect(delete.stderr.contains("Story \(id)"), "\(delete.stderr)")

        #expect(try room.storyOutput(id) == before, "the story is exactly as it was")
        #expect(try Peerroom.feed(db: room.db, group: "sober-circle").contains { $0["id"] as? Int == id })
    }

    @Test(arguments: [
        [],
        ["--story", "1", "--reply", "2"],
        ["--story", "1", "--encouragement", "3"],
        ["--story", "1", "--reply", "2", "--encouragement", "3"],
    ])
    func deleteNeedsExactlyOneThingToDelete(arguments: [String]) throws {
        let room = try SeededRoom()
        let before = try Peerroom.feed(db: room.db, group: "sober-circle").count
        let result = try room.run("delete", as: "nightowl", arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("exactly one of --story, --reply and --encouragement"), "\(result.stderr)")
        #expect(try Peerroom.feed(db: room.db, group: "sober-circle").count == before)
    }

    @Test(
        arguments: [
            ("story", ["999999"], nil),
            ("reply", ["--story", "999999"], "Hello"),
            ("react", ["--story", "999999", "--kind", "support"], nil),
            ("edit", ["--story", "999999", "--title", "Hi"], nil),
            ("delete", ["--story", "999999"], nil),
        ] as [(String, [String], String?)])
    func anUnknownStoryIsBadData(command: String, arguments: [String], stdin: String?) throws {
        let room = try SeededRoom()
        let result = try room.run(command, as: "river", arguments, stdin: stdin)
        #expect(result.status == 65)
        #expect(result.stderr.contains("No story with id 999999"), "\(result.stderr)")
    }

    @Test func anUnknownReplyOrEncouragementIsBadData() throws {
        let room = try SeededRoom()
        let reply = try room.run("delete", as: "river", ["--reply", "999999"])
        #expect(reply.status == 65)
        #expect(reply.stderr.contains("No reply with id 999999"))
        let message = try room.run("delete", as: "river", ["--encouragement", "999999"])
        #expect(message.status == 65)
        #expect(message.stderr.contains("No encouragement with id 999999"))
    }

    @Test func anUnknownReactionIsAUsageErrorListingTheKinds() throws {
        let room = try SeededRoom()
        let id = try room.storyID("3am, a craving")
        let before = try room.storyOutput(id)
        let result = try room.run("react", as: "river", ["--story", "\(id)", "--kind", "dislike"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'dislike'"))
        #expect(result.stderr.contains("support, been-there, proud"))
        #expect(try room.storyOutput(id) == before)
    }

    @Test func anEmptyOrOverLongReplyIsRefusedAndNothingIsWritten() throws {
        let room = try SeededRoom()
        let id = try room.storyID("3am, a craving")
        let before = try room.storyOutput(id)
        let empty = try room.run("reply", as: "river", ["--story", "\(id)"], stdin: " \n ")
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("The reply is empty."))
        let long = try room.run(
            "reply", as: "river", ["--story", "\(id)"], stdin: String(repeating: "r", count: 5_001))
        #expect(long.status == 65)
        #expect(long.stderr.contains("the limit is 5000"))
        #expect(try room.storyOutput(id) == before)
    }

    @Test func someoneOutsideTheGroupCannotReplyOrReact() throws {
        let room = try SeededRoom()
        // maple.jo facilitates even-odds and is not in sober-circle.
        let id = try room.storyID("3am, a craving")
        let before = try room.storyOutput(id)
        let reply = try room.run("reply", as: "maple.jo", ["--story", "\(id)"], stdin: "Hello")
        #expect(reply.status == 77)
        #expect(reply.stderr.contains("not a member of 'sober-circle'"), "\(reply.stderr)")
        let react = try room.run("react", as: "maple.jo", ["--story", "\(id)", "--kind", "support"])
        #expect(react.status == 77)
        #expect(try room.storyOutput(id) == before)
    }

    @Test func theStoryAsTextReadsTopToBottomAndIsSafe() throws {
        let room = try SeededRoom()
        let hostile = "Hi \u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}"
        let posted = try room.run(
            "post", as: "river",
            ["--group", "sober-circle", "--kind", "reflection", "--title", "Tea \(hostile)", "--cw", "grief"],
            stdin: "First line.\nSecond line \(hostile)")
        #expect(posted.status == 0, "\(posted.stderr)")
        let id = try room.storyID("Tea ")
        _ = try room.run("reply", as: "wren", ["--story", "\(id)"], stdin: "A reply \(hostile)")
        _ = try room.run("react", as: "wren", ["--story", "\(id)", "--kind", "support"])

        // The story is behind a warning: its text is asked for.
        let result = try room.run("story", ["\(id)", "--show-warned"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("#\(id) [REFLECT] Tea Hi ␛]0;owned␇␛[2J") == true, "\(text)")
        #expect(lines.dropFirst().first?.hasPrefix("by river") == true)
        #expect(lines.contains("Content warning: grief"))
        #expect(lines.contains("First line."), "the body keeps its line breaks")
        #expect(lines.contains { $0.hasPrefix("Second line Hi ␛]0;owned") })
        #expect(lines.contains { $0.contains("sending support (wren)") })
        #expect(lines.contains { $0.contains("wren ·") })
        #expect(lines.contains { $0.hasPrefix("  A reply Hi ␛]0;owned") })
        let order = ["First line.", "Replies (1)"].compactMap { lines.firstIndex(of: $0) }
        #expect(order.count == 2 && order[0] < order[1], "body before replies")
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })

        let json = try room.story(id)
        #expect(json["title"] as? String == "Tea \(hostile)", "JSON keeps the exact text, escaped")
    }

    @Test func feedJSONKeepsItsShapeWithoutTheLists() throws {
        let room = try SeededRoom()
        let stories = try Peerroom.feed(db: room.db, group: "sober-circle")
        let feedKeys: Set = [
            "id", "kind", "title", "author", "createdAt", "body", "contentWarning", "replies", "reactions",
        ]
        #expect(!stories.isEmpty)
        for story in stories { #expect(Set(story.keys) == feedKeys) }
        let id = try #require(stories.first?["id"] as? Int)
        let detail = try room.story(id)
        #expect(Set(detail.keys) == feedKeys.union(["replyList", "reactionList"]))
        for key in feedKeys {
            #expect(detail[key] as? NSObject == stories.first?[key] as? NSObject, "\(key) as in the feed")
        }
    }
}
