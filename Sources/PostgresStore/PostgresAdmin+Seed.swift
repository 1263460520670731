import Foundation
import PostgresNIO
import RoomCore
import RoomStore

extension PostgresAdmin {
    /// The login role of a seeded member: the prefix and the handle, lower-cased, other
    /// characters as `_`.
    public static func seededRole(prefix: String, handle: String) -> String {
        prefix + String(handle.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Loads a seed bundle (as `SeedLoader.load` validated it) as the owner, in one transaction: all of it or nothing.
    /// Each seeded member gets a login role named `rolePrefix` + its handle (lower-cased,
    /// other characters as `_`), so a demo room can be tried by logging in as one.
    /// A group already there (by slug) is left as it is; a member listed twice fails the load.
    @discardableResult
    public static func load(
        _ connection: PostgresConnection, seed: SeedBundle, now: Date, rolePrefix: String,
        memberGroup: String = defaultMemberGroup
    ) async throws -> SeedReport {
        let nowMillis = now.millisecondsSince1970
        func at(_ hoursAgo: Double) -> Int64 { nowMillis - Int64((hoursAgo * 3_600_000).rounded()) }
        return try await PostgresErrors.mapping {
            try await connection.withTransaction(logger: logger) { connection in
                var report = SeedReport()
                // A new group may bring new members only, never speak for existing ones.
                for (index, group) in seed.groups.enumerated() {
                    let exists =
                        try await connection.values(
                            "SELECT 1::bigint FROM peerroom.peer_group WHERE slug = \(group.slug)", as: Int64.self
                        ).isEmpty == false
                    if exists { continue }
                    for (position, membership) in group.members.enumerated() {
                        let taken =
                            try await connection.values(
                                "SELECT 1::bigint FROM peerroom.member WHERE lower(handle) = lower(\(membership.handle))",
                                as: Int64.self
                            ).isEmpty == false
                        if taken {
                            throw SeedError(
                                file: seed.groupFiles.indices.contains(index)
                                    ? seed.groupFiles[index] : "group \(group.slug)",
                                location: "members[\(position)].handle",
                                message:
                                    "'\(SafeText.neutralise(membership.handle))' is already a member of this room; "
                                    + "a seed may bring new members only, never speak for existing ones")
                        }
                    }
                }
                var ids: [String: Int64] = [:]
                for member in seed.members {
                    let key = member.handle.lowercased()
                    if let id = try await connection.values(
                        "SELECT id FROM peerroom.member WHERE lower(handle) = \(key)", as: Int64.self
                    ).first {
                        ids[key] = id
                        continue
                    }
                    let role = seededRole(prefix: rolePrefix, handle: member.handle)
                    try await createRole(connection, role: role, memberGroup: memberGroup)
                    let bound = try await bind(
                        connection, role: role, handle: member.handle,
                        recoveryStart: member.recoveryStart.flatMap(CalendarDay.init(iso:)), now: now, seededBy: role,
                        joinOpenGroups: false)
                    ids[key] = bound.id
                    report.membersAdded += 1
                }
                for group in seed.groups {
                    let exists =
                        try await connection.query(
                            "SELECT 1 FROM peerroom.peer_group WHERE slug = \(group.slug)", logger: logger
                        ).collect().isEmpty == false
                    if exists {
                        report.groupsSkipped.append(group.slug)
                        continue
                    }
                    let groupID = try await connection.values(
                        """
                        INSERT INTO peerroom.peer_group (slug, name, topic, is_open, created_at)
                        VALUES (\(group.slug), \(group.name), \(group.topic), \(group.open ?? true), \(nowMillis)) RETURNING id
                        """, as: Int64.self)[0]
                    report.groupsAdded.append(group.slug)
                    for membership in group.members {
                        guard let id = ids[membership.handle.lowercased()] else { continue }
                        try await connection.query(
                            """
                            INSERT INTO peerroom.membership (group_id, member_id, role, shares_recovery_start, joined_at)
                            VALUES (\(groupID), \(id), \(membership.role), \(membership.sharesRecoveryStart ?? false), \(nowMillis))
                            """, logger: logger)
                        if let mentoring = membership.mentoring {
                            try await connection.query(
                                """
                                INSERT INTO peerroom.mentor_offer (member_id, group_id, note, capacity, available, updated_at)
                                VALUES (\(id), \(groupID), \(mentoring.note), \(mentoring.capacity), true, \(nowMillis))
                                """, logger: logger)
                        }
                    }
                    for story in group.stories {
                        guard let author = ids[story.author.lowercased()] else { continue }
                        let storyID = try await connection.values(
                            """
                            INSERT INTO peerroom.story (group_id, author_id, kind, title, content_warning, body, created_at)
                            VALUES (\(groupID), \(author), \(story.kind), \(story.title.trimmingWhitespace),
                                    \(story.contentWarning.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }),
                                    \(story.body.trimmingWhitespace), \(at(story.hoursAgo))) RETURNING id
                            """, as: Int64.self)[0]
                        report.storiesAdded += 1
                        for reply in story.replies ?? [] {
                            guard let replier = ids[reply.author.lowercased()] else { continue }
                            try await connection.query(
                                """
                                INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at)
                                VALUES (\(storyID), \(groupID), \(replier), \(reply.body.trimmingWhitespace), \(at(reply.hoursAgo)))
                                """, logger: logger)
                        }
                        for reaction in story.reactions ?? [] {
                            guard let member = ids[reaction.member.lowercased()] else { continue }
                            try await connection.query(
                                """
                                INSERT INTO peerroom.reaction (story_id, member_id, kind, created_at)
                                VALUES (\(storyID), \(member), \(reaction.kind), \(nowMillis)) ON CONFLICT DO NOTHING
                                """, logger: logger)
                        }
                    }
                    for message in group.encouragement {
                        guard let author = ids[message.author.lowercased()] else { continue }
                        let recipient = message.to.flatMap { ids[$0.lowercased()] }
                        try await connection.query(
                            """
                            INSERT INTO peerroom.encouragement (group_id, author_id, recipient_id, body, created_at)
                            VALUES (\(groupID), \(author), \(recipient), \(message.body.trimmingWhitespace), \(at(message.hoursAgo)))
                            """, logger: logger)
                        report.encouragementAdded += 1
                    }
                    for meeting in group.meetings ?? [] {
                        guard let facilitator = ids[meeting.facilitator.lowercased()] else { continue }
                        try await writeMeeting(
                            connection, meeting, groupID: groupID, facilitatorID: facilitator, now: now)
                    }
                }
                return report
            }
        }
    }

    /// A weekly meeting runs from four weeks before the seeds were loaded (so there is a past
    /// one to check in to); a one-off is `daysFromNow` days on, in its own zone (as on SQLite).
    static func writeMeeting(
        _ connection: PostgresConnection, _ meeting: SeedMeeting, groupID: GroupID, facilitatorID: MemberID, now: Date
    ) async throws {
        guard let zone = TimeZone(identifier: meeting.timeZone),
            let (hour, minute) = MeetingTime.parseTime(meeting.time)
        else { return }
        let today = Recurrence.day(of: now, in: zone)
        let schedule: MeetingSchedule
        if let weekday = meeting.weekday.flatMap(MeetingTime.parseWeekday) {
            schedule = .weekly(
                weekday: weekday, hour: hour, minute: minute,
                from: CalendarDay(daysSinceEpoch: today.daysSinceEpoch - 28))
        } else {
            let day = CalendarDay(daysSinceEpoch: today.daysSinceEpoch + (meeting.daysFromNow ?? 0))
            schedule = .once(Recurrence.instant(day, hour: hour, minute: minute, in: zone))
        }
        let rule = PostgresRoomStore.rule(schedule)
        try await connection.query(
            """
            INSERT INTO peerroom.meeting (group_id, title, weekday, hour, minute, from_day, starts_at, time_zone,
              duration_minutes, location, facilitator_id, created_at)
            VALUES (\(groupID), \(meeting.title.trimmingWhitespace), \(rule.weekday), \(rule.hour), \(rule.minute),
              \(rule.from), \(rule.startsAt), \(zone.identifier), \(Int64(meeting.durationMinutes)),
              \(meeting.where.trimmingWhitespace), \(facilitatorID), \(now.millisecondsSince1970))
            """, logger: logger)
    }
}
