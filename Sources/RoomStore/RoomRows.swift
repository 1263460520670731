/// A room's rows as they leave one backend for another (`peerroom migrate`): neither
/// backend's types, so the stores need not know each other.
public enum RoomCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
}

/// What to read of one table: `columns` are expressions in the source's own SQL, and the
/// first `keyCount` of them are its key, the order rows come in (and the checksum's order).
public struct RoomTableQuery: Sendable, Hashable {
    public var table: String
    public var columns: [String]
    public var keyCount: Int
    /// A condition on the rows, in the source's SQL; nil for all of them.
    public var filter: String?

    public init(table: String, columns: [String], keyCount: Int, filter: String? = nil) {
        self.table = table
        self.columns = columns
        self.keyCount = keyCount
        self.filter = filter
    }
}

/// A room to copy from, read in one consistent snapshot for as long as it is open.
public protocol RoomRowSource: AnyObject, Sendable {
    /// Every table the source holds (a full-text index and its own tables not included).
    func tableNames() throws -> [String]
    /// Up to `limit` rows in key order, after the row whose key is `after` (nil: from the first).
    func rows(_ query: RoomTableQuery, after: [RoomCell]?, limit: Int) throws -> [[RoomCell]]
}
