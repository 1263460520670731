import Foundation
import RoomCore

/// Search results, full screen: what was asked, where, and the stories found, best first.
/// `/` asks what to look for; the results open stories in the reader, and `n`/`N` go to the
/// next or previous result from the list or from a story opened from it.
public struct SearchState: Equatable, Sendable {
    public var query: String
    /// The group searched; nil: all the member's groups.
    public var groupID: GroupID?
    public var list: ListSelection<SearchHit>

    public init(query: String, groupID: GroupID?, hits: [SearchHit]) {
        self.query = query
        self.groupID = groupID
        list = ListSelection(hits)
    }

    public var hits: [SearchHit] { list.items }
    public var cursor: Int {
        get { list.cursor.index }
        set { list.cursor.index = newValue }
    }
    public var selected: SearchHit? { list.selected }

    /// Three rows a result: title, where and who, a snippet.
    static let rowsPerHit = 3

    /// What this screen asks the store (`EffectRunner` runs it, in the lane it names).
    public enum Effect: Equatable, Sendable {
        /// Search stories in one group, or (nil) all the member's groups.
        case find(String, groupID: GroupID?)

        public var lane: EffectLane { .reads("search") }
    }

    /// What the store answered.
    public enum Result: Equatable, Sendable {
        case found(query: String, groupID: GroupID?, [SearchHit])
    }
}

extension RoomEffect {
    public static func search(_ effect: SearchState.Effect) -> RoomEffect { .screen(.search(effect)) }
}

extension RoomAction {
    public static func search(_ result: SearchState.Result) -> RoomAction { .screen(.search(result)) }
}

extension KeyContext {
    /// Search results, and a story opened from them (looked up before the room's, so `n` means
    /// the next result there).
    public static let search = KeyContext("search")
}

extension Command {
    public static let search = Command(
        "search", help: "Search stories in this group (Tab in the question: all your groups)")
    public static let nextMatch = Command(
        "next-match", help: "Next search result (from the results or a story opened from them)")
    public static let previousMatch = Command("previous-match", help: "Previous search result")
}

extension SearchState: Screen {
    var mode: Mode { .search(self) }
    static let bindings: [KeyMap.Binding] = [
        .init(command: .search, keys: [.character("/")]),
        .init(command: .nextMatch, keys: [.character("n")], context: .search),
        .init(command: .previousMatch, keys: [.character("N")], context: .search),
    ]
    var keyContext: KeyContext? { .search }
    /// `/` asks what to look for first; the results open when they come (`searchFound`).
    static var opening: Command? { .search }

    static func open(_ room: inout RoomState) -> [RoomEffect] {
        room.prompt = RoomReducer.searchPrompt(room, groupID: room.openGroupID)
        return []
    }

    static func helpSection(_ keyMap: KeyMap) -> (context: KeyContext, heading: String)? {
        (.search, "Keys in search results")
    }

    /// The results open this screen, from wherever the question was asked (a new search from
    /// the results too).
    static func receiveElsewhere(_ action: RoomAction, _ room: inout RoomState) -> [RoomEffect]? {
        guard case .screen(.search(.found(let query, let groupID, let hits))) = action else { return nil }
        RoomReducer.searchFound(&room, query: query, groupID: groupID, hits)
        return []
    }

    mutating func reduce(_ command: Command, _ room: inout RoomState) -> [RoomEffect] {
        let page = max(1, room.layout.readerTextRows / Self.rowsPerHit)
        if list.apply(command, page: page) { return [] }
        switch command {
        case .nextMatch: _ = list.apply(.moveDown, page: page)
        case .previousMatch: _ = list.apply(.moveUp, page: page)
        case .open:
            guard let hit = selected else { return [] }
            return RoomReducer.openResult(&room, hit, from: self)
        case .search:
            room.prompt = RoomReducer.searchPrompt(room, groupID: groupID)
            room.prompt?.field = TextEditor(query, multiline: false, maxCharacters: SearchQuery.maxCharacters)
        default:
            RoomReducer.leaveFullScreen(&room, command)
        }
        return []
    }

    /// A press selects the result under it; a press on the selected one opens it. The wheel
    /// moves through the results.
    mutating func mouse(_ event: MouseEvent, _ room: inout RoomState) -> [RoomEffect] {
        guard event.kind == .press else { return RoomReducer.wheel(&room, event) }
        let inner = Rect(x: 0, y: 1, width: room.layout.size.width, height: room.layout.size.height - 2).inner
        guard inner.contains(x: event.x, y: event.y) else { return [] }
        let top = RoomRenderer.listTop(cursor, count: max(1, inner.height / Self.rowsPerHit))
        let index = top + (event.y - inner.y) / Self.rowsPerHit
        guard hits.indices.contains(index) else { return [] }
        if index == cursor { return reduce(.open, &room) }
        cursor = index
        return []
    }

    func render(_ canvas: inout Canvas, _ state: RoomState, _ layout: Layout) {
        let scope = state.groups.first { $0.id == groupID }?.name ?? "all your groups"
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Search")
        let frame = Rect(x: 0, y: 1, width: layout.size.width, height: layout.size.height - 2)
        let title = "“\(query)” in \(scope): \(StoryText.plural(hits.count, "story", "stories"))"
        canvas.box(frame, title: title, focused: true)
        let inner = frame.inner
        let visible = max(1, inner.height / Self.rowsPerHit)
        let top = RoomRenderer.listTop(cursor, count: visible)
        canvas.cursor = Point(x: inner.x, y: inner.y)
        if hits.isEmpty {
            canvas.put("No stories match. Try fewer or other words.", x: inner.x + 2, y: inner.y, role: .muted)
        }
        for (row, index) in (top..<min(hits.count, top + visible)).enumerated() {
            let hit = hits[index]
            let selected = index == cursor
            let y = inner.y + row * Self.rowsPerHit
            var x = inner.x
            x += canvas.put(selected ? "▸ " : "  ", x: x, y: y, role: selected ? .selection : .normal)
            x += canvas.put("[\(hit.story.kind.badge)] ", x: x, y: y, maxWidth: inner.maxX - x, role: .badge)
            Self.drawMarked(&canvas, hit.title, x: x, y: y, maxX: inner.maxX, role: selected ? .selection : .title)
            let meta =
                "\(hit.groupName) · \(hit.story.authorHandle) · \(RelativeTime.short(hit.story.createdAt, now: state.now))"
            canvas.put(meta, x: inner.x + 4, y: y + 1, maxWidth: inner.width - 4, role: .muted)
            // A warned story shows its warning where the snippet goes; its text stays folded.
            var snippetX = inner.x + 4
            if let warning = hit.story.contentWarning {
                snippetX += canvas.put(
                    "⚠ Content warning: \(warning)" + (hit.snippet.parts.isEmpty ? "" : " · "), x: snippetX, y: y + 2,
                    maxWidth: inner.maxX - snippetX, role: .warning)
            }
            Self.drawMarked(&canvas, hit.snippet, x: snippetX, y: y + 2, maxX: inner.maxX, role: .normal)
            if selected { canvas.cursor = Point(x: inner.x, y: y) }
        }
        RoomRenderer.drawFooter(&canvas, state: state, layout: layout, hints: hints(state))
    }

    func hints(_ state: RoomState) -> [(String, String)] {
        let key = { (command: Command) in RoomRenderer.key(command, state, in: .search) }
        return [
            (RoomRenderer.key(.open, state), "open"),
            ("\(key(.nextMatch))/\(key(.previousMatch))", "next/previous"),
            (RoomRenderer.key(.search, state), "search again"), (RoomRenderer.key(.back, state), "back"),
        ]
    }

    /// Text with its matches in the `.match` role (bold and underlined: visible without colour).
    static func drawMarked(_ canvas: inout Canvas, _ text: MarkedText, x: Int, y: Int, maxX: Int, role: StyleRole) {
        var x = x
        for part in text.parts where x < maxX {
            x += canvas.put(part.text, x: x, y: y, maxWidth: maxX - x, role: part.isMatch ? .match : role)
        }
    }
}

extension RoomReducer {
    static func searchPrompt(_ state: RoomState, groupID: GroupID?) -> Prompt {
        let scope = state.groups.first { $0.id == groupID }?.name
        return Prompt(
            purpose: .search(groupID: scope == nil ? nil : groupID),
            title: scope.map { "Search \($0)" } ?? "Search all your groups",
            explanation:
                "Words to find in titles and stories; the last may be the start of a word. Tab: "
                + (scope == nil ? "this group only." : "all your groups."),
            maxCharacters: SearchQuery.maxCharacters)
    }

    /// Tab in the search question widens it to every group, or narrows it back.
    static func toggleSearchScope(_ state: inout RoomState, _ prompt: Prompt) {
        guard case .search(let groupID) = prompt.purpose else { return }
        var next = searchPrompt(state, groupID: groupID == nil ? state.openGroupID : nil)
        next.field = prompt.field
        state.prompt = next
    }

    static func searchFound(_ state: inout RoomState, query: String, groupID: GroupID?, _ hits: [SearchHit]) {
        state.prompt = nil
        state.mode = .search(SearchState(query: query, groupID: groupID, hits: hits))
        if hits.isEmpty {
            state.notice = "No stories match “\(query)”. \(RoomRenderer.key(.search, state)) to search again."
        }
    }

    static func openResult(_ state: inout RoomState, _ hit: SearchHit, from search: SearchState) -> [RoomEffect] {
        var reader = ReaderState(content: .loading(hit.story.id))
        reader.fromSearch = search
        state.mode = .reader(reader)
        return [.loadStory(hit.story.id)]
    }

    /// `n`/`N` in a story opened from the results: the next or previous result, opened.
    static func stepResult(_ state: inout RoomState, _ reader: ReaderState, forward: Bool) -> [RoomEffect] {
        guard var search = reader.fromSearch else { return [] }
        let next = search.cursor + (forward ? 1 : -1)
        guard search.hits.indices.contains(next) else {
            state.notice = forward ? "That was the last result." : "That was the first result."
            return []
        }
        search.cursor = next
        return openResult(&state, search.hits[next], from: search)
    }
}
