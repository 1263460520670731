import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// Closed groups on the command line: facilitators invite, list who asked, and approve or
/// decline. The store checks the facilitator role (exit 77 for anyone else).
struct Invite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Facilitators: invite a member to a closed group.",
        discussion: "They accept with `peerroom join --group SLUG`; one who asked already is let in at once.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "The member to invite (a handle).") var handle: String

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            let member = try await session.store.member(handle: handle)
            let outcome = try await session.store.invite(
                memberID: member.id, groupID: target.id)
            switch outcome {
            case .joined: print("\(member.handle) had asked to join; they are a member of \(target.name) now.")
            case .alreadyMember: print("\(member.handle) is a member of \(target.name) already.")
            case .invited, .asked:
                print(
                    "Invited \(member.handle) to \(target.name); they accept with: peerroom join --group \(target.slug)"
                )
            }
        }
    }
}

struct Requests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "Facilitators: who asked to join a group, and whom you invited.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            let requests = try await session.store.joinRequests(groupID: target.id)
            switch format {
            case .json: try Output.printJSON(requests.map(JoinRequestJSON.init))
            case .text:
                guard !requests.isEmpty else {
                    Output.printText(["No one is waiting to join \(target.name)."])
                    return
                }
                let now = Date()
                Output.printText(
                    requests.map { request in
                        let when = RelativeTime.describe(request.createdAt, now: now)
                        switch request.kind {
                        case .asked: return "\(request.handle) asked to join, \(when)"
                        case .invited:
                            return "\(request.handle) is invited (by \(request.invitedBy ?? "a facilitator")), \(when)"
                        }
                    } + ["Answer with: peerroom approve|decline --group \(target.slug) --handle NAME"])
            }
        }
    }
}

struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Facilitators: let a member who asked into a closed group.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "The member who asked (a handle).") var handle: String

    func run() async throws {
        try await reporting { try await answerRequest(global, group: group, handle: handle, approve: true) }
    }
}

struct Decline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: "Facilitators: decline a request to join (or withdraw an invitation).",
        discussion: "Nothing else changes; they may ask again later.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "The member who asked (a handle).") var handle: String

    func run() async throws {
        try await reporting { try await answerRequest(global, group: group, handle: handle, approve: false) }
    }
}

/// `approve` and `decline`: the facilitator's answer to one member, checked by the store.
private func answerRequest(_ global: GlobalOptions, group: String, handle: String, approve: Bool) async throws {
    let session = try await RoomSession.open(global, for: .write)
    let target = try await session.store.group(slug: group)
    let member = try await session.store.member(handle: handle)
    try await session.store.answerJoinRequest(
        groupID: target.id, memberID: member.id, approve: approve)
    print(
        approve
            ? "\(member.handle) is a member of \(target.name) now."
            : "Declined \(member.handle)'s request to join \(target.name).")
}

/// `requests --format json`.
struct JoinRequestJSON: Encodable {
    var handle: String
    var kind: String
    var invitedBy: String?
    var createdAt: Date

    init(_ request: JoinRequest) {
        handle = request.handle
        kind = request.kind.rawValue
        invitedBy = request.invitedBy
        createdAt = request.createdAt
    }

    enum CodingKeys: String, CodingKey { case handle, kind, invitedBy, createdAt }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(handle, forKey: .handle)
        try c.encode(kind, forKey: .kind)
        try c.encode(invitedBy, forKey: .invitedBy)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

/// `peerroom group …`: a group's settings, for its facilitators.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Facilitators: a group's settings.", subcommands: [GroupBacklog.self])
}

/// The newcomer backlog: how far back the group's members read (facilitators read everything,
/// and everyone reads their own stories and the replies to them). The store checks the role.
struct GroupBacklog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlog",
        abstract: "Facilitators: how far back the group's members can read.",
        discussion: """
            'all' (the default): everything. DAYS: from that many days before each member joined \
            (0: only what was shared since). Facilitators read everything; nobody's own stories \
            are held back.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The group (a slug).") var group: String
    @Argument(help: "all, or days before joining (0–\(Backlog.maxDays)).") var limit: String

    /// nil for "all"; a whole number as given (the store checks its range, 65).
    static func parse(_ text: String) throws -> Int? {
        if text.lowercased() == "all" { return nil }
        guard let days = Int(text) else {
            throw ValidationError(
                "The backlog must be 'all' or a number of days, got '\(SafeText.neutralise(text))'.")
        }
        return days
    }

    func validate() throws { _ = try Self.parse(limit) }

    func run() async throws {
        try await reporting {
            let days = try Self.parse(limit)
            let session = try await RoomSession.open(global, for: .write)
            let target = try await session.store.group(slug: group)
            try await session.store.setBacklog(groupID: target.id, days: days)
            print("Members of \(target.name) read \(Backlog.settingText(days)) now; facilitators read everything.")
        }
    }
}
