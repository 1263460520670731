import CEdit
import Dispatch
import Foundation
import Glibc
import RoomCore
import RoomStore

/// The plain room (`peerroom --plain`, and whenever there is no terminal to draw on): it
/// reads commands line by line from standard input and answers in plain, short lines on
/// standard output, for screen readers and scripts. No escape sequence is ever written:
/// every line goes through `Output.printText`, which neutralises what people wrote.
///
/// Numbers refer to the last list printed of their kind: `open N` to the last groups list;
/// `read`, `reply`, `react`, `report`, `edit` and `delete N` to the last stories or search
/// list; `rsvp N` to meetings, `accept`/`decline`/`end`/`messages`/`message N` to mentorships,
/// `hide`/`restore`/`keep N` to the queue. A command whose list was not shown yet shows it.
/// The commands are one table, `PlainRoom.commands` (PlainCommands.swift).
struct PlainRoom {
    /// The store and who the room acts as; `join` (or the first-run question) changes it.
    var session: RoomSession
    let preferredGroup: String?
    var input = PlainInput()

    /// The group `stories`, `roster`, `encouragement`, `post` and `encourage` act on.
    var openGroup: GroupSummary?
    /// The last groups list printed, numbered from 1.
    var groupList: [GroupSummary] = []
    /// The last stories or search list printed, numbered from 1 (more pages add to it).
    var storyList: [StorySummary] = []
    /// The last meetings, mentorships and moderation queue printed, numbered from 1.
    var meetingList: [MeetingOccurrence] = []
    var mentorshipList: [Mentorship] = []
    var queueList: [ModerationItem] = []
    /// The last calls for support and support threads printed (`calls`), numbered from 1, and
    /// the calls already announced (the room's banner, said once between commands).
    var supportList: [SupportSignal] = []
    var announcedCalls: Set<SupportSignalID> = []
    /// The share circle `circle N` showed last: what `raise`, `lower` and `pass` act on.
    var circleShown: (meetingID: MeetingID, occurrence: Date)?
    /// What `more` goes on with, and how many items of that list are shown already.
    var more: More?
    var shownCount = 0
    /// Presence: a heartbeat every 20 seconds while the room is open.
    var heartbeat: Task<Void, Never>?
    let process = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    /// Words in a line of text that make the room offer crisis help once for that text.
    let crisisWords: CrisisWords
    let crisisWordsProblem: String?

    /// How many items a list shows at once.
    static let pageSize = 20

    /// The rest of a paged list.
    enum More {
        case stories(GroupSummary, after: FeedKey)
        case encouragement(GroupSummary, after: FeedKey)
        case roster(GroupSummary, after: RosterKey)
    }

    /// What to do after a command.
    enum Outcome {
        case goOn
        case quit
    }

    /// A short explanation for the person (a wrong number, a missing word), printed as it is.
    struct Hint: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    init(session: RoomSession, preferredGroup: String?) {
        self.session = session
        self.preferredGroup = preferredGroup
        (crisisWords, crisisWordsProblem) = CrisisWordsList.load(
            session.settings.config.crisisWords, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether the full-screen room cannot work here: standard input or output is not a
    /// terminal (a pipe, a file), or the terminal cannot move its cursor (TERM empty or dumb).
    static func isNeeded(environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        return isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1 || term.isEmpty || term == "dumb"
    }

    var store: any RoomStore { session.store }
    /// The acts a member does, as the room and the commands do them.
    var actions: RoomActions { RoomActions(store: session.store) }

    /// Runs until `quit` or the end of standard input.
    mutating func run() async throws {
        say("peerroom — plain mode. Crisis help: type crisis.")
        if store.isReadOnly { say("This room is read-only for you: you can read, not write.") }
        if let crisisWordsProblem { say("peerroom: \(crisisWordsProblem)") }
        if session.needsPseudonym { await askPseudonym() }
        try await openFirstGroup()
        say(session.isGuest ? "You are reading as a guest." : "You are \(session.me.handle).")
        if !session.isGuest, let count = try? await store.forYouCount(), let label = ForYou.countLabel(count) {
            say("\(label): type for-me to read them.")
        }
        if let openGroup { say(PlainText.openLine(openGroup)) }
        say(lines: PlainText.menu)
        startHeartbeat()
        while let line = await input.line(command: true) {
            if await handle(line) == .quit { break }
        }
        await stopHeartbeat()
        fflush(nil)
    }

    /// Runs one command line; errors become one line and the room goes on.
    mutating func handle(_ line: String) async -> Outcome {
        let text = line.trimmingWhitespace
        guard !text.isEmpty else { return .goOn }
        let word = String(text.prefix { !$0.isWhitespace }).lowercased()
        let rest = String(text.drop { !$0.isWhitespace }).trimmingWhitespace
        do {
            guard let command = Self.command(word) else {
                say(
                    "Unknown command '\(String(text.prefix(40)))'. Type help for the commands, "
                        + "crisis for crisis help.")
                return .goOn
            }
            let outcome = try await command.action(&self, rest)
            await announceCalls()
            return outcome
        } catch let hint as Hint {
            say(hint.text)
        } catch {
            say("peerroom: \(Failure.from(error).sentence)")
        }
        return .goOn
    }

    /// Prints lines, each neutralised: nothing anyone wrote can act on the terminal.
    func say(_ lines: String...) { Output.printText(lines) }

    func say(lines: [String]) { Output.printText(lines) }

    /// The crisis resources, exactly as `peerroom crisis` prints them.
    func crisis() async throws {
        Crisis.show(sources: false)
    }

    /// The groups as this person sees them: a member's own groups, or all for a guest.
    func loadGroups() async throws -> [GroupSummary] {
        try await store.groups()
    }

    /// Opens `--group SLUG`, else the first group in the list.
    mutating func openFirstGroup() async throws {
        let groups = try await loadGroups()
        if let preferredGroup {
            let group = try await store.group(slug: preferredGroup)
            try await choose(groups.first { $0.id == group.id } ?? group)
        } else if let first = groups.first {
            try await choose(first)
        } else {
            say("You are in no group yet.")
        }
    }

    /// Makes `group` the open group.
    mutating func choose(_ group: GroupSummary) async throws {
        openGroup = group
    }

    func requireOpenGroup() throws -> GroupSummary {
        guard let openGroup else { throw Hint("No group is open: type groups, then open N.") }
        return openGroup
    }

    /// Writing needs a writable room and a pseudonym.
    func requireWriter() throws {
        if store.isReadOnly { throw StoreError.readOnly(path: session.databasePath) }
        if session.isGuest {
            throw Hint("You are reading as a guest. To write, take a pseudonym: type join NAME.")
        }
    }

    /// The story numbered `text` in the last stories or search list; `usage` is how the
    /// command is typed ("react N support"), for the hint. With no list yet, the open group's
    /// stories are listed first: reading goes on with the number, while a command that writes
    /// (`goOn: false`) asks to be typed again, so nothing is sent about a story not yet seen.
    mutating func story(number text: String, usage: String, goOn: Bool = false) async throws -> StorySummary {
        guard let number = Int(text.prefix { !$0.isWhitespace }) else {
            throw Hint("Type \(usage), where N is a number from the last stories list.")
        }
        if storyList.isEmpty {
            try await listStories()
            if !goOn { throw Hint("Those are the stories; type \(usage) again with a number from this list.") }
        }
        guard storyList.indices.contains(number - 1) else {
            throw Hint("There is no story \(number) in the last list; it has 1 to \(storyList.count).")
        }
        return storyList[number - 1]
    }

    // MARK: Presence

    mutating func startHeartbeat() {
        guard !session.isGuest else { return }
        let store = store
        let process = process
        heartbeat = Task {
            while !Task.isCancelled {
                try? await store.heartbeat(instance: process)
                try? await Task.sleep(for: .seconds(20))
            }
        }
    }

    mutating func stopHeartbeat() async {
        guard let heartbeat else { return }
        heartbeat.cancel()
        await heartbeat.value
        self.heartbeat = nil
        try? await store.leave(instance: process)
    }
}

/// Lines from standard input. Each is read on a thread of its own, off Swift's cooperative
/// pool, so the heartbeat goes on while the room waits for a command.
///
/// At a terminal, lines are read through libedit: arrows, Home/End, Ctrl-A/E, Ctrl-W and the
/// rest edit the line, Up/Down and Ctrl-R walk this session's commands. History holds
/// commands only (never answers or story text) and is never written to disk: what people
/// write stays theirs. From a pipe, lines are read as they come, with no editing.
struct PlainInput {
    /// Whether a person types at a terminal: then a "> " shows the room is waiting.
    let isInteractive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1

    init() {
        if isInteractive { peerroom_line_editing_start() }
    }

    /// The next line without its line break, or nil at the end of the input. A `command`
    /// line is kept in the session's history.
    func line(command: Bool = false) async -> String? {
        fflush(nil)
        let interactive = isInteractive
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: interactive ? Self.edited(command: command) : readLine())
            }
        }
    }

    private static func edited(command: Bool) -> String? {
        guard let pointer = readline("> ") else { return nil }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if command && !line.trimmingWhitespace.isEmpty { add_history(line) }
        return line
    }
}
