import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// `peerroom reach-out [LINE]`: "I need support now" (issue 18), as the room's `S` sends it.
struct ReachOut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach-out",
        abstract: "I need support now: quietly ask the peer mentors and facilitators here.",
        discussion:
            "Sends a quiet signal, with an optional one-line message, to the peer mentors and facilitators of "
            + "your groups who are in the room now; nobody else sees it, and it is in no feed or search. The "
            + "first to answer opens a private thread with you in the room. One call can wait at a time, "
            + "and at most \(Support.perHour) an hour (exit 75 when limited). When nobody is here, nothing is "
            + "sent (exit 69) and crisis help and your groups' next meeting are shown.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A line for them to read (optional).") var line: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        do {
            _ = try Validate.supportLine(line)
        } catch {
            throw ArgumentParser.ValidationError(error.description)
        }
    }

    func run() async throws {
        try await reporting(json: format == .json) {
            let store = try await RoomSession.open(global, for: .write).store
            let outcome: ReachOutOutcome
            do {
                outcome = try await store.reachOut(line: line)
            } catch StoreError.notNow(let message) {
                throw Failure(message, status: .tempFailure)  // a limit: later it works
            }
            switch outcome {
            case .sent(let signal, let told):
                switch format {
                case .json: try Output.printJSON(ReachOutJSON(sent: true, told: told, signal: signal.id, next: nil))
                case .text: Output.printText([Self.sentLine(told: told)])
                }
            case .nobodyHere:
                let now = store.clock.now()
                let next = try await store.upcomingMeetings(groupID: nil, after: now, limit: 1).first
                switch format {
                case .json:
                    try Output.printJSON(
                        ReachOutJSON(
                            sent: false, told: 0, signal: nil,
                            next: next.map { MeetingJSON($0, zone: .current, now: now) }))
                case .text:
                    var lines = [Support.nobodyMessage, ""]
                    if let next {
                        lines +=
                            ["Your groups' next meeting:"]
                            + Output.meetingLines(next, lead: "  ", zone: .current, now: now) + [""]
                    }
                    Output.printText(lines)
                    Crisis.show(sources: false)
                }
                throw ExitCode(ExitStatus.unavailable.rawValue)
            }
        }
    }

    static func sentLine(told: Int) -> String {
        "Sent quietly to \(told) \(told == 1 ? "peer mentor or facilitator" : "peer mentors and facilitators") "
            + "here. The first to answer will write to you in the room (press S there to see it)."
    }
}

/// `reach-out --format json`: `sent`, how many were `told`, the `signal`'s id (null when none
/// was sent) and, when nobody was here, the `nextMeeting` of your groups (or null).
struct ReachOutJSON: Encodable {
    var sent: Bool
    var told: Int
    var signal: SupportSignalID?
    var next: MeetingJSON?

    enum Keys: String, CodingKey { case sent, told, signal, nextMeeting }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(sent, forKey: .sent)
        try c.encode(told, forKey: .told)
        try c.encode(signal, forKey: .signal)
        try c.encode(next, forKey: .nextMeeting)
    }
}
