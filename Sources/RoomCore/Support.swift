import Foundation

public typealias SupportSignalID = Int64

/// "I need support now" (issue 18): a quiet signal to the peer mentors and facilitators of the
/// signaller's groups who are in the room at that moment. The first of them to answer opens a
/// private thread with the signaller; the others are told only that someone answered.
public enum Support {
    /// A signal waits this long for an answer; then it leaves the helpers' banners and the
    /// member may send another.
    public static let waitMillis: Int64 = 30 * 60_000
    /// At most this many signals per member in any hour (and one waiting at a time).
    public static let perHour = 3
    public static let hourMillis: Int64 = 60 * 60_000
    public static let lineMaxCharacters = 200

    /// The banner a helper sees.
    public static func banner(handle: String, line: String?) -> String {
        guard let line, !line.isEmpty else { return "\(handle) would like support now." }
        return "\(handle) would like support now: \(line)"
    }

    /// Said when a member already has a signal waiting.
    public static let waitingMessage =
        "Your call for support is still with the peer mentors and facilitators here; "
        + "someone will answer as soon as they can. Crisis help is always there: press ! or run peerroom crisis."
    /// Said when the hourly limit is reached.
    public static let hourlyMessage =
        "You have reached out \(perHour) times this hour, which is the most the room sends; "
        + "please try again a little later. If you are in danger, crisis help is there now: press ! or run peerroom crisis."
    /// Said when no helper is in the room.
    public static let nobodyMessage =
        "No peer mentor or facilitator of your groups is in the room right now, so nothing was sent. "
        + "You are not alone: crisis lines are open now (press ! or run peerroom crisis)."
    /// Said when another helper answered first.
    public static let alreadyAnsweredMessage = "Someone has already answered; thank you for being there."
}

/// A signal as one viewer sees it: the signaller's own, one told to the viewer, or one the
/// viewer answered. Whom it was answered by is told only to the two (see `answererHandle`).
public struct SupportSignal: Sendable, Equatable, Identifiable {
    public enum Side: String, Sendable, Equatable {
        /// The viewer sent it.
        case mine
        /// The viewer was told of it (a helper present when it was sent).
        case toldMe = "told-me"
    }

    public var id: SupportSignalID
    /// The signaller's handle.
    public var handle: String
    public var line: String?
    public var createdAt: Date
    public var side: Side
    public var isAnswered: Bool
    /// Who answered: only for the signaller and the answerer; nil for the other helpers. Peer
    /// support keeps a reaching-out between the person and whoever they end up talking to: the
    /// other helpers need only know they can stand down, and naming the answerer would tell
    /// them who is supporting whom (and invite talk about the person) without the person's say.
    public var answererHandle: String?
    /// The viewer answered it (so the thread is theirs).
    public var answeredByMe: Bool

    public init(
        id: SupportSignalID, handle: String, line: String?, createdAt: Date, side: Side, isAnswered: Bool,
        answererHandle: String? = nil, answeredByMe: Bool = false
    ) {
        self.id = id
        self.handle = handle
        self.line = line
        self.createdAt = createdAt
        self.side = side
        self.isAnswered = isAnswered
        self.answererHandle = answererHandle
        self.answeredByMe = answeredByMe
    }

    /// The viewer is one of the thread's two.
    public var isMyThread: Bool { isAnswered && (side == .mine || answeredByMe) }

    /// Still waiting at `now` (unanswered, younger than `Support.waitMillis`).
    public func isWaiting(at now: Date) -> Bool {
        !isAnswered && now.millisecondsSince1970 - createdAt.millisecondsSince1970 < Support.waitMillis
    }

    public var banner: String { Support.banner(handle: handle, line: line) }
}

/// What reaching out did.
public enum ReachOutOutcome: Sendable, Equatable {
    /// Sent to `told` helpers who are here.
    case sent(SupportSignal, told: Int)
    /// No helper of the member's groups is in the room: nothing was sent.
    case nobodyHere
}

/// One message of a support thread.
public struct SupportMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var signalID: SupportSignalID
    public var authorHandle: String
    public var body: String
    public var createdAt: Date

    public init(id: Int64, signalID: SupportSignalID, authorHandle: String, body: String, createdAt: Date) {
        self.id = id
        self.signalID = signalID
        self.authorHandle = authorHandle
        self.body = body
        self.createdAt = createdAt
    }
}

extension Validate {
    /// The optional line of a signal: empty (or only spaces) is none.
    public static func supportLine(_ text: String?) throws(ValidationError) -> String? {
        guard let text, !text.trimmingWhitespace.isEmpty else { return nil }
        return try oneLine(text, field: "line", max: Support.lineMaxCharacters)
    }

    /// A message in a support thread (the same limits as a mentorship's).
    public static func supportMessage(_ text: String) throws(ValidationError) -> String {
        try multiline(text, field: "message", max: Limits.encouragementMaxCharacters)
    }
}
