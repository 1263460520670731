import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// `peerroom for-me`: what others did to what you wrote, or wrote to you (issue 18), newest
/// first. Reading them clears them: listing marks what it showed as seen.
struct ForMe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "for-me",
        abstract: "What is for you: replies, encouragement to you, mentorship messages, reactions.",
        discussion:
            "Replies to your stories, encouragement sent to you, messages from your mentor or mentee and "
            + "reactions to your stories, newest first, the new ones marked 'new'. Listing them marks them "
            + "seen (the room's \"N for you\" clears), unless --keep-new, or more are new than --limit shows: "
            + "then nothing is marked. Nothing by members you muted, nothing hidden by a facilitator, only "
            + "from your groups; a reply behind its story's content warning shows the warning, not its words.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many, 1–\(ForYou.listLimit).") var limit: Int = 20
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "List without marking anything seen.") var keepNew = false

    func validate() throws {
        guard (1...ForYou.listLimit).contains(limit) else {
            throw ValidationError("--limit must be 1–\(ForYou.listLimit), got \(limit)")
        }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            let store = try await RoomSession.open(global, for: .write).store
            let newCount = try await store.forYouCount()
            let items = try await store.forYou(limit: limit)
            // New items are the newest, so every one was shown when the list ended or its
            // oldest is not new; otherwise marking would clear some nobody saw.
            let allNewShown = items.count < limit || items.last?.isNew == false
            let marked = !keepNew && allNewShown && items.first?.isNew == true && !store.isReadOnly
            if marked, let newest = items.first { try await store.markForYouSeen(through: newest.createdAt) }
            switch format {
            case .json:
                try Output.printJSON(ForMeJSON(new: newCount, markedSeen: marked, items: items.map(ForYouJSON.init)))
            case .text:
                var lines = Self.text(items, newCount: newCount, now: Date())
                if marked {
                    lines.append("Marked as seen.")
                } else if !keepNew && !allNewShown {
                    lines.append("Not marked as seen: more are new than --limit \(limit) shows.")
                }
                Output.printText(lines)
            }
        }
    }

    /// For people: a count, then one line per item ("new" in front of the new ones) and its
    /// excerpt, or its story's warning, indented below.
    static func text(_ items: [ForYouItem], newCount: Int, now: Date) -> [String] {
        guard !items.isEmpty else {
            return [
                "Nothing for you yet. Replies to your stories, encouragement to you, messages from your mentor "
                    + "or mentee and reactions to your stories show here."
            ]
        }
        var lines = [
            newCount == 0
                ? "Nothing new for you; the latest:"
                : "\(newCount >= ForYou.countLimit ? "\(ForYou.countLimit - 1)+" : "\(newCount)") new for you:"
        ]
        for item in items {
            lines.append(
                (item.isNew ? "new  " : "     ") + item.headline + pointer(item) + " · \(item.groupSlug) · "
                    + RelativeTime.describe(item.createdAt, now: now))
            if let warning = item.contentWarning, item.kind == .reply, let story = item.storyID {
                lines.append("       Content warning: \(warning). Read it with: peerroom story \(story) --show-warned")
            } else if let excerpt = item.excerpt {
                lines.append("       " + excerpt)
            }
        }
        return lines
    }

    /// Where to read it: the story, or the thread.
    private static func pointer(_ item: ForYouItem) -> String {
        switch item.kind {
        case .reply, .reaction: item.storyID.map { " (story \($0))" } ?? ""
        case .mentorMessage: " (peerroom message --with \(item.handle))"
        case .encouragement: ""
        }
    }
}

/// `for-me --format json`: `new` is how many are new (before this listing marked them; at
/// most 100), `markedSeen` whether it did. Absent values are null, never left out.
struct ForMeJSON: Encodable {
    var new: Int
    var markedSeen: Bool
    var items: [ForYouJSON]
}

/// One item: `kind` is reply, encouragement, mentor-message or reaction; `from` the handle;
/// `id` the reply's, encouragement's or message's (null for a reaction).
struct ForYouJSON: Encodable {
    var item: ForYouItem

    init(_ item: ForYouItem) { self.item = item }

    enum Keys: String, CodingKey {
        case kind, from, createdAt, group, story, storyTitle, contentWarning, mentorship, id, reaction, excerpt, isNew
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(item.kind.rawValue, forKey: .kind)
        try c.encode(item.handle, forKey: .from)
        try c.encode(item.createdAt, forKey: .createdAt)
        try c.encode(item.groupSlug, forKey: .group)
        try c.encode(item.storyID, forKey: .story)
        try c.encode(item.storyTitle, forKey: .storyTitle)
        try c.encode(item.contentWarning, forKey: .contentWarning)
        try c.encode(item.mentorshipID, forKey: .mentorship)
        try c.encode(item.itemID, forKey: .id)
        try c.encode(item.reaction?.rawValue, forKey: .reaction)
        try c.encode(item.excerpt, forKey: .excerpt)
        try c.encode(item.isNew, forKey: .isNew)
    }
}

/// The room's "for you" (`ForYouState.Effect`), as the store answers it; a guest has none.
extension EffectRunner {
    func forYou(_ effect: ForYouState.Effect) async throws -> ForYouState.Result {
        switch effect {
        case .load:
            return .loaded(isGuest ? [] : try await store.forYou(limit: ForYou.listLimit))
        case .count:
            return .counted(isGuest ? 0 : try await store.forYouCount())
        case .markSeen(let through):
            guard !isGuest else { return .counted(0) }
            if !store.isReadOnly { try await store.markForYouSeen(through: through) }
            return .counted(try await store.forYouCount())
        }
    }
}
