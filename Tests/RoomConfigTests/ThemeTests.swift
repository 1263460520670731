import Foundation
import RoomConfig
import Testing

@testable import RoomViewModel

let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("themes")

/// What a theme resolves to on terminals of 256, 16 and 8 colours, one line a role: the
/// golden text a theme change has to be reviewed against.
func resolved(_ theme: Theme) -> String {
    StyleRole.allCases.map { role in
        let style = theme.style(role)
        let colours = [256, 16, 8].map {
            "\(style.foreground.number(available: $0))/\(style.background.number(available: $0))"
        }
        let attributes = Theme.Attribute.allCases.filter(style.attributes.contains).map(\.rawValue)
        return role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + colours.joined(separator: "  ")
            + "  " + attributes.joined(separator: ",")
    }.joined(separator: "\n") + "\n"
}

@Suite("Themes")
struct ThemeTests {
    @Test(arguments: ["default", "light", "high-contrast", "mono"])
    func everyShippedThemeStylesEveryRole(name: String) throws {
        let theme = try ThemeLibrary(folders: [themesFolder]).load(name)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/theme-\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try resolved(theme).write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(resolved(theme) == (try? String(contentsOf: golden, encoding: .utf8)), "theme-\(name).txt")
    }

    @Test func monoHasNoColourAndEveryOtherShippedThemeHas() throws {
        let library = ThemeLibrary(folders: [themesFolder])
        #expect(try !library.load("mono").usesColour)
        #expect(try library.load("mono") == Theme.mono, "the file and the built-in fallback agree")
        for name in ["default", "light", "high-contrast"] { #expect(try library.load(name).usesColour) }
        #expect(library.names == ["default", "light", "high-contrast", "mono"])
    }

    @Test func coloursComeDownToWhatTheTerminalHas() {
        #expect(ThemeColour("#005f87")?.number(available: 256) == 24, "an exact cube colour")
        #expect(ThemeColour("#005f87")?.number(available: 8) == 6, "deep teal becomes cyan on eight colours")
        #expect(ThemeColour("208")?.number(available: 256) == 208)
        #expect(ThemeColour("208")?.number(available: 8) == 3, "orange becomes yellow")
        #expect(ThemeColour("bright-red")?.number(available: 16) == 9)
        #expect(ThemeColour("bright-red")?.number(available: 8) == 1)
        #expect(ThemeColour("default")?.number(available: 256) == -1)
        for bad in ["blu", "256", "#12345", "#gg0000", ""] { #expect(ThemeColour(bad) == nil, "\(bad)") }
    }

    @Test(arguments: [
        (
            "name = \"x\"\n[roles]\nnormal = { fg = \"blu\", bg = \"default\", attrs = [] }\n",
            "line 3: roles.normal.fg: 'blu' is not a colour"
        ),
        (
            "[roles]\nshouting = { fg = \"red\", bg = \"default\", attrs = [] }\n",
            "line 2: roles.shouting: no such role"
        ),
        (
            "[roles]\nnormal = { fg = \"red\", bg = \"default\", attrs = [\"blink\"] }\n",
            "line 2: roles.normal.attrs: 'blink' is not an attribute"
        ),
        ("colour = 1\n", "line 1: colour: unknown key"),
        ("[roles\n", "line 1"),
    ])
    func aBrokenThemeNamesTheFileLineAndKey(text: String, expected: String) {
        do {
            _ = try ThemeLoader.load(text: text, file: "themes/broken.toml")
            Issue.record("a broken theme loaded")
        } catch {
            #expect(error.description.hasPrefix("themes/broken.toml"))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func aThemeMissingARoleSaysWhichOne() throws {
        var text = try String(contentsOf: themesFolder.appendingPathComponent("mono.toml"), encoding: .utf8)
        text = text.split(separator: "\n").filter { !$0.hasPrefix("crisis") }.joined(separator: "\n")
        #expect(
            throws: ConfigError(
                file: "t.toml", key: "roles.crisis", message: "missing: give it { fg = …, bg = …, attrs = […] }")
        ) {
            try ThemeLoader.load(text: text, file: "t.toml")
        }
    }
}
