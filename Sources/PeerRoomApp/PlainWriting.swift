import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// The plain room's writing commands: post, reply, encourage, react, report, and taking a
/// pseudonym. Nothing written is lost: text is saved as a draft after every line, and a
/// draft stays when the input ends before the closing dot.
extension PlainRoom {
    // MARK: Who writes

    /// The first-run question. The end of the input, or `skip`, reads as a guest.
    mutating func askPseudonym() async {
        say("This login has no pseudonym in this room yet. Type skip to read as a guest.")
        say(PlainText.questionsNote)
        while true {
            // The end of the input or !cancel: read as a guest.
            let question = "Choose a pseudonym (2–24 letters, digits, '-', '_' or '.'):"
            guard let answer = try? await ask(question, crisisWord: true) else {
                say("Reading as a guest. Type join NAME to take a pseudonym later.")
                return
            }
            if answer.isEmpty { continue }
            if answer.lowercased() == "skip" {
                say("Reading as a guest. Type join NAME to take a pseudonym later.")
                return
            }
            do {
                await become(try await actions.takePseudonym(answer))
                return
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
    }

    /// `join NAME`: a guest takes a pseudonym and the room acts as the new member.
    mutating func join(_ name: String) async throws {
        guard session.isGuest else { throw Hint("You are \(session.me.handle) already.") }
        guard !name.isEmpty else {
            throw Hint(
                "Type join and the pseudonym you want (2–24 letters, digits, '-', '_' or '.'), e.g. join quiet-fern.")
        }
        if store.isReadOnly { throw StoreError.readOnly(path: session.databasePath) }
        await become(try await actions.takePseudonym(name))
    }

    /// From now on the room acts as the member just made (`joined`, with its welcome).
    mutating func become(_ joined: (member: Member, acted: Acted)) async {
        await stopHeartbeat()  // the session acts as the member already (it took the pseudonym)
        say(joined.acted.words(.plain))
        if let openGroup { try? await choose(openGroup) }
        startHeartbeat()
    }

    // MARK: Stories, replies and encouragement

    /// `post`: a new story in the open group. Asks the kind, the title and a content warning,
    /// then reads the text until a line holding only a dot.
    mutating func post() async throws -> Outcome {
        try requireWriter()
        let group = try requireOpenGroup()
        let target = DraftTarget.story(group: group.id)
        say(
            "A new story in \(group.name). Answer each question; !cancel stops and keeps what you wrote, "
                + "!crisis shows crisis help.")
        guard var draft = try await startDraft(for: target, noted: true) else {
            return inputEnded(nil, again: "post")
        }
        while draft.kind == nil {
            guard
                let answer = try await ask(
                    "Kind: triumph, setback, milestone or reflection (t, s, m, r)?", crisisWord: true)
            else {
                return inputEnded(draft, again: "post")
            }
            if ["quit", "cancel", "stop"].contains(answer.lowercased()) { throw Self.cancelled }
            draft.kind = Self.storyKind(answer)
            if draft.kind == nil && !answer.isEmpty {
                say("'\(answer)' is not a kind of story: type t, s, m or r, or the whole word.")
            }
        }
        let askWarning = draft.body.isEmpty && draft.contentWarning.isEmpty
        while draft.title.trimmingWhitespace.isEmpty {
            guard let answer = try await ask("Title (one line):", crisisWord: false) else {
                return inputEnded(draft, again: "post")
            }
            do {
                draft.title = try Validate.title(answer)
                await save(draft)
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
        while askWarning {
            guard
                let answer = try await ask(
                    "Content warning, if the story needs one (an empty line for none):", crisisWord: false)
            else { return inputEnded(draft, again: "post") }
            do {
                draft.contentWarning = try Validate.contentWarning(answer) ?? ""
                await save(draft)
                break
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
        guard try await readText(into: &draft, again: "post") else { return .quit }
        let story = NewStory(
            groupID: group.id, kind: draft.kind ?? .reflection, title: draft.title,
            contentWarning: draft.contentWarning.isEmpty ? nil : draft.contentWarning, body: draft.body)
        let actions = actions
        await send(target, again: "post") { try await actions.post(story, in: group).acted }
        return .goOn
    }

    /// `reply N`: a reply to a story from the last stories or search list.
    mutating func reply(_ text: String) async throws -> Outcome {
        let story = try await story(number: text, usage: "reply N")
        try requireWriter()
        let target = DraftTarget.reply(story: story.id)
        let again = "reply and the story's number"
        say("A reply to \"\(story.title)\" by \(story.authorHandle).")
        guard var draft = try await startDraft(for: target) else { return inputEnded(nil, again: again) }
        guard try await readText(into: &draft, again: again) else { return .quit }
        let (actions, body) = (actions, draft.body)
        await send(target, again: again) { try await actions.reply(to: story.id, body: body).acted }
        return .goOn
    }

    /// `encourage [HANDLE]`: encouragement to the open group, or to one member of it.
    mutating func encourage(_ handle: String) async throws -> Outcome {
        try requireWriter()
        let group = try requireOpenGroup()
        let recipient = handle.isEmpty ? nil : try await store.member(handle: handle)
        let target = DraftTarget.encouragement(group: group.id, to: recipient?.handle)
        let again = recipient.map { "encourage \($0.handle)" } ?? "encourage"
        say("Encouragement to \(recipient?.handle ?? "everyone") in \(group.name).")
        guard var draft = try await startDraft(for: target) else { return inputEnded(nil, again: again) }
        guard try await readText(into: &draft, again: again) else { return .quit }
        let (actions, body) = (actions, draft.body)
        await send(target, again: again) {
            try await actions.encourage(groupID: group.id, to: recipient?.handle, body: body, in: group).acted
        }
        return .goOn
    }

    // MARK: Reactions and reports

    /// `react N support|been-there|proud`: gives the reaction, or takes it back.
    mutating func react(_ text: String) async throws {
        let hint = "Type react N and support, been-there or proud, e.g. react 1 support."
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2 else { throw Hint(hint) }
        let story = try await story(number: String(words[0]), usage: "react N support")
        let word = words.dropFirst().joined(separator: "-").lowercased()
        guard let kind = ReactionKind(rawValue: word) ?? (word == "beenthere" ? .beenThere : nil) else {
            throw Hint("'\(word)' is not a reaction. " + hint)
        }
        try requireWriter()
        say(try await actions.react(to: story.id, kind).acted.words(.plain))
    }

    /// `report N REASON`: tells the group's facilitators about a story.
    mutating func report(_ text: String) async throws {
        let number = String(text.prefix { !$0.isWhitespace })
        let reason = String(text.dropFirst(number.count)).trimmingWhitespace
        let story = try await story(number: number, usage: "report N REASON")
        guard !reason.isEmpty else { throw Hint("Type report N and a short reason, e.g. report 2 unkind words.") }
        try requireWriter()
        say(try await actions.report(.story(story.id), reason: reason, title: story.title).words(.plain))
    }

    // MARK: Questions, text and drafts

    /// Asks a question with a one-line answer (trimmed); nil at the end of the input.
    /// `!crisis` (and, where no answer could be the word, `crisis`) shows crisis help first;
    /// `!cancel` stops writing, keeping what was written.
    /// `cancelled` is what `!cancel` says (by default: the draft is kept).
    func ask(_ question: String, crisisWord: Bool, cancelled: Hint = Self.cancelled) async throws -> String? {
        while true {
            say(question)
            guard let line = await input.line() else { return nil }
            let answer = line.trimmingWhitespace
            let lowered = answer.lowercased()
            if lowered == "!cancel" { throw cancelled }
            if lowered == "!crisis" || (crisisWord && lowered == "crisis") {
                try? await crisis()
                continue
            }
            return answer
        }
    }

    static let cancelled = Hint("Stopped. Anything you wrote is kept as a draft.")

    /// A kind from what was typed: the word in any case, its first letter, or a small typo
    /// of one kind only ("milstone").
    static func storyKind(_ answer: String) -> StoryKind? {
        let word = answer.trimmingWhitespace.lowercased()
        guard !word.isEmpty else { return nil }
        if let kind = StoryKind(rawValue: word) { return kind }
        let names = StoryKind.allCases.map(\.rawValue)
        let starting = names.filter { $0.hasPrefix(word) }
        let close = starting.isEmpty ? CloseMatches.best(to: word, among: names, limit: 2) : starting
        return close.count == 1 ? StoryKind(rawValue: close[0]) : nil
    }

    /// The draft to write in: a saved one if the person keeps it, else a new one. Nil when
    /// the input ends at the question. `noted`: the flow said already that questions take
    /// !cancel and !crisis.
    func startDraft(for target: DraftTarget, noted: Bool = false) async throws -> Draft? {
        let fresh = Draft(target: target, updatedAt: store.clock.now())
        guard let saved = try await store.draft(for: target), !saved.isEmpty else {
            return fresh
        }
        let lineCount = saved.body.isEmpty ? 0 : saved.body.components(separatedBy: "\n").count
        say(
            "You have a saved draft here"
                + (saved.title.isEmpty ? "" : ", titled \"\(saved.title)\"")
                + ", with \(StoryText.plural(lineCount, "line", "lines")) of text.")
        if !noted { say(PlainText.questionsNote) }
        while true {
            guard
                let answer = try await ask(
                    "Type keep to go on with it, or new to start again (the draft is then discarded):",
                    crisisWord: true)
            else { return nil }
            switch answer.lowercased() {
            case "keep", "k", "yes", "y":
                if let kind = saved.kind, case .story = target { say("Kind: \(kind.rawValue).") }
                if !saved.title.isEmpty { say("Title: \(saved.title)") }
                if !saved.contentWarning.isEmpty { say("Content warning: \(saved.contentWarning)") }
                if !saved.body.isEmpty {
                    say("Your text so far:")
                    say(lines: Output.bodyLines(saved.body))
                }
                return saved
            case "new", "n", "no":
                try await store.discardDraft(for: target)
                return fresh
            default:
                continue
            }
        }
    }

    /// Reads text until a line holding only a dot, saving the draft after every line.
    /// False when the input ends first; the draft stays. `!cancel` stops, keeping it too.
    func readText(into draft: inout Draft, again: String) async throws -> Bool {
        say(
            "Type the text; a line holding only a dot (.) ends it. Each line is saved as you go. "
                + "A line !crisis shows crisis help; !cancel stops.")
        var lines = draft.body.isEmpty ? [] : draft.body.components(separatedBy: "\n")
        // Once for this text; the check is on the text in memory only, nothing is kept of it.
        var offeredCrisisHelp = false
        if crisisWords.matches(draft.title) || crisisWords.matches(draft.body) {
            offeredCrisisHelp = true
            say(Words.plainCrisisOffer)
        }
        while let line = await input.line() {
            let trimmed = line.trimmingWhitespace
            if trimmed == "." { return true }
            if trimmed.lowercased() == "!cancel" { throw Self.cancelled }
            if trimmed.lowercased() == "!crisis" {
                offeredCrisisHelp = true
                try? await crisis()
                say("Your text goes on; a line holding only a dot (.) ends it.")
                continue
            }
            lines.append(line)
            draft.body = lines.joined(separator: "\n")
            await save(draft)
            if !offeredCrisisHelp, crisisWords.matches(line) {
                offeredCrisisHelp = true
                say(Words.plainCrisisOffer)
            }
        }
        say("The input ended before the closing dot: your draft is saved. Type \(again) again to go on with it.")
        return false
    }

    /// Saves the draft; a failure is said, and the next line saves everything again.
    func save(_ draft: Draft) async {
        var draft = draft
        draft.updatedAt = store.clock.now()
        do {
            try await store.saveDraft(draft)
        } catch {
            say("peerroom: \(Failure.from(error).sentence) (not saved yet; the next line tries again)")
        }
    }

    func discard(_ target: DraftTarget) async {
        do {
            try await store.discardDraft(for: target)
        } catch {
            say("peerroom: \(Failure.from(error).sentence) (the draft is still there)")
        }
    }

    /// The input ended at a question: say what became of the text, and end the room.
    func inputEnded(_ draft: Draft?, again: String) -> Outcome {
        if let draft, !draft.isEmpty {
            say("The input ended: your draft is saved. Type \(again) again to go on with it.")
        } else {
            say("The input ended; nothing was posted.")
        }
        return .quit
    }

    /// Sends the written text through the action layer: the draft goes and the act is said,
    /// or the failure is said and the draft stays.
    func send(_ target: DraftTarget, again: String, _ act: () async throws -> Acted) async {
        do {
            let acted = try await act()
            await discard(target)
            say(acted.words(.plain))
        } catch {
            notPosted(error, again: again)
        }
    }

    func notPosted(_ error: Error, again: String) {
        say("peerroom: \(Failure.from(error).sentence)")
        say("Not posted; your draft is kept. Type \(again) again to go on with it.")
    }
}
