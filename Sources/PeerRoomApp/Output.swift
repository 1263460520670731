import Foundation
import RoomCore
import RoomViewModel

/// `groups --format json`: one object per group. A closed group the caller is not in has
/// null counts, and `joinRequest` says whether they asked ("asked") or are invited ("invited").
struct GroupJSON: Encodable {
    var slug: String
    var name: String
    var topic: String
    var open: Bool
    var members: Int?
    var stories: Int?
    var joinRequest: String?
    /// The newcomer backlog: null for everything, else days before joining.
    var backlogDays: Int?

    init(_ group: GroupSummary) {
        slug = group.slug
        name = group.name
        topic = group.topic
        open = group.isOpen
        members = group.isReadable ? group.memberCount : nil
        stories = group.isReadable ? group.storyCount : nil
        joinRequest = group.joinRequest?.rawValue
        backlogDays = group.backlogDays
    }

    enum CodingKeys: String, CodingKey { case slug, name, topic, open, members, stories, joinRequest, backlogDays }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(topic, forKey: .topic)
        try c.encode(open, forKey: .open)
        try c.encode(members, forKey: .members)  // null, not left out
        try c.encode(stories, forKey: .stories)
        try c.encode(joinRequest, forKey: .joinRequest)
        try c.encode(backlogDays, forKey: .backlogDays)
    }
}

/// `feed --format json` for stories. Absent values are written as null, never left out.
/// `story --format json` (`detailed`) adds `replyList` (oldest first) and `reactionList`.
struct StoryJSON: Encodable {
    var story: Story
    /// Whether the replies and reactions themselves are written, not only their counts.
    var withLists = false

    init(_ story: Story) { self.story = story }

    /// One story as `story --format json` shows it: the feed's keys plus the lists.
    static func detailed(_ story: Story) -> StoryJSON {
        var json = StoryJSON(story)
        json.withLists = true
        return json
    }

    enum Keys: String, CodingKey {
        case id, kind, title, author, createdAt, body, contentWarning, replies, reactions, replyList, reactionList
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(story.id, forKey: .id)
        try c.encode(story.summary.kind.rawValue, forKey: .kind)
        try c.encode(story.summary.title, forKey: .title)
        try c.encode(story.summary.authorHandle, forKey: .author)
        try c.encode(story.summary.createdAt, forKey: .createdAt)
        try c.encode(story.body, forKey: .body)
        try c.encode(story.summary.contentWarning, forKey: .contentWarning)
        try c.encode(story.summary.replyCount, forKey: .replies)
        try c.encode(story.summary.reactionCount, forKey: .reactions)
        if withLists {
            try c.encode(
                story.replies.map { WrittenJSON($0, contentWarning: story.summary.contentWarning) }, forKey: .replyList)
            try c.encode(story.reactions.map(ReactionJSON.init), forKey: .reactionList)
        }
    }
}

/// One piece of text someone wrote, with its author: a reply in `story --format json` (behind
/// its story's content warning, so it carries that warning) or a mentorship message (which has
/// none: `contentWarning` is null, so every item with text has the key).
struct WrittenJSON: Encodable {
    var id: Int64
    var author: String
    var body: String
    var createdAt: Date
    var contentWarning: String?

    init(_ reply: Reply, contentWarning: String?) {
        id = reply.id
        author = reply.authorHandle
        body = reply.body
        createdAt = reply.createdAt
        self.contentWarning = contentWarning
    }

    init(_ message: MentorMessage) {
        id = message.id
        author = message.authorHandle
        body = message.body
        createdAt = message.createdAt
        contentWarning = nil
    }

    enum Keys: String, CodingKey { case id, author, body, createdAt, contentWarning }

    /// Absent values are written as null, never left out.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(author, forKey: .author)
        try c.encode(body, forKey: .body)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(contentWarning, forKey: .contentWarning)
    }
}

/// One reaction in `story --format json`: which kind, and who gave it.
struct ReactionJSON: Encodable {
    var kind: String
    var member: String

    init(_ reaction: Reaction) {
        kind = reaction.kind.rawValue
        member = reaction.memberHandle
    }
}

/// `feed --kind encouragement --format json`. `contentWarning` is always null (encouragement
/// has none), so every item with text carries the key.
struct EncouragementJSON: Encodable {
    var message: Encouragement

    init(_ message: Encouragement) { self.message = message }

    enum Keys: String, CodingKey { case id, kind, title, author, to, body, createdAt, contentWarning }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(message.id, forKey: .id)
        try c.encode("encouragement", forKey: .kind)
        try c.encode("to \(message.recipientHandle ?? "the group")", forKey: .title)
        try c.encode(message.authorHandle, forKey: .author)
        try c.encode(message.recipientHandle, forKey: .to)
        try c.encode(message.body, forKey: .body)
        try c.encode(message.createdAt, forKey: .createdAt)
        try c.encodeNil(forKey: .contentWarning)
    }
}

/// Printing for people and for scripts. Text output is neutralised like the screen; JSON
/// is escaped so that no character that could act on a terminal is written raw.
enum Output {
    static func printJSON<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(try json(value))
    }

    /// Every JSON peerroom writes (`--format json`, `export --me`): sorted keys, ISO 8601 dates,
    /// and every scalar `SafeText` would not show as it is written as a `\u` escape.
    /// (`JSONEncoder` escapes C0 controls by itself, but not DEL, C1, bidi controls, line
    /// separators or private-use characters.)
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return Data((escapingUnsafe(text) + "\n").utf8)
    }

    /// `text` with each unsafe scalar as `\uXXXX` (a surrogate pair beyond the BMP). Such
    /// scalars can only stand inside JSON strings, where the escape means the same scalar.
    static func escapingUnsafe(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ SafeText.isSafe($0) || $0 == "\n" }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if SafeText.isSafe(scalar) || scalar == "\n" {
                out.append(scalar)
            } else {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
                }
            }
        }
        return String(out)
    }

    /// One value as one line of JSON (errors on stderr).
    static func jsonLine<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return escapingUnsafe(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func printText(_ lines: [String]) {
        for line in lines { print(SafeText.neutralise(line)) }
    }

    static func groupsText(_ groups: [GroupSummary]) -> [String] {
        let slugWidth = groups.map { DisplayWidth.of($0.slug) }.max() ?? 0
        return groups.map { group in
            let head = "\(DisplayWidth.padded(group.slug, toWidth: slugWidth))  \(group.name) — \(group.topic) "
            guard group.isReadable else {
                switch group.joinRequest {
                case .asked: return head + "(closed; you asked to join, its facilitators will answer)"
                case .invited: return head + "(closed; you are invited: peerroom join --group \(group.slug))"
                case nil: return head + "(closed; ask to join: peerroom join --group \(group.slug))"
                }
            }
            return head
                + "(\(group.isOpen ? "" : "closed, ")\(StoryText.plural(group.memberCount, "member", "members")), "
                + "\(StoryText.plural(group.storyCount, "story", "stories"))"
                + (group.backlogDays.map { "; members read \(Backlog.settingText($0))" } ?? "") + ")"
        }
    }

    static func storiesText(_ stories: [StorySummary], now: Date) -> [String] {
        stories.map { story in
            var line = "#\(story.id) [\(story.kind.badge)] \(story.title) — \(StoryText.meta(story, now: now))"
            if let warning = story.contentWarning { line += " — content warning: \(warning)" }
            return line
        }
    }

    /// `story ID` for people: title, meta, content warning, body, reactions, then the replies
    /// oldest first. Bodies keep their line breaks; `printText` neutralises each line. A story
    /// behind a content warning stops at the warning unless `revealed` (`--show-warned`).
    static func storyText(_ story: Story, now: Date, revealed: Bool = true) -> [String] {
        let summary = story.summary
        var lines = [
            "#\(summary.id) [\(summary.kind.badge)] \(summary.title)",
            StoryText.meta(summary, now: now),
        ]
        if let warning = summary.contentWarning { lines.append("Content warning: \(warning)") }
        if summary.contentWarning != nil && !revealed {
            lines.append("")
            lines.append(
                "The text and replies are folded because of the content warning. "
                    + "Read them with: peerroom story \(summary.id) --show-warned")
            return lines
        }
        lines.append("")
        lines += bodyLines(story.body)
        if !story.reactions.isEmpty {
            lines.append("")
            lines.append("Reactions: " + reactionList(story.reactions))
        }
        lines.append("")
        lines.append(story.replies.isEmpty ? "No replies yet" : "Replies (\(story.replies.count))")
        for reply in story.replies {
            lines.append("")
            lines.append("#\(reply.id) \(reply.authorHandle) · \(RelativeTime.describe(reply.createdAt, now: now))")
            lines += bodyLines(reply.body).map { "  " + $0 }
        }
        return lines
    }

    /// "sending support (river, pip); proud of you (sam)": who gave which, kind by kind.
    static func reactionList(_ reactions: [Reaction]) -> String {
        ReactionKind.allCases.compactMap { kind in
            let members = reactions.filter { $0.kind == kind }.map(\.memberHandle)
            return members.isEmpty ? nil : "\(kind.label) (\(members.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    /// A body split at its line breaks (LF, CR LF, CR, U+2028/9), tabs made spaces.
    static func bodyLines(_ text: String) -> [String] {
        let safe = SafeText.neutralise(text, lines: .multi)
        return safe.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func encouragementText(_ messages: [Encouragement], now: Date) -> [String] {
        messages.map { message in
            "#\(message.id) \(message.authorHandle) → \(message.recipientHandle ?? "everyone") "
                + "(\(RelativeTime.describe(message.createdAt, now: now))): "
                + message.body.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }
}
