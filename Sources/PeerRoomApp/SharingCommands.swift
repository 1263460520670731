import ArgumentParser
import Foundation
import RoomCore
import RoomStore

/// `peerroom story ID`: one story with its replies (oldest first) and reactions.
struct ShowStory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story", abstract: "Show one story with its replies and reactions.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The story's id (see `feed`).") var id: StoryID
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "Show the text and replies of a story behind a content warning (folded without it).")
    var showWarned = false

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .read)
            let story = try await session.store.story(id: id)
            // As in the room: one's own story needs no warning before it.
            let mine =
                !session.isGuest
                && story.summary.authorHandle.caseInsensitiveCompare(session.me.handle) == .orderedSame
            switch format {
            case .json: try Output.printJSON(StoryJSON.detailed(story))
            case .text: Output.printText(Output.storyText(story, now: Date(), revealed: showWarned || mine))
            }
        }
    }
}

/// `peerroom reply --story ID`: a reply under a story, read from a file or standard input.
struct ReplyToStory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply", abstract: "Reply to a story.",
        discussion: "The reply is read from --file, or from standard input.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The story to reply to (an id).") var story: StoryID
    @Option(help: "Read the reply from this file instead of standard input.") var file: String?

    func run() async throws {
        try await reporting {
            let body = try Input.text(file: file, asking: "your reply")
            // Check the text before touching the database, so bad input changes nothing.
            try RoomActions.checkReply(body)
            let session = try await RoomSession.open(global, for: .write)
            print(try await RoomActions(store: session.store).reply(to: story, body: body).acted.words(.command))
        }
    }
}

/// `peerroom react --story ID --kind KIND`: gives a reaction, or takes it back.
struct React: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "react",
        abstract: "React to a story; reacting the same way again takes it back.",
        discussion: "The kinds: \(ReactionKind.allCases.map(\.rawValue).joined(separator: ", ")). There is no downvote."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The story (an id).") var story: StoryID
    @Option(help: "support, been-there or proud.") var kind: String

    func run() async throws {
        try await reporting {
            guard let reaction = ReactionKind(rawValue: kind) else {
                throw Failure(
                    "'\(SafeText.neutralise(kind))' is not a reaction kind; use one of: "
                        + ReactionKind.allCases.map(\.rawValue).joined(separator: ", "), status: .usage)
            }
            let session = try await RoomSession.open(global, for: .write)
            print(try await RoomActions(store: session.store).react(to: story, reaction).acted.words(.command))
        }
    }
}

/// `peerroom edit --story ID`: changes one's own story.
struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a story you wrote.",
        discussion: """
            The new body is read from --file, or from standard input. When standard input is empty and \
            --title or --cw is given, the body stays as it is. --cw "" removes the content warning.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The story (an id).") var story: StoryID
    @Option(help: "Read the new body from this file instead of standard input.") var file: String?
    @Option(help: "A new title, up to \(Limits.titleMaxCharacters) characters.") var title: String?
    @Option(name: .customLong("cw"), help: "A new content warning; an empty one removes it.")
    var contentWarning: String?

    func run() async throws {
        try await reporting {
            let text = try Input.text(file: file, asking: "the new text")
            let changesOtherFields = title != nil || contentWarning != nil
            let body: String? = file == nil && changesOtherFields && text.trimmingWhitespace.isEmpty ? nil : text
            // Check the text before touching the database, so bad input changes nothing.
            if let title { _ = try Validate.title(title) }
            if let body { _ = try Validate.body(body) }
            _ = try Validate.contentWarning(contentWarning)
            let session = try await RoomSession.open(global, for: .write)
            let edited = try await session.store.editStory(
                id: story, title: title, contentWarning: contentWarning, body: body)
            Output.printText([
                Output.editedLine(
                    "story \(edited.id)", title: title != nil, contentWarning: contentWarning != nil,
                    body: body != nil, titled: edited.summary.title)
            ])
        }
    }
}

/// `peerroom delete --story ID | --reply ID | --encouragement ID`: removes one's own post.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a story, reply or message of encouragement you wrote.",
        discussion: """
            Give exactly one of --story, --reply and --encouragement. A story others replied to stays as \
            "[removed]" with their replies under it; your own replies and reactions on it go.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "A story (an id).") var story: StoryID?
    @Option(help: "A reply (an id).") var reply: ReplyID?
    @Option(help: "A message of encouragement (an id).") var encouragement: EncouragementID?

    func validate() throws {
        let given = [story, reply, encouragement].compactMap { $0 }.count
        guard given == 1 else {
            throw ArgumentParser.ValidationError(
                "give exactly one of --story, --reply and --encouragement (got \(given == 0 ? "none" : "\(given)"))")
        }
    }

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            if let story {
                let kept = try await session.store.deleteStory(id: story)
                print(Output.deletedStoryLine("story \(story)", kept: kept))
            } else if let reply {
                try await session.store.deleteReply(id: reply)
                print("Deleted reply \(reply).")
            } else if let encouragement {
                try await session.store.deleteEncouragement(id: encouragement)
                print("Deleted encouragement \(encouragement).")
            }
        }
    }
}

/// The words of editing and deleting, shared by `peerroom edit`/`delete` and the plain room.
extension Output {
    /// "Edited story 3 (title, body): New title"
    static func editedLine(_ reference: String, title: Bool, contentWarning: Bool, body: Bool, titled newTitle: String)
        -> String
    {
        let changed = [(title, "title"), (contentWarning, "content warning"), (body, "body")].filter(\.0).map(\.1)
        return "Edited \(reference) (\(changed.joined(separator: ", "))): \(newTitle)"
    }

    /// `kept`: how many replies by others stay under "[removed]" (the store says).
    static func deletedStoryLine(_ reference: String, kept: Int) -> String {
        kept == 0
            ? "Deleted \(reference)."
            : "Deleted your \(reference). " + keptReplies(kept) + " under \"[removed]\"."
    }

    /// "1 reply by someone else stays", "3 replies by others stay"
    static func keptReplies(_ count: Int) -> String {
        count == 1 ? "1 reply by someone else stays" : "\(count) replies by others stay"
    }
}
