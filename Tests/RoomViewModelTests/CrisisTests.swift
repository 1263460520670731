import RoomCore
import Testing

@testable import RoomViewModel

@Suite("Crisis help: one key away, from everywhere")
struct CrisisTests {
    static let resources = CrisisResources(
        notice: "peerroom is peer support, not a crisis service.",
        rightNow: ["If you might act on thoughts of harming yourself, call your local emergency number now."],
        regions: [
            CrisisRegion(
                code: "INT", name: "Anywhere", emergency: nil, emergencySource: nil,
                lines: [
                    CrisisLine(
                        name: "A directory of helplines", contact: "see the website", hours: "varies",
                        purpose: "finding a line in your country", source: "https://example.org/directory",
                        checked: "2026-11-25")
                ]),
            CrisisRegion(
                code: "US", name: "United States", emergency: "911", emergencySource: "https://example.org/us",
                lines: [
                    CrisisLine(
                        name: "Example Lifeline", contact: "Call or text 000", hours: "24/7",
                        purpose: "emotional distress", source: "https://example.org/lifeline", checked: "2026-11-25")
                ]),
            CrisisRegion(
                code: "GB", name: "United Kingdom", emergency: "999", emergencySource: "https://example.org/gb",
                lines: []),
        ])

    func room(width: Int = 80, height: Int = 24, region: String? = "GB") -> RoomState {
        var state = Fixture.startedRoom(width: width, height: height)
        state.crisis = Self.resources
        state.region = region
        return state
    }

    @Test func theRegionComesFirstAndInternationalLast() {
        #expect(Self.resources.ordered(preferring: "gb").map(\.code) == ["GB", "US", "INT"])
        #expect(Self.resources.ordered(preferring: nil).map(\.code) == ["US", "GB", "INT"])
        #expect(Self.resources.ordered(preferring: "INT").map(\.code) == ["INT", "US", "GB"])
    }

    @Test func bangOpensCrisisHelpFromTheRoomTheReaderAndHelp() {
        for path in [[Key](), [.character("2"), .enter], [.character("?")]] {
            var state = room()
            Fixture.keys(&state, path)
            let before = state.mode
            Fixture.keys(&state, .character("!"))
            #expect(state.crisisScroll == 0)
            let text = RoomRenderer.render(state).plainText()
            #expect(text.contains("Crisis help"))
            #expect(text.contains("call your local"))
            Fixture.keys(&state, .escape)
            #expect(state.crisisScroll == nil)
            #expect(state.mode == before, "back exactly where the person was")
        }
    }

    @Test func whileWritingBangIsTextAndCtrlGOpensHelpWithoutLosingAWord() {
        var state = room()
        Fixture.keys(&state, .character("3"), .character("e"), .character("I"), .character("!"))
        guard case .compose(let compose) = state.mode else {
            Issue.record("not writing")
            return
        }
        #expect(compose.body.text == "I!")
        #expect(state.crisisScroll == nil)
        Fixture.keys(&state, .control("g"))
        #expect(state.crisisScroll == 0)
        Fixture.keys(&state, .character("q"))
        #expect(state.mode == .compose(compose), "the text is still there")
    }

    @Test func theFooterAlwaysShowsTheWayToCrisisHelp() {
        var state = room(width: 40, height: 10)
        let screens: [[Key]] = [
            [], [.character("2"), .enter], [.escape, .character("?")], [.escape, .character("n")],
        ]
        for keys in screens {
            Fixture.keys(&state, keys)
            let footer = RoomRenderer.render(state).row(9)
            #expect(footer.contains(":crisis help"), "footer: \(footer)")
        }
        state.notice = "A long notice that fills the whole footer line and more than that"
        #expect(RoomRenderer.render(state).row(9).contains(":crisis help"), "even under a notice")
    }

    @Test func everyLineIsReadableAt40Columns() {
        let lines = CrisisScreen.lines(Self.resources, region: "US", width: 36)
        #expect(lines.allSatisfy { DisplayWidth.of($0.text) <= 36 })
        let text = lines.map(\.text).joined(separator: " ")
        #expect(text.contains("Call or text 000"))
        #expect(text.contains("https://example.org/lifeline"), "each line names its source")
    }

    @Test func crisisHelpScreen() {
        var state = room()
        Fixture.keys(&state, .character("!"))
        Golden.check(RoomRenderer.render(state), "crisis-80x24")
    }

    @Test func aMissingFileStillGivesWhatToDoNow() {
        var state = Fixture.startedRoom()
        state.crisisProblem = "no crisis-resources.toml found"
        Fixture.keys(&state, .character("!"))
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("call your local emergency number"))
        #expect(text.contains("Could not read the list of crisis lines"))
    }
}

extension Fixture {
    static func keys(_ state: inout RoomState, _ keys: [Key]) {
        for key in keys { send(&state, .keyPressed(key)) }
    }
}
