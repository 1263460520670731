import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel
import SQLiteStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The database file, or a postgresql:// URL (default: $PEERROOM_DB, else $XDG_DATA_HOME/peerroom/room.sqlite)."
    )
    var db: String?

    @Option(name: .customLong("as"), help: "Act as this member (a handle).")
    var `as`: String?

    @Option(
        name: .customLong("shared-group"),
        help: "Create a new database for this Unix group (files 0660, folder 2770) instead of for you alone.")
    var sharedGroup: String?
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `peerroom`: the room, and the commands that read and write the same store.
public enum PeerRoom {
    /// The version `peerroom --version` prints.
    public static let version = "0.3.0"

    static let groupedCommands: [CommandGroup] = [
        CommandGroup(
            name: "Reading",
            subcommands: [Groups.self, Feed.self, ShowStory.self, Search.self, ForMe.self, Meetings.self, Crisis.self]),
        CommandGroup(
            name: "Writing",
            subcommands: [Post.self, ReplyToStory.self, React.self, Encourage.self, Edit.self, Delete.self]),
        CommandGroup(
            name: "Support between meetings",
            subcommands: [
                ReachOut.self, Rsvp.self, MeetingCommand.self, CircleCommand.self, CheckIn.self, Recovery.self,
                MentorCommand.self,
                Message.self,
            ]),
        CommandGroup(
            name: "Safety and moderation",
            subcommands: [Report.self, Mute.self, Unmute.self, Queue.self, Hide.self, Restore.self]),
        CommandGroup(
            name: "Closed groups (facilitators)",
            subcommands: [Invite.self, Requests.self, Approve.self, Decline.self, GroupCommand.self]),
        CommandGroup(name: "You and your data", subcommands: [Join.self, Export.self, ForgetMe.self]),
        CommandGroup(name: "The room's database", subcommands: [Seed.self, Admin.self, Migrate.self]),
    ]

    public static let configuration = CommandConfiguration(
        commandName: "peerroom",
        abstract: "A terminal room for peer recovery: groups, stories and encouragement.",
        discussion: """
            Peer support, not a crisis service: 'peerroom crisis' lists crisis lines. With no \
            command, opens the room.

            Options every command takes:
              --db PATH        the room's database (default: $PEERROOM_DB, else
                               $XDG_DATA_HOME/peerroom/room.sqlite); a postgresql://
                               URL opens a PostgreSQL room as your database role
              --as HANDLE      act as another member bound to your login (or a demo member)
            Options of the room (peerroom open):
              --group SLUG     the group to open first
              --theme NAME     default, light, high-contrast, mono, yours, or a .toml path
              --plain          line by line, for screen readers and scripts
              --ascii          the room drawn in ASCII only, panes named as they take focus

            Exit status (sysexits): 0 done, 64 usage, 65 bad data, 66 no input, 67 no such \
            member, 69 unavailable, 70 internal error, 74 I/O error (a full disk), 75 busy (try again), \
            77 not allowed.
            """,
        version: version,
        subcommands: [Open.self],
        groupedSubcommands: groupedCommands,
        defaultSubcommand: Open.self
    )

    /// Every word that names a command (and `help`, which the parser adds).
    static var commandNames: Set<String> {
        let all = configuration.ungroupedSubcommands + groupedCommands.flatMap(\.subcommands)
        return Set(all.map { $0._commandName } + ["help"])
    }
}

/// Runs a command body, turning any error into one line on stderr and a sysexits status.
/// With `json` (a command run with `--format json`), the line is a JSON object instead, so a
/// script reads errors the way it reads results.
func reporting(json: Bool = false, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        let failure = Failure.from(error)
        failure.report(json: json)
        throw ExitCode(failure.status.rawValue)
    }
}

struct Open: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the room (the default).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The group to open first (a slug; default: `group` in config.toml).")
    var group: String?

    @Option(help: "A theme by name (default, light, high-contrast, mono, or one of yours) or a .toml path.")
    var theme: String?

    @Flag(
        help: """
            A plain, line-by-line room that takes numbered commands, for screen readers and scripts. \
            Chosen by itself when standard input or output is not a terminal, or TERM is empty or dumb.
            """)
    var plain = false

    @Flag(
        help: """
            Draw with ASCII only: borders of +-| and no decorative symbols, and name the pane that \
            takes focus (for screen readers and fonts without box drawing; `ascii = true` in config).
            """)
    var ascii = false

    func run() async throws {
        try await reporting {
            var session = try await RoomSession.open(global, for: .room)
            let theme = try session.settings.theme(flag: theme, environment: ProcessInfo.processInfo.environment)
            let group = group ?? session.settings.config.group
            if let group { _ = try await session.store.group(slug: group) }
            if plain || PlainRoom.isNeeded(environment: ProcessInfo.processInfo.environment) {
                var room = PlainRoom(session: session, preferredGroup: group)
                try await room.run()
                return
            }
            let loop = RoomLoop(
                session: session, preferredGroup: group, theme: theme, ascii: ascii || session.settings.config.ascii)
            if let signal = try await loop.run() {
                // The terminal is restored by now; report the signal the way shells expect.
                throw ExitCode(128 + signal)
            }
        }
    }
}

struct Groups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List the groups.",
        discussion:
            "A closed group you are not in shows only its name and topic; ask with `peerroom join --group SLUG`.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .read)
            let groups = try await session.store.groupDirectory()
            switch format {
            case .json: try Output.printJSON(groups.map(GroupJSON.init))
            case .text: Output.printText(Output.groupsText(groups))
            }
        }
    }
}

struct Feed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Show a group's stories or encouragement, newest first.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case stories, encouragement }

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "stories or encouragement.") var kind: Kind = .stories
    @Option(help: "How many, 1–1000.") var limit: Int = 20
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1–1000, got \(limit)") }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .read)
            let group = try await session.store.group(slug: group)
            let now = Date()
            switch kind {
            case .stories:
                let page = try await session.store.stories(
                    groupID: group.id, page: .first, limit: limit)
                var stories: [Story] = []
                for summary in page.items {
                    stories.append(try await session.store.story(id: summary.id))
                }
                switch format {
                case .json: try Output.printJSON(stories.map(StoryJSON.init))
                case .text: Output.printText(Output.storiesText(stories.map(\.summary), now: now))
                }
            case .encouragement:
                let page = try await session.store.encouragement(
                    groupID: group.id, page: .first, limit: limit)
                switch format {
                case .json: try Output.printJSON(page.items.map(EncouragementJSON.init))
                case .text: Output.printText(Output.encouragementText(page.items, now: now))
                }
            }
        }
    }
}

struct Post: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Share a story with a group.", discussion: "The body is read from --file, or from standard input.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "triumph, setback, milestone or reflection.") var kind: String
    @Option(help: "The title, up to \(Limits.titleMaxCharacters) characters.") var title: String
    @Option(name: .customLong("cw"), help: "A content warning, shown before the story.") var contentWarning: String?
    @Option(help: "Read the body from this file instead of standard input.") var file: String?

    func run() async throws {
        try await reporting {
            guard let storyKind = StoryKind(rawValue: kind) else {
                throw Failure(
                    "'\(SafeText.neutralise(kind))' is not a story kind; use one of: "
                        + StoryKind.allCases.map(\.rawValue).joined(separator: ", "), status: .usage)
            }
            let body = try Input.text(file: file, asking: "your story")
            var story = NewStory(groupID: 0, kind: storyKind, title: title, contentWarning: contentWarning, body: body)
            // Check the text before touching the database, so bad input changes nothing.
            try RoomActions.check(story)
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            story.groupID = target.id
            print(try await RoomActions(store: session.store).post(story, in: target).acted.words(.command))
        }
    }
}

struct Encourage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encourage", abstract: "Send encouragement to a group or one member of it.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "A member of the group (a handle); without it, the whole group.") var to: String?
    @Argument(help: "The message.") var message: String

    func run() async throws {
        try await reporting {
            try RoomActions.checkEncouragement(message)
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            let sent = try await RoomActions(store: session.store).encourage(
                groupID: target.id, to: to, body: message, in: target)
            print(sent.acted.words(.command))
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load seed files into the database.",
        discussion: "Groups already present (by slug) are left as they are. A broken file loads nothing.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The seed folder (members.json and groups/*.json).") var from: String?

    func run() async throws {
        try await reporting {
            let environment = ProcessInfo.processInfo.environment
            let login = try Paths.loginName()
            let folder = from.map { URL(fileURLWithPath: $0) } ?? Paths.seeds(environment: environment)
            let bundle = try SeedLoader.load(directory: folder)
            let configured = Settings(environment: environment).config.database
            let path = Paths.database(option: global.db, configured: configured, environment: environment)
            if PostgresRoom.isLocation(path) {
                throw Failure(
                    "on PostgreSQL the owner role loads seeds with 'peerroom admin init --db URL --seed DIR'",
                    status: .usage)
            }
            let store = try SQLiteRoomStore(path: path)
            let report = try await store.load(bundle, now: store.clock.now(), seededBy: login)
            print(
                "Loaded \(report.groupsAdded.count) groups, \(report.membersAdded) members, "
                    + "\(report.storiesAdded) stories, \(report.encouragementAdded) messages of encouragement.")
            if !report.groupsSkipped.isEmpty {
                print("Already present, left as they were: \(report.groupsSkipped.joined(separator: ", ")).")
            }
        }
    }
}

/// Reading text people give on the command line.
enum Input {
    /// The contents of `file`, or all of standard input. When standard input is a terminal,
    /// a person is typing: say what to write (`what`, e.g. "your story") and how to end it.
    static func text(file: String?, asking what: String) throws -> String {
        let data: Data
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw Failure("cannot read \(file)", status: .noInput)
            }
            data = contents
        } else {
            if isatty(STDIN_FILENO) == 1 {
                printError("Write \(what); end with Ctrl-D on a line of its own (Ctrl-C leaves, nothing sent).")
            }
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure("\(file ?? "standard input") is not UTF-8 text", status: .dataError)
        }
        return text
    }
}

struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract:
            "Take a pseudonym (--handle), or join a group (--group): an open one at once, a closed one by asking.",
        discussion: """
            --handle: a new member bound to this login, in every open group; a login may hold several \
            members and --as picks one. Handles: 2–24 letters, digits, '-', '_', '.'. \
            --group: joins an open group; for a closed group, accepts an invitation or asks its facilitators.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The pseudonym to take.") var handle: String?
    @Option(help: "A group to join, or (closed) to ask to join (a slug).") var group: String?

    func validate() throws {
        guard handle != nil || group != nil else { throw ValidationError("give --handle NAME, --group SLUG, or both") }
    }

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: group == nil || handle != nil ? .read : .write)
            if let handle {
                if let mine = session.store.me, mine.handle.caseInsensitiveCompare(handle) == .orderedSame {
                    print("You are already \(mine.handle).")
                } else {
                    // The session acts as the new member from now on (a login takes one pseudonym).
                    print(try await RoomActions(store: session.store).takePseudonym(handle).acted.words(.command))
                }
            }
            guard let group else { return }
            let target = try await session.store.group(slug: group)
            switch try await session.store.join(groupID: target.id) {
            case .joined: print("You have joined \(target.name) as a newcomer.")
            case .alreadyMember: print("You are a member of \(target.name) already.")
            case .asked, .invited:
                print(
                    "\(target.name) is a closed group: you have asked to join. Its facilitators will answer; "
                        + "`peerroom groups` shows when you are in.")
            }
        }
    }
}
