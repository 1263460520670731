/// The names closest to a mistyped one, for "did you mean" in errors: never a whole list of
/// members (a typo must not print everyone in the room), at most `limit`, nearest first.
public enum CloseMatches {
    /// Names within a small edit distance of `typed` (case-insensitive), or that start with
    /// it, nearest first and then by name; at most `limit`.
    public static func best(to typed: String, among names: [String], limit: Int = 10) -> [String] {
        let wanted = Array(typed.lowercased())
        let allowed = max(2, wanted.count / 3)
        let scored = names.compactMap { name -> (name: String, distance: Int)? in
            let candidate = Array(name.lowercased())
            if !wanted.isEmpty && candidate.starts(with: wanted) { return (name, 0) }
            let distance = editDistance(wanted, candidate, giveUpAbove: allowed)
            return distance <= allowed ? (name, distance) : nil
        }
        return
            scored
            .sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
            .prefix(limit).map(\.name)
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit; stops early
    /// (returning a value above the bound) once every path is longer than `giveUpAbove`.
    static func editDistance(_ a: [Character], _ b: [Character], giveUpAbove bound: Int) -> Int {
        if abs(a.count - b.count) > bound { return bound + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowBest = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
                rowBest = min(rowBest, value)
            }
            if rowBest > bound { return bound + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
