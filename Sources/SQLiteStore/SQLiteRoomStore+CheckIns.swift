import Foundation
import GRDB
import RoomCore
import RoomStore

/// Daily check-ins and milestone celebrations. A check-in is read only by its member (no
/// other call returns it); a celebration is an encouragement by the member to the group,
/// so others see it in the feed and can answer it.
extension SQLiteRoomStore {
    /// A milestone is still celebrated when the member checks in up to this many days later.
    public static let celebrationWindowDays = 7

    func recordCheckIn(memberID: MemberID, _ checkIn: DailyCheckIn) async throws
        -> CheckInSummary
    {
        let time = clock.now()
        let mood = try Self.validated { () throws(ValidationError) in try Validate.mood(checkIn.mood) }
        let note = try Self.validated { () throws(ValidationError) in try Validate.checkInNote(checkIn.note) }
        // Somewhere on Earth it is this day: UTC's day, give or take one.
        let utcDay = Recurrence.day(of: time, in: TimeZone(identifier: "UTC")!)
        guard abs(utcDay.days(until: checkIn.day)) <= 1 else {
            throw StoreError.notNow("a check-in is for today (\(checkIn.day) is not today anywhere)")
        }
        return try await write { db in
            let now = time.millisecondsSince1970
            try db.execute(
                sql: """
                    INSERT INTO daily_checkin (memberId, day, mood, note, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (memberId, day) DO UPDATE SET
                      mood = excluded.mood, note = excluded.note, updatedAt = excluded.updatedAt
                    """, arguments: [memberID, checkIn.day.description, mood, note, now, now])
            // A hard day is not the moment for a 🎉: the milestone waits for the next check-in
            // of the week that is not (the celebration window), and is not posted if none comes.
            let hardDay = CheckInSummary.hardDayMoods.contains(mood)
            let celebrated = hardDay ? [] : try Self.celebrate(memberID: memberID, today: checkIn.day, at: now, db)
            var summary = try Self.summary(memberID: memberID, today: checkIn.day, db)
            summary.celebratedIn = celebrated
            return summary
        }
    }

    func checkInSummary(memberID: MemberID, today: CalendarDay) async throws -> CheckInSummary {
        try await pool.read { db in try Self.summary(memberID: memberID, today: today, db) }
    }

    func shareMilestones(memberID: MemberID, groupID: GroupID, shared: Bool) async throws {
        try await write { db in
            try Self.requireMembership(db, memberID: memberID, groupID: groupID)
            try db.execute(
                sql: "UPDATE membership SET sharesMilestones = ? WHERE memberId = ? AND groupId = ?",
                arguments: [shared, memberID, groupID])
        }
    }

    // MARK: Helpers

    static func summary(memberID: MemberID, today: CalendarDay, _ db: Database) throws -> CheckInSummary {
        guard
            let row = try Row.fetchOne(db, sql: "SELECT recoveryStart FROM member WHERE id = ?", arguments: [memberID])
        else { throw StoreError.unknownMember("member \(memberID)", known: []) }
        let start = (row[0] as String?).flatMap(CalendarDay.init(iso:))
        // Every day the member checked in: one row a day at most, a few thousand in a decade,
        // for the current streak, the days in all and the longest run.
        let days = try String.fetchAll(
            db, sql: "SELECT day FROM daily_checkin WHERE memberId = ? AND day <= ? ORDER BY day DESC",
            arguments: [memberID, today.description]
        ).compactMap(CalendarDay.init(iso:))
        let daySet = Set(days)
        let todays = try Row.fetchOne(
            db, sql: "SELECT mood, note FROM daily_checkin WHERE memberId = ? AND day = ?",
            arguments: [memberID, today.description]
        ).map { DailyCheckIn(day: today, mood: $0[0], note: $0[1]) }
        return CheckInSummary(
            today: todays, streak: CheckInSummary.streak(days: daySet, today: today), totalDays: daySet.count,
            longestStreak: CheckInSummary.longestStreak(days: daySet),
            daysSinceStart: start.map { max(0, $0.days(until: today)) },
            milestoneToday: start.flatMap { Milestone.reached(start: $0, on: today) },
            nextMilestone: start.map { Milestone.next(start: $0, after: today) })
    }

    /// Posts the latest milestone of the last week to each group the member shares
    /// milestones with, unless it was posted there before. Returns those groups' slugs.
    static func celebrate(memberID: MemberID, today: CalendarDay, at now: Int64, _ db: Database) throws -> [String] {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT handle, recoveryStart FROM member WHERE id = ?", arguments: [memberID]),
            let start = (row[1] as String?).flatMap(CalendarDay.init(iso:)),
            let milestone = Milestone.all(start: start, through: today).last,
            milestone.day.days(until: today) < celebrationWindowDays
        else { return [] }
        let handle: String = row[0]
        let groups = try Row.fetchAll(
            db,
            sql: """
                SELECT g.id, g.slug FROM membership ms JOIN peer_group g ON g.id = ms.groupId
                WHERE ms.memberId = ? AND ms.sharesMilestones
                  AND NOT EXISTS (SELECT 1 FROM milestone_celebration c
                                  WHERE c.memberId = ms.memberId AND c.groupId = g.id AND c.milestone = ?)
                ORDER BY g.slug
                """, arguments: [memberID, milestone.key])
        var slugs: [String] = []
        for group in groups {
            let body =
                milestone.day == today
                ? "🎉 \(handle) reaches \(milestone) today. Celebrate with them!"
                : "🎉 \(handle) reached \(milestone) on \(milestone.day). Celebrate with them!"
            try db.execute(
                sql:
                    "INSERT INTO encouragement (groupId, authorId, recipientId, body, createdAt) VALUES (?, ?, NULL, ?, ?)",
                arguments: [group[0], memberID, body, now])
            try db.execute(
                sql: """
                    INSERT INTO milestone_celebration (memberId, groupId, milestone, day, encouragementId)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [memberID, group[0], milestone.key, milestone.day.description, db.lastInsertedRowID])
            slugs.append(group[1])
        }
        return slugs
    }
}
