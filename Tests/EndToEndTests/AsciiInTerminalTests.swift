import Foundation
import Testing

/// `peerroom --ascii` in a real terminal: what tmux shows has no box drawing, and moving to a
/// pane says its name.
@Suite("End to end: the room in ASCII")
struct AsciiInTerminalTests {
    @Test func theRoomDrawsNoBoxAndNamesThePaneThatTakesFocus() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let command = try RoomInTerminalTests.roomCommand(db: db, folder: folder, extra: "--ascii")
        let terminal = try Terminal(width: 80, height: 24, command: command)
        let first = try terminal.waitFor("q:quit")
        #expect(first.contains("+") || first.contains("#"), "frames drawn with ASCII")
        try terminal.send("2")
        let stories = try terminal.waitFor("Stories pane")
        let boxes = stories.unicodeScalars.filter { (0x2500...0x259F).contains($0.value) || $0 == "▸" }
        #expect(boxes.isEmpty, "no box drawing or markers on screen: \(String(String.UnicodeScalarView(boxes)))")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
