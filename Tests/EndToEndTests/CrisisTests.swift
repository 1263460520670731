import Foundation
import Testing

@Suite("End to end: crisis help")
struct CrisisEndToEndTests {
    @Test func crisisPrintsPlainTextWithTheRegionFirst() throws {
        let british = try Peerroom.run(
            ["crisis"], environment: ["PEERROOM_REGION": "", "LANG": "en_GB.UTF-8", "LC_ALL": ""])
        #expect(british.status == 0)
        let lines = british.stdout.components(separatedBy: "\n")
        let firstRegion = lines.first { $0.contains("— emergency:") }
        #expect(firstRegion?.hasPrefix("United Kingdom") == true, "\(firstRegion ?? "none")")
        #expect(british.stdout.contains("116 123"))
        #expect(british.stdout.contains("not a crisis service"))
        #expect(!british.stdout.unicodeScalars.contains { $0 == "\u{1B}" })

        let french = try Peerroom.run(["crisis"], environment: ["PEERROOM_REGION": "fr"])
        #expect(
            french.stdout.components(separatedBy: "\n").first { $0.contains("— emergency:") }?.hasPrefix("France")
                == true)
    }

    @Test func ownCopyReplacesTheShippedListAndABrokenOneStillHelps() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("peerroom")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try """
        [about]
        notice = "Our own list."
        right_now = ["Call the on-call facilitator."]

        [[region]]
        code = "GB"
        name = "Our town"
        emergency = "999"
        emergency_source = "https://example.org"
        """.write(to: config.appendingPathComponent("crisis-resources.toml"), atomically: true, encoding: .utf8)
        let own = try Peerroom.run(["crisis"], environment: ["XDG_CONFIG_HOME": folder.url.path])
        #expect(own.stdout.contains("Our own list.") && own.stdout.contains("Our town"))

        try "right_now = [".write(
            to: config.appendingPathComponent("crisis-resources.toml"), atomically: true, encoding: .utf8)
        let broken = try Peerroom.run(["crisis"], environment: ["XDG_CONFIG_HOME": folder.url.path])
        #expect(broken.status == 0)
        #expect(broken.stdout.contains("call your local emergency number now"))
        #expect(broken.stderr.contains("crisis-resources.toml"))
    }

    @Test func bangOpensCrisisHelpInTheRoomAndEscReturns() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 80, height: 24,
            command: "env PEERROOM_REGION=NZ " + (try RoomInTerminalTests.roomCommand(db: db, folder: folder)))
        let room = try terminal.waitFor("!:crisis help")
        #expect(room.contains("1 Groups"))
        try terminal.send("!")
        let help = try terminal.waitFor("Crisis help")
        #expect(help.contains("New Zealand — emergency: 111"), "the region comes first")
        try terminal.send("Escape")
        try terminal.waitFor("1 Groups")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
