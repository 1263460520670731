import RoomCore

/// Search results, full screen: what was asked, where, and the stories found, best first.
public struct SearchState: Equatable, Sendable {
    public var query: String
    /// The group searched; nil: all the member's groups.
    public var groupID: GroupID?
    public var hits: [SearchHit]
    public var cursor = 0

    public init(query: String, groupID: GroupID?, hits: [SearchHit]) {
        self.query = query
        self.groupID = groupID
        self.hits = hits
    }

    public var selected: SearchHit? { hits.indices.contains(cursor) ? hits[cursor] : nil }
}

/// `/` asks what to look for; the results list opens stories in the reader, and `n`/`N`
/// go to the next or previous result from the list or from a story opened from it.
extension RoomReducer {
    static func askToSearch(_ state: inout RoomState) -> [RoomEffect] {
        state.prompt = searchPrompt(state, groupID: state.openGroupID)
        return []
    }

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
        if hits.isEmpty { state.notice = "No stories match “\(query)”. / to search again." }
    }

    static func searchResults(_ state: inout RoomState, _ search: SearchState, _ command: Command) -> [RoomEffect] {
        var search = search
        let last = max(0, search.hits.count - 1)
        let page = max(1, state.layout.readerTextRows / SearchScreen.rowsPerHit)
        switch command {
        case .moveDown, .nextMatch: search.cursor = min(search.cursor + 1, last)
        case .moveUp, .previousMatch: search.cursor = max(search.cursor - 1, 0)
        case .pageDown: search.cursor = min(search.cursor + page, last)
        case .pageUp: search.cursor = max(search.cursor - page, 0)
        case .first: search.cursor = 0
        case .last: search.cursor = last
        case .open:
            guard let hit = search.selected else { return [] }
            return openResult(&state, hit, from: search)
        case .search:
            state.prompt = searchPrompt(state, groupID: search.groupID)
            state.prompt?.field = TextEditor(search.query, multiline: false, maxCharacters: SearchQuery.maxCharacters)
        default:
            leaveFullScreen(&state, command)
            return []
        }
        state.mode = .search(search)
        return []
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
