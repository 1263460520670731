import Foundation
import RoomCore

/// Draws search results: three rows a result (title with the matches highlighted; group,
/// author and age; a snippet of the text, or the content warning of a story behind one), the
/// selected one marked with ▸ and reversed.
enum SearchScreen {
    static let rowsPerHit = 3

    static func draw(_ canvas: inout Canvas, _ search: SearchState, state: RoomState, layout: Layout) {
        let scope = state.groups.first { $0.id == search.groupID }?.name ?? "all your groups"
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: "Search")
        let frame = Rect(x: 0, y: 1, width: layout.size.width, height: layout.size.height - 2)
        let title = "“\(search.query)” in \(scope): \(StoryText.plural(search.hits.count, "story", "stories"))"
        canvas.box(frame, title: title, focused: true)
        let inner = frame.inner
        let visible = max(1, inner.height / rowsPerHit)
        let top = RoomRenderer.listTop(search.cursor, count: visible)
        canvas.cursor = Point(x: inner.x, y: inner.y)
        if search.hits.isEmpty {
            canvas.put("No stories match. Try fewer or other words.", x: inner.x + 2, y: inner.y, role: .muted)
        }
        for (row, index) in (top..<min(search.hits.count, top + visible)).enumerated() {
            let hit = search.hits[index]
            let selected = index == search.cursor
            let y = inner.y + row * rowsPerHit
            var x = inner.x
            x += canvas.put(selected ? "▸ " : "  ", x: x, y: y, role: selected ? .selection : .normal)
            x += canvas.put("[\(hit.story.kind.badge)] ", x: x, y: y, maxWidth: inner.maxX - x, role: .badge)
            drawMarked(&canvas, hit.title, x: x, y: y, maxX: inner.maxX, role: selected ? .selection : .title)
            let meta =
                "\(hit.groupName) · \(hit.story.authorHandle) · \(RelativeTime.short(hit.story.createdAt, now: state.now))"
            canvas.put(meta, x: inner.x + 4, y: y + 1, maxWidth: inner.width - 4, role: .muted)
            // A warned story shows its warning where the snippet goes; its text stays folded.
            var snippetX = inner.x + 4
            if let warning = hit.story.contentWarning {
                snippetX += canvas.put(
                    "⚠ Content warning: \(warning)" + (hit.snippet.parts.isEmpty ? "" : " · "), x: snippetX, y: y + 2,
                    maxWidth: inner.maxX - snippetX, role: .warning)
            }
            drawMarked(&canvas, hit.snippet, x: snippetX, y: y + 2, maxX: inner.maxX, role: .normal)
            if selected { canvas.cursor = Point(x: inner.x, y: y) }
        }
        RoomRenderer.drawFooter(
            &canvas, state: state, layout: layout,
            hints: [
                ("Enter", "open"), ("n/N", "next/previous"), (RoomRenderer.key(.search, state), "search again"),
                ("Esc", "back"),
            ])
    }

    /// Text with its matches in the `.match` role (bold and underlined: visible without colour).
    static func drawMarked(_ canvas: inout Canvas, _ text: MarkedText, x: Int, y: Int, maxX: Int, role: StyleRole) {
        var x = x
        for part in text.parts where x < maxX {
            x += canvas.put(part.text, x: x, y: y, maxWidth: maxX - x, role: part.isMatch ? .match : role)
        }
    }
}
