import Foundation
import GRDB
import RoomCore

/// Full-text search over stories (FTS5, `story_search`), as one member may see them.
extension SQLiteRoomStore {
    public func search(_ text: String, groupID: GroupID?, viewer: MemberID?, limit: Int) async throws -> [SearchHit] {
        guard let query = SearchQuery.fts(text) else { return [] }
        let open = String(MarkedText.open)
        let close = String(MarkedText.close)
        return try await pool.read { db in
            var sql = """
                SELECT s.id, s.groupId, s.kind, s.title, m.handle AS author, s.createdAt, s.contentWarning,
                  (SELECT COUNT(*) FROM reply WHERE storyId = s.id AND hiddenAt IS NULL) AS replies,
                  (SELECT COUNT(*) FROM reaction WHERE storyId = s.id) AS reactions,
                  s.hiddenAt IS NOT NULL AS hidden, g.name AS groupName,
                  highlight(story_search, 0, ?, ?) AS markedTitle,
                  snippet(story_search, 1, ?, ?, '…', 12) AS markedBody
                FROM story_search JOIN story s ON s.id = story_search.rowid
                JOIN member m ON m.id = s.authorId JOIN peer_group g ON g.id = s.groupId
                WHERE story_search MATCH ? AND \(Self.storyVisible)
                """
            var arguments: StatementArguments = [open, close, open, close, query, viewer ?? -1, viewer ?? -1]
            // A member searches the groups they belong to; a guest, the open ones.
            if let viewer {
                sql += " AND s.groupId IN (SELECT groupId FROM membership WHERE memberId = ?)"
                arguments += [viewer]
            } else {
                sql += " AND g.isOpen"
            }
            if let groupID {
                sql += " AND s.groupId = ?"
                arguments += [groupID]
            }
            // Title words count ten times body words; among equals, the newest first.
            sql += " ORDER BY bm25(story_search, 10.0, 1.0), s.createdAt DESC, s.id DESC LIMIT ?"
            arguments += [max(1, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SearchHit(
                    story: Self.storySummary(row), groupName: row["groupName"],
                    title: MarkedText(marked: row["markedTitle"]),
                    snippet: MarkedText(marked: (row["markedBody"] as String).replacingOccurrences(of: "\n", with: " "))
                )
            }
        }
    }
}
