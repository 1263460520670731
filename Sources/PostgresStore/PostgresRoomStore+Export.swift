import Foundation
import PostgresNIO
import RoomCore
import RoomStore

extension PostgresRoomStore {
    /// Everything `me` wrote and their settings, built by the database as JSON in one query
    /// (every row read through the policies, and `me()` only) and read back as `MemberExport`
    /// through its Codable form (its initialisers belong to RoomStore).
    public func export() async throws -> MemberExport {
        _ = try requireMe()
        func list(_ object: String, from: String, order: String) -> String {
            "coalesce((SELECT json_agg(\(object) ORDER BY \(order)) \(from)), '[]'::json)"
        }
        let sql = """
            SELECT json_build_object(
              'handle', m.handle,
              'recoveryStart', (SELECT recovery_start FROM member_private WHERE member_id = (SELECT me())),
              'groups', \(list(
                "json_build_object('slug', g.slug, 'role', ms.role, 'sharesRecoveryStart', ms.shares_recovery_start)",
                from: "FROM membership ms JOIN peer_group g ON g.id = ms.group_id WHERE ms.member_id = (SELECT me())", order: "g.slug")),
              'stories', \(list(
                "json_build_object('id', s.id, 'group', g.slug, 'kind', s.kind, 'title', s.title, 'contentWarning', s.content_warning, 'body', s.body, 'createdAt', s.created_at)",
                from: "FROM story s JOIN peer_group g ON g.id = s.group_id WHERE s.author_id = (SELECT me())", order: "s.created_at, s.id")),
              'replies', \(list(
                "json_build_object('id', r.id, 'story', r.story_id, 'body', r.body, 'createdAt', r.created_at)",
                from: "FROM reply r WHERE r.author_id = (SELECT me())", order: "r.created_at, r.id")),
              'encouragement', \(list(
                "json_build_object('id', e.id, 'group', g.slug, 'to', t.handle, 'body', e.body, 'createdAt', e.created_at)",
                from: "FROM encouragement e JOIN peer_group g ON g.id = e.group_id LEFT JOIN member t ON t.id = e.recipient_id WHERE e.author_id = (SELECT me())",
                order: "e.created_at, e.id")),
              'reactions', \(list(
                "json_build_object('story', x.story_id, 'kind', x.kind)",
                from: "FROM reaction x WHERE x.member_id = (SELECT me())", order: "x.created_at, x.story_id")),
              'drafts', \(list(
                "json_build_object('target', d.target, 'title', d.title, 'contentWarning', d.content_warning, 'body', d.body, 'updatedAt', d.updated_at)",
                from: "FROM draft d WHERE d.member_id = (SELECT me())", order: "d.updated_at")),
              'muted', \(list("t.handle", from: "FROM mute u JOIN member t ON t.id = u.muted_id WHERE u.member_id = (SELECT me())", order: "t.handle")),
              'reports', \(list(
                "json_build_object('kind', r.target_kind, 'id', r.target_id, 'reason', r.reason, 'createdAt', r.created_at)",
                from: "FROM report r WHERE r.reporter_id = (SELECT me())", order: "r.id")),
              'rsvps', \(list(
                "json_build_object('meeting', v.meeting_id, 'occurrence', v.occurrence, 'answer', v.answer)",
                from: "FROM meeting_rsvp v WHERE v.member_id = (SELECT me())", order: "v.occurrence")),
              'meetingCheckIns', \(list(
                "json_build_object('meeting', c.meeting_id, 'occurrence', c.occurrence)",
                from: "FROM meeting_checkin c WHERE c.member_id = (SELECT me())", order: "c.occurrence")),
              'checkIns', \(list(
                "json_build_object('day', c.day, 'mood', c.mood, 'note', c.note)",
                from: "FROM daily_checkin c WHERE c.member_id = (SELECT me())", order: "c.day")),
              'mentorOffers', \(list(
                "json_build_object('group', g.slug, 'note', o.note, 'capacity', o.capacity, 'available', o.available)",
                from: "FROM mentor_offer o JOIN peer_group g ON g.id = o.group_id WHERE o.member_id = (SELECT me())", order: "g.slug")),
              'mentorships', \(list(
                "json_build_object('id', s.id, 'group', g.slug, 'mentor', a.handle, 'mentee', b.handle, 'status', s.status)",
                from: "FROM mentorship s JOIN peer_group g ON g.id = s.group_id JOIN member a ON a.id = s.mentor_id JOIN member b ON b.id = s.mentee_id WHERE (SELECT me()) IN (s.mentor_id, s.mentee_id)",
                order: "s.id")),
              'mentorMessages', \(list(
                "json_build_object('mentorship', x.mentorship_id, 'body', x.body, 'createdAt', x.created_at)",
                from: "FROM mentor_message x WHERE x.author_id = (SELECT me())", order: "x.created_at, x.id")),
              'supportCalls', \(list(
                "json_build_object('id', s.id, 'line', s.line, 'createdAt', s.created_at, 'answered', s.answered_at IS NOT NULL)",
                from: "FROM support_signal s WHERE s.member_id = (SELECT me())", order: "s.created_at, s.id")),
              'supportMessages', \(list(
                "json_build_object('call', x.signal_id, 'body', x.body, 'createdAt', x.created_at)",
                from: "FROM support_message x WHERE x.author_id = (SELECT me())", order: "x.created_at, x.id"))
            )::text AS export
            FROM member m WHERE m.id = (SELECT me())
            """
        let text = try await read { connection in
            try await connection.scalar(PostgresQuery(unsafeSQL: sql), as: String.self)
        }
        guard let text else { throw StoreError.unknownMember("(you)", known: []) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(MemberExport.self, from: Data(text.utf8))
    }
}
