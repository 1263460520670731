import Foundation

extension Date {
    /// Whole milliseconds since 1970, the precision the store keeps.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millisecondsSince1970 ms: Int64) {
        self.init(timeIntervalSince1970: Double(ms) / 1000)
    }
}

/// Where a backend reads "now". The system clock in the product; tests inject one they move.
public struct RoomClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        read = now
    }

    public func now() -> Date { read() }

    public static let system = RoomClock { Date() }
}
