import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// `peerroom search QUERY`: stories by relevance, the matching words marked.
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search stories (titles and text), best match first.",
        discussion:
            "Every word must appear; the last may be the start of a word. Searches your groups "
            + "(a guest: the open groups), or one with --group. Text output marks matches with [brackets].")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The words to look for.") var query: String
    @Option(help: "Only this group (a slug).") var group: String?
    @Option(help: "How many results, 1–100.") var limit: Int = 20
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be 1–100, got \(limit)") }
        guard SearchQuery.fts(query) != nil else {
            throw ValidationError("the query has no word to look for: '\(SafeText.neutralise(query))'")
        }
        guard query.utf8.count <= Limits.maxBytes(characters: SearchQuery.maxCharacters),
            query.count <= SearchQuery.maxCharacters
        else {
            throw ValidationError("the query is longer than \(SearchQuery.maxCharacters) characters")
        }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .read)
            var groupID: GroupID?
            if let group { groupID = try await session.store.group(slug: group).id }
            let hits = try await session.store.search(query, groupID: groupID, limit: limit)
            switch format {
            case .json: try Output.printJSON(hits.map(SearchHitJSON.init))
            case .text:
                let now = Date()
                Output.printText(
                    hits.isEmpty
                        ? ["No stories match '\(query)'."]
                        : hits.flatMap { hit in
                            [
                                "#\(hit.story.id) [\(hit.story.kind.badge)] \(Self.bracketed(hit.title)) — "
                                    + "\(hit.groupName) — \(StoryText.meta(hit.story, now: now))",
                                "  " + Self.snippetText(hit),
                            ]
                        })
            }
        }
    }

    /// The snippet with its matches in [brackets]; for a story behind a content warning, the
    /// warning and how to read it instead (its author still sees the snippet after it).
    static func snippetText(_ hit: SearchHit) -> String {
        guard let warning = hit.story.contentWarning else { return bracketed(hit.snippet) }
        let folded = "Content warning: \(warning). Read it with: peerroom story \(hit.story.id) --show-warned"
        return hit.snippet.parts.isEmpty ? folded : folded + " — " + bracketed(hit.snippet)
    }

    /// Matches in [brackets]: visible without colour, to people and screen readers alike.
    static func bracketed(_ text: MarkedText) -> String {
        text.parts.map { $0.isMatch ? "[\($0.text)]" : $0.text }.joined()
    }
}

struct SearchHitJSON: Encodable {
    var id: StoryID
    var group: String
    var kind: String
    var title: String
    var author: String
    var createdAt: Date
    /// The title and a snippet of the text, the matching words between « and » (a « or »
    /// that people wrote is shown as ‹ or ›, so no text can fake a match). A story behind a
    /// content warning has an empty snippet (but for its author).
    var titleMarked: String
    var snippet: String
    /// The same as parts, `{"text": …, "match": true|false}`: what a script should read.
    var titleParts: [PartJSON]
    var snippetParts: [PartJSON]
    var contentWarning: String?

    struct PartJSON: Encodable {
        var text: String
        var match: Bool
    }

    static func marked(_ text: MarkedText) -> String {
        text.parts.map { part in
            let own = part.text.replacingOccurrences(of: "«", with: "‹").replacingOccurrences(of: "»", with: "›")
            return part.isMatch ? "«\(own)»" : own
        }.joined()
    }

    init(_ hit: SearchHit) {
        id = hit.story.id
        group = hit.groupSlug
        kind = hit.story.kind.rawValue
        title = hit.title.plain
        author = hit.story.authorHandle
        createdAt = hit.story.createdAt
        titleMarked = Self.marked(hit.title)
        snippet = Self.marked(hit.snippet)
        titleParts = hit.title.parts.map { PartJSON(text: $0.text, match: $0.isMatch) }
        snippetParts = hit.snippet.parts.map { PartJSON(text: $0.text, match: $0.isMatch) }
        contentWarning = hit.story.contentWarning
    }

    enum Keys: String, CodingKey {
        case id, group, kind, title, author, createdAt, titleMarked, snippet, titleParts, snippetParts, contentWarning
    }

    /// Absent values are written as null, never left out.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(group, forKey: .group)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encode(author, forKey: .author)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(titleMarked, forKey: .titleMarked)
        try c.encode(snippet, forKey: .snippet)
        try c.encode(titleParts, forKey: .titleParts)
        try c.encode(snippetParts, forKey: .snippetParts)
        try c.encode(contentWarning, forKey: .contentWarning)
    }
}
