import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Rendering: golden screens")
struct RenderTests {
    @Test func wideRoomAt120x40() {
        let state = Fixture.startedRoom(width: 120, height: 40)
        Golden.check(RoomRenderer.render(state), "room-120x40")
    }

    @Test func wideRoomWithStoriesFocusedAndSecondItemSelected() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("2"), .character("j"))
        Golden.check(RoomRenderer.render(state), "room-120x40-stories")
    }

    @Test func narrowRoomAt80x24ShowsOnePaneWithTabs() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Golden.check(RoomRenderer.render(state), "room-80x24-groups")
        Fixture.keys(&state, .character("2"))
        Golden.check(RoomRenderer.render(state), "room-80x24-stories")
        Fixture.keys(&state, .character("3"))
        Golden.check(RoomRenderer.render(state), "room-80x24-encouragement")
    }

    /// Where three panes begin (Layout.wideFrom): one pane with tabs at 100, three from 110,
    /// and at 110 and 119 the roles, counts and warnings are whole.
    @Test(arguments: [100, 110, 119])
    func threePanesStartWhereTheyShowWhatIsNeeded(width: Int) {
        var state = Fixture.startedRoom(width: width, height: 30)
        Fixture.keys(&state, .character("2"))
        let canvas = RoomRenderer.render(state)
        Golden.check(canvas, "room-\(width)x30-stories")
        guard width >= Layout.wideFrom else {
            #expect(state.layout.kind == .narrow)
            return
        }
        let text = canvas.plainText()
        for whole in [
            "facilitator 1373d", "peer mentor 4553d", "2 replies · 4 reactions", "1 reply · 6 reactions",
            "⚠ relapse, alcohol", "new · quiet-oak · 1d",
        ] {
            #expect(text.contains(whole), "\(whole) at \(width) columns")
        }
    }

    @Test func nothingNeededIsCutAt120() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("1"), .tab)
        let text = RoomRenderer.render(state).plainText()
        for whole in [
            "facilitator 1373d", "peer mentor 4553d", "new · river · 5h", "2 replies · 4 reactions",
            "1 reply · 6 reactions", "⚠ relapse, alcohol", "0 replies · 1 reaction",
        ] {
            #expect(text.contains(whole), "\(whole) at 120 columns")
        }
        Fixture.keys(&state, .character("2"), .enter)
        #expect(RoomRenderer.render(state).plainText().contains("[MILESTONE] One year today"), "the full kind")
    }

    @Test func smallestRoomAt40x10() {
        var state = Fixture.startedRoom(width: 40, height: 10)
        Fixture.keys(&state, .character("2"))
        Golden.check(RoomRenderer.render(state), "room-40x10-stories")
    }

    @Test func tooSmallShowsANoticeAndComesBack() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.send(&state, .resized(Size(width: 30, height: 8)))
        Golden.check(RoomRenderer.render(state), "too-small-30x8")
        Fixture.send(&state, .resized(Size(width: 120, height: 40)))
        #expect(RoomRenderer.render(state) == RoomRenderer.render(Fixture.startedRoom(width: 120, height: 40)))
    }

    @Test func readerShowsTheWholeStoryWithReplies() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("2"), .enter)
        Golden.check(RoomRenderer.render(state), "reader-80x24")
    }

    @Test func readerFoldsAStoryBehindItsContentWarning() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("2"), .character("j"), .enter)
        Golden.check(RoomRenderer.render(state), "reader-80x24-content-warning")
        #expect(!RoomRenderer.render(state).plainText().contains("hiding it is how it grows"))
        Fixture.keys(&state, .character("v"))
        #expect(RoomRenderer.render(state).plainText().contains("hiding it is how it grows"))
    }

    @Test func helpAt80x24() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("?"))
        Golden.check(RoomRenderer.render(state), "help-80x24")
    }

    @Test func hostileTitleIsShownAsTextNotControl() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("2"), .character("G"))
        let canvas = RoomRenderer.render(state)
        let text = canvas.plainText()
        #expect(text.contains("Evil ␛]0;pwned␇title ␛[2J"))
        for cell in canvas.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(SafeText.isSafe(scalar), "unsafe scalar U+\(String(scalar.value, radix: 16)) on the canvas")
            }
        }
    }

    @Test func everyRowIsExactlyAsWideAsTheCanvas() {
        for (width, height) in [(120, 40), (80, 24), (40, 10), (100, 30), (99, 30), (110, 30), (109, 30)] {
            var state = Fixture.startedRoom(width: width, height: height)
            for key in [Key.character("2"), .character("3"), .character("1"), .character("2"), .enter] {
                Fixture.keys(&state, key)
                let canvas = RoomRenderer.render(state)
                for y in 0..<canvas.height {
                    let columns = (0..<canvas.width).reduce(0) { $0 + Int(canvas[$1, y].width) }
                    let continuations = (0..<canvas.width).filter { canvas[$0, y].width == 0 }.count
                    #expect(columns + continuations == width + continuations, "row \(y) at \(width)x\(height)")
                    #expect(DisplayWidth.of(canvas.row(y)) == width, "row \(y) at \(width)x\(height)")
                }
            }
        }
    }

    @Test func selectionShowsWithoutColourAndCarriesTheCursor() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("2"), .character("j"))
        let canvas = RoomRenderer.render(state)
        let cursor = try! #require(canvas.cursor)
        #expect(canvas.row(cursor.y).contains("▸ [SETBACK] I drank on Friday"))
        #expect(canvas[cursor.x, cursor.y].role == .selection)
    }
}

/// The style role of every cell as one letter: what a theme colours, checked as text.
extension Canvas {
    static let roleMarkers: [StyleRole: Character] = [
        .normal: ".", .header: "H", .title: "T", .border: "-", .focusBorder: "=", .selection: "S", .muted: "m",
        .badge: "B", .warning: "W", .crisis: "C", .footer: "f", .key: "K", .tab: "t", .activeTab: "A", .match: "M",
    ]

    func roleMap() -> String {
        (0..<height).map { y in
            String((0..<width).map { x in Self.roleMarkers[self[x, y].role] ?? "?" })
        }.joined(separator: "\n") + "\n"
    }
}

@Suite("Rendering: style roles")
struct RoleMapTests {
    @Test func everyPartOfTheRoomHasTheRoleAThemeColours() {
        var state = Fixture.startedRoom(width: 110, height: 24)
        Fixture.keys(&state, .character("2"), .character("j"))
        let canvas = RoomRenderer.render(state)
        #expect(Set(Canvas.roleMarkers.keys) == Set(StyleRole.allCases), "every role has a marker")
        Golden.checkText(canvas.roleMap(), "roles-room-110x24")
    }

    @Test func searchMatchesAndTheCrisisKeyHaveTheirOwnRoles() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("/"))
        for character in "day" { Fixture.keys(&state, .character(character)) }
        Fixture.keys(&state, .enter)
        let roles = RoomRenderer.render(state).roleMap()
        #expect(roles.contains("MMM"), "the matched word")
        #expect(roles.contains("CCCCCCCCCCCCCCC"), "the crisis key in the footer")
        Golden.checkText(roles, "roles-search-80x24")
    }
}
