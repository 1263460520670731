import Foundation

/// Everything measured for one room size on one backend.
struct SizeResult: Codable, Sendable {
    static let sqlite = "sqlite"
    static let postgres = "postgresql"

    /// `sqlite`, or `postgresql` (the same room copied with migrate; import is that copy).
    var backend = sqlite
    var stories: Int
    var members: Int
    var encouragement: Int
    var database = ""
    var importStoriesPerSecond: Stat?
    var keys: [KeyReport] = []
    var startup: StartupReport?
    var terminal: TerminalBenchmark.Result?
    /// Search time in the store, per query, in ms (the room's own search: FTS5, best first).
    var search: Stat?
    /// The machine's load (1, 5, 15 minutes) when this size started: other work skews figures.
    var loadAverage = ""
    /// PostgreSQL: a post on host pr-a to the frame of the room on host pr-b.
    var crossHost: CrossHostFrame.Result?
    /// What went wrong or was left out, in words.
    var problems: [String] = []

    init(stories: Int, members: Int, encouragement: Int) {
        self.stories = stories
        self.members = members
        self.encouragement = encouragement
    }

    func key(_ prefix: String) -> KeyReport? { keys.first { $0.key.hasPrefix(prefix) } }

    var isPostgres: Bool { backend == Self.postgres }
    /// The column's heading: "100000 SQLite".
    var label: String { "\(stories) \(isPostgres ? "PostgreSQL" : "SQLite")" }
}

/// One target of issue 7 and whether it is met.
struct TargetCheck: Codable, Sendable {
    var target: String
    var measured: String
    var met: Bool
}

enum Checks {
    static let reference = 100_000

    /// SQLite's checks, then PostgreSQL's (named so), then PostgreSQL against SQLite.
    static func evaluate(_ results: [SizeResult]) -> [TargetCheck] {
        let lite = results.filter { !$0.isPostgres }
        let postgres = results.filter(\.isPostgres)
        var checks = evaluate(backend: lite)
        if !postgres.isEmpty {
            checks += evaluate(backend: postgres).map { check in
                var check = check
                check.target = "PostgreSQL: " + check.target
                return check
            }
            checks += compare(postgres, with: lite)
        }
        return checks
    }

    /// Issue 15's figures that only PostgreSQL has, and its memory next to SQLite's.
    static func compare(_ postgres: [SizeResult], with lite: [SizeResult]) -> [TargetCheck] {
        var checks: [TargetCheck] = []
        if let main = postgres.first(where: { $0.stories == reference }) {
            for key in main.keys {
                guard let rounds = key.storeRounds else { continue }
                // The harness counts the loop's change-log poll before the frame as a round of its own.
                checks.append(
                    TargetCheck(
                        target:
                            "PostgreSQL: at most one round of store reads, \(key.key) (besides the change-log poll)",
                        measured: "\(rounds - 1) + 1 poll", met: rounds - 1 <= 1))
            }
            if let cross = main.crossHost?.postToFrameMilliseconds {
                checks.append(
                    TargetCheck(
                        target: "PostgreSQL: post on one host → frame on another ≤ 250 ms median",
                        measured: "\(cross.text()) ms, \(main.crossHost?.missed ?? 0) missed",
                        met: cross.median <= 250 && main.crossHost?.missed == 0))
            }
        }
        for result in postgres {
            guard let sqlite = lite.first(where: { $0.stories == result.stories }),
                let mine = result.terminal, let theirs = sqlite.terminal
            else { continue }
            for (name, pg, sq) in [
                ("open", mine.residentKilobytesOpen, theirs.residentKilobytesOpen),
                ("at the end", mine.residentKilobytesAtEnd, theirs.residentKilobytesAtEnd),
            ] {
                guard let pg, let sq, sq.median > 0 else { continue }
                let change = (pg.median - sq.median) / sq.median
                checks.append(
                    TargetCheck(
                        target: "PostgreSQL: resident memory \(name) within 20% of SQLite's at \(result.stories)",
                        measured: "\(megabytes(pg.median)) vs \(megabytes(sq.median)), "
                            + String(format: "%+.0f%%", change * 100),
                        met: abs(change) <= 0.2))
            }
        }
        return checks
    }

    /// The checks of issue 7 on the sizes of one backend.
    static func evaluate(backend results: [SizeResult]) -> [TargetCheck] {
        var checks: [TargetCheck] = []
        for result in results {
            if let rate = result.importStoriesPerSecond {
                checks.append(
                    TargetCheck(
                        target: "import ≥ 20,000 stories/s at \(result.stories)",
                        measured: "\(Int(rate.median)) stories/s", met: rate.median >= 20_000))
            }
        }
        guard let main = results.first(where: { $0.stories == reference }) else { return checks }
        if let frame = main.terminal?.firstFrameMilliseconds {
            checks.append(
                TargetCheck(target: "first frame ≤ 60 ms", measured: "\(frame.text()) ms", met: frame.median <= 60))
        }
        for key in main.keys {
            guard let time = key.reduceRenderMilliseconds else { continue }
            checks.append(
                TargetCheck(
                    target: "reduce+render ≤ 1 ms, \(key.key)", measured: "\(time.text(3)) ms", met: time.median <= 1))
        }
        if let terminal = main.terminal, let bytes = terminal.bytesPerMove, let parts = terminal.moveBreakdown {
            let limit = 2 * terminal.paneWidth + parts.cursor
            checks.append(
                TargetCheck(
                    target: "bytes per one-line move ≤ 2 × \(terminal.paneWidth) + cursor moves (\(parts.cursor))",
                    measured: "\(Int(bytes.median)) bytes", met: Int(bytes.median) <= limit))
            checks.append(
                TargetCheck(
                    target: "cells written per one-line move ≤ 2 lines of \(terminal.paneWidth)",
                    measured: "\(parts.cells) cells", met: parts.cells <= 2 * terminal.paneWidth))
        }
        if let search = main.search {
            checks.append(
                TargetCheck(target: "search ≤ 20 ms", measured: "\(search.text(2)) ms", met: search.median <= 20))
        }
        if let rss = main.terminal?.residentKilobytesOpen, let end = main.terminal?.residentKilobytesAtEnd {
            let most = max(rss.median, end.median)
            checks.append(
                TargetCheck(target: "resident memory ≤ 32 MB", measured: megabytes(most), met: most <= 32 * 1024))
            for other in results where other.stories != reference {
                guard let otherRSS = other.terminal?.residentKilobytesOpen else { continue }
                let change = (otherRSS.median - rss.median) / rss.median
                checks.append(
                    TargetCheck(
                        target: "resident memory at \(other.stories) within 20% of \(reference)",
                        measured: String(format: "%+.0f%%", change * 100), met: abs(change) <= 0.2))
            }
        }
        if let big = results.first(where: { $0.stories == 1_000_000 }) {
            checks += twiceAsSlow(big, main)
        }
        return checks
    }

    /// "At 1,000,000 nothing more than twice as slow as at 100,000."
    static func twiceAsSlow(_ big: SizeResult, _ main: SizeResult) -> [TargetCheck] {
        var pairs: [(String, Double?, Double?)] = [
            ("first frame", big.terminal?.firstFrameMilliseconds?.median, main.terminal?.firstFrameMilliseconds?.median)
        ]
        if let slow = big.importStoriesPerSecond, let fast = main.importStoriesPerSecond {
            pairs.append(("import (time per story)", 1 / slow.median, 1 / fast.median))
        }
        for key in main.keys {
            let other = big.keys.first { $0.key == key.key }
            pairs.append(
                (
                    "\(key.key) reduce+render", other?.reduceRenderMilliseconds?.median,
                    key.reduceRenderMilliseconds?.median
                ))
            pairs.append(("\(key.key) store", other?.storeMilliseconds?.median, key.storeMilliseconds?.median))
        }
        return pairs.compactMap { name, slow, fast in
            guard let slow, let fast, fast > 0 else { return nil }
            let ratio = slow / fast
            return TargetCheck(
                target: "1,000,000 ≤ 2 × 100,000: \(name)", measured: String(format: "× %.2f", ratio), met: ratio <= 2)
        }
    }

    static func megabytes(_ kilobytes: Double) -> String { String(format: "%.1f MB", kilobytes / 1024) }
}

/// The whole run, as JSON or as a table.
struct Report: Codable, Sendable {
    var width: Int
    var height: Int
    var sizes: [SizeResult]
    var checks: [TargetCheck]

    var text: String {
        var rows: [(String, String, (SizeResult) -> String)] = [
            (
                "import (stories/s; PostgreSQL: migrate's copy)", "≥ 20,000",
                { $0.importStoriesPerSecond?.text(0) ?? "—" }
            ),
            ("first frame (ms from start)", "≤ 60", { $0.terminal?.firstFrameMilliseconds?.text() ?? "—" }),
            ("screen settled, quiet 50 ms (ms from start)", "", { $0.terminal?.settledMilliseconds?.text() ?? "—" }),
        ]
        for name in sizes.first?.keys.map(\.key) ?? [] {
            rows.append(
                (
                    "reduce+render \(name) (ms)", "≤ 1",
                    { $0.keys.first { $0.key == name }?.reduceRenderMilliseconds?.text(3) ?? "—" }
                ))
        }
        for name in sizes.first?.keys.map(\.key) ?? [] {
            rows.append(
                ("store for \(name) (ms)", "", { $0.keys.first { $0.key == name }?.storeMilliseconds?.text(3) ?? "—" }))
        }
        for name in sizes.first?.keys.map(\.key) ?? [] {
            rows.append(
                (
                    "store calls / rounds, \(name)", "",
                    { result in
                        guard let key = result.keys.first(where: { $0.key == name }), let calls = key.storeCalls,
                            let rounds = key.storeRounds
                        else { return "—" }
                        return "\(calls) / \(rounds)"
                    }
                ))
        }
        rows += [
            ("key to frame, j, pty (ms)", "", { $0.terminal?.moveLatencyMilliseconds?.text(2) ?? "—" }),
            ("key to frame, PgDn, pty (ms)", "", { $0.terminal?.pageLatencyMilliseconds?.text(2) ?? "—" }),
            (
                "bytes per one-line move", "≤ 2 lines + cursor",
                { result in
                    guard let terminal = result.terminal, let bytes = terminal.bytesPerMove else { return "—" }
                    return bytes.text(0) + " [pane \(terminal.paneWidth)]"
                }
            ),
            ("bytes per move that scrolls", "", { $0.terminal?.bytesPerScrollingMove?.text(0) ?? "—" }),
            ("bytes per page (PgDn)", "", { $0.terminal?.bytesPerPage?.text(0) ?? "—" }),
            ("search (ms)", "≤ 20", { $0.search?.text(2) ?? "—" }),
            ("resident memory, open (MB)", "≤ 32", { Self.mb($0.terminal?.residentKilobytesOpen) }),
            ("resident memory, after paging (MB)", "≤ 32", { Self.mb($0.terminal?.residentKilobytesAfterPaging) }),
            ("resident memory, at the end (MB)", "≤ 32", { Self.mb($0.terminal?.residentKilobytesAtEnd) }),
        ]
        if sizes.contains(where: \.isPostgres) {
            rows += [
                (
                    "post on pr-a → frame on pr-b (ms)", "≤ 250 median",
                    { result in
                        guard let cross = result.crossHost else { return "—" }
                        let stat = cross.postToFrameMilliseconds?.text() ?? "none"
                        let p95 = cross.p95Milliseconds.map { String(format: ", p95 %.1f", $0) } ?? ""
                        return stat + p95 + (cross.missed > 0 ? ", \(cross.missed) missed" : "")
                    }
                ),
                (
                    "first frame on pr-b over TLS+SCRAM (ms, 1 run)", "",
                    { $0.crossHost?.firstFrameMilliseconds.map { String(format: "%.1f", $0) } ?? "—" }
                ),
            ]
        }
        var table = [
            ["figure (\(width)×\(height); median (min–max))", "target"] + sizes.map(\.label)
        ]
        for (name, target, value) in rows { table.append([name, target] + sizes.map(value)) }
        var lines = Self.align(table)
        for size in sizes {
            let name = size.label
            if let terminal = size.terminal, let parts = terminal.moveBreakdown {
                lines.append(
                    "\(name): one-line move bytes = \(parts.text) text (\(parts.cells) cells) + \(parts.cursor) cursor + "
                        + "\(parts.attributes) attributes + \(parts.other) other (medians)")
            }
            if let startup = size.startup {
                let effects = startup.effectMilliseconds.sorted { $0.value > $1.value }
                    .map { String(format: "%@ %.2f", $0.key, $0.value) }.joined(separator: ", ")
                lines.append(
                    "\(name): in process, open store \(String(format: "%.2f", startup.openStoreMilliseconds)) ms, "
                        + "member \(String(format: "%.2f", startup.findMemberMilliseconds)) ms, effects (ms) \(effects), "
                        + "reduce+render \(String(format: "%.2f", startup.reduceRenderMilliseconds)) ms")
            }
            if let mappings = size.terminal?.residentByMapping, !mappings.isEmpty {
                let parts = mappings.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
                lines.append(
                    "\(name): resident kB by mapping after the first frame: " + parts.joined(separator: ", "))
            }
            lines.append("\(name): load average at the start \(size.loadAverage)")
            for problem in (size.terminal?.problems ?? []) + size.problems + (size.crossHost?.problems ?? []) {
                lines.append("\(name): \(problem)")
            }
            if let cross = size.crossHost { lines.append("\(name): post → frame: \(cross.how)") }
            if size.isPostgres { lines.append("\(name): database \(size.database)") }
        }
        lines.append("")
        for check in checks { lines.append("\(check.met ? "met    " : "NOT MET") \(check.target): \(check.measured)") }
        return lines.joined(separator: "\n")
    }

    static func mb(_ stat: Stat?) -> String {
        guard let stat else { return "—" }
        var inMB = stat
        inMB.median /= 1024
        inMB.min /= 1024
        inMB.max /= 1024
        return inMB.text()
    }

    static func align(_ table: [[String]]) -> [String] {
        let columns = table.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in table.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
