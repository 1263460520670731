import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// The plain room's commands on one's own words and the room's care: edit, delete, mute,
/// the facilitator's queue and export. The words are the command line's (`Output.editedLine`,
/// `Output.moderatedLine`, `Output.writeExport` and the rest).
extension PlainRoom {
    // MARK: Edit and delete

    /// A story of one's own from the last stories list, in full.
    mutating func ownStory(_ text: String, usage: String) async throws -> (number: Int, story: Story) {
        let summary = try await story(number: text, usage: usage)
        try requireWriter()
        let number = (storyList.firstIndex { $0.id == summary.id } ?? 0) + 1
        guard isMine(summary) else {
            throw Hint("Story \(number) is by \(summary.authorHandle): you can change only your own stories.")
        }
        return (number, try await store.story(id: summary.id))
    }

    /// `edit N`: asks a new title and content warning (an empty line keeps each), then the new
    /// text (a dot alone at once keeps it). Every answer and line is saved as a draft.
    mutating func edit(_ text: String) async throws -> Outcome {
        let (number, story) = try await ownStory(text, usage: "edit N")
        let old = story.summary
        let target = DraftTarget.editStory(old.id)
        let again = "edit \(number)"
        say("Editing \"\(old.title)\". An empty answer keeps what is there. \(PlainText.questionsNote)")
        guard var draft = try await startDraft(for: target, noted: true) else {
            return inputEnded(nil, again: again)
        }
        // A kept draft brings its answers (as `post` does), so its questions are not asked again.
        let kept = !draft.isEmpty
        var title = draft.title.isEmpty || draft.title == old.title ? nil : draft.title
        var warning =
            draft.contentWarning.isEmpty || draft.contentWarning == old.contentWarning ? nil : draft.contentWarning
        while !kept {
            guard let answer = try await ask("Title, now \"\(old.title)\":", crisisWord: false) else {
                return inputEnded(draft, again: again)
            }
            if answer.isEmpty || answer == old.title { break }
            do {
                title = try Validate.title(answer)
                draft.title = answer
                await save(draft)
                break
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
        while !kept {
            let now = old.contentWarning.map { "now \"\($0)\"; none removes it" } ?? "now none"
            guard let answer = try await ask("Content warning, \(now):", crisisWord: false) else {
                return inputEnded(draft, again: again)
            }
            let new = answer.lowercased() == "none" ? "" : answer
            if answer.isEmpty || new == (old.contentWarning ?? "") { break }
            do {
                _ = try Validate.contentWarning(new)
                warning = new
                draft.contentWarning = new
                await save(draft)
                break
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
        if draft.body.isEmpty { say("A line holding only a dot (.) at once keeps the text as it is.") }
        guard try await readText(into: &draft, again: again) else { return .quit }
        let body = draft.body.isEmpty ? nil : draft.body
        guard title != nil || warning != nil || body != nil else {
            await discard(target)
            say("Nothing changed in \"\(old.title)\".")
            return .goOn
        }
        do {
            let edited = try await store.editStory(
                id: old.id, title: title, contentWarning: warning, body: body)
            await discard(target)
            say(
                Output.editedLine(
                    "story \(number)", title: title != nil, contentWarning: warning != nil, body: body != nil,
                    titled: edited.summary.title))
        } catch {
            say("peerroom: \(Failure.from(error).sentence)")
            say("Not changed; your draft is kept. Type \(again) again to go on with it.")
        }
        return .goOn
    }

    /// `delete N`: deletes one's own story after asking, saying how many replies by others stay.
    mutating func delete(_ text: String) async throws -> Outcome {
        let (_, story) = try await ownStory(text, usage: "delete N")
        let title = story.summary.title
        let others = story.replies.filter { $0.authorHandle.caseInsensitiveCompare(session.me.handle) != .orderedSame }
        say("Deleting \"\(title)\". \(PlainText.questionsNote)")
        // As the store keeps them: replies by others stay under "[removed]".
        let goesWith = others.isEmpty ? "" : " \(Output.keptReplies(others.count)), under \"[removed]\"."
        guard
            let answer = try await ask(
                "Delete \"\(title)\" for good?\(goesWith) (y/n)", crisisWord: true,
                cancelled: Hint("Stopped. Nothing was deleted."))
        else {
            say("The input ended; nothing was deleted.")
            return .quit
        }
        guard ["y", "yes"].contains(answer.lowercased()) else {
            say("Kept \"\(title)\"; nothing was deleted.")
            return .goOn
        }
        let kept = try await store.deleteStory(id: story.id)
        say(Output.deletedStoryLine("story \"\(title)\"", kept: kept))
        return .goOn
    }

    // MARK: Mute

    /// `mute HANDLE`, `unmute HANDLE`; `mute` alone lists whom the person muted.
    mutating func mute(_ handle: String, muted: Bool) async throws {
        try requireMember()
        guard !handle.isEmpty else {
            guard muted else { throw Hint("Type unmute and the member's handle, e.g. unmute river.") }
            return say(lines: Output.mutedListLines(try await store.mutedMembers()))
        }
        try requireWriter()
        let member = try await store.member(handle: handle)
        try await store.setMuted(member.id, muted: muted)
        say(Output.mutedLine(member.handle, muted: muted))
    }

    // MARK: The facilitator's queue

    /// `queue`: the open group's reported and hidden content, numbered; `queue warned` shows
    /// the text of replies behind a content warning.
    mutating func listQueue(_ text: String) async throws {
        try requireMember()
        let group = try requireOpenGroup()
        queueList = try await store.moderationQueue(groupID: group.id)
        guard !queueList.isEmpty else { return say(Output.queueEmpty) }
        say("The moderation queue of \(group.name):")
        let now = Date()
        let revealed = text.lowercased() == "warned"
        for (index, item) in queueList.enumerated() {
            say(
                lines: Output.queueItemLines(
                    item, lead: "\(index + 1). ", now: now, revealed: revealed, unfold: "queue warned"))
        }
        say("Type hide N NOTE, restore N NOTE or keep N NOTE.")
    }

    /// `hide N NOTE`, `restore N NOTE` and `keep N NOTE` (restore and keep are the same act:
    /// hidden content is shown again, reported content stays and its reports close).
    mutating func moderate(_ text: String, hide: Bool) async throws {
        let usage = hide ? "hide N NOTE" : "restore N NOTE"
        let number = try number(text, usage: usage, list: "queue")
        if queueList.isEmpty {
            try await listQueue("")
            if queueList.isEmpty { return }
            throw Hint("That is the queue; type \(usage) again with a number from it.")
        }
        let item = try item(number, of: queueList, kind: "item")
        let note = afterNumber(text)
        guard !note.isEmpty else { throw Hint("Type \(usage) with a short note for the other facilitators.") }
        try requireWriter()
        let checked = try Validate.moderationNote(note)
        try await store.moderate(item.target, hide: hide, note: checked)
        say(Output.moderatedLine(item.target, hide: hide))
    }

    // MARK: Export

    /// `export [PATH]`: everything the person wrote, as `peerroom export --me` writes it, into
    /// a new file readable by them alone (by default peerroom-export-HANDLE.json here).
    func export(_ path: String) async throws {
        try requireMember()
        let file =
            path.isEmpty
            ? FileManager.default.currentDirectoryPath + "/peerroom-export-\(session.me.handle).json"
            : NSString(string: path).expandingTildeInPath
        // Never over another file: nothing anyone keeps is lost.
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Hint("\(file) exists already; type export and another file's path.")
        }
        let data = try Output.json(try await store.export())
        say(try Output.writeExport(data, to: file, handle: session.me.handle))
    }
}
