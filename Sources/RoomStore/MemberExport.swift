import Foundation

/// Everything a member wrote, as they can take it away (`export --me`).
public struct MemberExport: Sendable, Codable, Equatable {
    public struct Group: Sendable, Codable, Equatable {
        public var slug: String
        public var role: String
        public var sharesRecoveryStart: Bool

        public init(slug: String, role: String, sharesRecoveryStart: Bool) {
            self.slug = slug
            self.role = role
            self.sharesRecoveryStart = sharesRecoveryStart
        }
    }

    public struct StoryItem: Sendable, Codable, Equatable {
        public var id: Int64
        public var group: String
        public var kind: String
        public var title: String
        public var contentWarning: String?
        public var body: String
        public var createdAt: Date

        public init(
            id: Int64, group: String, kind: String, title: String, contentWarning: String?, body: String,
            createdAt: Date
        ) {
            self.id = id
            self.group = group
            self.kind = kind
            self.title = title
            self.contentWarning = contentWarning
            self.body = body
            self.createdAt = createdAt
        }
    }

    public struct ReplyItem: Sendable, Codable, Equatable {
        public var id: Int64
        public var story: Int64
        public var body: String
        public var createdAt: Date

        public init(id: Int64, story: Int64, body: String, createdAt: Date) {
            self.id = id
            self.story = story
            self.body = body
            self.createdAt = createdAt
        }
    }

    public struct EncouragementItem: Sendable, Codable, Equatable {
        public var id: Int64
        public var group: String
        public var to: String?
        public var body: String
        public var createdAt: Date

        public init(id: Int64, group: String, to: String?, body: String, createdAt: Date) {
            self.id = id
            self.group = group
            self.to = to
            self.body = body
            self.createdAt = createdAt
        }
    }

    public struct ReactionItem: Sendable, Codable, Equatable {
        public var story: Int64
        public var kind: String

        public init(story: Int64, kind: String) {
            self.story = story
            self.kind = kind
        }
    }

    public struct DraftItem: Sendable, Codable, Equatable {
        public var target: String
        public var title: String
        public var contentWarning: String
        public var body: String
        public var updatedAt: Date

        public init(target: String, title: String, contentWarning: String, body: String, updatedAt: Date) {
            self.target = target
            self.title = title
            self.contentWarning = contentWarning
            self.body = body
            self.updatedAt = updatedAt
        }
    }

    public var handle: String
    public var recoveryStart: String?
    public var groups: [Group]
    public var stories: [StoryItem]
    public var replies: [ReplyItem]
    public var encouragement: [EncouragementItem]
    public struct ReportItem: Sendable, Codable, Equatable {
        public var kind: String
        public var id: Int64
        public var reason: String
        public var createdAt: Date

        public init(kind: String, id: Int64, reason: String, createdAt: Date) {
            self.kind = kind
            self.id = id
            self.reason = reason
            self.createdAt = createdAt
        }
    }

    public var reactions: [ReactionItem]
    public var drafts: [DraftItem]
    /// Settings: the handles this member muted.
    public var muted: [String]
    /// What this member reported, and why.
    public var reports: [ReportItem]
    /// Meetings, check-ins and mentorship (each backend fills them in).
    public var rsvps: [RSVPItem] = []
    public var meetingCheckIns: [MeetingCheckInItem] = []
    public var checkIns: [CheckInItem] = []
    public var mentorOffers: [MentorOfferItem] = []
    public var mentorships: [MentorshipItem] = []
    /// The private messages this member wrote to their mentor or mentee.
    public var mentorMessages: [MentorMessageItem] = []
    /// One's own calls for support ("I need support now") and what one wrote in their
    /// threads: one's own words, as mentor messages are. Never who was told, nor the other's words.
    public var supportCalls: [SupportCallItem] = []
    public var supportMessages: [SupportMessageItem] = []

    public init(
        handle: String, recoveryStart: String?, groups: [Group], stories: [StoryItem], replies: [ReplyItem],
        encouragement: [EncouragementItem], reactions: [ReactionItem], drafts: [DraftItem], muted: [String],
        reports: [ReportItem], rsvps: [RSVPItem] = [], meetingCheckIns: [MeetingCheckInItem] = [],
        checkIns: [CheckInItem] = [], mentorOffers: [MentorOfferItem] = [], mentorships: [MentorshipItem] = [],
        mentorMessages: [MentorMessageItem] = []
    ) {
        self.handle = handle
        self.recoveryStart = recoveryStart
        self.groups = groups
        self.stories = stories
        self.replies = replies
        self.encouragement = encouragement
        self.reactions = reactions
        self.drafts = drafts
        self.muted = muted
        self.reports = reports
        self.rsvps = rsvps
        self.meetingCheckIns = meetingCheckIns
        self.checkIns = checkIns
        self.mentorOffers = mentorOffers
        self.mentorships = mentorships
        self.mentorMessages = mentorMessages
    }
}

extension MemberExport {
    public struct RSVPItem: Sendable, Codable, Equatable {
        public var meeting: Int64
        public var occurrence: Date
        public var answer: String

        public init(meeting: Int64, occurrence: Date, answer: String) {
            self.meeting = meeting
            self.occurrence = occurrence
            self.answer = answer
        }
    }

    public struct MeetingCheckInItem: Sendable, Codable, Equatable {
        public var meeting: Int64
        public var occurrence: Date

        public init(meeting: Int64, occurrence: Date) {
            self.meeting = meeting
            self.occurrence = occurrence
        }
    }

    public struct CheckInItem: Sendable, Codable, Equatable {
        public var day: String
        public var mood: Int
        public var note: String?

        public init(day: String, mood: Int, note: String?) {
            self.day = day
            self.mood = mood
            self.note = note
        }
    }

    public struct MentorOfferItem: Sendable, Codable, Equatable {
        public var group: String
        public var note: String
        public var capacity: Int
        public var available: Bool

        public init(group: String, note: String, capacity: Int, available: Bool) {
            self.group = group
            self.note = note
            self.capacity = capacity
            self.available = available
        }
    }

    public struct MentorshipItem: Sendable, Codable, Equatable {
        public var id: Int64
        public var group: String
        public var mentor: String
        public var mentee: String
        public var status: String

        public init(id: Int64, group: String, mentor: String, mentee: String, status: String) {
            self.id = id
            self.group = group
            self.mentor = mentor
            self.mentee = mentee
            self.status = status
        }
    }

    public struct SupportCallItem: Sendable, Codable, Equatable {
        public var id: Int64
        public var line: String?
        public var createdAt: Date
        public var answered: Bool

        public init(id: Int64, line: String?, createdAt: Date, answered: Bool) {
            self.id = id
            self.line = line
            self.createdAt = createdAt
            self.answered = answered
        }
    }

    public struct SupportMessageItem: Sendable, Codable, Equatable {
        public var call: Int64
        public var body: String
        public var createdAt: Date

        public init(call: Int64, body: String, createdAt: Date) {
            self.call = call
            self.body = body
            self.createdAt = createdAt
        }
    }

    public struct MentorMessageItem: Sendable, Codable, Equatable {
        public var mentorship: Int64
        public var body: String
        public var createdAt: Date

        public init(mentorship: Int64, body: String, createdAt: Date) {
            self.mentorship = mentorship
            self.body = body
            self.createdAt = createdAt
        }
    }
}
