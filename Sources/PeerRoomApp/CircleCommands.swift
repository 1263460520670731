import ArgumentParser
import Foundation
import RoomCore
import RoomStore

struct CircleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle", abstract: "The share circle of a meeting under way: show, raise, lower, pass.",
        discussion: """
            Acts on the latest occurrence of --meeting that has begun, or the one starting at --at. \
            Members of the meeting's group raise and lower their own hand while it is under way; its \
            facilitators pass the turn and may lower anyone's hand (lower --hand HANDLE).
            """,
        subcommands: [ShowCircle.self, RaiseHand.self, LowerHand.self, PassTurn.self])
}

struct CircleOptions: ParsableArguments {
    @Option(help: "The meeting (an id from `peerroom meetings`).") var meeting: MeetingID
    @Option(help: "The occurrence's start (ISO 8601, as `meetings --format json` gives it).") var at: String?

    /// The occurrence asked for, or the latest that has begun.
    func occurrence(_ store: any RoomStore) async throws -> Date {
        if let at {
            guard let date = try? Date(at, strategy: .iso8601) else {
                throw Failure("--at '\(SafeText.neutralise(at))' is not an ISO 8601 time", status: .usage)
            }
            return date
        }
        guard let latest = try await store.latestOccurrence(meetingID: meeting) else {
            throw Failure("meeting \(meeting) has not begun; \(ShareCircle.notUnderWayMessage)", status: .dataError)
        }
        return latest
    }
}

extension ShareCircle {
    /// The circle for the command line, top to bottom as the room says it.
    var commandLines: [String] {
        [
            "Share circle — meeting \(meeting.id) \"\(meeting.title)\" (\(meeting.groupSlug)), "
                + (isUnderWay ? "under way" : "not under way") + ".",
            speakingLine,
        ] + (waiting.isEmpty ? ["Nobody is waiting to share."] : queueLines) + [myLine]
    }
}

/// `circle show --format json`.
struct CircleJSON: Encodable {
    struct Hand: Encodable {
        var id: Int64
        var handle: String
        var mine: Bool
    }

    var meeting: Int64
    var occurrence: String
    var underWay: Bool
    var facilitating: Bool
    var speaking: Hand?
    var waiting: [Hand]
    var myPlace: Int?

    init(_ circle: ShareCircle) {
        meeting = circle.meeting.id
        occurrence = circle.occurrence.formatted(.iso8601)
        underWay = circle.isUnderWay
        facilitating = circle.iFacilitate
        let hand = { (h: CircleHand) in Hand(id: h.id, handle: h.handle, mine: h.isMine) }
        speaking = circle.speaking.map(hand)
        waiting = circle.waiting.map(hand)
        myPlace = circle.myPlace
    }
}

struct ShowCircle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Who speaks now and who waits, in the order hands went up.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var circle: CircleOptions
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reporting(json: format == .json) {
            let session = try await RoomSession.open(global, for: .write)
            let start = try await circle.occurrence(session.store)
            let shown = try await session.store.shareCircle(meetingID: circle.meeting, occurrence: start)
            switch format {
            case .json: try Output.printJSON(CircleJSON(shown))
            case .text: Output.printText(shown.commandLines)
            }
        }
    }
}

struct RaiseHand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise", abstract: "Raise your hand to share (once; while the meeting is under way).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var circle: CircleOptions

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let start = try await circle.occurrence(session.store)
            let shown = try await session.store.raiseHand(meetingID: circle.meeting, occurrence: start)
            Output.printText(["Your hand is up."] + shown.commandLines)
        }
    }
}

struct LowerHand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lower", abstract: "Lower your hand; facilitators: --hand HANDLE lowers that member's.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var circle: CircleOptions
    @Option(help: "Whose hand (facilitators).") var hand: String?

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let start = try await circle.occurrence(session.store)
            var id: CircleHandID?
            if let hand {
                let now = try await session.store.shareCircle(meetingID: circle.meeting, occurrence: start)
                guard let found = now.hands.first(where: { $0.handle.lowercased() == hand.lowercased() }) else {
                    throw Failure("\(SafeText.neutralise(hand)) has no hand up in this circle", status: .dataError)
                }
                id = found.id
            }
            let shown = try await session.store.lowerHand(meetingID: circle.meeting, occurrence: start, hand: id)
            Output.printText(
                [hand == nil ? "Your hand is down." : "Lowered \(SafeText.neutralise(hand!))'s hand."]
                    + shown.commandLines)
        }
    }
}

struct PassTurn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pass", abstract: "Facilitators: the speaker is done, the next hand speaks.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var circle: CircleOptions

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let start = try await circle.occurrence(session.store)
            let now = try await session.store.shareCircle(meetingID: circle.meeting, occurrence: start)
            let shown = try await session.store.passTurn(
                meetingID: circle.meeting, occurrence: start, expecting: now.speaking?.id)
            Output.printText(["Turn passed."] + shown.commandLines)
        }
    }
}
