import Foundation
import Testing

/// The plain room (`peerroom --plain`, and whenever there is no terminal): the real binary
/// driven line by line through standard input, as a screen reader's user or a script does.
@Suite("End to end: plain mode")
struct PlainModeTests {
    static let firstLine = "peerroom — plain mode. Crisis help: type crisis."

    @Test func listsAndOpensGroupsAndReadsAStory() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river"], stdin: "groups\nopen 2\nstories\nread 1\ny\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.first == Self.firstLine)
        #expect(lines.contains { $0.hasPrefix("crisis") }, "the menu lists crisis")
        // river is in Clean Slate and Sober Circle, listed by name, numbers first.
        #expect(lines.contains { $0.hasPrefix("1. Clean Slate — ") && $0.hasSuffix("(open)") })
        #expect(lines.contains { $0.hasPrefix("2. Sober Circle — ") })
        #expect(lines.contains { $0.hasPrefix("Open group: Sober Circle") })
        let listed = try #require(lines.firstIndex(of: "Stories in Sober Circle, newest first:"))
        let storyLines = lines[(listed + 1)...].prefix { !$0.hasPrefix("That is all") }
        #expect(storyLines.count >= 10)
        for (index, line) in storyLines.enumerated() {
            #expect(line.hasPrefix("\(index + 1). "), "numbers come first: \(line)")
        }
        let newest = try #require(Peerroom.feed(db: db, group: "sober-circle").first)
        let title = try #require(newest["title"] as? String)
        let body = try #require(newest["body"] as? String)
        #expect(lines.contains("Story 1: \(title)"))
        let firstParagraph = try #require(body.components(separatedBy: "\n").first)
        #expect(lines.contains(firstParagraph), "the story's text is read")
        #expect(lines.contains("End of story 1. Type reply 1, react 1 support, or report 1 REASON."))
    }

    @Test func unreadIsPerStoryAndNextReadsTheOldestUnreadFirst() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let feed = try Peerroom.feed(db: db, group: "sober-circle", limit: 100)
        let others = feed.filter { $0["author"] as? String != "river" }
        try #require(others.count >= 4 && feed.first?["author"] as? String != "river")
        // A story behind a content warning asks first: answer yes.
        func answer(_ story: [String: Any]) -> String { story["contentWarning"] is String ? "y\n" : "" }
        let oldest = Array(others.reversed())
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "stories\nread 1\n\(answer(feed[0]))stories\nnext\n\(answer(oldest[0]))next\n\(answer(oldest[1]))"
                + "groups\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let listings = lines.indices.filter { lines[$0] == "Stories in Sober Circle, newest first:" }
        try #require(listings.count == 2)
        func isNew(_ listing: Int, _ number: Int) throws -> Bool {
            let line = try #require(lines[listings[listing]...].first { $0.hasPrefix("\(number). ") })
            return line.contains(", new.") || line.contains(", new,")
        }
        #expect(try isNew(0, 1) && isNew(0, 2))
        #expect(try !isNew(1, 1), "the story read is no longer new")
        #expect(try isNew(1, 2), "reading the newest leaves the older ones new")
        // next: the oldest unread first, then the one after it.
        let oldestTitles = oldest.map { $0["title"] as? String ?? "" }
        let nextTitles = lines.filter { $0.range(of: #"^Story \d+: "#, options: .regularExpression) != nil }
            .dropFirst().map {
                String($0.drop { $0 != ":" }.dropFirst(2))
            }
        #expect(Array(nextTitles) == Array(oldestTitles.prefix(2)))
        let group = try #require(lines.last { $0.contains(". Sober Circle — ") })
        #expect(group.contains(", \(others.count - 3) new"), "three read, one each: \(group)")
    }

    @Test func aStoryPostedThroughThePipeIsInTheFeed() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "post\nmilestone\nA plain-mode title\n\nFirst line.\nSecond line.\n.\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Posted \"A plain-mode title\" to Sober Circle as river."))
        let newest = try #require(Peerroom.feed(db: db, group: "sober-circle").first)
        #expect(newest["title"] as? String == "A plain-mode title")
        #expect(newest["kind"] as? String == "milestone")
        #expect(newest["body"] as? String == "First line.\nSecond line.")
        #expect(newest["contentWarning"] is NSNull)
        #expect(try Self.drafts(db: db, as: "river").isEmpty, "posting discards the draft")
    }

    @Test func repliesReactionsAndEncouragementGoThroughThePipe() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let second = try #require(Peerroom.feed(db: db, group: "sober-circle")[1]["id"] as? Int)
        let proudBefore = try Self.story(db: db, id: second).reactions.contains("river proud")
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "stories\nreply 2\nWell done.\n.\nreact 2 proud\nencourage wren\nKeep going.\n.\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(proudBefore ? "You took back your proud of you reaction" : "You reacted to"))
        let story = try Self.story(db: db, id: second)
        #expect(story.replies.contains("river: Well done."))
        #expect(story.reactions.contains("river proud") == !proudBefore, "react gives or takes back")
        let messages = try Peerroom.feed(db: db, group: "sober-circle", kind: "encouragement")
        #expect(messages.first?["to"] as? String == "wren" && messages.first?["body"] as? String == "Keep going.")
    }

    /// A story's replies ("author: text") and reactions ("member kind"), from `story --format json`.
    static func story(db: String, id: Int) throws -> (replies: [String], reactions: [String]) {
        let story = try Peerroom.run(["story", "\(id)", "--db", db, "--format", "json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(story.stdout.utf8)) as? [String: Any])
        let replies = try #require(json["replyList"] as? [[String: Any]])
        let reactions = try #require(json["reactionList"] as? [[String: Any]])
        return (
            replies.map { "\($0["author"] as? String ?? ""): \($0["body"] as? String ?? "")" },
            reactions.map { "\($0["member"] as? String ?? "") \($0["kind"] as? String ?? "")" }
        )
    }

    @Test func aDraftSurvivesTheEndOfInputBeforeTheDot() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let arguments = ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"]
        let cut = try Peerroom.run(arguments, stdin: "post\nreflection\nUnfinished\n\nThe first line stays.\n")
        #expect(cut.status == 0, "\(cut.stderr)")
        #expect(cut.stdout.contains("The input ended before the closing dot: your draft is saved."))
        let drafts = try Self.drafts(db: db, as: "river")
        #expect(drafts.count == 1)
        #expect(drafts.first?["title"] as? String == "Unfinished")
        #expect(drafts.first?["body"] as? String == "The first line stays.")

        let resumed = try Peerroom.run(arguments, stdin: "post\nkeep\nAnd the second.\n.\nquit\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("You have a saved draft here, titled \"Unfinished\", with 1 line of text."))
        #expect(resumed.stdout.contains("The first line stays."), "the text so far is read back")
        let newest = try #require(Peerroom.feed(db: db, group: "sober-circle").first)
        #expect(newest["title"] as? String == "Unfinished")
        #expect(newest["body"] as? String == "The first line stays.\nAnd the second.")
        #expect(try Self.drafts(db: db, as: "river").isEmpty)
    }

    @Test func aLoginWithNoMemberIsAskedForAPseudonymFirst() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(["--plain", "--db", db], stdin: "x\nFirst.Timer\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.first == Self.firstLine)
        let question = "Choose a pseudonym (2–24 letters, digits, '-', '_' or '.'):"
        #expect(lines.filter { $0 == question }.count == 2, "asked again after a refusal")
        #expect(lines.contains { $0.hasPrefix("peerroom: The handle must be 2–24 characters") })
        #expect(lines.contains("Welcome, First.Timer. You have joined every open group as a newcomer."))
        #expect(lines.contains("You are First.Timer."))
        let again = try Peerroom.run(["join", "--db", db, "--handle", "first.timer"])
        #expect(again.stdout.contains("You are already First.Timer."), "bound to this login")
    }

    @Test func aGuestReadsAndIsToldHowToWrite() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Peerroom.run(
            ["--plain", "--db", db], stdin: "skip\nstories\nreact 1 support\njoin quiet-one\nreact 1 support\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Reading as a guest."))
        #expect(result.stdout.contains("You are reading as a guest. To write, take a pseudonym: type join NAME."))
        #expect(result.stdout.contains("Welcome, quiet-one."))
        #expect(result.stdout.contains("You reacted to"), "after join the room acts as the new member")

        let atTheEnd = try Peerroom.run(["--plain", "--db", folder.path("other.sqlite")], stdin: "")
        #expect(atTheEnd.status == 0, "the end of input at the question reads as a guest, then quits")
        #expect(atTheEnd.stdout.contains("Reading as a guest."))
    }

    @Test func noEscapeByteReachesTheOutputEvenFromAHostileTitle() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let title = "Bad \u{1B}]0;x\u{07} title"
        let posted = try Peerroom.run(
            [
                "post", "--db", db, "--as", "river", "--group", "sober-circle", "--kind", "triumph", "--title", title,
            ], stdin: "Some \u{1B}[31mred\u{1B}[0m text.\n")
        #expect(posted.status == 0, "\(posted.stderr)")
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "stories\nread 1\nsearch red text\nunknown \u{1B}[2J\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        #expect(result.stdout.contains("1. Bad ␛]0;x␇ title — triumph, by river"))
        #expect(result.stdout.contains("Story 1: Bad ␛]0;x␇ title"))
        #expect(result.stdout.contains("Some ␛[31mred␛[0m text."))
    }

    @Test func plainModeIsChosenByItselfWhenStandardOutputIsAPipe() throws {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Peerroom.binary)
        process.arguments = ["--db", folder.path("room.sqlite"), "--as", "river"]
        var environment = ProcessInfo.processInfo.environment
        environment["PEERROOM_SEEDS"] = Peerroom.packageRoot.appendingPathComponent("seeds").path
        environment["TERM"] = "xterm-256color"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("groups\nquit\n".utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix(Self.firstLine + "\n"), "\(text)")
        #expect(text.contains("1. Clean Slate — "))
    }

    @Test func crisisPrintsTheCrisisLines() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(
            ["--plain", "--db", folder.path("room.sqlite"), "--as", "river"], stdin: "crisis\nquit\n",
            environment: ["PEERROOM_REGION": "GB"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.contains("In danger now: call 999 (United Kingdom)"))
        #expect(result.stdout.contains("116 123"))
        #expect(result.stdout.contains("not a crisis service"))
    }

    @Test func unknownInputGetsAHintAndTheRoomGoesOn() throws {
        let folder = try TemporaryFolder()
        let result = try Peerroom.run(
            ["--plain", "--db", folder.path("room.sqlite"), "--as", "river"],
            stdin: "dance\nREAD 1\nn\nOPEN 9\nopen no-such-group\ngroups\nquit\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Unknown command 'dance'. Type help for the commands, crisis for crisis help."))
        // A number before its list: the list is shown first, then reading goes on.
        #expect(result.stdout.contains("Stories in Clean Slate, newest first:"), "commands ignore case")
        #expect(result.stdout.contains("\n1. "), "READ 1 read the first story of the list it showed")
        #expect(result.stdout.contains("Type open N to open one."), "OPEN 9 showed the groups first")
        #expect(result.stdout.contains("There is no group 9 in the last list"))
        #expect(result.stdout.contains("peerroom: No group 'no-such-group'"))
        #expect(result.stdout.contains("1. Clean Slate — "), "the room goes on after an error")
    }

    /// The drafts `export --me` holds for a member.
    static func drafts(db: String, as handle: String) throws -> [[String: Any]] {
        let export = try Peerroom.run(["export", "--me", "--db", db, "--as", handle])
        #expect(export.status == 0, "\(export.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        return try #require(json["drafts"] as? [[String: Any]])
    }
}
