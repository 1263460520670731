import Foundation
import Testing

/// The plain room's questions forgive what people type: a kind by its first letter, any
/// case or a small typo, and "quit" at a question stops writing instead of being refused.
@Suite("End to end: plain-mode questions")
struct PlainQuestionsTests {
    static func post(kindAnswers: String, db: String) throws -> Peerroom.Result {
        try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "post\n\(kindAnswers)\nAsked kindly\n\nA line.\n.\nquit\n")
    }

    @Test(arguments: [("M", "milestone"), ("t", "triumph"), ("Setback", "setback"), ("milstone", "milestone")])
    func aKindIsTakenByItsLetterAnyCaseOrASmallTypo(typed: String, kind: String) throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let result = try Self.post(kindAnswers: typed, db: db)
        #expect(result.status == 0, "\(result.stderr)")
        let newest = try #require(try Peerroom.feed(db: db, group: "sober-circle").first)
        #expect(newest["title"] as? String == "Asked kindly")
        #expect(newest["kind"] as? String == kind)
    }

    @Test func anUnclearKindIsAskedAgainAndQuitStopsKeepingTheDraft() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let unclear = try Peerroom.run(
            ["--plain", "--db", db, "--as", "river", "--group", "sober-circle"],
            stdin: "post\nbanana\nquit\nstories\nquit\n")
        #expect(unclear.status == 0, "\(unclear.stderr)")
        #expect(unclear.stdout.contains("'banana' is not a kind of story: type t, s, m or r"))
        #expect(unclear.stdout.contains("Stopped. Anything you wrote is kept as a draft."))
        #expect(unclear.stdout.contains("Stories in Sober Circle"), "the room goes on after quit at a question")
        #expect(
            try Peerroom.feed(db: db, group: "sober-circle").allSatisfy { $0["title"] as? String != "Asked kindly" })
    }
}
