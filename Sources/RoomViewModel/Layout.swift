/// Where each pane goes for a terminal size: three columns from 110 columns up, one pane
/// with tabs below that, and a "too small" notice under 40x10. Pure, so the reducer can ask
/// how many rows a pane shows (for paging) and rendering can draw into the same rectangles.
public struct Layout: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case wide, narrow, tooSmall }

    public static let minimum = Size(width: 40, height: 10)
    /// Measured on the fixture room at 100–119 columns: below 110 three panes cut reply and
    /// reaction counts and authors (10 cuts at 100, 7 at 109), from 110 only long titles and
    /// previews are cut (as at 120), so one pane with tabs is the better view below.
    public static let wideFrom = 110

    /// Rows per item in each list.
    public static func rowsPerItem(_ pane: Pane) -> Int {
        switch pane {
        case .groups, .roster: 1
        case .stories, .encouragement: 2
        }
    }

    public let size: Size
    public let kind: Kind
    public let header: Rect
    public let tabs: Rect?
    public let footer: Rect
    /// The whole area between header (and tabs) and footer.
    public let body: Rect
    public let groups: Rect
    public let roster: Rect
    public let stories: Rect
    public let encouragement: Rect

    public init(size: Size, groupCount: Int) {
        self.size = size
        let w = size.width
        let h = size.height
        header = Rect(x: 0, y: 0, width: w, height: 1)
        footer = Rect(x: 0, y: h - 1, width: w, height: 1)
        if w < Self.minimum.width || h < Self.minimum.height {
            kind = .tooSmall
            tabs = nil
            body = Rect(x: 0, y: 0, width: w, height: h)
            groups = Rect(x: 0, y: 0, width: 0, height: 0)
            roster = groups
            stories = groups
            encouragement = groups
            return
        }
        if w >= Self.wideFrom {
            kind = .wide
            tabs = nil
            body = Rect(x: 0, y: 1, width: w, height: h - 2)
            let left = min(34, max(30, w * 26 / 100))
            // Stories get the most room: titles, warnings and counts; encouragement is a preview.
            let middle = (w - left) * 62 / 100
            let leftColumn = Rect(x: 0, y: body.y, width: left, height: body.height)
            (groups, roster) = Self.split(leftColumn, groupCount: groupCount)
            stories = Rect(x: left, y: body.y, width: middle, height: body.height)
            encouragement = Rect(x: left + middle, y: body.y, width: w - left - middle, height: body.height)
        } else {
            kind = .narrow
            tabs = Rect(x: 0, y: 1, width: w, height: 1)
            body = Rect(x: 0, y: 2, width: w, height: h - 3)
            (groups, roster) = Self.split(body, groupCount: groupCount)
            stories = body
            encouragement = body
        }
    }

    /// Groups on top (as tall as they need, at most half), roster below.
    static func split(_ column: Rect, groupCount: Int) -> (Rect, Rect) {
        let groupsHeight = min(max(3, groupCount + 2), column.height / 2)
        return (
            Rect(x: column.x, y: column.y, width: column.width, height: groupsHeight),
            Rect(x: column.x, y: column.y + groupsHeight, width: column.width, height: column.height - groupsHeight)
        )
    }

    public func rect(for pane: Pane) -> Rect {
        switch pane {
        case .groups: groups
        case .roster: roster
        case .stories: stories
        case .encouragement: encouragement
        }
    }

    /// How many items of `pane` fit inside its border.
    public func visibleItems(_ pane: Pane) -> Int {
        max(1, rect(for: pane).inner.height / Self.rowsPerItem(pane))
    }

    /// Whether `pane` is drawn now (narrow terminals show one tab at a time).
    public func shows(_ pane: Pane, focus: Pane) -> Bool {
        switch kind {
        case .wide: true
        case .narrow: pane.tab == focus.tab
        case .tooSmall: false
        }
    }

    /// Where the compose view puts its text area: below one row per other field and a
    /// label row, inside the frame, one column of margin; the offer of crisis help, when
    /// shown, takes the last row.
    public func composeBody(_ compose: ComposeState) -> Rect {
        let top = 2 + (compose.fields.count - 1) + 1
        let offer = compose.offersCrisisHelp ? 1 : 0
        return Rect(x: 2, y: top, width: max(1, size.width - 4), height: max(1, size.height - 2 - top - offer))
    }

    /// Rows the reader has for text: all but header, footer and the border.
    public var readerTextRows: Int { max(1, size.height - 4) }
    /// Columns the reader has for text: inside the border with a margin of one.
    public var readerTextWidth: Int { max(1, size.width - 4) }

    /// Crisis help is drawn at every size: framed like the reader, or where a frame would take
    /// too many of few rows, over the whole screen but its last row.
    public var crisisIsCompact: Bool { kind == .tooSmall || size.height <= 12 }
    public var crisisTextRows: Int { crisisIsCompact ? max(1, size.height - 1) : readerTextRows }
    public var crisisTextWidth: Int { crisisIsCompact ? max(1, size.width) : readerTextWidth }
}
