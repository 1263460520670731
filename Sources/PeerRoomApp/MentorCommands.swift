import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

struct MentorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentor", abstract: "Peer mentorship: offer, ask, accept, decline, end, or list.",
        subcommands: [
            OfferMentoring.self, RequestMentor.self, AcceptMentee.self, DeclineMentee.self, EndMentorship.self,
            ListMentors.self,
        ])
}

struct OfferMentoring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer", abstract: "Peer mentors: say you can mentor in a group (or stop, --unavailable).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "A short note for those who ask (one line).") var note: String = "Happy to listen."
    @Option(help: "How many mentees you can take, 1–10.") var capacity: Int = 1
    @Flag(help: "Stop taking new mentees.") var unavailable = false

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            try await session.store.offerMentoring(
                groupID: target.id, note: note, capacity: capacity, available: !unavailable)
            print(Output.offeredLine(group: target.slug, capacity: capacity, available: !unavailable))
        }
    }
}

struct RequestMentor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Ask for a peer mentor in a group: a chosen one, or any available.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "A mentor (a handle); without it, anyone available.") var mentor: String?
    @Option(help: "A short note for the mentor (one line).") var note: String?

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            var mentorID: MemberID?
            if let mentor { mentorID = try await session.store.member(handle: mentor).id }
            let asked = try await session.store.requestMentor(
                groupID: target.id, mentorID: mentorID, note: note)
            print(Output.askedLine(asked, reference: "mentorship \(asked.id)"))
        }
    }
}

/// `--id ID` and an optional note, for accept and decline.
struct AnswerOptions: ParsableArguments {
    @Option(help: "The mentorship (an id from `peerroom mentor list`).") var id: MentorshipID
    @Option(help: "A short note for the mentee (one line).") var note: String?
}

struct AcceptMentee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Mentors: accept a request.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var answer: AnswerOptions

    func run() async throws {
        try await reporting { try await respond(global: global, answer, accept: true) }
    }
}

struct DeclineMentee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline", abstract: "Mentors: decline a request (kind words are sent if you add none).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var answer: AnswerOptions

    func run() async throws {
        try await reporting { try await respond(global: global, answer, accept: false) }
    }
}

private func respond(global: GlobalOptions, _ answer: AnswerOptions, accept: Bool) async throws {
    let session = try await RoomSession.open(global, for: .write)
    let result = try await session.store.respondToMentorship(
        id: answer.id, accept: accept, note: answer.note)
    print(
        Output.answeredLine(
            result, accept: accept, writeWith: "peerroom message --to \(result.menteeHandle) TEXT"))
}

struct EndMentorship: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "End a mentorship (either side), or withdraw a request.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The mentorship (an id).") var id: MentorshipID

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            try await session.store.endMentorship(id: id)
            print(Output.endedLine("mentorship \(id)"))
        }
    }
}

struct ListMentors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Your mentorships, and a group's mentors (--group).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Also list this group's mentors (a slug).") var group: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .write)
            let mine = try await session.store.mentorships()
            var offers: [MentorOffer] = []
            if let group {
                offers = try await session.store.mentors(
                    groupID: session.store.group(slug: group).id)
            }
            switch format {
            case .json: try Output.printJSON(MentorListJSON(mine: mine, offers: offers))
            case .text:
                var lines = mine.map { "\($0.id)  " + Output.mentorshipLine($0) }
                if mine.isEmpty { lines.append("You have no mentorships.") }
                for offer in offers {
                    lines.append(
                        "mentor \(offer.handle): \(offer.canTakeMore ? "available" : "not available") "
                            + "(\(offer.mentees)/\(offer.capacity)) — \(offer.note)")
                }
                Output.printText(lines)
            }
        }
    }
}

struct MentorListJSON: Encodable {
    struct Item: Encodable {
        var id: MentorshipID
        var group: String
        var mentor: String
        var mentee: String
        var status: String
        var responseNote: String?

        enum Keys: String, CodingKey { case id, group, mentor, mentee, status, responseNote }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(group, forKey: .group)
            try c.encode(mentor, forKey: .mentor)
            try c.encode(mentee, forKey: .mentee)
            try c.encode(status, forKey: .status)
            try c.encode(responseNote, forKey: .responseNote)
        }
    }

    struct Offer: Encodable {
        var mentor: String
        var note: String
        var capacity: Int
        var mentees: Int
        var available: Bool
    }

    var mentorships: [Item]
    var mentors: [Offer]

    init(mine: [Mentorship], offers: [MentorOffer]) {
        mentorships = mine.map {
            Item(
                id: $0.id, group: $0.groupSlug, mentor: $0.mentorHandle, mentee: $0.menteeHandle,
                status: $0.status.rawValue, responseNote: $0.responseNote)
        }
        mentors = offers.map {
            Offer(
                mentor: $0.handle, note: $0.note, capacity: $0.capacity, mentees: $0.mentees, available: $0.canTakeMore)
        }
    }
}

struct Message: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "A private message to your mentor or mentee (--to), or your thread with them (--with).",
        discussion: "Only the two of you can read a mentorship's thread. The text is read from standard input "
            + "when not given.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Your mentor or mentee (a handle).") var to: String?
    @Option(help: "Show your thread with your mentor or mentee (a handle).") var with: String?
    @Option(help: "text or json (with --with).") var format: OutputFormat = .text
    @Argument(help: "The message.") var text: String?

    func validate() throws {
        guard (to == nil) != (with == nil) else { throw ValidationError("give --to HANDLE or --with HANDLE") }
        if with != nil && text != nil { throw ValidationError("--with shows the thread; to write, use --to") }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .write)
            if let with {
                let other = try await session.store.member(handle: with)
                let thread = try await session.store.mentorThread(with: other.id)
                switch format {
                case .json: try Output.printJSON(thread.map(WrittenJSON.init))
                case .text:
                    Output.printText(Output.threadLines(thread, with: other.handle, now: Date()))
                }
                return
            }
            let body = try text ?? Input.text(file: nil, asking: "your message")
            _ = try Validate.mentorMessage(body)
            let other = try await session.store.member(handle: to ?? "")
            _ = try await session.store.sendMentorMessage(to: other.id, body: body)
            print(Output.sentLine(to: other.handle))
        }
    }
}

/// The words of mentorship, shared by `peerroom mentor …`, `peerroom message` and the plain room.
extension Output {
    /// "clean-slate: sparrow_22 mentors kiri — active (note)"
    static func mentorshipLine(_ mentorship: Mentorship) -> String {
        "\(mentorship.groupSlug): \(mentorship.mentorHandle) mentors \(mentorship.menteeHandle) — "
            + mentorship.status.rawValue + (mentorship.responseNote.map { " (\($0))" } ?? "")
    }

    static func offeredLine(group: String, capacity: Int, available: Bool) -> String {
        available
            ? "You are an available mentor in \(group), for up to \(capacity)."
            : "You are not taking new mentees in \(group)."
    }

    /// `reference` names the mentorship where the reader can use its name (an id), else nil.
    static func askedLine(_ asked: Mentorship, reference: String?) -> String {
        "Asked \(asked.mentorHandle)\(reference.map { " (\($0))" } ?? ""). They will accept or decline."
    }

    /// `writeWith` is how to write to the new mentee where this is read.
    static func answeredLine(_ result: Mentorship, accept: Bool, writeWith: String) -> String {
        accept
            ? "You are \(result.menteeHandle)'s mentor. Write with: \(writeWith)"
            : "Declined. \(result.menteeHandle) is told: \(result.responseNote ?? "")"
    }

    static func endedLine(_ reference: String) -> String {
        "\(reference.capitalizedFirst) has ended. The thread stays readable by the two of you."
    }

    static func threadLines(_ thread: [MentorMessage], with handle: String, now: Date) -> [String] {
        guard !thread.isEmpty else { return ["No messages with \(handle)."] }
        return thread.flatMap { message in
            ["\(message.authorHandle) · \(RelativeTime.describe(message.createdAt, now: now))"]
                + bodyLines(message.body) + [""]
        }
    }

    static func sentLine(to handle: String) -> String { "Sent to \(handle), for the two of you only." }
}
