import PeerRoomApp

/// The executable: everything but this line lives in PeerRoomApp, so that it can be tested.
@main
enum PeerRoomMain {
    static func main() async { await PeerRoomCommand.main() }
}
