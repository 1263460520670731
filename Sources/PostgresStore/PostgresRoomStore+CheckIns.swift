import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// Daily check-ins and milestones: `daily_checkin` and `milestone_celebration` are `me`'s
/// alone (policy `own`), and so is the recovery date (`member_private`) unless shared.
extension PostgresRoomStore {
    static let celebrationWindowDays = 7

    public func recordCheckIn(_ checkIn: DailyCheckIn) async throws -> CheckInSummary {
        let me = try requireMe()
        let mood = try Self.validated { () throws(ValidationError) in try Validate.mood(checkIn.mood) }
        let note = try Self.validated { () throws(ValidationError) in try Validate.checkInNote(checkIn.note) }
        let time = clock.now()
        // Somewhere on Earth it is this day: UTC's day, give or take one.
        let utcDay = Recurrence.day(of: time, in: TimeZone(identifier: "UTC")!)
        guard abs(utcDay.days(until: checkIn.day)) <= 1 else {
            throw StoreError.notNow("a check-in is for today (\(checkIn.day) is not today anywhere)")
        }
        let now = time.millisecondsSince1970
        return try await write { connection in
            try await connection.run(
                """
                INSERT INTO daily_checkin (member_id, day, mood, note, created_at, updated_at)
                VALUES (\(me.id), \(checkIn.day.description), \(Int64(mood)), \(note), \(now), \(now))
                ON CONFLICT (member_id, day) DO UPDATE SET mood = excluded.mood, note = excluded.note,
                  updated_at = excluded.updated_at
                """)
            // A hard day is not the moment for a 🎉: the milestone waits for a better check-in.
            let hardDay = CheckInSummary.hardDayMoods.contains(mood)
            let celebrated =
                hardDay ? [] : try await Self.celebrate(me: me, today: checkIn.day, now: now, connection)
            var summary = try await Self.summary(today: checkIn.day, connection)
            summary.celebratedIn = celebrated
            return summary
        }
    }

    public func checkInSummary(today: CalendarDay) async throws -> CheckInSummary {
        _ = try requireMe()
        return try await read { connection in try await Self.summary(today: today, connection) }
    }

    public func shareMilestones(groupID: GroupID, shared: Bool) async throws {
        let me = try requireMe()
        try await write { connection in
            try await Self.requireMembership(connection, me: me, groupID: groupID)
            try await connection.run(
                "UPDATE membership SET shares_milestones = \(shared) WHERE member_id = \(me.id) AND group_id = \(groupID)"
            )
        }
    }

    static func summary(today: CalendarDay, _ connection: PostgresConnection) async throws -> CheckInSummary {
        let start = try await connection.scalar(
            "SELECT recovery_start FROM member_private WHERE member_id = (SELECT me())", as: String.self
        ).flatMap(CalendarDay.init(iso:))
        let days = Set(
            try await connection.values(
                "SELECT day FROM daily_checkin WHERE member_id = (SELECT me()) AND day <= \(today.description)",
                as: String.self
            ).compactMap(CalendarDay.init(iso:)))
        let todays = try await connection.rows(
            "SELECT mood::bigint AS mood, note FROM daily_checkin WHERE member_id = (SELECT me()) AND day = \(today.description)"
        ).first.map { DailyCheckIn(day: today, mood: try $0.count("mood"), note: try $0.optionalText("note")) }
        return CheckInSummary(
            today: todays, streak: CheckInSummary.streak(days: days, today: today), totalDays: days.count,
            longestStreak: CheckInSummary.longestStreak(days: days),
            daysSinceStart: start.map { max(0, $0.days(until: today)) },
            milestoneToday: start.flatMap { Milestone.reached(start: $0, on: today) },
            nextMilestone: start.map { Milestone.next(start: $0, after: today) })
    }

    static func celebrate(me: Member, today: CalendarDay, now: Int64, _ connection: PostgresConnection) async throws
        -> [String]
    {
        guard
            let start = try await connection.scalar(
                "SELECT recovery_start FROM member_private WHERE member_id = (SELECT me())", as: String.self
            ).flatMap(CalendarDay.init(iso:)),
            let milestone = Milestone.all(start: start, through: today).last,
            milestone.day.days(until: today) < celebrationWindowDays
        else { return [] }
        let groups = try await connection.rows(
            """
            SELECT g.id, g.slug FROM membership ms JOIN peer_group g ON g.id = ms.group_id
            WHERE ms.member_id = (SELECT me()) AND ms.shares_milestones
              AND NOT EXISTS (SELECT 1 FROM milestone_celebration c
                              WHERE c.member_id = ms.member_id AND c.group_id = g.id AND c.milestone = \(milestone.key))
            ORDER BY g.slug
            """)
        var slugs: [String] = []
        for group in groups {
            let groupID = try group.int("id")
            let body =
                milestone.day == today
                ? "🎉 \(me.handle) reaches \(milestone) today. Celebrate with them!"
                : "🎉 \(me.handle) reached \(milestone) on \(milestone.day). Celebrate with them!"
            let id = try await connection.scalar(
                """
                INSERT INTO encouragement (group_id, author_id, recipient_id, body, created_at)
                VALUES (\(groupID), \(me.id), NULL, \(body), \(now)) RETURNING id
                """, as: Int64.self)!
            try await connection.run(
                """
                INSERT INTO milestone_celebration (member_id, group_id, milestone, day, encouragement_id)
                VALUES (\(me.id), \(groupID), \(milestone.key), \(milestone.day.description), \(id))
                """)
            slugs.append(try group.text("slug"))
        }
        return slugs
    }
}
