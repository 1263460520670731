import Testing

@testable import RoomCore

@Suite("Close matches for a mistyped name")
struct CloseMatchesTests {
    @Test func aTypoFindsTheNameItMeant() {
        let names = ["river", "juniper", "moss", "maple", "willow"]
        #expect(CloseMatches.best(to: "rvier", among: names) == ["river"])  // two letters swapped
        #expect(CloseMatches.best(to: "mapel", among: names) == ["maple"])
        #expect(CloseMatches.best(to: "Juniper", among: names) == ["juniper"])  // case does not matter
        #expect(CloseMatches.best(to: "jun", among: names) == ["juniper"])  // a beginning counts
    }

    @Test func nothingCloseSuggestsNothing() {
        #expect(CloseMatches.best(to: "zzzzzz", among: ["river", "moss"]).isEmpty)
    }

    @Test func neverMoreThanTheLimitNearestFirst() {
        let names = (1...40).map { "river\($0)" } + ["rivet"]
        let best = CloseMatches.best(to: "rivet", among: names)
        #expect(best.count == 10)
        #expect(best.first == "rivet")
    }
}
