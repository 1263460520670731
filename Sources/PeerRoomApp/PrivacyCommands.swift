import ArgumentParser
import Foundation
import RoomCore
import RoomStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Everything you wrote, and your settings, as JSON.",
        discussion: "Stories, replies, encouragement, reactions, drafts and group memberships of the member you act as."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Export the member you act as (the only export there is).") var me = false
    @Option(help: "Write to this file (readable by you alone) instead of standard output.") var out: String?

    func validate() throws {
        guard me else { throw ValidationError("say --me: export only ever covers yourself") }
    }

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let data = try Output.json(try await session.store.export())
            guard let out else {
                FileHandle.standardOutput.write(data)
                return
            }
            printError(try Output.writeExport(data, to: out, handle: session.me.handle))
        }
    }
}

extension Output {
    /// Writes an export to `path`, readable by its owner alone; says what was written.
    static func writeExport(_ data: Data, to path: String, handle: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw Failure("cannot write \(path)", status: .ioError) }
        return "Wrote everything \(handle) wrote to \(path)."
    }
}

struct ForgetMe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget-me",
        abstract: "Delete everything you wrote and your membership, after you type your handle to confirm.",
        discussion: "Stories that others replied to stay as \"[removed]\", so their replies are not lost.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            let handle = session.me.handle
            printError(
                "This deletes every story, reply, encouragement, reaction and draft of \(handle), and cannot be undone.\n"
                    + "Consider `peerroom export --me --out FILE` first. Type \(handle) to confirm:")
            let typed = readLine(strippingNewline: true)?.trimmingWhitespace ?? ""
            guard typed == handle else {
                throw Failure("'\(SafeText.neutralise(typed))' is not \(handle); nothing was deleted", status: .usage)
            }
            try await session.store.forget()
            print("\(handle) is forgotten. Take care of yourself.")
        }
    }
}

/// `peerroom recovery`: one's recovery start date, private unless shared with a group.
struct Recovery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "Set your recovery start date and choose which groups see it.",
        discussion:
            "The date is private: a group's roster shows your days only after --share SLUG. "
            + "Without options, says what is set and shared.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Your recovery start date (YYYY-MM-DD).") var start: String?
    @Flag(help: "Forget the date.") var clear = false
    @Option(help: "Show your days in this group's roster (a slug).") var share: [String] = []
    @Option(help: "Stop showing them in this group (a slug).") var unshare: [String] = []
    @Option(help: "Celebrate your milestones in this group's encouragement (a slug).")
    var shareMilestones: [String] = []
    @Option(help: "Stop celebrating them in this group (a slug).") var unshareMilestones: [String] = []

    func validate() throws {
        if let start, CalendarDay(iso: start) == nil {
            throw ValidationError("--start must be a date like 2024-03-17, got '\(SafeText.neutralise(start))'")
        }
        if start != nil && clear { throw ValidationError("--start and --clear contradict each other") }
    }

    func run() async throws {
        try await reporting {
            let session = try await RoomSession.open(global, for: .write)
            // A recovery begins on a day that has come (by the store's clock): a date ahead is
            // refused before anything changes.
            let today = RoomActions(store: session.store).today
            if let start, let day = CalendarDay(iso: start), day > today {
                throw Failure(
                    "--start \(day) is in the future (today is \(today)); a recovery start is a day that has begun",
                    status: .dataError)
            }
            // Check every group first, so a typo changes nothing.
            var sharing: [(GroupSummary, Bool)] = []
            for slug in share { sharing.append((try await session.store.group(slug: slug), true)) }
            for slug in unshare { sharing.append((try await session.store.group(slug: slug), false)) }
            var milestones: [(GroupSummary, Bool)] = []
            for slug in shareMilestones { milestones.append((try await session.store.group(slug: slug), true)) }
            for slug in unshareMilestones { milestones.append((try await session.store.group(slug: slug), false)) }
            if let start { try await session.store.setRecoveryStart(CalendarDay(iso: start)) }
            if clear { try await session.store.setRecoveryStart(nil) }
            for (group, shared) in sharing {
                try await session.store.shareRecoveryStart(groupID: group.id, shared: shared)
            }
            for (group, shared) in milestones {
                try await session.store.shareMilestones(groupID: group.id, shared: shared)
                print(
                    shared
                        ? "Milestones celebrated in \(group.slug)."
                        : "Milestones no longer celebrated in \(group.slug).")
            }
            let export = try await session.store.export()
            print("Recovery start: \(export.recoveryStart ?? "not set") (private).")
            let shown = export.groups.filter(\.sharesRecoveryStart).map(\.slug)
            print(shown.isEmpty ? "Shown to no group." : "Shown to: \(shown.joined(separator: ", ")).")
        }
    }
}
