import Foundation
import PostgresNIO
import RoomCore
import RoomStore

extension PostgresAdmin {
    /// Loads a seed bundle (as `SeedLoader.load` validated it) as the owner, in one transaction: all of it or nothing.
    /// Each seeded member gets a login role named `rolePrefix` + its handle (lower-cased,
    /// other characters as `_`), so a demo room can be tried by logging in as one.
    /// A group already there (by slug) is left as it is. Meetings are not loaded yet.
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
                var ids: [String: Int64] = [:]
                for member in seed.members {
                    let key = member.handle.lowercased()
                    if let id = try await connection.values(
                        "SELECT id FROM peerroom.member WHERE lower(handle) = \(key)", as: Int64.self
                    ).first {
                        ids[key] = id
                        continue
                    }
                    let role = rolePrefix + String(key.map { $0.isLetter || $0.isNumber ? $0 : "_" })
                    try await createRole(connection, role: role, memberGroup: memberGroup)
                    let bound = try await bind(
                        connection, role: role, handle: member.handle,
                        recoveryStart: member.recoveryStart.flatMap(CalendarDay.init(iso:)), now: now, seededBy: role)
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
                    if group.open ?? true {
                        // Everyone joins open groups as a newcomer; the seed's roles override.
                        try await connection.query(
                            """
                            INSERT INTO peerroom.membership (group_id, member_id, role, joined_at)
                            SELECT \(groupID), id, 'newcomer', \(nowMillis) FROM peerroom.member
                            WHERE handle != '[removed]' ON CONFLICT DO NOTHING
                            """, logger: logger)
                    }
                    for membership in group.members {
                        guard let id = ids[membership.handle.lowercased()] else { continue }
                        try await connection.query(
                            """
                            INSERT INTO peerroom.membership (group_id, member_id, role, shares_recovery_start, joined_at)
                            VALUES (\(groupID), \(id), \(membership.role), \(membership.sharesRecoveryStart ?? false), \(nowMillis))
                            ON CONFLICT (group_id, member_id) DO UPDATE SET role = excluded.role,
                              shares_recovery_start = excluded.shares_recovery_start
                            """, logger: logger)
                    }
                    for story in group.stories {
                        guard let author = ids[story.author.lowercased()] else { continue }
                        let storyID = try await connection.values(
                            """
                            INSERT INTO peerroom.story (group_id, author_id, kind, title, content_warning, body, created_at)
                            VALUES (\(groupID), \(author), \(story.kind), \(story.title), \(story.contentWarning),
                                    \(story.body), \(at(story.hoursAgo))) RETURNING id
                            """, as: Int64.self)[0]
                        report.storiesAdded += 1
                        for reply in story.replies ?? [] {
                            guard let replier = ids[reply.author.lowercased()] else { continue }
                            try await connection.query(
                                """
                                INSERT INTO peerroom.reply (story_id, group_id, author_id, body, created_at)
                                VALUES (\(storyID), \(groupID), \(replier), \(reply.body), \(at(reply.hoursAgo)))
                                """, logger: logger)
                        }
                        for reaction in story.reactions ?? [] {
                            guard let member = ids[reaction.member.lowercased()] else { continue }
                            try await connection.query(
                                """
                                INSERT INTO peerroom.reaction (story_id, member_id, kind, created_at)
                                VALUES (\(storyID), \(member), \(reaction.kind), \(at(story.hoursAgo))) ON CONFLICT DO NOTHING
                                """, logger: logger)
                        }
                    }
                    for message in group.encouragement {
                        guard let author = ids[message.author.lowercased()] else { continue }
                        let recipient = message.to.flatMap { ids[$0.lowercased()] }
                        try await connection.query(
                            """
                            INSERT INTO peerroom.encouragement (group_id, author_id, recipient_id, body, created_at)
                            VALUES (\(groupID), \(author), \(recipient), \(message.body), \(at(message.hoursAgo)))
                            """, logger: logger)
                        report.encouragementAdded += 1
                    }
                }
                return report
            }
        }
    }
}
