import Foundation
import RoomConfig
import Testing

@testable import RoomViewModel

@Suite("Config file")
struct ConfigTests {
    @Test func settingsAndKeyOverridesAreReadAndHelpShowsTheBindingsInForce() throws {
        let config = try ConfigLoader.load(
            text: """
                theme = "light"
                database = "/srv/room.sqlite"
                group = "sober-circle"

                [keys]
                down = ["j", "Down", "Ctrl-N"]
                search = ["F"]
                """, file: "config.toml")
        #expect(config.theme == "light")
        #expect(config.database == "/srv/room.sqlite")
        #expect(config.group == "sober-circle")
        #expect(config.keyMap.command(for: .control("n")) == .moveDown)
        #expect(config.keyMap.command(for: .character("F")) == .search)
        #expect(config.keyMap.command(for: .character("/")) == nil, "replaced, not added")
        let help = HelpScreen.lines(keyMap: config.keyMap).map(\.text)
        #expect(help.contains { $0.contains("j, Down, Ctrl-N") && $0.contains("Move down") })
        #expect(help.contains { $0.hasPrefix("  F ") && $0.contains("Search stories") })
    }

    @Test(arguments: [
        ("theme = \"light\"\ncolour = \"red\"\n", "config.toml line 2: colour: unknown key"),
        ("[keys]\nfly = [\"f\"]\n", "config.toml line 2: keys.fly: no such command"),
        ("[keys]\ndown = [\"Hyper-J\"]\n", "line 2: keys.down: 'Hyper-J' is not a key"),
        ("[keys]\ndown = [\"k\"]\n", "line 2: keys.down: k would run both down and up"),
        ("theme = 3\n", "line 1: theme: must be a string"),
        ("ascii = \"yes\"\n", "line 1: ascii: must be true or false"),
        ("bell = \"off\"\n", "line 1: bell: must be true or false"),
        ("theme = \"light\n", "config.toml line 1"),
    ])
    func aBrokenConfigIsReportedWithItsLine(text: String, expected: String) {
        do {
            _ = try ConfigLoader.load(text: text, file: "config.toml")
            Issue.record("a broken config loaded")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    /// `send = ["s"]` cannot make s send (it is typed while writing): Ctrl-S still sends, and
    /// the loader says so with the file, line and key, instead of leaving the person to wonder.
    @Test func aKeyThatStaysTextWhileWritingIsAWarningWithItsLine() throws {
        let config = try ConfigLoader.load(
            text: "theme = \"light\"\n\n[keys]\nsend = [\"s\"]\nleave = [\"q\", \"Ctrl-Q\"]\n", file: "config.toml")
        #expect(config.keyMap.keys(for: .send, in: .writing) == [.control("s")], "Ctrl-S still sends")
        #expect(config.keyMap.keys(for: .leave, in: .writing) == [.control("q")])
        #expect(
            config.warnings.map(\.description) == [
                "config.toml line 5: keys.leave: \"q\" types text while writing, so leave cannot have it there; "
                    + "it takes only Ctrl-Q",
                "config.toml line 4: keys.send: \"s\" types text while writing, so send cannot have it there; "
                    + "it keeps Ctrl-S",
            ])
        // A letter for crisis help opens it from the room, and Ctrl-G stays while writing, as
        // documented; a Ctrl key sends: nothing to warn about.
        let quiet = try ConfigLoader.load(
            text: "[keys]\ncrisis = [\"H\"]\nsend = [\"Ctrl-P\"]\ndown = [\"J\"]\n", file: "config.toml")
        #expect(quiet.warnings.isEmpty, "\(quiet.warnings)")
        #expect(quiet.keyMap.command(for: .character("H")) == .crisis)
    }

    /// The bell that rings when a call for support reaches a helper's room: on unless said.
    @Test func theBellIsOnUnlessConfigSaysFalse() throws {
        #expect(try ConfigLoader.load(text: "theme = \"light\"\n", file: "config.toml").bell)
        #expect(try !ConfigLoader.load(text: "bell = false\n", file: "config.toml").bell)
    }

    @Test func asciiIsASettingAndOffUnlessSaid() throws {
        #expect(try ConfigLoader.load(text: "ascii = true\n", file: "config.toml").ascii)
        #expect(try !ConfigLoader.load(text: "theme = \"light\"\n", file: "config.toml").ascii)
    }
}
