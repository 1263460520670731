import GRDB
import RoomCore
import RoomStore

/// The typed changes, read from `change_log` (written by triggers, migration "v14 change log").
extension SQLiteRoomStore {
    /// More rows than this since the last look: reloading everything is cheaper than sorting them.
    static let changeBatchLimit = 1000

    func lastChange() async throws -> Int64 {
        try await watcher.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log") ?? 0 }
    }

    func changes(after seq: Int64, viewer: MemberID?) async throws -> (changes: [RoomChange], last: Int64) {
        try await watcher.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log") ?? 0
            guard seq != last else { return ([], last) }
            let first = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM change_log") ?? 0
            // Asked from the future (the file was replaced), or from before what is kept.
            guard seq < last, seq >= first - 1, last - seq <= Self.changeBatchLimit else { return ([.resync], last) }
            let facilitating = Set(
                try GroupID.fetchAll(
                    db, sql: "SELECT groupId FROM membership WHERE memberId = ? AND role = ?",
                    arguments: [viewer ?? -1, Role.facilitator.rawValue]))
            let groups = Set(
                try GroupID.fetchAll(
                    db, sql: "SELECT groupId FROM membership WHERE memberId = ?", arguments: [viewer ?? -1]))
            var seen = Set<RoomChange>()
            var changes: [RoomChange] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT * FROM change_log WHERE seq > ? AND seq <= ? ORDER BY seq", arguments: [seq, last])
            while let row = try rows.next() {
                for change in Self.changes(row, viewer: viewer, facilitating: facilitating, groups: groups)
                where seen.insert(change).inserted {
                    changes.append(change)
                }
            }
            return (changes, last)
        }
    }

    /// What one log row means to `viewer`.
    static func changes(_ row: Row, viewer: MemberID?, facilitating: Set<GroupID>, groups: Set<GroupID>)
        -> [RoomChange]
    {
        let group: GroupID? = row["groupId"]
        let story: StoryID? = row["storyId"]
        let kind: String = row["kind"]
        switch kind {
        case "groups":
            return [.groups]
        case "story":
            return [.groups] + (group.map { [.feed($0, .stories)] } ?? []) + (story.map { [.story($0)] } ?? [])
        case "replies":
            return (group.map { [.feed($0, .stories)] } ?? []) + (story.map { [.story($0)] } ?? [])
        case "encouragement":
            return group.map { [.feed($0, .encouragement)] } ?? []
        case "membership":
            return [.groups] + (group.map { [.roster($0)] } ?? [])
        case "roster":
            return group.map { [.roster($0)] } ?? []
        case "meetings":
            return group.map { [.meetings($0)] } ?? []
        case "mentorship", "message":
            // The thread to its two members; a mentorship's status to the roster too.
            let roster: [RoomChange] = kind == "mentorship" ? group.map { [.roster($0)] } ?? [] : []
            guard let viewer, let id: MentorshipID = row["mentorshipId"],
                [row["memberA"], row["memberB"]].contains(viewer as MemberID?)
            else { return roster }
            return roster + [.mentorship(id)]
        case "support":
            // Only the signaller and the helpers told of it (memberA, memberB).
            guard let viewer, let id: SupportSignalID = row["mentorshipId"],
                [row["memberA"], row["memberB"]].contains(viewer as MemberID?)
            else { return [] }
            return [.support(id)]
        case "circle":
            // Only the meeting's group's members (the meeting's id in the thread column).
            guard let group, groups.contains(group), let id: MeetingID = row["mentorshipId"] else { return [] }
            return [.circle(id)]
        case "queue":
            return group.flatMap { facilitating.contains($0) ? [.queue($0)] : nil } ?? []
        case "join":
            // The one asking sees it in their list of groups; the facilitators in their queue.
            return [.groups] + (group.flatMap { facilitating.contains($0) ? [.queue($0)] : nil } ?? [])
        default:
            return [.resync]  // written by a newer peerroom: reload rather than miss it
        }
    }
}

extension SQLiteSession {
    /// No signal: other processes write the file without telling this one, and the change
    /// log is a local read, so the room polls it.
    public func signalChanges(to wake: @escaping @Sendable () -> Void) -> Bool { false }
}
