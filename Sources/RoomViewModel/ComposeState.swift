import Foundation
import RoomCore

/// The compose view: a new story, a reply, encouragement, or changes to one's story.
public struct ComposeState: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case newStory(group: GroupID)
        case reply(to: StorySummary)
        case encouragement(group: GroupID, to: String?)
        case edit(Story)
        case editReply(Reply)
        case editEncouragement(Encouragement)
    }

    public enum Field: Int, CaseIterable, Sendable {
        case kind, title, contentWarning, body

        public var label: String {
            switch self {
            case .kind: "Kind"
            case .title: "Title"
            case .contentWarning: "Content warning"
            case .body: "Text"
            }
        }
    }

    public var purpose: Purpose
    public var kind: StoryKind
    public var title: TextEditor
    public var contentWarning: TextEditor
    public var body: TextEditor
    public var field: Field
    /// First visible row of the body.
    public var bodyTop = 0
    /// When a saved draft was put back, its time (shown so the person knows).
    public var restoredDraftFrom: Date?
    /// Whether the person changed anything yet (a draft arriving late must not overwrite it).
    public var isTouched = false
    public var isSending = false
    /// Why the last attempt to post did not go through.
    public var problem: String?
    /// The reader to go back to after a reply.
    public var returnTo: ReaderState?

    public init(purpose: Purpose, returnTo: ReaderState? = nil) {
        self.purpose = purpose
        self.returnTo = returnTo
        kind = .reflection
        title = TextEditor(multiline: false, maxCharacters: Limits.titleMaxCharacters)
        contentWarning = TextEditor(multiline: false, maxCharacters: Limits.contentWarningMaxCharacters)
        let bodyLimit: Int
        switch purpose {
        case .newStory, .edit: bodyLimit = Limits.bodyMaxCharacters
        case .reply, .editReply: bodyLimit = Limits.replyMaxCharacters
        case .encouragement, .editEncouragement: bodyLimit = Limits.encouragementMaxCharacters
        }
        body = TextEditor(multiline: true, maxCharacters: bodyLimit)
        field = .body
        // Writing starts where the words go: the kind keeps its default until chosen (Shift-Tab).
        field = fields.first { $0 != .kind } ?? fields[0]
        if case .edit(let story) = purpose {
            kind = story.summary.kind
            title = TextEditor(story.summary.title, multiline: false, maxCharacters: Limits.titleMaxCharacters)
            contentWarning = TextEditor(
                story.summary.contentWarning ?? "", multiline: false,
                maxCharacters: Limits.contentWarningMaxCharacters)
            body = TextEditor(story.body, multiline: true, maxCharacters: bodyLimit)
        }
        if case .editReply(let reply) = purpose {
            body = TextEditor(reply.body, multiline: true, maxCharacters: bodyLimit)
        }
        if case .editEncouragement(let message) = purpose {
            body = TextEditor(message.body, multiline: true, maxCharacters: bodyLimit)
        }
    }

    /// The fields this purpose has, in Tab order.
    public var fields: [Field] {
        switch purpose {
        case .newStory: Field.allCases
        case .edit: [.title, .contentWarning, .body]
        case .reply, .encouragement, .editReply, .editEncouragement: [.body]
        }
    }

    /// What the draft is saved under.
    public var draftTarget: DraftTarget {
        switch purpose {
        case .newStory(let group): .story(group: group)
        case .reply(let story): .reply(story: story.id)
        case .encouragement(let group, let to): .encouragement(group: group, to: to)
        case .edit(let story): .editStory(story.id)
        case .editReply(let reply): .editReply(reply.id)
        case .editEncouragement(let message): .editEncouragement(message.id)
        }
    }

    /// The heading: what is being written, and for whom.
    public var heading: String {
        switch purpose {
        case .newStory: "New story"
        case .reply(let story): "Reply to “\(story.title)”"
        case .encouragement(_, let to): "Encouragement to \(to ?? "everyone in the group")"
        case .edit: "Edit your story"
        case .editReply: "Edit your reply"
        case .editEncouragement: "Edit your encouragement"
        }
    }

    /// What the footer says once the store took it.
    public var postedNotice: String {
        switch purpose {
        case .newStory: "Your story is posted. Thank you for sharing."
        case .reply: "Your reply is posted."
        case .encouragement: "Your encouragement is sent."
        case .edit: "Your story is updated."
        case .editReply: "Your reply is updated."
        case .editEncouragement: "Your encouragement is updated."
        }
    }

    public func draft(at time: Date) -> Draft {
        Draft(
            target: draftTarget, kind: fields.contains(.kind) ? kind : nil, title: title.text,
            contentWarning: contentWarning.text, body: body.text, updatedAt: time)
    }

    /// Puts a saved draft back into the fields.
    public mutating func restore(_ draft: Draft) {
        if let kind = draft.kind { self.kind = kind }
        title = TextEditor(draft.title, multiline: false, maxCharacters: title.maxCharacters)
        contentWarning = TextEditor(draft.contentWarning, multiline: false, maxCharacters: contentWarning.maxCharacters)
        body = TextEditor(draft.body, multiline: true, maxCharacters: body.maxCharacters)
        restoredDraftFrom = draft.updatedAt
    }

    /// The submission, or the first rule the text breaks.
    public func submission() -> Result<Submission, ValidationError> {
        do throws(ValidationError) {
            switch purpose {
            case .newStory(let group):
                return .success(
                    .story(
                        group: group, kind: kind, title: try Validate.title(title.text),
                        contentWarning: try Validate.contentWarning(contentWarning.text),
                        body: try Validate.body(body.text)))
            case .reply(let story):
                return .success(.reply(story: story.id, body: try Validate.reply(body.text)))
            case .encouragement(let group, let to):
                return .success(.encouragement(group: group, to: to, body: try Validate.encouragement(body.text)))
            case .edit(let story):
                return .success(
                    .edit(
                        story: story.id, title: try Validate.title(title.text),
                        contentWarning: try Validate.contentWarning(contentWarning.text) ?? "",
                        body: try Validate.body(body.text)))
            case .editReply(let reply):
                return .success(.editReply(reply, body: try Validate.reply(body.text)))
            case .editEncouragement(let message):
                return .success(.editEncouragement(message.id, body: try Validate.encouragement(body.text)))
            }
        } catch {
            return .failure(error)
        }
    }
}
