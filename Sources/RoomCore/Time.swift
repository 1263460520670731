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
    /// Whether a backend whose database keeps the time (PostgreSQL) sets this clock by the
    /// database's: true for the system clock; a clock a test moves stays where it is put.
    public let followsServer: Bool

    public init(followsServer: Bool = false, _ now: @escaping @Sendable () -> Date) {
        read = now
        self.followsServer = followsServer
    }

    public func now() -> Date { read() }

    /// This clock, `seconds` later (a correction; the result follows no server).
    public func shifted(by seconds: TimeInterval) -> RoomClock {
        let read = self.read
        return RoomClock { read().addingTimeInterval(seconds) }
    }

    public static let system = RoomClock(followsServer: true) { Date() }
}
