import ArgumentParser
import Foundation
import PostgresStore
import RoomCore
import RoomStore
import RoomViewModel

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the room at several sizes (issue 7): import, first frame, keys, bytes, memory.",
        discussion: """
            Each size is generated once into the cache folder (and reused after). Every figure is the \
            median of repeated measurements, with the smallest and largest. Build with -c release; \
            the release peerroom is looked for next to this program.
            """)

    @Option(help: "Room sizes in stories, comma-separated.") var sizes = "1000,100000,1000000"
    @Option(help: "text or json.") var format: ReportFormat = .text
    @Option(help: "Times peerroom is started on a pseudo-terminal, per size.") var runs = 5
    @Option(help: "Extra imports into a new file, per size (default: 3 up to 100,000 stories, else 0).")
    var importRuns: Int?
    @Option(help: "Key presses per key measured in process.") var samples = 200
    @Option(help: "Where generated rooms are kept.") var cache = "/tmp/peerroom-bench"
    @Option(help: "Terminal width.") var width = 120
    @Option(help: "Terminal height.") var height = 40
    @Option(help: "The peerroom binary (default: next to this one).") var peerroom: String?
    @Option(help: "What to measure: import, keys, search, terminal, cross (PostgreSQL across hosts; comma-separated).")
    var parts = "import,keys,search,terminal,cross"
    @Option(help: "PageDowns typed in one burst before the memory reading 'after paging'.") var pages = 500
    @Option(help: "Groups in generated rooms.") var groups = 5
    @Option(help: "Also write the report as JSON to this file.") var save: String?
    @Option(
        help: ArgumentHelp(
            "Also measure PostgreSQL: the env file (or its folder) of 'scripts/postgres start DIR'.",
            discussion: """
                For each size the SQLite room is copied into a fresh database with migrate's code (as the \
                owner role), then measured as bench-reader, who is the server's last peer user. Run as root.
                """, valueName: "DIR/env"))
    var postgres: String?
    @Option(help: "Posts from host pr-a to the room on host pr-b (PostgreSQL; 0: not measured).") var crossPosts = 20
    @Option(
        help: ArgumentHelp(
            "A command to start peerroom under, e.g. '/usr/bin/valgrind --tool=callgrind' (split at spaces).",
            visibility: .hidden))
    var wrapper: String?

    func run() async throws {
        setlocale(LC_ALL, "")
        guard DisplayWidth.ensureUTF8Locale() else { throw ValidationError("no UTF-8 locale (try LANG=C.UTF-8)") }
        let sizes = try self.sizes.split(separator: ",").map { text in
            guard let size = Int(text.replacingOccurrences(of: "_", with: "")), size > 0 else {
                throw ValidationError("--sizes: '\(text)' is not a number of stories")
            }
            return size
        }
        let parts = Set(self.parts.split(separator: ",").map(String.init))
        let binary = peerroom ?? Self.besideMe("peerroom")
        if parts.contains("terminal") && !FileManager.default.isExecutableFile(atPath: binary) {
            throw ValidationError("no peerroom at \(binary): swift build -c release --product peerroom")
        }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let server = try postgres.map(PostgresServer.load)
        if server != nil && geteuid() != 0 {
            throw ValidationError("--postgres runs peerroom as the server's peer user and sets passwords: run as root")
        }
        var results: [SizeResult] = []
        for size in sizes {
            results.append(try await measure(size: size, parts: parts, binary: binary))
            if let server {
                results.append(try await measurePostgres(size: size, parts: parts, binary: binary, server: server))
            }
        }
        let report = Report(width: width, height: height, sizes: results, checks: Checks.evaluate(results))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(report)
        if let save { try json.write(to: URL(fileURLWithPath: save)) }
        switch format {
        case .json: print(String(decoding: json, as: UTF8.self))
        case .text: print(report.text)
        }
    }

    func measure(size: Int, parts: Set<String>, binary: String) async throws -> SizeResult {
        let plan = RoomGenerator.Plan(stories: size, groups: groups)
        var result = SizeResult(stories: size, members: plan.members, encouragement: plan.encouragements)
        let load = TerminalProcess.readProcFile("/proc/loadavg") ?? ""
        result.loadAverage = load.split(separator: " ").prefix(3).joined(separator: " ")
        printError("[\(size)] room")
        let (db, generated) = try await Self.cachedRoom(plan, folder: cache)
        result.database = db
        var importRates: [Double] = generated.map { [$0] } ?? []
        if parts.contains("import") {
            let runs = importRuns ?? (size <= 100_000 ? 3 : 0)
            for run in 0..<runs {
                printError("[\(size)] import \(run + 1)/\(runs)")
                let path = (cache as NSString).appendingPathComponent("import-\(getpid()).sqlite")
                Self.remove(path)
                defer { Self.remove(path) }
                importRates.append(try await RoomGenerator(plan: plan).generate(into: path).storiesPerSecond)
            }
            if importRates.isEmpty, let recorded = Self.recordedRate(db) { importRates = [recorded] }
            result.importStoriesPerSecond = Stat(importRates)
        }
        if parts.contains("keys") {
            printError("[\(size)] keys in process")
            let keys = try await KeyBenchmark.run(
                path: db, handle: RoomGenerator.readerHandle, size: Size(width: width, height: height),
                samples: samples)
            result.keys = keys.keys
            result.startup = keys.startup
        }
        if parts.contains("search") {
            printError("[\(size)] search")
            result.search = try await SearchBenchmark.run(path: db, handle: RoomGenerator.readerHandle)
        }
        if parts.contains("terminal") {
            printError("[\(size)] peerroom on a pseudo-terminal, \(runs) runs")
            result.terminal = try TerminalBenchmark.run(
                command: [binary, "--db", db, "--as", RoomGenerator.readerHandle], width: width, height: height,
                runs: runs, moves: 10, pages: pages, wrapper: wrappers)
        }
        return result
    }

    var wrappers: [String] { wrapper?.split(separator: " ").map(String.init) ?? [] }

    /// The same room on PostgreSQL: copied with migrate's code into a fresh database, measured
    /// with the same keys and the same terminal runs, then dropped.
    func measurePostgres(size: Int, parts: Set<String>, binary: String, server: PostgresServer) async throws
        -> SizeResult
    {
        let plan = RoomGenerator.Plan(stories: size, groups: groups)
        var result = SizeResult(stories: size, members: plan.members, encouragement: plan.encouragements)
        result.backend = SizeResult.postgres
        let load = TerminalProcess.readProcFile("/proc/loadavg") ?? ""
        result.loadAverage = load.split(separator: " ").prefix(3).joined(separator: " ")
        let (db, _) = try await Self.cachedRoom(plan, folder: cache)
        printError("[\(size)] PostgreSQL: copying the room with migrate")
        let room = try await PostgresBenchRoom.make(server: server, from: db, readerHandle: RoomGenerator.readerHandle)
        do {
            try await measure(room, into: &result, parts: parts, binary: binary, server: server)
        } catch {
            try? await room.drop()
            throw error
        }
        try await room.drop()
        return result
    }

    func measure(
        _ room: PostgresBenchRoom, into result: inout SizeResult, parts: Set<String>, binary: String,
        server: PostgresServer
    ) async throws {
        let size = result.stories
        result.database = "\(room.database) at \(server.socketPath)"
        let report = room.report
        result.importStoriesPerSecond = Stat(
            report.copySeconds > 0 ? [Double(report.stories) / report.copySeconds] : [])
        if !report.ok {
            let differ = report.tables.filter { !$0.ok }.map(\.table).joined(separator: ", ")
            result.problems.append("migrate: tables differ after the copy: \(differ)")
        }
        if parts.contains("keys") || parts.contains("search") {
            printError("[\(size)] PostgreSQL: keys in process")
            let clock = ContinuousClock()
            let start = clock.now
            let store = try await PostgresRoomStore.open(url: room.tlsURL(room.reader), passfile: room.passfile)
            let openTime = clock.now - start
            defer { store.close() }
            if parts.contains("keys") {
                let (harness, startup) = try await RoomHarness.open(
                    store: store, openTime: openTime, size: Size(width: width, height: height))
                let keys = try await KeyBenchmark.run(harness, startup: startup, samples: samples)
                result.keys = keys.keys
                result.startup = keys.startup
            }
            if parts.contains("search") {
                printError("[\(size)] PostgreSQL: search")
                result.search = try await SearchBenchmark.run(store)
            }
        }
        if parts.contains("terminal") {
            printError("[\(size)] PostgreSQL: peerroom on a pseudo-terminal as \(room.reader), \(runs) runs")
            result.terminal = try TerminalBenchmark.run(
                command: [binary, "--db", room.socketURL], environment: ["HOME": "/tmp"], width: width,
                height: height, runs: runs, moves: 10, pages: pages, wrapper: try room.asReader() + wrappers)
        }
        if crossPosts > 0 && parts.contains("cross") {
            if let why = CrossHostFrame.unavailable(server) {
                result.problems.append("post on one host → frame on another: not measured, \(why)")
            } else {
                printError("[\(size)] PostgreSQL: post on pr-a → frame in pr-b, \(crossPosts) posts")
                result.crossHost = try CrossHostFrame.run(
                    peerroom: binary, bench: Self.besideMe("peerroom-bench"), room: room,
                    group: RoomGenerator.groupNames[0].slug, posts: crossPosts, width: width, height: height)
            }
        }
    }

    /// The generated room for `plan`, from the cache or built now (then the build's rate).
    /// The record beside it is written last: a room without one was cut short, and is built again.
    static func cachedRoom(_ plan: RoomGenerator.Plan, folder: String) async throws -> (String, Double?) {
        let path = (folder as NSString).appendingPathComponent(plan.cacheName)
        let record = path + ".json"
        if FileManager.default.fileExists(atPath: record) && FileManager.default.fileExists(atPath: path) {
            return (path, nil)
        }
        remove(path)
        let result = try await RoomGenerator(plan: plan).generate(into: path)
        let generation = GenerationRecord(
            plan: plan, seconds: result.seconds, storiesPerSecond: result.storiesPerSecond)
        try JSONEncoder().encode(generation).write(to: URL(fileURLWithPath: record))
        return (path, result.storiesPerSecond)
    }

    struct GenerationRecord: Codable {
        var plan: RoomGenerator.Plan
        var seconds: Double
        var storiesPerSecond: Double
    }

    /// The rate recorded when a cached room was built.
    static func recordedRate(_ db: String) -> Double? {
        guard let data = FileManager.default.contents(atPath: db + ".json") else { return nil }
        return (try? JSONDecoder().decode(GenerationRecord.self, from: data))?.storiesPerSecond
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".json"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A program in the same folder as this one.
    static func besideMe(_ name: String) -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return ((me as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }
}
