import ArgumentParser
import Foundation
import PostgresStore
import RoomCore
import RoomStore
import SQLiteStore
import TOMLKit

/// `peerroom migrate`: a SQLite room into an empty PostgreSQL room, then compared table by table.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite room into an empty PostgreSQL room, then compare every table.",
        discussion: """
            Logs in to --to as the room's owner role, creates the schema if it is not there, and \
            copies every group, member, story, reply, reaction, encouragement, draft, check-in, \
            meeting, mentorship, report, mute, read mark and join request in one transaction, ids \
            kept. Each member gets a login role: the one the --roles file names, else the prefix \
            and the handle folded to lower-case ASCII, other characters as _ ("Ana B" → pr_ana_b; \
            a name already given gets _2). Presence and the change log are not copied (running \
            rooms rewrite them). A database that already holds a room is refused; any failure \
            leaves the target as it was. Then rows and a checksum per table are compared: exit 0 \
            only if every table matches (65 if not). Stop the rooms on the SQLite file first.
            """)

    @Option(help: "The SQLite room (a .sqlite file).") var from: String
    @Option(help: "The PostgreSQL room: postgresql://OWNER@HOST/DATABASE (or ?host=/socket/folder).") var to: String
    @Option(help: "A TOML file of handle = \"role\" lines: the login role each named member gets.") var roles: String?
    @Option(help: "The prefix of the roles made for members the roles file does not name.") var rolePrefix = "pr_"
    @Option(help: "The owner's password file (default: $PGPASSFILE, else ~/.pgpass).") var passfile: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reporting(json: format == .json) {
            let map = try roles.map(Self.loadRoles) ?? [:]
            guard FileManager.default.fileExists(atPath: from) else {
                throw Failure("there is no SQLite room at \(from)", status: .noInput)
            }
            let source = try SQLiteRoomReader(path: from)
            defer { source.close() }
            let report: PostgresMigration.Report
            do {
                report = try await PostgresMigration.migrate(
                    from: source, to: to, passfile: passfile, roles: .init(map: map, prefix: rolePrefix))
            } catch let refusal as PostgresMigration.Refusal {
                throw Failure(refusal.message, status: .dataError)
            }
            switch format {
            case .json: try Output.printJSON(MigrationJSON(report))
            case .text: Output.printText(Self.text(report))
            }
            if !report.ok { throw ExitCode(ExitStatus.dataError.rawValue) }
        }
    }

    /// Handle → role from a TOML table of strings.
    static func loadRoles(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure("cannot read the roles file \(path)", status: .noInput)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(
                "\(path) line \(error.source.begin.line): not TOML (write handle = \"role\", one a line)",
                status: .dataError)
        }
        var map: [String: String] = [:]
        for (handle, value) in table {
            guard let role = value.string else {
                throw Failure(
                    "\(path): the role of '\(SafeText.neutralise(handle))' is not a string (write handle = \"role\")",
                    status: .dataError)
            }
            map[handle] = role
        }
        return map
    }

    static func text(_ report: PostgresMigration.Report) -> [String] {
        let width = max(5, report.tables.map(\.table.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(0, count - text.count))
        }
        var lines = ["\(pad("table", width))  \(pad("rows", 9))  \(pad("checksum", 16))  ok"]
        for check in report.tables {
            let rows =
                check.sourceRows == check.targetRows ? "\(check.sourceRows)" : "\(check.sourceRows)→\(check.targetRows)"
            let sum =
                check.sourceChecksum == check.targetChecksum
                ? check.sourceChecksum : "\(check.sourceChecksum)≠\(check.targetChecksum)"
            lines.append("\(pad(check.table, width))  \(pad(rows, 9))  \(pad(sum, 16))  \(check.ok ? "yes" : "NO")")
        }
        let rate = report.copySeconds > 0 ? Int((Double(report.stories) / report.copySeconds).rounded()) : 0
        lines.append(
            "Copied \(report.stories) stories and \(report.roles.count) members in "
                + String(format: "%.2f", report.copySeconds) + " s (\(rate) stories/s)."
                + (report.ok ? " Every table matches." : " Some tables differ: see NO above."))
        lines.append("Time: " + report.phases.map(phaseText).joined(separator: ", ") + ".")
        lines.append(
            "Not copied: " + PostgresMigration.skipped.map { "\($0.table) (\($0.reason))" }.joined(separator: "; ")
                + ".")
        return lines
    }

    /// "copy 3.10 s (waiting for SQLite 0.20 s, inserting 2.85 s)".
    static func phaseText(_ phase: PostgresMigration.Phase) -> String {
        let own = phase.name + " " + String(format: "%.2f s", phase.seconds)
        return phase.parts.isEmpty ? own : own + " (" + phase.parts.map(phaseText).joined(separator: ", ") + ")"
    }
}

/// `migrate --format json`.
struct MigrationJSON: Encodable {
    struct Role: Encodable {
        var handle: String
        var role: String
    }
    struct Skipped: Encodable {
        var table: String
        var reason: String
    }
    struct Table: Encodable {
        var table: String
        var sourceRows: Int
        var targetRows: Int
        var sourceChecksum: String
        var targetChecksum: String
        var ok: Bool
    }
    var ok: Bool
    var tables: [Table]
    var roles: [Role]
    var skipped: [Skipped]
    var stories: Int
    var copySeconds: Double
    var phases: [PostgresMigration.Phase]

    init(_ report: PostgresMigration.Report) {
        ok = report.ok
        tables = report.tables.map {
            Table(
                table: $0.table, sourceRows: $0.sourceRows, targetRows: $0.targetRows,
                sourceChecksum: $0.sourceChecksum, targetChecksum: $0.targetChecksum, ok: $0.ok)
        }
        roles = report.roles.map { Role(handle: $0.handle, role: $0.role) }
        skipped = PostgresMigration.skipped.map { Skipped(table: $0.table, reason: $0.reason) }
        stories = report.stories
        copySeconds = report.copySeconds
        phases = report.phases
    }
}
