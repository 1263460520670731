import Foundation
import RoomCore

/// What is open in the reader: a story (with its content warning folded until revealed)
/// or one message of encouragement.
public enum ReaderContent: Equatable, Sendable {
    case story(Story, revealed: Bool)
    case encouragement(Encouragement)
    /// Waiting for the store to hand the story over.
    case loading(StoryID)
}

/// The full-screen reader and how far it is scrolled. Its text is a `ReaderDocument`.
public struct ReaderState: Equatable, Sendable {
    public var content: ReaderContent
    public var scroll = 0
    /// The reply picked with Tab (for editing or deleting one's own), if any.
    public var selectedReply: Int?
    /// The search results this story was opened from: Esc goes back to them, n/N step on.
    public var fromSearch: SearchState?
    /// The screen this story was opened from (the "for you" list, say): Esc goes back to it.
    public var returnTo: Mode?
    /// The reply to pick and scroll to once the story arrives (the one an item pointed at).
    public var markedReply: ReplyID?
    /// The text as last laid out (`ReaderDocument.laidOut`), so a key does not wrap it again.
    /// Derived from the rest, so two readers showing the same are equal whatever it holds.
    public var document: ReaderDocument.Laid?

    public static func == (a: ReaderState, b: ReaderState) -> Bool {
        a.content == b.content && a.scroll == b.scroll && a.selectedReply == b.selectedReply
            && a.fromSearch == b.fromSearch && a.returnTo == b.returnTo && a.markedReply == b.markedReply
    }

    public init(content: ReaderContent, scroll: Int = 0) {
        self.content = content
        self.scroll = scroll
    }

    /// The story being read, once it has arrived.
    public var story: Story? {
        if case .story(let story, _) = content { return story }
        return nil
    }

    public var isRevealed: Bool {
        if case .story(_, let revealed) = content { return revealed }
        return false
    }
}

extension ReaderState: Screen {
    var mode: Mode { .reader(self) }
    /// A story opened from search results takes their keys (n/N: the next result).
    var keyContext: KeyContext? { fromSearch == nil ? nil : .search }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        if let moved = RoomReducer.scrolled(
            scroll, by: command, lineCount: ReaderDocument.lines(for: self, in: room).count,
            rows: room.layout.readerTextRows)
        {
            scroll = moved
            return []
        }
        if let effects = RoomReducer.openScreen(&room, command) { return effects }
        switch command {
        case .reveal:
            if case .story(let story, _) = content {
                content = .story(story, revealed: true)
                scrollToSelectedReply(room)  // the reply it was opened for shows now
            }
        case .back, .quit:
            room.mode = fromSearch.map(Mode.search) ?? returnTo ?? .room
            // The screen gone back to shows what changed meanwhile.
            return returnTo == nil ? [] : room.mode.screen.reload(room)
        case .nextUnread:
            return room.openGroupID.map { [.findNextUnread($0)] } ?? []
        case .checkIn, .cycleTheme:
            return RoomReducer.fromAnywhere(&room, command)
        case .nextMatch, .previousMatch:
            return RoomReducer.stepResult(&room, self, forward: command == .nextMatch)
        case .newStory, .encourage, .reply, .edit:
            return RoomReducer.write(&room, command, reader: self)
        case .reactSupport, .reactBeenThere, .reactProud:
            return RoomReducer.react(&room, command, reader: self)
        case .delete:
            return RoomReducer.askToDelete(&room, reader: self)
        case .report:
            return RoomReducer.askToReport(&room, reader: self)
        case .mute:
            return RoomReducer.askToMute(&room, reader: self)
        case .nextPane, .previousPane:
            selectReply(forward: command == .nextPane, room)
        default:
            return []
        }
        scroll = clampedScroll(room)
        return []
    }

    mutating func receive(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        switch action {
        case .storyLoaded(let story):
            if content == .loading(story.id) {
                // One's own story needs no warning before it.
                content = .story(story, revealed: room.isMine(story.summary.authorHandle))
                scroll = 0
                showMarkedReply(room)
                if room.isUnread(story.summary) {
                    RoomReducer.markedRead(&room, story.summary)
                    return [.markRead(story.id)]
                }
            } else if self.story?.id == story.id {
                // A refresh (new reaction, say): keep the place and what was revealed.
                content = .story(story, revealed: isRevealed)
            }
            return []
        case .loadFailed(let message):
            room.notice = message
            if case .loading = content { room.mode = returnTo ?? .room }
            return []
        default:
            return nil
        }
    }

    func refresh(on changes: [RoomChange], _ room: RoomState) -> [RoomEffect] {
        guard let id = story?.id, changes.contains(.story(id)) else { return [] }
        return [.loadStory(id)]
    }

    func reload(_ room: RoomState) -> [RoomEffect] { story.map { [.loadStory($0.id)] } ?? [] }

    mutating func fit(_ room: RoomState) {
        scroll = clampedScroll(room)
    }

    /// Picks the reply this story was opened for, if it is there, and scrolls to it.
    mutating func showMarkedReply(_ room: RoomState) {
        guard let marked = markedReply, let story, let index = story.replies.firstIndex(where: { $0.id == marked })
        else { return }
        selectedReply = index
        scrollToSelectedReply(room)
        scroll = clampedScroll(room)
    }

    /// Tab and Shift-Tab pick the next or previous reply (then none again), and scroll to it.
    mutating func selectReply(forward: Bool, _ room: RoomState) {
        guard let story, !story.replies.isEmpty else { return }
        let count = story.replies.count
        switch (selectedReply, forward) {
        case (nil, true): selectedReply = 0
        case (nil, false): selectedReply = count - 1
        case (let index?, true): selectedReply = index + 1 < count ? index + 1 : nil
        case (let index?, false): selectedReply = index > 0 ? index - 1 : nil
        }
        scrollToSelectedReply(room)
    }

    /// Brings the picked reply into view, a line above it showing.
    mutating func scrollToSelectedReply(_ room: RoomState) {
        guard let selected = selectedReply else { return }
        let lines = ReaderDocument.laidOut(&self, in: room)
        if let line = lines.firstIndex(where: { $0.replyIndex == selected }) {
            let rows = room.layout.readerTextRows
            if line < scroll || line >= scroll + rows { scroll = max(0, line - 1) }
        }
    }

    func clampedScroll(_ room: RoomState) -> Int {
        min(
            max(0, scroll),
            max(0, ReaderDocument.lines(for: self, in: room).count - room.layout.readerTextRows))
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        let isStory: Bool
        if case .encouragement = content { isStory = false } else { isStory = true }
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: isStory ? "Story" : "Encouragement")
        RoomRenderer.drawScrolled(
            &canvas, title: isStory ? "Story" : "Encouragement", lines: ReaderDocument.lines(for: self, in: state),
            first: scroll, hints: hints(state), state: state, layout: layout)
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state) }
        var hints: [(String, String)] = [(RoomRenderer.moveKeys(state), "scroll"), (key(.back), "back")]
        if case .story(let story, false) = content, story.summary.contentWarning != nil {
            hints.insert((key(.reveal), "show story"), at: 0)
        }
        if story != nil {
            hints += [(key(.reply), "reply"), (key(.encourage), "encourage")]
            let reactions = [Command.reactSupport, .reactBeenThere, .reactProud].map(key)
            hints.append((reactions.joined(separator: "/"), "react"))
        }
        hints.append((key(.help), "help"))
        return hints
    }
}
