import RoomCore

/// The part of a long list that is in memory: a contiguous slice read page by page from
/// the store, a cursor in it and a scroll position. Reaching near an edge of the slice asks
/// for the next page; the slice never grows past `capacity`, dropping the far side instead,
/// so a feed of 100,000 stories holds a few hundred at most.
public struct ListWindow<Item: Pageable>: Equatable, Sendable {
    public static var pageSize: Int { 100 }
    /// How close to an edge of the slice the cursor may come before the next page is read.
    public static var margin: Int { 40 }
    public static var capacity: Int { 300 }

    public private(set) var items: [Item] = []
    /// More items exist above `items[0]` (newer, in a feed).
    public private(set) var hasMoreAbove = false
    /// More items exist below the last item (older, in a feed).
    public private(set) var hasMoreBelow = false
    /// Index of the selected item in `items`.
    public private(set) var cursor = 0
    /// Index of the first visible item.
    public private(set) var top = 0
    /// The page being read, so the same page is not asked for twice.
    public private(set) var pending: PageRequest<Item.Key>?
    /// Whether a first page has arrived (an empty list differs from one not read yet).
    public private(set) var isLoaded = false
    /// The pending page reloads what is shown (someone else wrote): keep selection and scroll.
    private var isRefreshing = false

    public init() {}

    public var selected: Item? { items.indices.contains(cursor) ? items[cursor] : nil }

    /// Starts over from the top of the list; returns the page to read.
    public mutating func reset() -> PageRequest<Item.Key> {
        self = ListWindow()
        pending = .first
        return .first
    }

    /// Moves the cursor by `delta` items and scrolls so it stays within `visible` rows.
    /// Returns the page to read when the cursor came near an edge of the slice.
    public mutating func move(by delta: Int, visible: Int) -> PageRequest<Item.Key>? {
        guard !items.isEmpty else { return nil }
        cursor = min(max(0, cursor + delta), items.count - 1)
        scroll(visible: visible)
        return prefetch()
    }

    /// Goes to the top (`.first`) or bottom (`.last`) of the whole list. Returns the page to
    /// read when that end is not in memory.
    public mutating func jump(toEnd: Bool, visible: Int) -> PageRequest<Item.Key>? {
        let atEnd = toEnd ? !hasMoreBelow : !hasMoreAbove
        if atEnd {
            guard !items.isEmpty else { return nil }
            cursor = toEnd ? items.count - 1 : 0
            scroll(visible: visible)
            return nil
        }
        let request: PageRequest<Item.Key> = toEnd ? .last : .first
        pending = request
        return request
    }

    /// Reads again what is in memory, after someone changed the list. Returns nil while
    /// another page is on its way (it will bring fresh items anyway).
    /// A window at the top reads the first page; one scrolled down reads from the first
    /// visible item, so the selection (at or below it) is always in what comes back.
    public mutating func refresh() -> PageRequest<Item.Key>? {
        guard pending == nil else { return nil }
        isRefreshing = true
        if (top == 0 && !hasMoreAbove) || !items.indices.contains(top) {
            pending = .first
        } else {
            pending = .from(items[top].pageKey)
        }
        return pending
    }

    /// Takes a page the store returned. A page nobody is waiting for any more is dropped.
    public mutating func receive(_ page: Page<Item>, for request: PageRequest<Item.Key>, visible: Int) {
        guard request == pending else { return }
        pending = nil
        isLoaded = true
        if isRefreshing {
            isRefreshing = false
            replaceKeepingPlace(page, from: request, visible: visible)
            return
        }
        switch request {
        case .first:
            let keep = selected?.id
            items = page.items
            hasMoreAbove = false
            hasMoreBelow = page.hasMore
            cursor = keep.flatMap { id in items.firstIndex { $0.id == id } } ?? 0
            top = 0
        case .last:
            items = page.items
            hasMoreAbove = page.hasMore
            hasMoreBelow = false
            cursor = max(0, items.count - 1)
            top = max(0, items.count - visible)
        case .after:
            items += page.items
            hasMoreBelow = page.hasMore
            if items.count > Self.capacity {
                let drop = items.count - Self.capacity
                items.removeFirst(drop)
                cursor = max(0, cursor - drop)
                top = max(0, top - drop)
                hasMoreAbove = true
            }
        case .from:
            break  // only refreshes ask for .from
        case .before:
            items = page.items + items
            hasMoreAbove = page.hasMore
            cursor += page.items.count
            top += page.items.count
            if items.count > Self.capacity {
                items.removeLast(items.count - Self.capacity)
                cursor = min(cursor, items.count - 1)
                hasMoreBelow = true
            }
        }
        scroll(visible: visible)
    }

    /// A refreshed page replaces the slice; the selected item and the item at the top of
    /// the view stay where they were (at the very top, new items come into view).
    private mutating func replaceKeepingPlace(_ page: Page<Item>, from request: PageRequest<Item.Key>, visible: Int) {
        let selectedID = selected?.id
        let topID = top > 0 && items.indices.contains(top) ? items[top].id : nil
        let oldCursor = cursor
        items = page.items
        hasMoreAbove = request != .first
        hasMoreBelow = page.hasMore
        cursor =
            selectedID.flatMap { id in items.firstIndex { $0.id == id } } ?? min(oldCursor, max(0, items.count - 1))
        top = topID.flatMap { id in items.firstIndex { $0.id == id } } ?? top
        scroll(visible: visible)
    }

    /// Puts a changed item in place (new counts, say), if it is in memory.
    public mutating func replace(_ item: Item) {
        if let index = items.firstIndex(where: { $0.id == item.id }) { items[index] = item }
    }

    /// Takes an item out (it was deleted); the cursor stays at the same position.
    public mutating func remove(id: Item.ID, visible: Int) {
        guard let index = items.firstIndex(where: { $0.id == id }) else { return }
        items.remove(at: index)
        if cursor > index || cursor >= items.count { cursor = max(0, cursor - 1) }
        scroll(visible: visible)
    }

    /// Keeps the cursor on screen after the visible height changed.
    public mutating func fit(visible: Int) {
        scroll(visible: visible)
    }

    /// Keeps the cursor in view. A step just past an edge scrolls by half a page (as `less`
    /// and vim's `scrolljump` do), so walking down a list rewrites the pane once every few
    /// steps instead of on every one; a longer jump puts the cursor at the edge.
    private mutating func scroll(visible: Int) {
        let visible = max(1, visible)
        let jump = max(1, visible / 2)
        if cursor < top { top = top - cursor <= 1 ? max(0, top - jump) : cursor }
        if cursor >= top + visible { top = cursor - (top + visible) == 0 ? top + jump : cursor - visible + 1 }
        top = max(0, min(top, max(0, items.count - visible)))
        if cursor < top { top = cursor }
    }

    private mutating func prefetch() -> PageRequest<Item.Key>? {
        guard pending == nil, let first = items.first, let last = items.last else { return nil }
        if hasMoreBelow && cursor >= items.count - Self.margin {
            pending = .after(last.pageKey)
        } else if hasMoreAbove && cursor < Self.margin {
            pending = .before(first.pageKey)
        }
        return pending
    }
}

/// What a movement command asks of a list: the one table every list moves by (j/k, PgDn/PgUp
/// and Space, g/G and Home/End), paged or held whole.
public enum ListMove: Equatable, Sendable {
    case by(Int)
    case toStart
    case toEnd

    /// The movement of `command` in a list that shows `page` items; nil when it does not move.
    public init?(_ command: Command, page: Int) {
        switch command {
        case .moveDown: self = .by(1)
        case .moveUp: self = .by(-1)
        case .pageDown: self = .by(max(1, page))
        case .pageUp: self = .by(-max(1, page))
        case .first: self = .toStart
        case .last: self = .toEnd
        default: return nil
        }
    }
}

extension ListWindow {
    /// Moves as a list command asks; returns the page to read, if one is needed.
    public mutating func apply(_ move: ListMove, visible: Int) -> PageRequest<Item.Key>? {
        switch move {
        case .by(let delta): self.move(by: delta, visible: visible)
        case .toStart: jump(toEnd: false, visible: visible)
        case .toEnd: jump(toEnd: true, visible: visible)
        }
    }
}

/// The selection in a list held whole in memory (the groups, search results, meetings,
/// mentorships, the moderation queue): moved by `ListMove`, always inside the list.
public struct ListCursor: Equatable, Sendable {
    public var index = 0

    public init(_ index: Int = 0) {
        self.index = index
    }

    /// Moves within `count` items; false when the command is no movement.
    public mutating func apply(_ command: Command, count: Int, page: Int) -> Bool {
        guard let move = ListMove(command, page: page) else { return false }
        apply(move, count: count)
        return true
    }

    public mutating func apply(_ move: ListMove, count: Int) {
        let last = max(0, count - 1)
        switch move {
        case .by(let delta): index = min(max(0, index + delta), last)
        case .toStart: index = 0
        case .toEnd: index = last
        }
    }

    /// Keeps the cursor inside a list that now holds `count` items.
    public mutating func clamp(count: Int) {
        index = min(max(0, index), max(0, count - 1))
    }
}

/// A list held whole in memory with its selection, which a reload keeps on the same item
/// (by id), or at the same position when that item is gone.
public struct ListSelection<Item: Identifiable & Equatable & Sendable>: Equatable, Sendable {
    public private(set) var items: [Item]
    public var cursor = ListCursor()

    public init(_ items: [Item] = []) {
        self.items = items
    }

    public var selected: Item? { items.indices.contains(cursor.index) ? items[cursor.index] : nil }

    /// Moves for a list command; false when the command is no movement.
    public mutating func apply(_ command: Command, page: Int) -> Bool {
        cursor.apply(command, count: items.count, page: page)
    }

    /// A reload: the selected item stays selected wherever it moved to.
    public mutating func replace(with items: [Item]) {
        let selectedID = selected?.id
        self.items = items
        if let index = items.firstIndex(where: { $0.id == selectedID }) {
            cursor.index = index
        } else {
            cursor.clamp(count: items.count)
        }
    }
}
