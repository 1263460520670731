import Foundation

/// The room as a person gets it: the release `peerroom` on a pseudo-terminal, timed from
/// the moment it is started, with every byte ncurses writes counted.
enum TerminalBenchmark {
    struct Result: Codable, Sendable {
        /// From starting the process to the first complete frame (its last row, the footer,
        /// arrived). The room then reads what can follow it (drafts, "for you", calls for
        /// support) and beats; `settledMilliseconds` includes those frames.
        var firstFrameMilliseconds: Stat?
        /// From starting the process until the screen was quiet for 50 ms.
        var settledMilliseconds: Stat?
        /// Bytes for `j` while the selection stays in view, and when the list scrolls.
        var bytesPerMove: Stat?
        var bytesPerScrollingMove: Stat?
        var bytesPerPage: Stat?
        /// What the moves' bytes are made of (medians of each part).
        var moveBreakdown: OutputBreakdown?
        /// From typing `j` to the last byte of the new frame (reduce, store, render, flush).
        var moveLatencyMilliseconds: Stat?
        var pageLatencyMilliseconds: Stat?
        var residentKilobytesOpen: Stat?
        var residentKilobytesAfterPaging: Stat?
        var residentKilobytesAtEnd: Stat?
        /// The width of the Stories pane, for "two lines of the pane's width".
        /// Where the memory is after the first frame (first run): kilobytes per mapping.
        var residentByMapping: [String: Int] = [:]
        var paneWidth: Int
        var problems: [String] = []
    }

    /// Keys as xterm sends them with the keypad on (what ncurses expects for TERM=xterm-256color).
    static let pageDown = "\u{1B}[6~"
    static let footer = Array("crisis help".utf8)

    /// `command` is peerroom and its arguments; `wrapper` goes before it (a profiler, or
    /// `setpriv` to run it as another Unix user); `environment` is added to the clean one.
    static func run(
        command: [String], environment extra: [String: String] = [:], width: Int, height: Int, runs: Int,
        moves: Int, pages: Int, wrapper: [String] = []
    ) throws -> Result {
        var firstFrame: [Double] = []
        var settled: [Double] = []
        var moveBytes: [Int] = []
        var scrollBytes: [Int] = []
        var pageBytes: [Int] = []
        var breakdowns: [OutputBreakdown] = []
        var moveLatency: [Double] = []
        var pageLatency: [Double] = []
        var rssOpen: [Int] = []
        var rssPaged: [Int] = []
        var rssEnd: [Int] = []
        var problems: [String] = []
        var mappings: [String: Int] = [:]
        let paneWidth = storiesPaneWidth(width: width)
        // Items the Stories pane shows (two rows each, inside its border; tabs when narrow).
        let visible = max(1, (height - (width >= 100 ? 4 : 5)) / 2)

        let config = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-bench-\(getpid())")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: config) }
        // A clean environment, but PEERROOM_* variables pass (PEERROOM_REGION, experiments).
        var environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PEERROOM_") }
        environment.merge([
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp", "XDG_CONFIG_HOME": config.path,
        ]) { $1 }
        environment.merge(extra) { $1 }

        for run in 0..<runs {
            let room = try TerminalProcess(
                wrapper + command, environment: environment, width: width, height: height)
            let first = room.read(until: { contains($0, footer) }, timeout: .seconds(wrapper.isEmpty ? 60 : 600))
            guard first.complete, let last = first.lastByte, let met = first.metAt else {
                problems.append("run \(run + 1): no complete frame (\(first.bytes.count) bytes)")
                room.waitForExit(timeout: .milliseconds(100))
                continue
            }
            firstFrame.append((met - room.started).milliseconds)
            settled.append((last - room.started).milliseconds)
            if let rss = room.residentKilobytes() { rssOpen.append(rss) }
            if run == 0 {
                let all = room.residentByMapping()
                for (name, kilobytes) in all.prefix(12) { mappings[name] = kilobytes }
                mappings["(all others)"] = all.dropFirst(12).reduce(0) { $0 + $1.1 }
            }

            room.type("2")  // the Stories pane
            _ = room.read()
            // One-line moves: first within the view, then with the list scrolling.
            for index in 0..<(visible - 1 + moves) {
                let sent = ContinuousClock.now
                room.type("j")
                let output = room.read(timeout: .seconds(5))
                if let lastByte = output.lastByte { moveLatency.append((lastByte - sent).milliseconds) }
                if index < min(moves, visible - 1) {
                    moveBytes.append(output.bytes.count)
                    breakdowns.append(OutputBreakdown(output.bytes))
                } else if index >= visible - 1 {
                    scrollBytes.append(output.bytes.count)
                }
            }
            for _ in 0..<moves {
                let sent = ContinuousClock.now
                room.type(pageDown)
                let output = room.read(timeout: .seconds(5))
                if let lastByte = output.lastByte { pageLatency.append((lastByte - sent).milliseconds) }
                pageBytes.append(output.bytes.count)
            }
            // A long way down in one go (the room takes a burst of keys and draws once), then
            // straight to the end with G.
            room.type(String(repeating: pageDown, count: pages))
            _ = room.read(timeout: .seconds(120))
            if let rss = room.residentKilobytes() { rssPaged.append(rss) }
            room.type("G")
            _ = room.read(timeout: .seconds(30))
            if let rss = room.residentKilobytes() { rssEnd.append(rss) }
            room.type("q")
            let status = room.waitForExit()
            if status != 0 { problems.append("run \(run + 1): peerroom ended with status \(status)") }
        }
        return Result(
            firstFrameMilliseconds: Stat(firstFrame), settledMilliseconds: Stat(settled), bytesPerMove: Stat(moveBytes),
            bytesPerScrollingMove: Stat(scrollBytes), bytesPerPage: Stat(pageBytes),
            moveBreakdown: medianBreakdown(breakdowns), moveLatencyMilliseconds: Stat(moveLatency),
            pageLatencyMilliseconds: Stat(pageLatency), residentKilobytesOpen: Stat(rssOpen),
            residentKilobytesAfterPaging: Stat(rssPaged), residentKilobytesAtEnd: Stat(rssEnd),
            residentByMapping: mappings, paneWidth: paneWidth,
            problems: problems)
    }

    /// The Stories pane's width in the wide layout (`Layout`): what is left of the groups
    /// column, 55% of it.
    static func storiesPaneWidth(width: Int) -> Int {
        guard width >= 100 else { return width }
        let left = min(34, max(26, width * 26 / 100))
        return (width - left) * 55 / 100
    }

    static func medianBreakdown(_ parts: [OutputBreakdown]) -> OutputBreakdown? {
        guard !parts.isEmpty else { return nil }
        func median(_ values: [Int]) -> Int { Int(Stat(values)?.median ?? 0) }
        var result = OutputBreakdown([])
        result.total = median(parts.map(\.total))
        result.text = median(parts.map(\.text))
        result.cursor = median(parts.map(\.cursor))
        result.attributes = median(parts.map(\.attributes))
        result.other = median(parts.map(\.other))
        result.cells = median(parts.map(\.cells))
        return result
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { bytes in
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0] && Array(bytes[index..<index + needle.count]) == needle { return true }
                index += 1
            }
            return false
        }
    }
}
