import Foundation
import RoomViewModel
import Testing

/// Plain mode does what the full-screen room does (issue 17): edit and delete, mute,
/// meetings and RSVP, check-in, mentorship and its thread, the facilitator's queue and
/// export — each driven through a pipe, as a screen reader's user or a script does.
@Suite("End to end: plain mode does what the room does")
struct PlainParityTests {
    static let questionsNote = "Every question takes !cancel to stop and !crisis for crisis help."

    /// `peerroom --plain` as `handle`, in `group`, with these lines typed.
    static func plain(
        _ db: String, as handle: String, group: String = "even-odds", _ lines: [String],
        environment: [String: String] = [:]
    ) throws -> (lines: [String], text: String) {
        let result = try Peerroom.run(
            ["--plain", "--db", db, "--as", handle, "--group", group],
            stdin: (lines + ["quit"]).joined(separator: "\n") + "\n", environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("peerroom — plain mode. Crisis help: type crisis.\n"))
        return (result.stdout.components(separatedBy: "\n"), result.stdout)
    }

    static func json(_ arguments: [String]) throws -> Any {
        let result = try Peerroom.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func helpIsTheCommandTableInTheRoomsWords() throws {
        let folder = try TemporaryFolder()
        let (lines, _) = try Self.plain(folder.path("room.sqlite"), as: "river", ["help"])
        func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }
        // Where a plain command does what a key of the room does, help says it in that key's words.
        let sameAsTheRoom: [(String, Command)] = [
            ("post", .newStory), ("reply N", .reply), ("edit N", .edit), ("meetings", .meetings),
            ("checkin", .checkIn), ("accept N [NOTE]", .acceptMentee), ("decline N [NOTE]", .declineMentee),
            ("end N", .endMentorship), ("queue [warned]", .moderation), ("hide N NOTE", .hide),
            ("restore N NOTE", .restore), ("keep N NOTE", .restore), ("crisis", .crisis),
        ]
        for (usage, command) in sameAsTheRoom {
            let line = "\(usage) — \(lowerFirst(command.help))"
            #expect(lines.filter { $0 == line }.count == 2, "at the start and after help: \(line)")
        }
        for usage in [
            "delete N", "mute HANDLE", "unmute HANDLE", "rsvp N going|maybe|no", "mentors", "ask [HANDLE]",
            "offer [stop]", "messages N", "message N TEXT", "export [PATH]", "help", "quit",
        ] {
            #expect(lines.contains { $0.hasPrefix("\(usage) — ") }, "help lists \(usage)")
        }
        #expect(lines.contains("help — this list"))
    }

    @Test func editAndDeleteOnesOwnStory() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let first = try Self.plain(
            db, as: "hana",
            [
                "post", "t", "A first try", "", "Old words.", ".", "stories", "edit 1", "A better title", "",
                "New words.", "And more.", ".", "edit 2",
            ])
        #expect(first.lines.contains("Edited story 1 (title, body): A better title"))
        #expect(first.lines.contains { $0.hasPrefix("Story 2 is by ") && $0.hasSuffix("only your own stories.") })
        let newest = try #require(try Peerroom.feed(db: db, group: "even-odds").first)
        #expect(newest["title"] as? String == "A better title")
        #expect(newest["body"] as? String == "New words.\nAnd more.")

        // hana's seeded story has a reply by someone else: it stays, under "[removed]".
        let feed = try Peerroom.feed(db: db, group: "even-odds")
        let index = try #require(feed.firstIndex { ($0["title"] as? String)?.hasPrefix("七転び八起き") == true })
        let number = index + 1
        let second = try Self.plain(
            db, as: "hana",
            ["stories", "delete \(number)", "!cancel", "delete \(number)", "n", "delete \(number)", "y"])
        #expect(second.lines.contains("Stopped. Nothing was deleted."))
        #expect(second.lines.contains { $0.hasPrefix("Kept \"七転び八起き") })
        #expect(second.text.contains("for good? 1 reply by someone else stays, under \"[removed]\". (y/n)"))
        #expect(
            second.lines.contains {
                $0.hasPrefix("Deleted your story \"七転び八起き")
                    && $0.hasSuffix("1 reply by someone else stays under \"[removed]\".")
            })
        #expect(
            try !Peerroom.feed(db: db, group: "even-odds").contains {
                ($0["title"] as? String)?.hasPrefix("七転び") == true
            })
    }

    @Test func anEditCutShortIsKeptAsADraftAndFinishedLater() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let first = try Peerroom.run(
            ["--plain", "--db", db, "--as", "hana", "--group", "even-odds"],
            stdin: "post\nr\nDraft me\n\nOld text.\n.\nstories\nedit 1\nA kept title\n\nLine one.\n")
        #expect(first.stdout.contains("your draft is saved. Type edit 1 again to go on with it."))
        #expect(try Peerroom.feed(db: db, group: "even-odds").first?["title"] as? String == "Draft me", "not yet")
        let second = try Self.plain(db, as: "hana", ["stories", "edit 1", "keep", "Line two.", "."])
        #expect(second.lines.contains("Title: A kept title"))
        #expect(second.lines.filter { $0.hasSuffix(Self.questionsNote) }.count == 1, "said once")
        #expect(second.lines.contains("Edited story 1 (title, body): A kept title"))
        let newest = try #require(try Peerroom.feed(db: db, group: "even-odds").first)
        #expect(newest["title"] as? String == "A kept title")
        #expect(newest["body"] as? String == "Line one.\nLine two.")
        #expect(try PlainModeTests.drafts(db: db, as: "hana").isEmpty, "editing discards the draft")
    }

    @Test func muteAndUnmuteAMember() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let muted = try Self.plain(db, as: "hana", ["mute", "mute tomek", "mute"])
        #expect(muted.lines.contains("You have muted nobody."))
        #expect(muted.lines.contains("Muted tomek, for you alone."))
        #expect(try Peerroom.run(["mute", "--db", db, "--as", "hana"]).stdout == "tomek\n")
        #expect(
            try !Peerroom.run(["feed", "--db", db, "--as", "hana", "--group", "even-odds"]).stdout.contains("tomek"))
        let unmuted = try Self.plain(db, as: "hana", ["unmute tomek"])
        #expect(unmuted.lines.contains("Unmuted tomek."))
        #expect(try Peerroom.run(["mute", "--db", db, "--as", "hana"]).stdout == "You have muted nobody.\n")
    }

    @Test func meetingsAreNumberedAndAnswered() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Self.plain(db, as: "hana", ["rsvp 2 maybe", "rsvp 2 maybe", "rsvp 1 perhaps"])
        #expect(result.lines.contains("Coming meetings of your groups, soonest first:"))
        #expect(result.lines.contains { $0.hasPrefix("1. ") && $0.hasSuffix("— Even Odds check-in") })
        #expect(
            result.lines.contains(
                "Those are the meetings; type rsvp N going, maybe or no again with a number from this list."))
        #expect(result.lines.contains { $0.hasPrefix("Saved: maybe, for \"") })
        #expect(result.lines.contains("Type rsvp N going, maybe or no, e.g. rsvp 1 going."))
        let coming = try #require(
            try Self.json(["meetings", "--db", db, "--as", "hana", "--format", "json"]) as? [[String: Any]])
        #expect(coming.count >= 2)
        #expect(coming[1]["myRSVP"] as? String == "maybe" && coming[0]["myRSVP"] is NSNull)
    }

    @Test func checkInAsksTheMoodAndANoteAndAnswersLikeTheCommandLine() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Self.plain(
            db, as: "hana", ["checkin", "7", "4", "Slept well.", "checkin", "1", "!cancel", "checkin", "2", ""],
            environment: ["TZ": "UTC"])
        let today = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        #expect(result.lines.contains("'7' is not a mood: type a number from 1 (low) to 5 (good)."))
        #expect(result.lines.contains("Checked in for \(today), mood 4."))
        #expect(result.lines.contains { $0.hasPrefix("Streak: 1 day in a row") })
        #expect(result.lines.contains("Stopped. Nothing was saved."))
        // A hard day: thanked, and shown the ways to company as plain commands.
        #expect(result.lines.contains(CheckInText.hardDayThanks))
        #expect(result.lines.contains("  a peer mentor: type ask"))
        #expect(result.lines.contains("  crisis help, now: type crisis"))
        #expect(!result.text.contains("peerroom encourage --group"), "no command-line words in plain mode")
        // The command line answers the same day with the same words.
        let again = try Peerroom.run(
            ["checkin", "--db", db, "--as", "hana", "--mood", "4"], environment: ["TZ": "UTC"])
        #expect(again.stdout.hasPrefix("Checked in for \(today), mood 4.\nStreak: 1 day in a row"))
    }

    @Test func mentorshipFromOfferToEndWithItsThread() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let offered = try Self.plain(db, as: "sparrow_22", group: "clean-slate", ["offer", "Evenings", "12", "2"])
        #expect(offered.lines.contains("'12' is not a number from 1 to 10."))
        #expect(offered.lines.contains("You are an available mentor in Clean Slate, for up to 2."))
        let asked = try Self.plain(db, as: "kiri", group: "clean-slate", ["ask sparrow_22", "Could we talk?"])
        #expect(asked.lines.contains("Asked sparrow_22. They will accept or decline. Type mentors to see it."))

        let secret = "Tuesday I stood outside the old place for an hour"
        let mentor = try Self.plain(
            db, as: "sparrow_22", group: "clean-slate",
            ["accept 1", "accept 1", "mentors", "message 1 Glad you asked."])
        #expect(mentor.lines.contains("Those are your mentorships; type accept N again with a number from this list."))
        #expect(mentor.lines.contains("You are kiri's mentor. Write with: message 1 TEXT"))
        #expect(mentor.lines.contains("1. clean-slate: sparrow_22 mentors kiri — active"))
        #expect(mentor.lines.contains("Sent to kiri, for the two of you only."))

        let mentee = try Self.plain(
            db, as: "kiri", group: "clean-slate", ["mentorship", "message 1 \(secret)", "messages 1", "end 1", "y"])
        #expect(mentee.lines.contains("Glad you asked."))
        #expect(mentee.lines.contains(secret))
        #expect(
            mentee.lines.contains(
                "The mentorship with sparrow_22 has ended. The thread stays readable by the two of you."))
        let listed = try #require(
            try Self.json(["mentor", "list", "--db", db, "--as", "kiri", "--format", "json"]) as? [String: Any])
        #expect((listed["mentorships"] as? [[String: Any]])?.first?["status"] as? String == "ended")
        let other = try Self.plain(db, as: "dash", group: "clean-slate", ["mentors", "messages 1"])
        #expect(!other.text.contains("stood outside"), "nobody else reads the thread")
    }

    @Test func theFacilitatorsQueueHidesRestoresAndKeeps() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let story = try #require(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int)
        func report() throws {
            let reported = try Peerroom.run([
                "report", "--db", db, "--as", "hana", "--story", "\(story)", "--reason", "Mentions a betting site",
            ])
            #expect(reported.status == 0, "\(reported.stderr)")
        }
        try report()
        let member = try Self.plain(db, as: "hana", ["queue"])
        #expect(member.lines.contains { $0.contains("not a facilitator of 'even-odds'") })

        let hid = try Self.plain(db, as: "maple.jo", ["hide 1 Link removed", "hide 1", "hide 1 Link removed"])
        #expect(hid.lines.contains("That is the queue; type hide N NOTE again with a number from it."))
        #expect(hid.lines.contains("  reported just now: Mentions a betting site"))
        #expect(hid.lines.contains("Type hide N NOTE with a short note for the other facilitators."))
        #expect(hid.lines.contains("Hid story \(story) from everyone but its author."))
        #expect(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int != story, "hidden")

        let restored = try Self.plain(db, as: "maple.jo", ["queue", "restore 1 Fine after all"])
        #expect(restored.lines.contains { $0.hasPrefix("1. story \(story) [hidden] by ") })
        #expect(restored.lines.contains("Story \(story) is visible."))
        #expect(try Peerroom.feed(db: db, group: "even-odds").first?["id"] as? Int == story, "visible again")

        try report()
        let kept = try Self.plain(db, as: "maple.jo", ["queue", "keep 1 Nothing wrong here", "queue"])
        #expect(kept.lines.contains("Story \(story) is visible."))
        #expect(kept.lines.contains("Nothing is reported or hidden in this group."), "its reports are closed")
    }

    @Test func exportWritesAFileOfOnesOwnAndNeverOverAnother() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let path = folder.path("mine.json")
        let result = try Self.plain(db, as: "hana", ["export \(path)", "export \(path)"])
        #expect(result.lines.contains("Wrote everything hana wrote to \(path)."))
        #expect(result.lines.contains("\(path) exists already; type export and another file's path."))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "readable by its owner alone")
        let data = try #require(FileManager.default.contents(atPath: path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["handle"] as? String == "hana")
    }

    @Test func everyNewQuestionTakesCancelAndCrisisAndSaysSo() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Self.plain(
            db, as: "sparrow_22", group: "clean-slate",
            [
                "checkin", "!crisis", "!cancel", "ask", "!cancel", "offer", "!cancel", "post", "t", "Mine", "", "x",
                ".", "stories", "edit 1", "!cancel", "delete 1", "!cancel",
            ], environment: ["PEERROOM_REGION": "GB"])
        #expect(result.lines.contains("In danger now: call 999 (United Kingdom)"), "!crisis at a question")
        #expect(result.lines.filter { $0.hasSuffix(Self.questionsNote) }.count == 5, "said once per flow")
        for stopped in [
            "Stopped. Nothing was saved.", "Stopped. Nothing was asked.", "Stopped. Nothing was offered.",
            "Stopped. Anything you wrote is kept as a draft.", "Stopped. Nothing was deleted.",
        ] {
            #expect(result.lines.contains(stopped))
        }
        // Reading asks too, and !cancel there leaves the story folded (nothing was written).
        let warned = try #require(
            try Peerroom.feed(db: db, group: "clean-slate").firstIndex {
                !($0["contentWarning"] is NSNull) && $0["author"] as? String != "sparrow_22"
            })
        let read = try Self.plain(
            db, as: "sparrow_22", group: "clean-slate", ["stories", "read \(warned + 1)", "!cancel"])
        #expect(read.lines.contains("Stopped. Story \(warned + 1) stays folded."))
        // After !crisis the question comes again, so the flow goes on where it was.
        let crisis = try #require(result.lines.firstIndex(of: "In danger now: call 999 (United Kingdom)"))
        #expect(result.lines[crisis...].contains("How do you feel today, from 1 (low) to 5 (good)?"))
    }
}
