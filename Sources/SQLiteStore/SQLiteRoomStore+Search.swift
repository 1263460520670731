import Foundation
import GRDB
import RoomCore
import RoomStore

/// Full-text search over stories (FTS5, `story_search`), as one member may see them.
extension SQLiteRoomStore {

    func search(_ text: String, groupID: GroupID?, viewer: MemberID?, limit: Int) async throws -> [SearchHit] {
        guard let query = SearchQuery.fts(text) else { return [] }
        let markers = MarkedText.Markers.random()
        let (open, close) = (markers.open, markers.close)
        return try await pool.read { db in
            // Which stories the viewer may find: visible to them, in their groups (a guest: the
            // open groups), in one group when asked.
            var filter = "AND \(Self.storyVisible) AND \(Self.storyInBacklog)"
            var filterArguments: StatementArguments = [viewer ?? -1, viewer ?? -1, viewer ?? -1, viewer ?? -1]
            if let viewer {
                filter += " AND s.groupId IN (SELECT groupId FROM membership WHERE memberId = ?)"
                filterArguments += [viewer]
            } else {
                filter += " AND s.groupId IN (SELECT id FROM peer_group WHERE isOpen)"
            }
            if let groupID {
                filter += " AND s.groupId = ?"
                filterArguments += [groupID]
            }
            // Relevance is weighed among the newest `SearchQuery.rankedMatches` matches, so a word found in
            // half the room costs what a rare one does; older matches of common words give way.
            let from =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT ifnull(min(id), 0) FROM (
                          SELECT s.id FROM story_search JOIN story s ON s.id = story_search.rowid
                          WHERE story_search MATCH ? \(filter) ORDER BY story_search.rowid DESC LIMIT \(SearchQuery.rankedMatches))
                        """, arguments: [query] + filterArguments) ?? 0
            // Title words count ten times body words; among equals, the newest first.
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT s.id FROM story_search JOIN story s ON s.id = story_search.rowid
                    WHERE story_search MATCH ? AND story_search.rowid >= ? \(filter)
                    ORDER BY bm25(story_search, 10.0, 1.0), s.createdAt DESC, s.id DESC LIMIT ?
                    """, arguments: [query, from] + filterArguments + [max(1, limit)])
            guard !ids.isEmpty else { return [] }
            // Highlights and snippets for the results only. A story behind a content warning
            // gets no snippet (but for its author): its text stays folded until asked for.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.groupId, s.kind, s.title, m.handle AS author, s.createdAt, s.contentWarning,
                      (SELECT COUNT(*) FROM reply WHERE storyId = s.id AND hiddenAt IS NULL) AS replies,
                      (SELECT COUNT(*) FROM reaction WHERE storyId = s.id) AS reactions,
                      s.hiddenAt IS NOT NULL AS hidden, g.name AS groupName, g.slug AS groupSlug,
                      highlight(story_search, 0, ?, ?) AS markedTitle,
                      CASE WHEN s.contentWarning IS NULL OR s.authorId = ? THEN snippet(story_search, 1, ?, ?, '…', 12) ELSE '' END
                        AS markedBody
                    FROM story_search JOIN story s ON s.id = story_search.rowid
                    JOIN member m ON m.id = s.authorId JOIN peer_group g ON g.id = s.groupId
                    WHERE story_search MATCH ? AND story_search.rowid IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: [open, close, viewer ?? -1, open, close, query] + StatementArguments(ids))
            let hits = Dictionary(
                rows.map { row in
                    (
                        row["id"] as Int64,
                        SearchHit(
                            story: Self.storySummary(row), groupName: row["groupName"],
                            title: MarkedText(marked: row["markedTitle"], markers: markers),
                            snippet: MarkedText(
                                marked: (row["markedBody"] as String).replacingOccurrences(of: "\n", with: " "),
                                markers: markers),
                            groupSlug: row["groupSlug"])
                    )
                }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { hits[$0] }
        }
    }
}
