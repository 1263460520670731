import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// The plain room's meetings, check-ins and mentorship. The words are the command line's
/// (`Output.meetingLines`, `Output.checkInText`, `Output.mentorshipLine` and the rest), with
/// the plain room's numbers and commands where the command line names ids and options.
extension PlainRoom {
    // MARK: Numbers

    /// The number at the start of `text`; `usage` is how the command is typed, for the hint.
    func number(_ text: String, usage: String, list: String) throws -> Int {
        guard let number = Int(text.prefix { !$0.isWhitespace }) else {
            throw Hint("Type \(usage), where N is a number from the last \(list) list.")
        }
        return number
    }

    /// Item `number` of `list`; `kind` names one item ("meeting").
    func item<T>(_ number: Int, of list: [T], kind: String) throws -> T {
        guard !list.isEmpty else { throw Hint("There is no \(kind) to choose.") }
        guard list.indices.contains(number - 1) else {
            throw Hint("There is no \(kind) \(number) in the last list; it has 1 to \(list.count).")
        }
        return list[number - 1]
    }

    /// The words after the number: "2 going" → "going".
    func afterNumber(_ text: String) -> String {
        String(text.drop { !$0.isWhitespace }).trimmingWhitespace
    }

    /// What a member (not a guest) may do, even in a read-only room.
    func requireMember() throws {
        if session.isGuest {
            throw Hint("You are reading as a guest. Type join NAME to take a pseudonym first.")
        }
    }

    // MARK: Meetings

    /// How many occurrences `meetings` lists: a weekly meeting would fill a page on its own.
    static let meetingCount = 10

    /// `meetings`: the coming meetings of the person's groups, numbered.
    mutating func listMeetings() async throws {
        let now = store.clock.now()
        meetingList = try await actions.upcomingMeetings(groupID: nil, limit: Self.meetingCount)
        guard !meetingList.isEmpty else { return say(lines: Output.meetingsText([], zone: .current, now: now)) }
        say("Coming meetings of your groups, soonest first:")
        for (index, occurrence) in meetingList.enumerated() {
            say(lines: Output.meetingLines(occurrence, lead: "\(index + 1). ", zone: .current, now: now))
        }
        say("Type rsvp N going, rsvp N maybe or rsvp N no.")
    }

    /// `rsvp N going|maybe|no`: answers that occurrence; again, the answer is replaced.
    mutating func rsvp(_ text: String) async throws {
        let usage = "rsvp N going, maybe or no"
        let number = try number(text, usage: usage, list: "meetings")
        let word = afterNumber(text).lowercased()
        guard let answer = RSVP(rawValue: word) ?? (["cant", "can't", "cannot"].contains(word) ? .no : nil) else {
            throw Hint("Type \(usage), e.g. rsvp \(number) going.")
        }
        if meetingList.isEmpty {
            try await listMeetings()
            throw Hint("Those are the meetings; type \(usage) again with a number from this list.")
        }
        let occurrence = try item(number, of: meetingList, kind: "meeting")
        try requireWriter()
        let now = store.clock.now()
        try await store.rsvp(
            meetingID: occurrence.meeting.id, occurrence: occurrence.start, answer)
        let when = MeetingTime.when(occurrence.start, zone: .current, now: now)
        say(Output.rsvpSavedLine(answer, meeting: "\"\(occurrence.meeting.title)\"", when: when))
    }

    // MARK: Check-in

    /// `checkin`: asks the mood and a private note, then answers as `peerroom checkin` does.
    mutating func checkIn() async throws -> Outcome {
        try requireWriter()
        let stopped = Hint("Stopped. Nothing was saved.")
        say("A daily check-in, for you alone. \(PlainText.questionsNote)")
        var mood: Int?
        while mood == nil {
            guard
                let answer = try await ask(
                    "How do you feel today, from 1 (low) to 5 (good)?", crisisWord: true, cancelled: stopped)
            else { return inputEndedSaving() }
            if answer.isEmpty { continue }
            do {
                mood = try Validate.mood(Int(answer) ?? 0)
            } catch {
                say("'\(answer)' is not a mood: type a number from 1 (low) to 5 (good).")
            }
        }
        var note: String?
        while true {
            guard
                let answer = try await ask(
                    "A note for yourself, private (an empty line for none):", crisisWord: false, cancelled: stopped)
            else { return inputEndedSaving() }
            do {
                note = try Validate.checkInNote(answer)
                break
            } catch {
                say("peerroom: \(Failure.from(error).sentence)")
            }
        }
        let summary = try await actions.checkIn(mood: mood ?? 3, note: note)
        var ways = CheckInWays.plain(mentor: nil)
        if summary.isHardDay {
            ways = .plain(mentor: try await CheckInWays.company(store: store, member: session.me).mentor)
        }
        say(lines: Output.checkInText(summary, ways: ways))
        return .goOn
    }

    func inputEndedSaving() -> Outcome {
        say("The input ended; nothing was saved.")
        return .quit
    }

    // MARK: Mentorship

    /// `mentors`: the person's mentorships, as mentor or mentee, numbered.
    mutating func listMentorships() async throws {
        try requireMember()
        mentorshipList = try await store.mentorships()
        guard !mentorshipList.isEmpty else {
            return say("You have no mentorships. Type ask to ask for a peer mentor in the open group.")
        }
        say("Your mentorships:")
        for (index, mentorship) in mentorshipList.enumerated() {
            say("\(index + 1). " + Output.mentorshipLine(mentorship))
        }
        say("Type messages N to read a thread, message N TEXT to write, or accept N, decline N, end N.")
    }

    /// Mentorship `text` of the last list; with none shown yet, lists them and asks again.
    mutating func mentorship(_ text: String, usage: String) async throws -> Mentorship {
        let number = try number(text, usage: usage, list: "mentorships")
        if mentorshipList.isEmpty {
            try await listMentorships()
            if mentorshipList.isEmpty { throw Hint("There is no mentorship to choose.") }
            throw Hint("Those are your mentorships; type \(usage) again with a number from this list.")
        }
        return try item(number, of: mentorshipList, kind: "mentorship")
    }

    /// The other side of a mentorship.
    func other(in mentorship: Mentorship) -> String {
        mentorship.mentorHandle.caseInsensitiveCompare(session.me.handle) == .orderedSame
            ? mentorship.menteeHandle : mentorship.mentorHandle
    }

    /// `ask [HANDLE]`: asks for a peer mentor in the open group, a chosen one or any available.
    mutating func askForMentor(_ handle: String) async throws -> Outcome {
        try requireWriter()
        let group = try requireOpenGroup()
        let mentor = handle.isEmpty ? nil : try await store.member(handle: handle)
        let stopped = Hint("Stopped. Nothing was asked.")
        say("Asking \(mentor?.handle ?? "an available peer mentor") in \(group.name). \(PlainText.questionsNote)")
        guard
            let note = try await ask(
                "A short note for the mentor (one line; an empty line for none):", crisisWord: false,
                cancelled: stopped)
        else { return inputEndedSaving() }
        let asked = try await store.requestMentor(
            groupID: group.id, mentorID: mentor?.id, note: note.isEmpty ? nil : note)
        say(Output.askedLine(asked, reference: nil) + " Type mentors to see it.")
        return .goOn
    }

    /// `offer`: offers to mentor in the open group (asks a note and how many); `offer stop`
    /// takes no new mentees.
    mutating func offerMentoring(_ text: String) async throws -> Outcome {
        try requireWriter()
        let group = try requireOpenGroup()
        let standardNote = "Happy to listen."
        if text.lowercased() == "stop" {
            try await store.offerMentoring(
                groupID: group.id, note: standardNote, capacity: 1, available: false)
            say(Output.offeredLine(group: group.name, capacity: 1, available: false))
            return .goOn
        }
        let stopped = Hint("Stopped. Nothing was offered.")
        say("Offering to mentor in \(group.name). \(PlainText.questionsNote)")
        guard
            let note = try await ask(
                "A short note for those who ask (one line; an empty line for \"\(standardNote)\"):", crisisWord: false,
                cancelled: stopped)
        else { return inputEndedSaving() }
        var capacity: Int?
        while capacity == nil {
            guard
                let answer = try await ask(
                    "How many mentees can you take, 1 to 10 (an empty line for 1)?", crisisWord: true,
                    cancelled: stopped)
            else { return inputEndedSaving() }
            if answer.isEmpty {
                capacity = 1
            } else if let count = Int(answer), (1...10).contains(count) {
                capacity = count
            } else {
                say("'\(answer)' is not a number from 1 to 10.")
            }
        }
        try await store.offerMentoring(
            groupID: group.id, note: note.isEmpty ? standardNote : note,
            capacity: capacity ?? 1, available: true)
        say(Output.offeredLine(group: group.name, capacity: capacity ?? 1, available: true))
        return .goOn
    }

    /// `accept N [NOTE]`, `decline N [NOTE]`: a mentor answers a request.
    mutating func answer(_ text: String, accept: Bool) async throws {
        let usage = accept ? "accept N" : "decline N"
        let mentorship = try await mentorship(text, usage: usage)
        try requireWriter()
        let note = afterNumber(text)
        let result = try await store.respondToMentorship(
            id: mentorship.id, accept: accept, note: note.isEmpty ? nil : note)
        let number = try number(text, usage: usage, list: "mentorships")
        mentorshipList[number - 1] = result  // the list now reads as it is
        say(Output.answeredLine(result, accept: accept, writeWith: "message \(number) TEXT"))
    }

    /// `end N`: ends a mentorship, or withdraws a request, after asking.
    mutating func endMentorship(_ text: String) async throws -> Outcome {
        let mentorship = try await mentorship(text, usage: "end N")
        try requireWriter()
        let other = other(in: mentorship)
        say("Ending your mentorship with \(other): \(Output.mentorshipLine(mentorship)). \(PlainText.questionsNote)")
        guard
            let answer = try await ask(
                "End it? (y/n)", crisisWord: true, cancelled: Hint("Stopped. The mentorship goes on."))
        else { return inputEndedSaving() }
        guard ["y", "yes"].contains(answer.lowercased()) else {
            say("The mentorship goes on.")
            return .goOn
        }
        try await store.endMentorship(id: mentorship.id)
        // The list keeps its numbers and now reads as it is.
        if let index = mentorshipList.firstIndex(where: { $0.id == mentorship.id }) {
            mentorshipList[index].status = .ended
        }
        say(Output.endedLine("the mentorship with \(other)"))
        return .goOn
    }

    /// `messages N`: the private thread of a mentorship, oldest first.
    mutating func thread(_ text: String) async throws {
        let number = try number(text, usage: "messages N", list: "mentorships")
        let mentorship = try await mentorship(text, usage: "messages N")
        let thread = try await store.mentorThread(id: mentorship.id)
        say(lines: Output.threadLines(thread, with: other(in: mentorship), now: Date()))
        say("Type message \(number) and your words to write.")
    }

    /// `message N TEXT`: writes in the thread, for the two of them only.
    mutating func message(_ text: String) async throws {
        let words = afterNumber(text)
        let mentorship = try await mentorship(text, usage: "message N TEXT")
        guard !words.isEmpty else { throw Hint("Type message N and your words, e.g. message 1 Thinking of you.") }
        try requireWriter()
        let body = try Validate.mentorMessage(words)
        let other = try await store.member(handle: other(in: mentorship))
        _ = try await store.sendMentorMessage(to: other.id, body: body)
        say(Output.sentLine(to: other.handle))
    }
}

extension CheckInWays {
    /// The plain room's commands for a hard day's answer.
    static func plain(mentor: String?) -> CheckInWays {
        CheckInWays(
            group: "type encourage", mentor: mentor.map { "\($0): type mentors, then message N and your words" },
            peerMentor: "type ask", crisis: "type crisis")
    }
}
