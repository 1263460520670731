import Foundation
import GRDB
import RoomCore
import RoomStore

/// Writes a validated seed bundle inside the caller's transaction. Groups whose slug is
/// already present are skipped whole, so loading the same seeds twice adds nothing.
///
/// A seed brings new groups with new members only: a new group that names a handle the room
/// already has is refused (`SeedError`, with the file and path), so no one can post in an
/// existing member's name by writing a seed. Members of skipped groups are not looked at.
struct SeedWriter {
    let db: Database
    let now: Date
    /// The login loading the seeds: it may act as the demo members it brings (`--as`).
    let seededBy: String?
    /// The file each group came from, in bundle order.
    let groupFiles: [String]

    func write(_ seed: SeedBundle) throws -> SeedReport {
        var report = SeedReport()
        let nowMillis = now.millisecondsSince1970
        func at(_ hoursAgo: Double) -> Int64 { nowMillis - Int64((hoursAgo * 3_600_000).rounded()) }

        var newGroups: [SeedGroup] = []
        for (index, group) in seed.groups.enumerated() {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM peer_group WHERE slug = ?", arguments: [group.slug]) == true {
                report.groupsSkipped.append(group.slug)
                continue
            }
            // The validator saw to it that every author, reaction and facilitator is a member.
            for (position, membership) in group.members.enumerated()
            where try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE handle = ?", arguments: [membership.handle])
                == true
            {
                throw SeedError(
                    file: groupFiles.indices.contains(index) ? groupFiles[index] : "group \(group.slug)",
                    location: "members[\(position)].handle",
                    message:
                        "'\(SafeText.neutralise(membership.handle))' is already a member of this room; "
                        + "a seed may bring new members only, never speak for existing ones")
            }
            newGroups.append(group)
        }

        // Members the room has already are left alone: no new group names them (checked above).
        var memberIDs: [String: MemberID] = [:]
        for member in seed.members {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM member WHERE handle = ?", arguments: [member.handle]) == true {
                continue
            }
            try db.execute(
                sql: """
                    INSERT INTO member (handle, handle_order, login, seededBy, recoveryStart, createdAt)
                    VALUES (?, ?, NULL, ?, ?, ?)
                    """,
                arguments: [
                    member.handle, Member.handleOrder(member.handle), seededBy, member.recoveryStart, nowMillis,
                ])
            memberIDs[member.handle.lowercased()] = db.lastInsertedRowID
            report.membersAdded += 1
        }
        func id(_ handle: String) -> MemberID { memberIDs[handle.lowercased()]! }

        for group in newGroups {
            try db.execute(
                sql: "INSERT INTO peer_group (slug, name, topic, isOpen, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [group.slug, group.name, group.topic, group.open ?? true, nowMillis])
            let groupID = db.lastInsertedRowID
            report.groupsAdded.append(group.slug)
            for membership in group.members {
                let role = Role(rawValue: membership.role)!
                try db.execute(
                    sql: """
                        INSERT INTO membership (groupId, memberId, role, roleRank, sharesRecoveryStart, joinedAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        groupID, id(membership.handle), role.rawValue, role.rank,
                        membership.sharesRecoveryStart ?? false,
                        nowMillis,
                    ])
                if let mentoring = membership.mentoring {
                    try db.execute(
                        sql: """
                            INSERT INTO mentor_offer (memberId, groupId, note, capacity, available, updatedAt)
                            VALUES (?, ?, ?, ?, 1, ?)
                            """,
                        arguments: [id(membership.handle), groupID, mentoring.note, mentoring.capacity, nowMillis])
                }
            }
            let insertStory = try db.makeStatement(
                sql: """
                    INSERT INTO story (groupId, authorId, kind, title, contentWarning, body, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for story in group.stories {
                try insertStory.execute(arguments: [
                    groupID, id(story.author), story.kind, story.title.trimmingWhitespace,
                    story.contentWarning?.trimmingWhitespace.nilIfEmpty, story.body.trimmingWhitespace,
                    at(story.hoursAgo),
                ])
                let storyID = db.lastInsertedRowID
                report.storiesAdded += 1
                for reply in story.replies ?? [] {
                    try db.execute(
                        sql: "INSERT INTO reply (storyId, authorId, body, createdAt) VALUES (?, ?, ?, ?)",
                        arguments: [storyID, id(reply.author), reply.body.trimmingWhitespace, at(reply.hoursAgo)])
                }
                for reaction in story.reactions ?? [] {
                    try db.execute(
                        sql: "INSERT INTO reaction (storyId, memberId, kind, createdAt) VALUES (?, ?, ?, ?)",
                        arguments: [storyID, id(reaction.member), reaction.kind, nowMillis])
                }
            }
            for message in group.encouragement {
                try db.execute(
                    sql:
                        "INSERT INTO encouragement (groupId, authorId, recipientId, body, createdAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        groupID, id(message.author), message.to.map(id), message.body.trimmingWhitespace,
                        at(message.hoursAgo),
                    ])
                report.encouragementAdded += 1
            }
            for meeting in group.meetings ?? [] {
                try writeMeeting(meeting, groupID: groupID, facilitatorID: id(meeting.facilitator))
            }
        }
        return report
    }
}

extension SeedWriter {
    /// A weekly meeting runs from four weeks before the seeds were loaded (so there is a
    /// past one to check in to); a one-off is `daysFromNow` days on, in its own zone.
    func writeMeeting(_ meeting: SeedMeeting, groupID: GroupID, facilitatorID: MemberID) throws {
        let zone = TimeZone(identifier: meeting.timeZone)!
        let (hour, minute) = MeetingTime.parseTime(meeting.time)!
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
        try db.execute(
            sql: """
                INSERT INTO meeting (groupId, title, weekday, hour, minute, fromDay, startsAt, timeZone,
                  durationMinutes, location, facilitatorId, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [groupID, meeting.title.trimmingWhitespace] + SQLiteRoomStore.ruleColumns(schedule) + [
                zone.identifier, meeting.durationMinutes, meeting.where.trimmingWhitespace, facilitatorID,
                now.millisecondsSince1970,
            ])
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
