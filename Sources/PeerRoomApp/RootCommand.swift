import ArgumentParser
import Foundation
import RoomCore

/// The root command: the room, and the commands that read and write the same store.
public struct PeerRoomCommand: AsyncParsableCommand {
    public static let configuration = PeerRoom.configuration

    public init() {}

    /// Parses and runs, with one error style: `peerroom: …` on stderr and a sysexits status.
    /// A word that names no command says so and suggests the closest (exit 64), rather than
    /// being taken as an argument of the room.
    public static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let word = arguments.first, !word.hasPrefix("-"), !PeerRoom.commandNames.contains(word) {
            let close = CloseMatches.best(to: word, among: PeerRoom.commandNames.sorted(), limit: 3)
            let suggestion = close.isEmpty ? "" : " Did you mean \(close.joined(separator: ", "))?"
            printError(
                "peerroom: Unknown command '\(SafeText.neutralise(word))'.\(suggestion) "
                    + "See 'peerroom --help' for the commands.")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }  // help, --version, completion scripts
            } else if !message.isEmpty {
                let prefix = "Error: "
                printError(message.hasPrefix(prefix) ? "peerroom: " + message.dropFirst(prefix.count) : message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
