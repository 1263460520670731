import RoomCore
import Testing

@Suite("Roster order of handles")
struct HandleOrderTests {
    /// The handles in the order a roster promises, for members made in this order (ids 1…6):
    /// folded case, width and accents, compared by code point; equal folds by id.
    static let made = ["Émile", "émile2", "ZOË", "zoe", "Ärger", "adam"]
    static let promised = ["adam", "Ärger", "Émile", "émile2", "ZOË", "zoe"]

    @Test func handlesFoldCaseWidthAndAccentsAndEqualFoldsComeByAge() {
        let members = Self.made.enumerated().map { (id: Int64($0.offset + 1), handle: $0.element) }
        let sorted = members.sorted { ($0.handle.order, $0.id) < ($1.handle.order, $1.id) }
        #expect(sorted.map(\.handle) == Self.promised)
        #expect(Member.handleOrder("ZOË") == Member.handleOrder("zoe"))
        #expect(Member.handleOrder("ＡＢＣ") == "abc", "full-width letters sort with their narrow ones")
        #expect(Member.handleOrder("Mika") < Member.handleOrder("MIRA"))
    }

    /// What SQLite's NOCASE gave before: ASCII letters folded, every other one after "z".
    @Test func nocaseWouldHavePutAccentedHandlesAfterZ() {
        func nocase(_ handle: String) -> [UInt8] {
            Array(handle.utf8).map { (65...90).contains($0) ? $0 + 32 : $0 }
        }
        let members = Self.made.enumerated().map { (id: $0.offset + 1, handle: $0.element) }
        let old = members.sorted { nocase($0.handle).lexicographicallyPrecedes(nocase($1.handle)) }.map(\.handle)
        #expect(old == ["adam", "zoe", "ZOË", "Ärger", "Émile", "émile2"])
        #expect(old != Self.promised)
    }
}

extension String {
    fileprivate var order: String { Member.handleOrder(self) }
}
