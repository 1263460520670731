import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// The footer at any width: whole hints only, never drawn over one another or over the
/// position, and the crisis key always last.
@Suite("Rendering: the footer")
struct FooterTests {
    /// Every word a hint can end in (the part after "key:").
    static let labels: Set<String> = Set(Command.allCases.compactMap(\.footerLabel)).union([
        "scroll", "back", "show story", "reply", "encourage", "react", "help", "close help", "hide", "restore/keep",
        "going", "maybe", "can't", "check in", "choose", "write", "accept", "decline", "end", "send", "cancel",
        "look around first", "back to where you were", "yes, delete", "keep it", "yes, discard", "keep writing",
        "yes, mute", "don't mute", "next/previous", "search again",
    ])

    /// The footer's parts: runs of text separated by two or more spaces.
    static func parts(_ footer: String) -> [String] {
        footer.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func expectWhole(
        _ state: RoomState, _ screen: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let footer = RoomRenderer.render(state).row(state.size.height - 1)
        let parts = Self.parts(footer)
        let crisis = "\(RoomRenderer.crisisKeyLabel(state)):crisis help"
        let width = state.size.width
        #expect(
            parts.last == crisis, "\(screen) at \(width): the crisis key ends the footer: \(footer)",
            sourceLocation: sourceLocation)
        #expect(
            footer.hasSuffix(" \(crisis) "), "\(screen) at \(width): at the right end", sourceLocation: sourceLocation)
        for part in parts.dropLast() {
            let isPosition = part.range(of: #"^[0-9]+–[0-9]+/[0-9]+$"#, options: .regularExpression) != nil
            let label = part.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
            let isHint = part.contains(":") && !part.contains("…") && Self.labels.contains(label)
            #expect(
                isPosition || isHint, "\(screen) at \(width): \"\(part)\" is not a whole hint: \(footer)",
                sourceLocation: sourceLocation)
        }
        #expect(
            parts.count >= 2, "\(screen) at \(width): at least one hint beside the crisis key: \(footer)",
            sourceLocation: sourceLocation)
    }

    static let screens: [(String, [Key])] = [
        ("room", []), ("stories", [.character("2")]), ("reader", [.character("2"), .enter]),
        ("help", [.character("?")]), ("crisis help", [.character("!")]), ("compose", [.character("n")]),
        ("crisis help from compose", [.character("n"), .control("g")]),
        ("delete question", [.character("3"), .character("d")]),
        ("discard question", [.character("n"), .character("x"), .control("x")]),
        ("search question", [.character("/")]),
    ]

    @Test(arguments: [40, 60, 80, 120])
    func hintsAreWholeAndTheCrisisKeyIsLastAtEveryWidth(width: Int) {
        for (screen, keys) in Self.screens {
            var state = Fixture.startedRoom(width: width, height: 24)
            state.myHandle = "harbor"  // the author of the first encouragement, who may delete it
            Fixture.keys(&state, keys)
            Self.expectWhole(state, screen)
        }
    }

    @Test func afterCtrlGFromComposeTheFooterIsNotGarbled() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("n"), .control("g"))
        let footer = RoomRenderer.render(state).row(23)
        #expect(footer.hasSuffix(" Ctrl-G:crisis help "), "\(footer)")
        #expect(
            footer.range(of: #"[0-9]+–[0-9]+/[0-9]+  Ctrl-G:crisis help"#, options: .regularExpression) != nil,
            "\(footer)")
        Fixture.keys(&state, .escape)
        let back = RoomRenderer.render(state).row(23)
        #expect(back.contains("Ctrl-S:post") && back.hasSuffix(" Ctrl-G:crisis help "), "\(back)")
        Self.expectWhole(state, "compose after crisis help")
    }

    @Test func aQuestionChangesTheFooterToItsAnswers() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        state.myHandle = "harbor"
        Fixture.keys(&state, .character("3"), .character("d"))
        let footer = RoomRenderer.render(state).row(23)
        #expect(footer.hasPrefix(" y:yes, delete  n/Esc:keep it "), "\(footer)")
        #expect(!footer.contains("q:quit"), "room keys are not offered while only y or n is taken")
        Fixture.keys(&state, .character("n"))
        #expect(RoomRenderer.render(state).row(23).contains("q:quit"), "the room's hints come back")

        Fixture.keys(&state, .character("1"), .tab, .character("m"))
        #expect(RoomRenderer.render(state).row(23).hasPrefix(" y:yes, mute  n/Esc:don't mute "))
        Fixture.keys(&state, .escape, .character("n"), .character("x"), .control("x"))
        #expect(RoomRenderer.render(state).row(23).hasPrefix(" y:yes, discard  n/Esc:keep writing "))
    }
}
