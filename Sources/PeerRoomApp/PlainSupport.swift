import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// "I need support now" in plain mode: `support [LINE]` sends (typing the command is the
/// deliberate act the room's question is for), `calls` lists, `answer N` answers, `thread N`
/// and `write N TEXT` read and write the pair's thread. A call that arrived is said before the
/// next prompt (the room's banner; no bell: nothing but plain text is written).
extension PlainRoom {
    mutating func reachOut(_ line: String) async throws -> Outcome {
        try requireWriter()
        do {
            switch try await store.reachOut(line: line.isEmpty ? nil : line) {
            case .sent(_, let told):
                say(
                    ReachOut.sentLine(told: told).replacingOccurrences(
                        of: "(press S there to see it)", with: "(type calls)"))
            case .nobodyHere:
                say(Support.nobodyMessage)
                if let next = try await actions.upcomingMeetings(groupID: nil, limit: 1).first {
                    say(
                        lines: ["Your groups' next meeting:"]
                            + Output.meetingLines(next, lead: "  ", zone: .current, now: Date()))
                }
                try await crisis()
            }
        } catch StoreError.notNow(let message) {
            say(message)
        }
        return .goOn
    }

    mutating func listCalls() async throws {
        try requireMember()
        let now = store.clock.now()
        supportList = try await store.supportSignals().filter {
            $0.isMyThread || ($0.side == .toldMe && $0.isWaiting(at: now))
        }
        announcedCalls.formUnion(supportList.map(\.id))
        guard !supportList.isEmpty else {
            return say("No calls for support or support threads. Type support to quietly ask the helpers here.")
        }
        for (index, call) in supportList.enumerated() {
            say("\(index + 1). " + Self.callLine(call))
        }
        say("Type answer N to answer a call, thread N to read a thread, write N TEXT to write in it.")
    }

    static func callLine(_ call: SupportSignal) -> String {
        switch call.side {
        case .mine:
            call.isAnswered
                ? "Your thread with \(call.answererHandle ?? "your helper")." : "Your call, waiting for an answer."
        case .toldMe:
            call.answeredByMe ? "Your thread with \(call.handle)." : call.banner + " (waiting; answer with answer N)"
        }
    }

    mutating func call(_ text: String, usage: String) async throws -> SupportSignal {
        let number = try number(text, usage: usage, list: "calls")
        if supportList.isEmpty {
            try await listCalls()
            if supportList.isEmpty { throw Hint("There is no call to choose.") }
            throw Hint("Those are your calls and threads; type \(usage) again with a number from this list.")
        }
        return try item(number, of: supportList, kind: "call")
    }

    mutating func answerCall(_ text: String) async throws {
        let call = try await call(text, usage: "answer N")
        try requireWriter()
        do {
            let answered = try await store.answerSupport(id: call.id)
            let number = try number(text, usage: "answer N", list: "calls")
            supportList[number - 1] = answered
            say("You answered \(answered.handle). Only the two of you can read this thread: type write \(number) TEXT.")
        } catch StoreError.notAllowed(let message) {
            say(message.capitalizedFirst)
        }
    }

    mutating func supportThread(_ text: String) async throws {
        let call = try await call(text, usage: "thread N")
        let messages = try await store.supportThread(id: call.id)
        guard !messages.isEmpty else { return say("No messages yet.") }
        for message in messages {
            say(
                "\(message.authorHandle), \(RelativeTime.describe(message.createdAt, now: Date())):",
                "  " + message.body)
        }
    }

    mutating func writeSupport(_ text: String) async throws {
        let call = try await call(text, usage: "write N TEXT")
        let words = afterNumber(text)
        guard !words.isEmpty else { throw Hint("Type write N and your words, e.g. write 1 I am here.") }
        try requireWriter()
        _ = try await store.sendSupportMessage(signalID: call.id, body: try Validate.supportMessage(words))
        say("Sent, for the two of you only.")
    }

    /// The banner, in words: each new call waiting for this helper, once.
    mutating func announceCalls() async {
        guard !session.isGuest, let signals = try? await store.supportSignals() else { return }
        let now = store.clock.now()
        for call in signals where call.side == .toldMe && call.isWaiting(at: now) && !announcedCalls.contains(call.id) {
            announcedCalls.insert(call.id)
            say("Support now: \(call.banner) Type calls, then answer N.")
        }
    }
}
