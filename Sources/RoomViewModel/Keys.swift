/// A key as the screen layer decodes it. The view-model never sees ncurses codes.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("d")` for Ctrl-d.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl-Left and Ctrl-Right: by word while writing.
    case controlLeft, controlRight

    /// A key from how help writes it ("j", "Down", "Ctrl-S", "Space"); nil for anything else.
    public init?(label: String) {
        if label.count == 1, let character = label.first, !character.isWhitespace {
            self = .character(character)
            return
        }
        let named: [Key] = [
            .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .tab, .backTab, .backspace,
            .delete, .controlLeft, .controlRight, .character(" "),
        ]
        if let key = named.first(where: { $0.label.lowercased() == label.lowercased() }) {
            self = key
            return
        }
        let lower = label.lowercased()
        if lower.hasPrefix("ctrl-"), lower.count == 6, let letter = lower.last, ("a"..."z").contains(letter) {
            self = .control(letter)
            return
        }
        return nil
    }

    /// Whether the key edits text while writing (a character, Enter, Backspace, the arrows,
    /// Home/End, PgUp/PgDn): such a key is never a command there.
    public var editsText: Bool {
        switch self {
        case .character, .enter, .backspace, .delete, .left, .right, .up, .down, .home, .end, .pageUp, .pageDown,
            .controlLeft, .controlRight:
            true
        case .control, .escape, .tab, .backTab:
            false
        }
    }

    /// How the key is written in help and the footer.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(c.uppercased())"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .controlLeft: "Ctrl-Left"
        case .controlRight: "Ctrl-Right"
        }
    }
}

/// A press of the mouse's first button or a turn of its wheel, at a cell of the screen.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case press, wheelUp, wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Something a key can ask for: its name in config `[keys]`, its line in help and, for the few
/// commands shown there, its word in the footer — so help and the footer are generated from
/// the key map and can never drift from it (as in tig). The room's commands are below; a
/// screen declares its own in its file (`static let rsvpGoing` in `MeetingsScreen.swift`), and
/// `allCases` gathers them from the key map.
public struct Command: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The name config `[keys]` knows it by ("down", "rsvp-going").
    public let rawValue: String
    /// One line for the help screen.
    public let help: String
    /// The word in the footer, for the few commands shown there.
    public let footerLabel: String?
    /// Whether the command writes in the member's name (a guest is asked for a pseudonym).
    public let writes: Bool

    public init(_ name: String, help: String, footer: String? = nil, writes: Bool = false) {
        rawValue = name
        self.help = help
        footerLabel = footer
        self.writes = writes
    }

    /// The command config names so; nil for a name no screen declares.
    public init?(rawValue: String) {
        guard let command = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = command
    }

    /// Every command with a default key, in help order (the room's, then each screen's).
    public static var allCases: [Command] {
        var seen: Set<String> = []
        return KeyMap.standard.bindings.map(\.command).filter { seen.insert($0.rawValue).inserted }
    }

    public var description: String { rawValue }

    // A command is its name: two with one name would be one key in config.
    public static func == (lhs: Command, rhs: Command) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// The room's commands: its lists and panes, the reader, and the keys that work under every
/// screen.
extension Command {
    public static let moveDown = Command("down", help: "Move down one item (or line)", footer: "move")
    public static let moveUp = Command("up", help: "Move up one item (or line)")
    public static let first = Command("first", help: "Go to the first item (top)")
    public static let last = Command("last", help: "Go to the last item (bottom)")
    public static let pageDown = Command("page-down", help: "Page down")
    public static let pageUp = Command("page-up", help: "Page up")
    public static let nextPane = Command("next-pane", help: "Next pane", footer: "pane")
    public static let previousPane = Command("previous-pane", help: "Previous pane")
    public static let showGroups = Command("pane-groups", help: "Groups and roster pane")
    public static let showStories = Command("pane-stories", help: "Stories pane")
    public static let showEncouragement = Command("pane-encouragement", help: "Encouragement pane")
    public static let open = Command("open", help: "Open the selected group, story or message", footer: "open")
    public static let reveal = Command("reveal", help: "Show a story behind a content warning")
    public static let nextUnread = Command(
        "next-unread", help: "Open the next unread story in this group (oldest first)")
    public static let newStory = Command(
        "new-story", help: "Write a new story for this group", footer: "write", writes: true)
    public static let encourage = Command(
        "encourage", help: "Encourage the group, the selected member, or the story's author", footer: "encourage",
        writes: true)
    public static let reply = Command("reply", help: "Reply to the story you are reading", writes: true)
    public static let reactSupport = Command(
        "react-support", help: "React: sending support (again: take it back)", writes: true)
    public static let reactBeenThere = Command(
        "react-been-there", help: "React: been there (again: take it back)", writes: true)
    public static let reactProud = Command(
        "react-proud", help: "React: proud of you (again: take it back)", writes: true)
    public static let edit = Command("edit", help: "Edit your own story", writes: true)
    public static let delete = Command(
        "delete", help: "Delete your own story or encouragement (asks first)", writes: true)
    public static let report = Command(
        "report", help: "Report the selected story, reply or message to the facilitators", writes: true)
    public static let mute = Command(
        "mute", help: "Mute the author (hidden from you alone); in the roster: mute or unmute", writes: true)
    public static let cycleTheme = Command(
        "theme", help: "Next colour theme (default, light, high-contrast, mono, yours)")
    public static let checkIn = Command(
        "check-in", help: "Daily check-in: your mood (1–5) and a private note; shows your streak", writes: true)
    public static let back = Command("back", help: "Back to the room (from a story or help)")
    public static let help = Command("help", help: "Show or hide this help", footer: "help")
    public static let crisis = Command(
        "crisis", help: "Crisis help now: what to do and who to call", footer: "crisis help")
    public static let quit = Command("quit", help: "Quit (from a story or help: back)", footer: "quit")
}

/// Where a binding applies: browsing the room (lists, reader, help) or writing (the compose
/// view and the prompts); a screen with keys of its own declares its context in its file
/// (`KeyContext.meetings`), looked up before the room's while it is on top.
public struct KeyContext: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public static let room = KeyContext("room")
    /// Writing: keys that edit text are text here (`Key.editsText`).
    public static let writing = KeyContext("writing")

    public var description: String { name }
}

/// Which keys run which command, in help order. Config key overrides replace entries here and
/// help follows by itself.
public struct KeyMap: Equatable, Sendable {
    public struct Binding: Equatable, Sendable {
        public var command: Command
        public var keys: [Key]
        public var context: KeyContext

        public init(command: Command, keys: [Key], context: KeyContext = .room) {
            self.command = command
            self.keys = keys
            self.context = context
        }
    }

    public var bindings: [Binding]

    public init(bindings: [Binding]) {
        self.bindings = bindings
    }

    /// The default keys: the room's lists and panes, then each screen's own
    /// (`Screen.bindings`, in the order of `Mode.screenTypes`), then the keys under every screen.
    public static let standard = KeyMap(
        bindings: roomBindings + Mode.screenTypes.flatMap { $0.bindings } + everywhereBindings)

    /// The room's lists, panes and reader (`RoomScreen`).
    static let roomBindings: [Binding] = [
        Binding(command: .moveDown, keys: [.character("j"), .down]),
        Binding(command: .moveUp, keys: [.character("k"), .up]),
        Binding(command: .first, keys: [.character("g"), .home]),
        Binding(command: .last, keys: [.character("G"), .end]),
        Binding(command: .pageDown, keys: [.pageDown, .control("d"), .character(" ")]),
        Binding(command: .pageUp, keys: [.pageUp, .control("u")]),
        Binding(command: .nextPane, keys: [.tab, .right]),
        Binding(command: .previousPane, keys: [.backTab, .left]),
        Binding(command: .showGroups, keys: [.character("1")]),
        Binding(command: .showStories, keys: [.character("2")]),
        Binding(command: .showEncouragement, keys: [.character("3")]),
        Binding(command: .open, keys: [.enter]),
        Binding(command: .reveal, keys: [.character("v")]),
        Binding(command: .nextUnread, keys: [.character("u")]),
        Binding(command: .newStory, keys: [.character("n")]),
        Binding(command: .encourage, keys: [.character("e")]),
        Binding(command: .reply, keys: [.character("r")]),
        Binding(command: .reactSupport, keys: [.character("s")]),
        Binding(command: .reactBeenThere, keys: [.character("b")]),
        Binding(command: .reactProud, keys: [.character("p")]),
        Binding(command: .edit, keys: [.character("E")]),
        Binding(command: .delete, keys: [.character("d")]),
        Binding(command: .report, keys: [.character("x")]),
        Binding(command: .mute, keys: [.character("m")]),
        Binding(command: .cycleTheme, keys: [.character("T")]),
        Binding(command: .checkIn, keys: [.character("c")]),
    ]

    /// Keys under every screen, last in the room's help.
    static let everywhereBindings: [Binding] = [
        Binding(command: .back, keys: [.escape]),
        Binding(command: .help, keys: [.character("?")]),
        Binding(command: .crisis, keys: [.character("!")]),
        Binding(command: .quit, keys: [.character("q"), .control("c")]),
    ]

    /// Gives `command` these keys instead of its own, in every context it is bound in — but
    /// while writing, a key that edits text stays text: there the command takes only the
    /// others (Ctrl-letters, Tab, Esc), or keeps its own when none is left. So binding a letter
    /// to crisis help opens it from the room and never makes the letter untypable in a story.
    public mutating func rebind(_ command: Command, to keys: [Key]) {
        for index in bindings.indices where bindings[index].command == command {
            rebind(at: index, to: keys)
        }
    }

    /// Gives `command` these keys in one context only.
    public mutating func rebind(_ command: Command, to keys: [Key], in context: KeyContext) {
        for index in bindings.indices where bindings[index].command == command && bindings[index].context == context {
            rebind(at: index, to: keys)
        }
    }

    private mutating func rebind(at index: Int, to keys: [Key]) {
        guard bindings[index].context == .writing else {
            bindings[index].keys = keys
            return
        }
        let commands = keys.filter { !$0.editsText }
        if !commands.isEmpty { bindings[index].keys = commands }
    }

    /// A key bound to two commands in one context, if there is one: only the first would run.
    public var clash: (key: Key, first: Command, second: Command)? {
        for (index, binding) in bindings.enumerated() {
            for other in bindings[(index + 1)...]
            where other.context == binding.context && other.command != binding.command {
                if let key = binding.keys.first(where: other.keys.contains) {
                    return (key, binding.command, other.command)
                }
            }
        }
        return nil
    }

    /// The command a key runs in a context, if any.
    public func command(for key: Key, in context: KeyContext = .room) -> Command? {
        bindings.first { $0.context == context && $0.keys.contains(key) }?.command
    }

    /// The keys bound to a command.
    public func keys(for command: Command, in context: KeyContext = .room) -> [Key] {
        bindings.first { $0.command == command && $0.context == context }?.keys ?? []
    }

    /// The footer's "key:word" hints, from the same table.
    public var footerHints: [(key: String, label: String)] { hints(in: .room) }

    /// The "key:word" hints for one context, most needed first (a narrow footer keeps the
    /// first ones): help and quit before the rest.
    public func hints(in context: KeyContext) -> [(key: String, label: String)] {
        let first: [Command] = [.help, .quit, .send, .leave]
        let ordered = bindings.filter { first.contains($0.command) } + bindings.filter { !first.contains($0.command) }
        return ordered.filter { $0.context == context }.compactMap { binding in
            guard let label = binding.command.footerLabel, let key = binding.keys.first else { return nil }
            if binding.command == .moveDown, let up = keys(for: .moveUp).first {
                return ("\(key.label)/\(up.label)", label)
            }
            return (key.label, label)
        }
    }
}
