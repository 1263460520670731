import Foundation
import RoomCore

/// Draws the compose view: a frame titled with what is being written, one row per short
/// field, and the text area with the terminal cursor where the next character goes.
enum ComposeRenderer {
    static let labelWidth = 9

    static func draw(_ canvas: inout Canvas, _ compose: ComposeState, state: RoomState, layout: Layout) {
        RoomRenderer.drawHeader(&canvas, state: state, layout: layout, trail: compose.heading)
        let frame = Rect(x: 0, y: 1, width: layout.size.width, height: layout.size.height - 2)
        canvas.box(frame, title: compose.heading, focused: true)
        let fieldX = 2 + labelWidth
        let fieldWidth = max(1, layout.size.width - fieldX - 2)
        var y = 2
        var cursor: Point?
        for field in compose.fields where field != .body {
            let focused = compose.field == field
            canvas.put(
                (focused ? "▸" : " ") + field.shortLabel, x: 1, y: y, maxWidth: labelWidth,
                role: focused ? .title : .muted)
            switch field {
            case .kind:
                var x = fieldX
                for kind in StoryKind.allCases {
                    let chosen = kind == compose.kind
                    let label = chosen ? "[\(kind.rawValue)]" : " \(kind.rawValue) "
                    if chosen && focused { cursor = Point(x: x + 1, y: y) }
                    x += canvas.put(
                        label, x: x, y: y, maxWidth: max(0, frame.maxX - 1 - x), role: chosen ? .selection : .normal)
                }
                let hint = "  Left/Right: choose"
                if focused && x + DisplayWidth.of(hint) <= frame.maxX - 1 {
                    canvas.put(hint, x: x, y: y, role: .muted)
                }
            case .title, .contentWarning:
                let editor = field == .title ? compose.title : compose.contentWarning
                let left = "\(editor.charactersLeft)"
                let leftWidth = DisplayWidth.of(left) + 1
                let width = max(1, fieldWidth - leftWidth)
                if editor.text.isEmpty && !focused && field == .contentWarning {
                    canvas.put("(optional: e.g. relapse, grief)", x: fieldX, y: y, maxWidth: width, role: .muted)
                } else {
                    let point = drawSingleLine(&canvas, editor, x: fieldX, y: y, width: width)
                    if focused { cursor = point }
                }
                canvas.put(left, x: fieldX + fieldWidth - leftWidth + 1, y: y, role: .muted)
            case .body:
                break
            }
            y += 1
        }
        let area = layout.composeBody(compose)
        let bodyFocused = compose.field == .body
        var label = "\(compose.body.charactersLeft) characters left"
        if let restored = compose.restoredDraftFrom {
            label += " · draft from \(RelativeTime.describe(restored, now: state.now)) restored"
        }
        if compose.isSending { label = "Posting…" }
        if let problem = compose.problem {
            canvas.put("⚠ \(problem)", x: 1, y: y, maxWidth: frame.width - 2, role: .warning)
        } else {
            canvas.put((bodyFocused ? "▸" : " ") + "Text", x: 1, y: y, role: bodyFocused ? .title : .muted)
            canvas.put(label, x: fieldX, y: y, maxWidth: fieldWidth, role: .muted)
        }
        let rows = compose.body.visualRows(width: area.width)
        for (offset, row) in rows.dropFirst(compose.bodyTop).prefix(area.height).enumerated() {
            canvas.put(compose.body.text(of: row), x: area.x, y: area.y + offset, maxWidth: area.width)
        }
        if bodyFocused {
            let position = compose.body.cursorPosition(width: area.width)
            cursor = Point(x: area.x + position.column, y: area.y + position.row - compose.bodyTop)
        }
        canvas.cursor = cursor
        RoomRenderer.drawFooter(&canvas, state: state, layout: layout, hints: state.keyMap.hints(in: .writing))
    }

    /// A one-line field: the soft-wrapped row that holds the cursor. Returns the cursor.
    static func drawSingleLine(_ canvas: inout Canvas, _ editor: TextEditor, x: Int, y: Int, width: Int) -> Point {
        let rows = editor.visualRows(width: width)
        let position = editor.cursorPosition(width: width)
        let row = rows[min(position.row, rows.count - 1)]
        canvas.put(editor.text(of: row), x: x, y: y, maxWidth: width)
        return Point(x: x + position.column, y: y)
    }
}

extension ComposeState.Field {
    /// The label in the compose view's narrow left column.
    var shortLabel: String {
        switch self {
        case .kind: "Kind"
        case .title: "Title"
        case .contentWarning: "Warning"
        case .body: "Text"
        }
    }
}
