import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// The room's footer says an act in the act's own words (`Acted.words(.room)`), the words the
/// app's action layer gives the commands and plain mode too.
@Suite("Reducer: the room's notices are the acts' words")
struct ActedWordsTests {
    @Test func aReportAndAWelcomeSayTheActsWords() {
        var state = Fixture.startedRoom()
        _ = RoomReducer.reduce(&state, .reported(.story(2)))
        #expect(state.notice == Acted.reported(.story(2), title: nil).words(.room))
        #expect(state.notice == "Reported. Thank you: the group's facilitators will look at it.")
        _ = RoomReducer.reduce(&state, .joined(handle: "new.leaf"))
        #expect(state.notice == Acted.welcomed(handle: "new.leaf").words(.room))
    }

    @Test func aPostedStorySaysTheActsWords() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("n"))
        for character in "Thirty days" { Fixture.keys(&state, .character(character)) }
        Fixture.keys(&state, .enter, .tab)
        for character in "Line one." { Fixture.keys(&state, .character(character)) }
        let effects = RoomReducer.reduce(&state, .keyPressed(.control("s")))
        guard case .submit(let submission) = effects.first, case .story(let posted) = Fixture.posted(submission) else {
            Issue.record("no story was submitted: \(effects)")
            return
        }
        Fixture.send(&state, .posted(.story(posted)))
        #expect(state.notice == Acted.posted(posted, group: nil).words(.room))
        #expect(Acted.posted(posted, group: nil).words(.room) == Words.storyPosted)
    }
}
