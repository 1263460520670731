import ArgumentParser
import Foundation
import RoomCore
import RoomStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let data = try encoder.encode(try await session.store.export(memberID: session.me.id)) + Data("\n".utf8)
            guard let out else {
                FileHandle.standardOutput.write(data)
                return
            }
            guard FileManager.default.createFile(atPath: out, contents: data, attributes: [.posixPermissions: 0o600])
            else { throw Failure("cannot write \(out)", status: .ioError) }
            printError("Wrote everything \(session.me.handle) wrote to \(out).")
        }
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
            try await session.store.forget(memberID: session.me.id)
            print("\(handle) is forgotten. Take care of yourself.")
        }
    }
}
