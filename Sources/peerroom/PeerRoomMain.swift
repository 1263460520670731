import ArgumentParser
import PeerRoomApp

/// The executable. `@main` on an AsyncParsableCommand runs the async subcommands.
@main
struct PeerRoomMain: AsyncParsableCommand {
    static let configuration = PeerRoom.configuration

    /// Parses and runs like ArgumentParser does, but its messages (which echo a person's own
    /// arguments) go through the one neutralising writer of stderr.
    static func main() async {
        await PeerRoom.main(Self.self)
    }
}
