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
                        purpose: "emotional distress", source: "https://example.org/lifeline", checked: "2026-11-25"),
                    CrisisLine(
                        name: "Example Helpline", contact: "Call 1-800-000-0000", hours: "every day",
                        purpose: "substance use, for you or your family", source: "https://example.org/helpline",
                        checked: "2026-11-25"),
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
        #expect(Self.resources.ordered(preferring: "INT").map(\.code) == ["INT", "US", "GB"])
        #expect(
            Self.resources.ordered(preferring: "JP").map(\.code) == ["INT", "US", "GB"], "no entry: directory first")
        #expect(Self.resources.ordered(preferring: nil).map(\.code) == ["INT", "US", "GB"])
    }

    @Test func theNumbersComeFirstEachOnALineOfItsOwn() {
        let lines = CrisisScreen.lines(Self.resources, region: "US").map(\.text)
        #expect(lines[0] == "In danger now: call 911 (United States)")
        #expect(lines[1] == "Example Lifeline: Call or text 000")
        #expect(lines[3] == "Example Helpline: Call 1-800-000-0000")
        let rightNow = lines.firstIndex(of: "Right now") ?? 0
        let notice = lines.firstIndex(of: Self.resources.notice) ?? 0
        #expect(rightNow > 3 && notice > rightNow, "what to do now and the notice come after the numbers")
        #expect(!lines.contains { $0.contains("example.org") }, "no sources on the screen")
        #expect(!lines.contains { $0.contains("checked") })
    }

    @Test func sourcesAreThereWhenAskedFor() {
        let text = CrisisScreen.text(Self.resources, region: "US", sources: true)
        #expect(text.contains("source: https://example.org/lifeline, checked 2026-11-25"))
        #expect(text.contains("source: https://example.org/us"), "the emergency number's source too")
    }

    @Test func aRegionWithNoEntrySaysSoAndGivesTheDirectoryFirst() {
        let lines = CrisisScreen.lines(Self.resources, region: "JP").map(\.text)
        #expect(lines[0] == "In danger now: call your local emergency number")
        #expect(lines[1] == "No crisis lines listed for JP; international directory first")
        #expect(lines[2] == "A directory of helplines: see the website")
        let elsewhere = try! #require(lines.firstIndex(of: "Elsewhere"))
        #expect(lines[(elsewhere + 1)...].first == "United States — emergency: 911", "then the rest")
        #expect(!lines[(elsewhere + 1)...].contains { $0.contains("directory") }, "the directory once")
        var state = room(region: "JP")
        Fixture.keys(&state, .character("!"))
        Golden.check(RoomRenderer.render(state), "crisis-80x24-no-entry")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 10), (30, 8)])
    func crisisHelpIsReadableAtEverySize(width: Int, height: Int) {
        var state = room(width: width, height: height, region: "US")
        Fixture.keys(&state, .character("!"))
        let canvas = RoomRenderer.render(state)
        Golden.check(canvas, "crisis-\(width)x\(height)")
        let rows = (0..<height).map { canvas.row($0) }
        let essential = try! #require(rows.firstIndex { $0.contains("In danger now: call 911") }, "the essential line")
        #expect(essential <= 2, "first, under the header at most")
        #expect(rows.last?.contains("Esc:back") == true, "the way back is on screen")
    }

    @Test(arguments: [(39, 9), (20, 6), (12, 4)])
    func belowTheSmallestRoomCrisisHelpStillStartsWithTheEssentialLine(width: Int, height: Int) {
        var state = room(width: width, height: height, region: nil)
        Fixture.keys(&state, .character("!"))
        let canvas = RoomRenderer.render(state)
        let top = (0..<2).map { canvas.row($0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(top.hasPrefix("In danger now: call"), "\(top)")
        Fixture.keys(&state, .character("j"))
        #expect(state.crisisScroll == 1, "and it scrolls")
        Fixture.keys(&state, .escape)
        #expect(state.crisisScroll == nil)
    }

    @Test func at80x24AtLeastThreeLinesOfHelpShowWithoutScrolling() {
        var state = room(region: "US")
        Fixture.keys(&state, .character("!"))
        let text = RoomRenderer.render(state).plainText()
        for help in ["call 911", "Call or text 000", "Call 1-800-000-0000", "• If you might act"] {
            #expect(text.contains(help), "\(help) is on the first screen")
        }
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
        let lines = CrisisScreen.lines(Self.resources, region: "US", sources: true, width: 36)
        #expect(lines.allSatisfy { DisplayWidth.of($0.text) <= 36 })
        let text = lines.map(\.text).joined(separator: " ")
        #expect(text.contains("Call or text 000"))
        #expect(text.contains("https://example.org/lifeline"), "asked for, each line names its source")
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
