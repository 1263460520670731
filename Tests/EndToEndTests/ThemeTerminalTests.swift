import Foundation
import Testing

/// Themes and config in a real terminal: what reaches the screen are tmux's own records of
/// the colours and attributes the room set (capture-pane -e).
@Suite("End to end: themes, NO_COLOR and config", .serialized)
struct ThemeTerminalTests {
    /// SGR colour parameters (30–37, 40–47, 90–107, 38;5;N, 48;5;N) in captured text.
    static func hasColour(_ styled: String) -> Bool {
        styled.range(
            of: #"\x1B\[[0-9;]*(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)m"#, options: .regularExpression)
            != nil
    }

    func open(env: String = "", extra: String = "", folder: TemporaryFolder) throws -> Terminal {
        let command = try RoomInTerminalTests.roomCommand(db: folder.path("room.sqlite"), folder: folder, extra: extra)
        // The test runner may itself run under NO_COLOR; each test says whether it wants it.
        return try Terminal(width: 100, height: 30, command: "env -u NO_COLOR \(env) " + command)
    }

    @Test func theDefaultThemeHasColourAndNoColorGivesTheMonoLook() throws {
        let folder = try TemporaryFolder()
        let coloured = try open(env: "TERM=xterm-256color", folder: folder)
        try coloured.waitFor("q:quit")
        let colourful = try coloured.styledScreen()
        #expect(Self.hasColour(colourful), "\(colourful.prefix(300).debugDescription)")
        try coloured.send("q")

        let plain = try open(env: "NO_COLOR=1 TERM=xterm-256color", folder: folder)
        try plain.waitFor("q:quit")
        let styled = try plain.styledScreen()
        #expect(!Self.hasColour(styled), "NO_COLOR: no colour at all")
        #expect(styled.contains("\u{1B}[7m"), "the header and the selection are still reversed")
        try plain.send("q")

        let noColours = try open(env: "TERM=vt100", folder: folder)
        try noColours.waitFor("q:quit")
        #expect(!Self.hasColour(try noColours.styledScreen()), "a terminal without colours gets mono by itself")
    }

    @Test func tCyclesThemesLiveAndAFlagOverridesNoColor() throws {
        let folder = try TemporaryFolder()
        let terminal = try open(env: "NO_COLOR=1 TERM=xterm-256color", extra: "--theme high-contrast", folder: folder)
        try terminal.waitFor("q:quit")
        #expect(Self.hasColour(try terminal.styledScreen()), "--theme wins over NO_COLOR")
        try terminal.send("T")
        try terminal.waitFor("Theme: mono (T for the next)")
        #expect(!Self.hasColour(try terminal.styledScreen()))
        try terminal.send("T")
        try terminal.waitFor("Theme: default (T for the next)")
        #expect(Self.hasColour(try terminal.styledScreen()))
    }

    @Test func aBrokenThemeByFlagExits65AndFromConfigFallsBackWithAWarning() throws {
        let folder = try TemporaryFolder()
        let broken = folder.path("broken.toml")
        try "name = \"broken\"\n[roles]\nnormal = { fg = \"teal-ish\", bg = \"default\", attrs = [] }\n".write(
            toFile: broken, atomically: true, encoding: .utf8)
        let byFlag = try Peerroom.run(["--db", folder.path("room.sqlite"), "--theme", broken])
        #expect(byFlag.status == 65)
        #expect(
            byFlag.stderr.contains("broken.toml line 3: roles.normal.fg: 'teal-ish' is not a colour"),
            "\(byFlag.stderr)")

        let config = folder.path("config/peerroom")
        try FileManager.default.createDirectory(atPath: config + "/themes", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: broken, toPath: config + "/themes/broken.toml")
        try "theme = \"broken\"\ngroup = \"even-odds\"\n".write(
            toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let terminal = try open(env: "XDG_CONFIG_HOME=\(folder.path("config"))", folder: folder)
        let screen = try terminal.waitFor("Using the default theme: ")
        #expect(screen.contains("Even Odds"), "the config's group opened first")
        #expect(Self.hasColour(try terminal.styledScreen()), "the default theme, in colour")
    }

    @Test func configKeyOverridesWorkAndHelpShowsThem() throws {
        let folder = try TemporaryFolder()
        let config = folder.path("config/peerroom")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try "[keys]\nhelp = [\"h\", \"F1\"]\n".write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let broken = try Peerroom.run(
            ["groups", "--db", folder.path("room.sqlite")], environment: ["XDG_CONFIG_HOME": folder.path("config")])
        #expect(broken.stderr.contains("config.toml line 2: keys.help: 'F1' is not a key"), "\(broken.stderr)")
        #expect(broken.status == 0, "a broken config does not keep anyone out")

        try "[keys]\nhelp = [\"H\"]\n".write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let terminal = try open(env: "XDG_CONFIG_HOME=\(folder.path("config"))", folder: folder)
        try terminal.waitFor("H:help")
        try terminal.send("H")
        try terminal.waitFor("Keys in the room")
    }
}

@Suite("End to end: mouse and terminal types", .serialized)
struct MouseAndTerminalTypeTests {
    @Test func aClickSelectsAStoryTheWheelScrollsAndAClickOnAGroupOpensIt() throws {
        let folder = try TemporaryFolder()
        let command = try RoomInTerminalTests.roomCommand(db: folder.path("room.sqlite"), folder: folder)
        let terminal = try Terminal(width: 120, height: 40, command: "env TERM=xterm-256color " + command)
        try terminal.waitFor("q:quit")
        // SGR mouse reports (what xterm sends): press and release of button 1 at column 40, row 6.
        try terminal.send("-l", "\u{1B}[<0;40;6M\u{1B}[<0;40;6m")
        try terminal.waitUntil("the story under row 6 is selected") {
            $0.components(separatedBy: "\n").dropFirst(4).first?.contains("║▸ [") == true
        }
        try terminal.send("-l", "\u{1B}[<0;40;6M\u{1B}[<0;40;6m")
        try terminal.waitFor("Esc:back")  // a second press opens it
        try terminal.send("Escape")
        try terminal.waitFor("q:quit")
        try terminal.send("-l", "\u{1B}[<65;40;10M")  // the wheel, down: three stories on
        try terminal.waitUntil("the fifth story is selected") {
            $0.components(separatedBy: "\n").dropFirst(10).first?.contains("▸ [") == true
        }
        // A press on the second group opens it.
        try terminal.send("-l", "\u{1B}[<0;5;4M\u{1B}[<0;5;4m")
        try terminal.waitFor("│ Even Odds")
    }

    @Test(arguments: ["xterm", "xterm-256color", "screen-256color", "tmux-256color", "linux"])
    func theRoomOpensInEveryCommonTerminal(term: String) throws {
        let folder = try TemporaryFolder()
        let command = try RoomInTerminalTests.roomCommand(db: folder.path("room.sqlite"), folder: folder)
        let terminal = try Terminal(width: 80, height: 24, command: "env TERM=\(term) " + command)
        try terminal.waitFor("q:quit")
        try terminal.send("2", "j", "Enter")
        try terminal.waitFor("Esc:back")
        try terminal.send("q", "q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
