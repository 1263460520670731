import Foundation

/// The newcomer backlog (issue 18): how far back a group's members read, set by its
/// facilitators. Members read others' stories from `days` before the day they joined (0: only
/// what was shared since); facilitators read everything; one's own stories, and the replies to
/// them, are never held back. A non-member of a limited group reads none of its history.
public enum Backlog {
    /// The longest limit a group may set, about ten years.
    public static let maxDays = 3650
    /// One day, as the stores count it.
    public static let dayMillis: Int64 = 86_400_000

    /// `days` as stored: nil (everything) or 0…`maxDays`.
    public static func check(_ days: Int?) throws(ValidationError) -> Int? {
        guard let days else { return nil }
        guard (0...maxDays).contains(days) else {
            throw ValidationError(
                field: "backlog", problem: "must be all or 0–\(maxDays) days, got \(days)")
        }
        return days
    }

    /// The moment a member who joined at `joinedAtMillis` reads from.
    public static func floorMillis(joinedAtMillis: Int64, days: Int) -> Int64 {
        joinedAtMillis - Int64(days) * dayMillis
    }

    /// What the store answers for a non-member of a limited group: nothing before the end of time.
    public static let nonMemberFloorMillis = Int64.max

    /// The setting in words: "everything" or "30 days before joining".
    public static func settingText(_ days: Int?) -> String {
        guard let days else { return "everything" }
        switch days {
        case 0: return "only what was shared since joining"
        case 1: return "1 day before joining"
        default: return "\(days) days before joining"
        }
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// What a facilitator of a limited group reads at the end of its feed.
    public static func facilitatorText(_ slug: String, days: Int) -> String {
        "Members read \(settingText(days)); you read everything. Change it with: peerroom group backlog \(slug) all|DAYS"
    }

    /// The calm line at the end of a limited feed.
    public static let endOfFeed = "Earlier stories in this group are kept for longer-standing members."

    /// "You can read from 12 March, 30 days before you joined." (nil when nothing is held back).
    public static func readsFromText(_ group: GroupSummary, zone: TimeZone, now: Date) -> String? {
        guard let from = group.readsFrom, let days = group.backlogDays else { return nil }
        guard from != .distantFuture else { return "Members of this group read from shortly before they joined." }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.day, .month, .year], from: from)
        let month = months[max(0, min(11, (parts.month ?? 1) - 1))]
        let year = parts.year == calendar.component(.year, from: now) ? "" : " \(parts.year ?? 0)"
        let day = "\(parts.day ?? 1) \(month)\(year)"
        switch days {
        case 0: return "You can read from \(day), the day you joined."
        case 1: return "You can read from \(day), 1 day before you joined."
        default: return "You can read from \(day), \(days) days before you joined."
        }
    }
}
