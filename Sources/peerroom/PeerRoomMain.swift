import ArgumentParser
import PeerRoomApp

/// The executable. `@main` on an AsyncParsableCommand runs the async subcommands.
@main
struct PeerRoomMain: AsyncParsableCommand {
    static let configuration = PeerRoom.configuration
}
