import RoomViewModel

/// One command of the plain room: the words it is typed as (the first is its name), how it
/// is typed, one line of help, and what it does. `help` is generated from `PlainRoom.commands`,
/// so the list and what the room does cannot drift apart.
struct PlainCommand: Sendable {
    typealias Action = @Sendable (inout PlainRoom, String) async throws -> PlainRoom.Outcome

    var words: [String]
    var usage: String
    var help: String
    var action: Action

    init(_ words: [String], _ usage: String, _ help: String, _ action: @escaping Action) {
        self.words = words
        self.usage = usage
        self.help = help
        self.action = action
    }

    /// A command that does what a key of the full-screen room does says it with that key's
    /// help line, so the two helps say the same thing.
    init(_ words: [String], _ usage: String, room: Command, _ action: @escaping Action) {
        self.init(words, usage, room.help, action)
    }

    /// The line `help` prints: "read N — read a story with its replies".
    /// A room key's help starts with a capital, as on the help screen; here it follows a dash.
    var helpLine: String { "\(usage) — \(help.prefix(1).lowercased() + help.dropFirst())" }
}

extension PlainRoom {
    /// An action that always goes on to the next command.
    private static func goOn(_ run: @escaping @Sendable (inout PlainRoom, String) async throws -> Void)
        -> PlainCommand.Action
    {
        { room, rest in
            try await run(&room, rest)
            return .goOn
        }
    }

    /// Every plain command, in the order `help` lists them.
    static let commands: [PlainCommand] = [
        // Reading
        PlainCommand(["groups"], "groups", "list the groups", goOn { room, _ in try await room.listGroups() }),
        PlainCommand(["open"], "open N", "open a group from the groups list", goOn { try await $0.open($1) }),
        PlainCommand(
            ["stories"], "stories", "the open group's stories, newest first",
            goOn { room, _ in try await room.listStories() }),
        PlainCommand(["more"], "more", "the next ones of the last list", goOn { room, _ in try await room.showMore() }),
        PlainCommand(["read"], "read N", "read a story with its replies", goOn { try await $0.read($1) }),
        PlainCommand(["next"], "next", room: .nextUnread, goOn { room, _ in try await room.readNextUnread() }),
        PlainCommand(["roster"], "roster", "who is in the group", goOn { room, _ in try await room.listRoster() }),
        PlainCommand(
            ["encouragement"], "encouragement", "the group's messages of encouragement",
            goOn { room, _ in try await room.listEncouragement() }),
        PlainCommand(["search"], "search WORDS", "find stories in your groups", goOn { try await $0.search($1) }),
        PlainCommand(
            ["for-me", "for-you", "foryou"], "for-me", room: .forYou, goOn { room, _ in try await room.listForYou() }),
        // Writing
        PlainCommand(["post"], "post", room: .newStory) { room, _ in try await room.post() },
        PlainCommand(["reply"], "reply N", room: .reply) { try await $0.reply($1) },
        PlainCommand(["encourage"], "encourage [HANDLE]", "encourage the group, or one member of it") {
            try await $0.encourage($1)
        },
        PlainCommand(
            ["react"], "react N support|been-there|proud", "react to a story (again: take it back)",
            goOn { try await $0.react($1) }),
        PlainCommand(["edit"], "edit N", room: .edit) { try await $0.edit($1) },
        PlainCommand(["delete"], "delete N", "delete your own story (asks first)") { try await $0.delete($1) },
        PlainCommand(
            ["report"], "report N REASON", "tell the group's facilitators about a story",
            goOn { try await $0.report($1) }),
        PlainCommand(
            ["mute"], "mute HANDLE", "mute a member: hidden from you alone (mute alone lists them)",
            goOn { try await $0.mute($1, muted: true) }),
        PlainCommand(["unmute"], "unmute HANDLE", "unmute a member", goOn { try await $0.mute($1, muted: false) }),
        // Meetings and check-ins
        PlainCommand(["meetings"], "meetings", room: .meetings, goOn { room, _ in try await room.listMeetings() }),
        PlainCommand(
            ["rsvp"], "rsvp N going|maybe|no", "answer a meeting from the meetings list",
            goOn { try await $0.rsvp($1) }),
        PlainCommand(["checkin", "check-in"], "checkin", room: .checkIn) { room, _ in try await room.checkIn() },
        // The share circle of a meeting under way
        PlainCommand(
            ["circle"], "circle [N]", "the share circle of meeting N under way: who speaks, who waits",
            goOn { try await $0.showCircle($1) }),
        PlainCommand(["raise"], "raise", room: .raiseHand, goOn { room, _ in try await room.raiseHand() }),
        PlainCommand(
            ["lower"], "lower [HANDLE]", "lower your hand (facilitators: that member's)",
            goOn { try await $0.lowerHand($1) }),
        PlainCommand(["pass"], "pass", room: .passTurn, goOn { room, _ in try await room.passTurn() }),
        // Mentorship
        PlainCommand(
            ["mentors", "mentorship", "mentorships"], "mentors", "your mentorships, numbered (also: mentorship)",
            goOn { room, _ in try await room.listMentorships() }),
        PlainCommand(["ask"], "ask [HANDLE]", "ask for a peer mentor in the open group") {
            try await $0.askForMentor($1)
        },
        PlainCommand(
            ["offer"], "offer [stop]", "offer to mentor in the open group (offer stop: no new mentees)"
        ) { try await $0.offerMentoring($1) },
        PlainCommand(
            ["accept"], "accept N [NOTE]", room: .acceptMentee, goOn { try await $0.answer($1, accept: true) }),
        PlainCommand(
            ["decline"], "decline N [NOTE]", room: .declineMentee, goOn { try await $0.answer($1, accept: false) }),
        PlainCommand(["end"], "end N", room: .endMentorship) { try await $0.endMentorship($1) },
        PlainCommand(
            ["messages"], "messages N", "your private thread of mentorship N", goOn { try await $0.thread($1) }),
        PlainCommand(
            ["message"], "message N TEXT", "write in that thread, for the two of you only",
            goOn { try await $0.message($1) }),
        // Support now
        PlainCommand(["support", "reach-out"], "support [LINE]", room: .supportNow) { try await $0.reachOut($1) },
        PlainCommand(
            ["calls"], "calls", "calls for support waiting for you, and your support threads, numbered",
            goOn { room, _ in try await room.listCalls() }),
        PlainCommand(["answer"], "answer N", room: .answerSupport, goOn { try await $0.answerCall($1) }),
        PlainCommand(
            ["thread"], "thread N", "your support thread N, oldest first", goOn { try await $0.supportThread($1) }),
        PlainCommand(
            ["write"], "write N TEXT", "write in support thread N, for the two of you only",
            goOn { try await $0.writeSupport($1) }),
        // The facilitator's queue
        PlainCommand(["queue"], "queue [warned]", room: .moderation, goOn { try await $0.listQueue($1) }),
        PlainCommand(["hide"], "hide N NOTE", room: .hide, goOn { try await $0.moderate($1, hide: true) }),
        PlainCommand(["restore"], "restore N NOTE", room: .restore, goOn { try await $0.moderate($1, hide: false) }),
        PlainCommand(["keep"], "keep N NOTE", room: .restore, goOn { try await $0.moderate($1, hide: false) }),
        // Oneself
        PlainCommand(
            ["export"], "export [PATH]", "write everything you wrote, as JSON, to a file",
            goOn { try await $0.export($1) }),
        PlainCommand(["join"], "join NAME", "take a pseudonym, to write", goOn { try await $0.join($1) }),
        PlainCommand(["crisis", "!crisis"], "crisis", room: .crisis, goOn { room, _ in try await room.crisis() }),
        PlainCommand(["help", "?", "menu"], "help", "this list") { room, _ in
            room.say(lines: PlainText.menu)
            return .goOn
        },
        PlainCommand(["quit", "exit", "q"], "quit", "leave") { _, _ in .quit },
    ]

    /// The command typed as `word` (already lowercased).
    static func command(_ word: String) -> PlainCommand? {
        commands.first { $0.words.contains(word) }
    }
}
