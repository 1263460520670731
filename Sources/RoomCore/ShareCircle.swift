import Foundation

public typealias CircleHandID = Int64

/// One raised hand in a meeting's share circle: waiting in turn, or speaking now.
public struct CircleHand: Sendable, Equatable, Identifiable {
    /// Also the order of raising: a later hand has a higher id.
    public var id: CircleHandID
    public var handle: String
    public var isMine: Bool
    public var isSpeaking: Bool

    public init(id: CircleHandID, handle: String, isMine: Bool, isSpeaking: Bool) {
        self.id = id
        self.handle = handle
        self.isMine = isMine
        self.isSpeaking = isSpeaking
    }
}

/// The share circle of one occurrence of a meeting (issue 18), as one member sees it: who is
/// speaking now and who waits, in the order they raised their hands. Only the group's
/// members see it; only they raise and lower their own hand, once at a time, while the
/// occurrence is under way; the group's facilitators pass the turn and may lower any hand.
public struct ShareCircle: Sendable, Equatable {
    public var meeting: Meeting
    public var occurrence: Date
    /// The occurrence has begun and not ended (by the store's clock).
    public var isUnderWay: Bool
    /// The viewer facilitates the meeting's group (passes the turn, lowers any hand).
    public var iFacilitate: Bool
    public var speaking: CircleHand?
    /// Oldest hand first.
    public var waiting: [CircleHand]

    public init(
        meeting: Meeting, occurrence: Date, isUnderWay: Bool, iFacilitate: Bool, speaking: CircleHand?,
        waiting: [CircleHand]
    ) {
        self.meeting = meeting
        self.occurrence = occurrence
        self.isUnderWay = isUnderWay
        self.iFacilitate = iFacilitate
        self.speaking = speaking
        self.waiting = waiting
    }

    /// When the occurrence ends.
    public var end: Date { meeting.end(of: occurrence) }

    /// Every hand, the speaker first.
    public var hands: [CircleHand] { (speaking.map { [$0] } ?? []) + waiting }
    public var myHand: CircleHand? { hands.first { $0.isMine } }
    /// The viewer's place among the waiting, from 1.
    public var myPlace: Int? { waiting.firstIndex { $0.isMine }.map { $0 + 1 } }

    // MARK: Words (the screen, plain mode and the command line say the same)

    public var speakingLine: String {
        guard let speaking else { return "Nobody is speaking now." }
        return speaking.isMine ? "Speaking now: you (\(speaking.handle))" : "Speaking now: \(speaking.handle)"
    }

    /// "1. river (waiting)", one per waiting hand.
    public var queueLines: [String] {
        waiting.enumerated().map { index, hand in
            "\(index + 1). \(hand.handle) (\(hand.isMine ? "waiting, you" : "waiting"))"
        }
    }

    /// Where the viewer stands.
    public var myLine: String {
        if speaking?.isMine == true { return "It is your turn to share." }
        if let place = myPlace { return "Your hand is up, you are \(Self.ordinal(place))." }
        return isUnderWay ? "Your hand is down." : "The meeting is not under way, so hands are down."
    }

    /// The one-line summary ("Speaking now: maple. 2 waiting.").
    public var summary: String {
        let count = waiting.isEmpty ? "Nobody waiting." : "\(waiting.count) waiting."
        return speakingLine + (speakingLine.hasSuffix(".") ? " " : ". ") + count
    }

    /// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
    public static func ordinal(_ number: Int) -> String {
        let tens = number % 100
        let suffix =
            (11...13).contains(tens)
            ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }

    public static let notUnderWayMessage = "hands are raised only while the meeting is under way"
    public static let alreadyUpMessage = "your hand is already up in this circle"
    public static let turnMovedMessage = "the turn has already passed; the circle shows who speaks now"
}
