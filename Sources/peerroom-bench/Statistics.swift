import Foundation

/// Repeated measurements of one figure: the median, and the smallest and largest.
struct Stat: Codable, Equatable, Sendable {
    var median: Double
    var min: Double
    var max: Double
    /// How many measurements.
    var count: Int

    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted[0]
        max = sorted[sorted.count - 1]
        count = sorted.count
    }

    init?(_ samples: [Int]) { self.init(samples.map(Double.init)) }

    /// "12.3 (11.9–14.0)" with `digits` decimals.
    func text(_ digits: Int = 1) -> String {
        let format = "%.\(digits)f"
        let median = String(format: format, self.median)
        if count == 1 { return median }
        return "\(median) (\(String(format: format, min))–\(String(format: format, max)))"
    }
}

/// One sample's worth of time, measured with the monotonic clock.
enum Stopwatch {
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, ContinuousClock.now - start)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    var milliseconds: Double { seconds * 1_000 }
}

/// Keeps a value alive and unknown to the optimiser, so measured work is not thrown away.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
