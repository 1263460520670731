/// A key as the screen layer decodes it. The view-model never sees ncurses codes.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("d")` for Ctrl-d.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete

    /// How the key is written in help and the footer.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(c)"
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
        }
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
    case back
    case help
    case quit

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
        case .back: "Back to the room (from a story or help)"
        case .help: "Show or hide this help"
        case .quit: "Quit (from a story or help: back)"
        }
    }

    /// The word in the footer, for the few commands shown there.
    public var footerLabel: String? {
        switch self {
        case .help: "help"
        case .nextPane: "pane"
        case .moveDown: "move"
        case .open: "open"
        case .quit: "quit"
        default: nil
        }
    }
}

/// Which keys run which command, in help order. Later, config key overrides replace
/// entries here and help follows by itself.
public struct KeyMap: Equatable, Sendable {
    public struct Binding: Equatable, Sendable {
        public var command: Command
        public var keys: [Key]
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
        Binding(command: .back, keys: [.escape]),
        Binding(command: .help, keys: [.character("?")]),
        Binding(command: .quit, keys: [.character("q"), .control("c")]),
    ])

    /// The command a key runs, if any.
    public func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    /// The keys bound to a command.
    public func keys(for command: Command) -> [Key] {
        bindings.first { $0.command == command }?.keys ?? []
    }

    /// The footer's "key:word" hints, from the same table.
    public var footerHints: [(key: String, label: String)] {
        bindings.compactMap { binding in
            guard let label = binding.command.footerLabel, let key = binding.keys.first else { return nil }
            if binding.command == .moveDown, let up = keys(for: .moveUp).first {
                return ("\(key.label)/\(up.label)", label)
            }
            return (key.label, label)
        }
    }
}
