import Foundation
import Testing

@Suite("End to end: crisis help")
struct CrisisEndToEndTests {
    @Test func crisisPrintsPlainTextWithTheRegionFirst() throws {
        let british = try Peerroom.run(
            ["crisis"], environment: ["PEERROOM_REGION": "", "LANG": "en_GB.UTF-8", "LC_ALL": ""])
        #expect(british.status == 0)
        let lines = british.stdout.components(separatedBy: "\n")
        #expect(lines.first == "In danger now: call 999 (United Kingdom)", "the number first")
        #expect(lines.dropFirst().first?.hasPrefix("Samaritans: Call 116 123") == true, "then the region's lines")
        #expect(british.stdout.contains("not a crisis service"))
        #expect(!british.stdout.contains("source:") && !british.stdout.contains("checked"), "no sources unasked")
        #expect(!british.stdout.unicodeScalars.contains { $0 == "\u{1B}" })

        let french = try Peerroom.run(["crisis"], environment: ["PEERROOM_REGION": "fr"])
        #expect(french.stdout.hasPrefix("In danger now: call 15 (SAMU) or 112 (France)\n"))
    }

    @Test func sourcesAreShownWhenAskedFor() throws {
        let result = try Peerroom.run(["crisis", "--sources"], environment: ["PEERROOM_REGION": "GB"])
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                "source: https://www.samaritans.org/how-we-can-help/contact-samaritan/, checked 2026-11-25"))
        #expect(result.stdout.contains("source: https://www.devon-cornwall.police.uk/"), "the emergency number's too")
    }

    @Test func aRegionWithNoEntrySaysSoAndGivesTheDirectoryFirst() throws {
        let result = try Peerroom.run(["crisis"], environment: ["PEERROOM_REGION": "JP"])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(
            Array(lines.prefix(3)) == [
                "In danger now: call your local emergency number",
                "No crisis lines listed for JP; international directory first",
                "Find A Helpline (a directory of helplines by country): https://findahelpline.com",
            ])
        #expect(result.stdout.contains("United States — emergency: 911"), "then the rest")
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
            command: "env PEERROOM_REGION=GB " + (try RoomInTerminalTests.roomCommand(db: db, folder: folder)))
        let room = try terminal.waitFor("!:crisis help")
        #expect(room.contains("1 Groups"))
        try terminal.send("!")
        // The region's numbers, each on the first screen, without scrolling. Waited for as a
        // whole: a capture taken while the overlay is being drawn holds only its top.
        let numbers = ["116 123", "0300 123 6600", "0808 8020 133"]
        let help = try terminal.waitUntil("the emergency line and the region's numbers show") { screen in
            screen.contains("In danger now: call 999 (United Kingdom)") && numbers.allSatisfy(screen.contains)
        }
        for number in numbers {
            #expect(help.contains(number), "\(number) is on the first screen")
        }
        #expect(!help.contains("source:"), "sources stay in the file")
        try terminal.send("Escape")
        try terminal.waitFor("1 Groups")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }

    @Test func ctrlGWhileWritingAndBackKeepsTheTextAndTheFooterWhole() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 80, height: 24,
            command: "env PEERROOM_REGION=NZ " + (try RoomInTerminalTests.roomCommand(db: db, folder: folder)))
        try terminal.waitFor("1 Groups")
        try terminal.send("n")
        try terminal.send("-l", "Hard night")
        try terminal.waitFor("Hard night")
        try terminal.send("C-g")
        let help = try terminal.waitFor("In danger now: call 111 (New Zealand)")
        let footer = help.components(separatedBy: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(footer.hasSuffix("  Ctrl-G:crisis help"), "\(footer)")
        try terminal.send("Escape")
        let back = try terminal.waitFor("Ctrl-S:post")
        #expect(back.contains("Title    Hard night"))
        try terminal.send("Escape")
        try terminal.waitFor("Draft kept")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
