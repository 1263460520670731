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

/// Everything a key can ask for. Each command carries its own help text, so help and the
/// footer are generated from the key map and can never drift from it (as in tig).
public enum Command: String, CaseIterable, Sendable {
    case moveDown = "down"
    case moveUp = "up"
    case first
    case last
    case pageDown = "page-down"
    case pageUp = "page-up"
    case nextPane = "next-pane"
    case previousPane = "previous-pane"
    case showGroups = "pane-groups"
    case showStories = "pane-stories"
    case showEncouragement = "pane-encouragement"
    case open
    case reveal
    case nextUnread = "next-unread"
    case newStory = "new-story"
    case encourage
    case reply
    case reactSupport = "react-support"
    case reactBeenThere = "react-been-there"
    case reactProud = "react-proud"
    case edit
    case delete
    case report
    case mute
    case moderation
    case hide
    case restore
    case approveRequest = "approve"
    case declineRequest = "decline"
    case search
    case cycleTheme = "theme"
    case nextMatch = "next-match"
    case previousMatch = "previous-match"
    case meetings
    case rsvpGoing = "rsvp-going"
    case rsvpMaybe = "rsvp-maybe"
    case rsvpNo = "rsvp-no"
    case attend
    case checkIn = "check-in"
    case mentorship
    case acceptMentee = "accept-mentee"
    case declineMentee = "decline-mentee"
    case endMentorship = "end-mentorship"
    case back
    case help
    case crisis
    case quit
    // While writing:
    case send
    case nextField = "next-field"
    case previousField = "previous-field"
    case externalEditor = "external-editor"
    case discard
    case leave

    /// Whether the command writes in the member's name (a guest is asked for a pseudonym).
    public var writes: Bool {
        switch self {
        case .newStory, .encourage, .reply, .reactSupport, .reactBeenThere, .reactProud, .edit, .delete, .report,
            .mute, .rsvpGoing, .rsvpMaybe, .rsvpNo, .attend, .checkIn, .acceptMentee, .declineMentee, .endMentorship,
            .approveRequest, .declineRequest:
            true
        default: false
        }
    }

    /// One line for the help screen.
    public var help: String {
        switch self {
        case .moveDown: "Move down one item (or line)"
        case .moveUp: "Move up one item (or line)"
        case .first: "Go to the first item (top)"
        case .last: "Go to the last item (bottom)"
        case .pageDown: "Page down"
        case .pageUp: "Page up"
        case .nextPane: "Next pane"
        case .previousPane: "Previous pane"
        case .showGroups: "Groups and roster pane"
        case .showStories: "Stories pane"
        case .showEncouragement: "Encouragement pane"
        case .open: "Open the selected group, story or message"
        case .reveal: "Show a story behind a content warning"
        case .nextUnread: "Open the next unread story in this group (oldest first)"
        case .newStory: "Write a new story for this group"
        case .encourage: "Encourage the group, the selected member, or the story's author"
        case .reply: "Reply to the story you are reading"
        case .reactSupport: "React: sending support (again: take it back)"
        case .reactBeenThere: "React: been there (again: take it back)"
        case .reactProud: "React: proud of you (again: take it back)"
        case .edit: "Edit your own story"
        case .delete: "Delete your own story or encouragement (asks first)"
        case .report: "Report the selected story, reply or message to the facilitators"
        case .mute: "Mute the author (hidden from you alone); in the roster: mute or unmute"
        case .moderation: "Facilitators: this group's moderation queue"
        case .hide: "In the moderation queue: hide the item from everyone but its author"
        case .restore: "In the moderation queue: restore the item, or keep it and close its reports"
        case .approveRequest: "In the moderation queue: let in the member who asked to join"
        case .declineRequest: "In the moderation queue: decline a request to join (or withdraw an invitation)"
        case .search: "Search stories in this group (Tab in the question: all your groups)"
        case .cycleTheme: "Next colour theme (default, light, high-contrast, mono, yours)"
        case .nextMatch: "Next search result (from the results or a story opened from them)"
        case .previousMatch: "Previous search result"
        case .meetings: "Meetings: the coming meetings of all your groups"
        case .rsvpGoing: "In meetings: I'm going"
        case .rsvpMaybe: "In meetings: maybe"
        case .rsvpNo: "In meetings: I can't make it"
        case .attend: "In meetings: check in to a meeting under way (I'm here)"
        case .mentorship: "Mentorship: your mentor or mentees and your private thread (r: write)"
        case .acceptMentee: "In mentorship: accept the selected request"
        case .declineMentee: "In mentorship: decline the selected request (kindly)"
        case .endMentorship: "In mentorship: end the selected mentorship, or withdraw your request (asks first)"
        case .checkIn: "Daily check-in: your mood (1–5) and a private note; shows your streak"
        case .send: "Post what you wrote"
        case .nextField: "Next field"
        case .previousField: "Previous field"
        case .externalEditor: "Write the text in $VISUAL or $EDITOR"
        case .discard: "Discard the draft (asks first)"
        case .leave: "Leave; the draft is kept for next time"
        case .back: "Back to the room (from a story or help)"
        case .help: "Show or hide this help"
        case .crisis: "Crisis help now: what to do and who to call"
        case .quit: "Quit (from a story or help: back)"
        }
    }

    /// The word in the footer, for the few commands shown there.
    public var footerLabel: String? {
        switch self {
        case .help: "help"
        case .crisis: "crisis help"
        case .nextPane: "pane"
        case .moveDown: "move"
        case .open: "open"
        case .newStory: "write"
        case .encourage: "encourage"
        case .quit: "quit"
        case .send: "post"
        case .nextField: "next field"
        case .externalEditor: "editor"
        case .discard: "discard"
        case .leave: "leave"
        default: nil
        }
    }
}

/// Where a binding applies: browsing the room (lists, reader, help), writing, or search
/// results (looked up before the room's, so `n` means the next result there).
public enum KeyContext: Sendable, Equatable {
    case room
    case writing
    case search
    /// The meetings list (looked up before the room's, so `n` means "can't make it").
    case meetings
    /// The mentorship view.
    case mentorship
}

/// Which keys run which command, in help order. Later, config key overrides replace
/// entries here and help follows by itself.
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

    public static let standard = KeyMap(bindings: [
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
        Binding(command: .moderation, keys: [.character("M")]),
        Binding(command: .hide, keys: [.character("h")]),
        Binding(command: .restore, keys: [.character("R")]),
        Binding(command: .approveRequest, keys: [.character("a")]),
        Binding(command: .declineRequest, keys: [.character("D")]),
        Binding(command: .search, keys: [.character("/")]),
        Binding(command: .cycleTheme, keys: [.character("T")]),
        Binding(command: .meetings, keys: [.character("w")]),
        Binding(command: .checkIn, keys: [.character("c")]),
        Binding(command: .mentorship, keys: [.character("P")]),
        Binding(command: .back, keys: [.escape]),
        Binding(command: .help, keys: [.character("?")]),
        Binding(command: .crisis, keys: [.character("!")]),
        Binding(command: .quit, keys: [.character("q"), .control("c")]),
        Binding(command: .send, keys: [.control("s")], context: .writing),
        Binding(command: .nextField, keys: [.tab], context: .writing),
        Binding(command: .previousField, keys: [.backTab], context: .writing),
        Binding(command: .externalEditor, keys: [.control("o")], context: .writing),
        Binding(command: .discard, keys: [.control("x")], context: .writing),
        Binding(command: .leave, keys: [.escape], context: .writing),
        // "!" is text while writing ("I made it!"), so crisis help has its own key there.
        Binding(command: .crisis, keys: [.control("g")], context: .writing),
        Binding(command: .nextMatch, keys: [.character("n")], context: .search),
        Binding(command: .previousMatch, keys: [.character("N")], context: .search),
        Binding(command: .rsvpGoing, keys: [.character("y")], context: .meetings),
        Binding(command: .rsvpMaybe, keys: [.character("m")], context: .meetings),
        Binding(command: .rsvpNo, keys: [.character("n")], context: .meetings),
        Binding(command: .attend, keys: [.character("c")], context: .meetings),
        Binding(command: .acceptMentee, keys: [.character("a")], context: .mentorship),
        Binding(command: .declineMentee, keys: [.character("D")], context: .mentorship),
        Binding(command: .endMentorship, keys: [.character("X")], context: .mentorship),
    ])

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
