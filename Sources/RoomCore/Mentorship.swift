import Foundation

public typealias MentorshipID = Int64

/// How the roster marks a member for the one reading it.
public enum MentorMark: String, Sendable, Equatable {
    case myMentor = "my-mentor"
    case myMentee = "my-mentee"
    case availableMentor = "mentor"

    public var label: String {
        switch self {
        case .myMentor: "your mentor"
        case .myMentee: "your mentee"
        case .availableMentor: "can mentor"
        }
    }
}

/// A peer mentor's offer in one group: a short note and how many mentees they can take.
public struct MentorOffer: Sendable, Equatable {
    public var handle: String
    public var groupID: GroupID
    public var note: String
    public var capacity: Int
    public var isAvailable: Bool
    /// Mentees they have now (active mentorships in this group).
    public var mentees: Int

    public init(handle: String, groupID: GroupID, note: String, capacity: Int, isAvailable: Bool, mentees: Int) {
        self.handle = handle
        self.groupID = groupID
        self.note = note
        self.capacity = capacity
        self.isAvailable = isAvailable
        self.mentees = mentees
    }

    /// Available, with room for one more.
    public var canTakeMore: Bool { isAvailable && mentees < capacity }
}

/// A mentorship between a peer mentor and a mentee, in a group.
public struct Mentorship: Sendable, Equatable, Identifiable {
    public enum Status: String, Sendable, Codable, Equatable {
        case requested, active, declined, ended
    }

    public var id: MentorshipID
    public var groupID: GroupID
    public var groupSlug: String
    public var mentorHandle: String
    public var menteeHandle: String
    public var status: Status
    public var requestNote: String?
    public var responseNote: String?
    public var requestedAt: Date

    public init(
        id: MentorshipID, groupID: GroupID, groupSlug: String, mentorHandle: String, menteeHandle: String,
        status: Status, requestNote: String? = nil, responseNote: String? = nil, requestedAt: Date
    ) {
        self.id = id
        self.groupID = groupID
        self.groupSlug = groupSlug
        self.mentorHandle = mentorHandle
        self.menteeHandle = menteeHandle
        self.status = status
        self.requestNote = requestNote
        self.responseNote = responseNote
        self.requestedAt = requestedAt
    }

    /// The kind words a decline carries when the mentor adds none.
    public static func kindDecline(mentor: String) -> String {
        "\(mentor) can't take on a mentee right now — it is about their time, not about you. "
            + "You can ask another mentor, or anyone available."
    }
}

/// One message in a mentorship's private thread.
public struct MentorMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var mentorshipID: MentorshipID
    public var authorHandle: String
    public var body: String
    public var createdAt: Date

    public init(id: Int64, mentorshipID: MentorshipID, authorHandle: String, body: String, createdAt: Date) {
        self.id = id
        self.mentorshipID = mentorshipID
        self.authorHandle = authorHandle
        self.body = body
        self.createdAt = createdAt
    }
}

extension Validate {
    public static let mentorNoteMaxCharacters = 200
    public static let mentorCapacities = 1...10

    /// A mentor's note, a request's or an answer's: one line.
    public static func mentorNote(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "note", max: mentorNoteMaxCharacters)
    }

    public static func mentorCapacity(_ n: Int) throws(ValidationError) -> Int {
        guard mentorCapacities.contains(n) else {
            throw ValidationError(field: "capacity", problem: "must be 1–10 mentees, got \(n)")
        }
        return n
    }

    /// A message in a mentorship thread (the same limits as encouragement).
    public static func mentorMessage(_ text: String) throws(ValidationError) -> String {
        try multiline(text, field: "message", max: Limits.encouragementMaxCharacters)
    }
}
