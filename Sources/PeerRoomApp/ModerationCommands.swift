import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// `--story ID`, `--reply ID` or `--encouragement ID`: exactly one thing to act on.
struct TargetOptions: ParsableArguments {
    @Option(help: "A story (an id).") var story: StoryID?
    @Option(help: "A reply (an id; `peerroom story ID` lists them).") var reply: ReplyID?
    @Option(help: "A message of encouragement (an id).") var encouragement: EncouragementID?

    func validate() throws {
        guard [story, reply, encouragement].compactMap({ $0 }).count == 1 else {
            throw ValidationError("name exactly one of --story, --reply or --encouragement")
        }
    }

    var target: ModerationTarget {
        if let story { return .story(story) }
        if let reply { return .reply(reply) }
        return .encouragement(encouragement ?? 0)
    }
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a story, reply or message to the group's facilitators.",
        discussion: "Facilitators see the reason, never who reported.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var what: TargetOptions
    @Option(help: "Why, in a few words (one line, up to 200 characters).") var reason: String

    func run() async throws {
        try await reporting {
            _ = try Validate.reportReason(reason)  // before touching the database
            let session = try await RoomSession.open(global, for: .write)
            print(try await RoomActions(store: session.store).report(what.target, reason: reason).words(.command))
        }
    }
}

struct Mute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mute",
        abstract: "Mute a member: their stories, replies and encouragement are hidden from you alone.",
        discussion: "They are not told. `peerroom unmute HANDLE` undoes it; without HANDLE, lists whom you muted.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The member to mute (a handle).") var handle: String?

    func run() async throws {
        try await reporting { try await setMuted(global: global, handle: handle, muted: true) }
    }
}

struct Unmute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmute", abstract: "Unmute a member you muted.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The member to unmute (a handle).") var handle: String

    func run() async throws {
        try await reporting { try await setMuted(global: global, handle: handle, muted: false) }
    }
}

/// Mute and unmute share this; with no handle it lists the members muted.
private func setMuted(global: GlobalOptions, handle: String?, muted: Bool) async throws {
    let session = try await RoomSession.open(global, for: .write)
    guard let handle else {
        let members = try await session.store.mutedMembers()
        Output.printText(Output.mutedListLines(members))
        return
    }
    let member = try await session.store.member(handle: handle)
    try await session.store.setMuted(member.id, muted: muted)
    print(Output.mutedLine(member.handle, muted: muted))
}

struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Facilitators: the group's moderation queue (reported and hidden content).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "Show the text of replies behind their story's content warning (folded without it).")
    var showWarned = false

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .write)
            let group = try await session.store.group(slug: group)
            let items = try await session.store.moderationQueue(groupID: group.id)
            switch format {
            case .json: try Output.printJSON(items.map(ModerationItemJSON.init))
            case .text: Output.printText(Output.queueText(items, now: Date(), revealed: showWarned))
            }
        }
    }
}

struct Hide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hide",
        abstract: "Facilitators: hide a story, reply or message from everyone but its author.",
        discussion: "Closes its open reports. The note is kept for the other facilitators.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var what: TargetOptions
    @Option(help: "Why (one line, up to 200 characters).") var note: String

    func run() async throws {
        try await reporting { try await moderate(global: global, what.target, hide: true, note: note) }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Facilitators: show hidden content again, or keep reported content and close its reports.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var what: TargetOptions
    @Option(help: "Why (one line, up to 200 characters).") var note: String

    func run() async throws {
        try await reporting { try await moderate(global: global, what.target, hide: false, note: note) }
    }
}

private func moderate(global: GlobalOptions, _ target: ModerationTarget, hide: Bool, note: String) async throws {
    let note = try Validate.moderationNote(note)
    let session = try await RoomSession.open(global, for: .write)
    try await session.store.moderate(target, hide: hide, note: note)
    print(Output.moderatedLine(target, hide: hide))
}

struct ModerationItemJSON: Encodable {
    struct ReportJSON: Encodable {
        var reason: String
        var createdAt: Date
    }

    var kind: String
    var id: Int64
    var author: String
    var excerpt: String
    var hidden: Bool
    var reports: [ReportJSON]
    var lastNote: String?
    /// The story's content warning (a reply's: its story's), or null.
    var contentWarning: String?

    init(_ item: ModerationItem) {
        contentWarning = item.contentWarning
        kind = item.target.kind
        id = item.target.id
        author = item.authorHandle
        excerpt = item.excerpt
        hidden = item.isHidden
        reports = item.openReports.map { ReportJSON(reason: $0.reason, createdAt: $0.createdAt) }
        lastNote = item.lastNote
    }

    enum Keys: String, CodingKey { case kind, id, author, excerpt, hidden, reports, lastNote, contentWarning }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(author, forKey: .author)
        try c.encode(excerpt, forKey: .excerpt)
        try c.encode(hidden, forKey: .hidden)
        try c.encode(reports, forKey: .reports)
        // As before: no key when there is no note.
        try c.encodeIfPresent(lastNote, forKey: .lastNote)
        try c.encode(contentWarning, forKey: .contentWarning)
    }
}

extension Output {
    /// The queue for people. A reply behind its story's content warning shows the warning, and
    /// its text only when `revealed` (`--show-warned`).
    static func queueText(_ items: [ModerationItem], now: Date, revealed: Bool = false) -> [String] {
        guard !items.isEmpty else { return [queueEmpty] }
        return items.flatMap { queueItemLines($0, lead: "", now: now, revealed: revealed, unfold: "--show-warned") }
    }

    static let queueEmpty = "Nothing is reported or hidden in this group."

    /// One item of the queue; `lead` comes first (the plain room's "2. "), `unfold` is what
    /// shows a folded text where this is read.
    static func queueItemLines(
        _ item: ModerationItem, lead: String, now: Date, revealed: Bool, unfold: String
    ) -> [String] {
        let folded = item.contentWarning != nil && item.excerptIsText && !revealed
        var head = "\(lead)\(item.target)\(item.isHidden ? " [hidden]" : "") by \(item.authorHandle)"
        if !folded { head += ": \(item.excerpt)" }
        var lines = [head]
        if let warning = item.contentWarning {
            lines.append("  content warning: \(warning)" + (folded ? " (text folded; \(unfold) shows it)" : ""))
        }
        lines += item.openReports.map {
            "  reported \(RelativeTime.describe($0.createdAt, now: now)): \($0.reason)"
        }
        if let note = item.lastNote { lines.append("  last note: \(note)") }
        return lines
    }

    static func moderatedLine(_ target: ModerationTarget, hide: Bool) -> String {
        hide ? "Hid \(target) from everyone but its author." : "\(target.description.capitalizedFirst) is visible."
    }

    static func mutedListLines(_ members: [Member]) -> [String] {
        members.isEmpty ? ["You have muted nobody."] : members.map(\.handle)
    }

    static func mutedLine(_ handle: String, muted: Bool) -> String {
        muted ? "Muted \(handle), for you alone." : "Unmuted \(handle)."
    }
}
