/// Which slice of an ordered list to fetch. Lists are read in pages by key (keyset
/// pagination), never by offset, so a page deep in a long list costs the same as the first.
public enum PageRequest<Key: Sendable & Equatable>: Sendable, Equatable {
    /// The top of the list (for feeds: the newest).
    case first
    /// The bottom of the list (for feeds: the oldest).
    case last
    /// Items that follow the item with this key, in list order.
    case after(Key)
    /// Items that precede the item with this key, still returned in list order.
    case before(Key)
    /// The item with this key (if it still exists) and those that follow it: a refresh of
    /// a window that starts deep in the list.
    case from(Key)
}

/// A slice of a list in list order. `hasMore` tells whether the list goes on past this
/// page in the direction it was read (down for `.first`/`.after`, up for `.last`/`.before`).
public struct Page<Item: Sendable & Equatable>: Sendable, Equatable {
    public var items: [Item]
    public var hasMore: Bool

    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }
}

/// The position of a story or an encouragement in its newest-first feed. Ties on the
/// timestamp are broken by id, so the order is total and stable.
public struct FeedKey: Sendable, Hashable {
    public var createdAtMillis: Int64
    public var id: Int64

    public init(createdAtMillis: Int64, id: Int64) {
        self.createdAtMillis = createdAtMillis
        self.id = id
    }
}

/// The position of a member in a roster: by role, then `Member.handleOrder` of the handle,
/// then id. The store makes and reads it; callers only hand it back.
public struct RosterKey: Sendable, Hashable {
    public var role: Role
    public var handleOrder: String
    public var id: MemberID

    public init(role: Role, handleOrder: String, id: MemberID) {
        self.role = role
        self.handleOrder = handleOrder
        self.id = id
    }
}

/// Something that can be listed a page at a time.
public protocol Pageable: Sendable, Equatable, Identifiable where ID == Int64 {
    associatedtype Key: Sendable & Hashable
    var pageKey: Key { get }
}

extension StorySummary: Pageable {
    public var pageKey: FeedKey { FeedKey(createdAtMillis: createdAt.millisecondsSince1970, id: id) }
}

extension Encouragement: Pageable {
    public var pageKey: FeedKey { FeedKey(createdAtMillis: createdAt.millisecondsSince1970, id: id) }
}

extension RosterEntry: Pageable {
    public var pageKey: RosterKey { RosterKey(role: role, handleOrder: Member.handleOrder(handle), id: id) }
}
