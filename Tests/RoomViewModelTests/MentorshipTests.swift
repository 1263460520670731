import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

extension Fixture {
    /// harbor mentors sam-k in the Sober Circle; quiet-oak has asked sam-k in Even Odds.
    static let mentorships = [
        Mentorship(
            id: 1, groupID: 1, groupSlug: "sober-circle", mentorHandle: "harbor", menteeHandle: "sam-k",
            status: .active, requestedAt: hoursAgo(200)),
        Mentorship(
            id: 2, groupID: 2, groupSlug: "even-odds", mentorHandle: "sam-k", menteeHandle: "hana", status: .requested,
            requestNote: "Could we talk on weekends?", requestedAt: hoursAgo(3)),
    ]

    static let mentorThread = [
        MentorMessage(
            id: 1, mentorshipID: 1, authorHandle: "sam-k", body: "Friday evenings are the hardest.",
            createdAt: hoursAgo(30)),
        MentorMessage(
            id: 2, mentorshipID: 1, authorHandle: "harbor",
            body: "Then let's plan Fridays together: call me at seven, and we will see what the evening needs.",
            createdAt: hoursAgo(28)),
    ]
}

@Suite("Mentorship: the room")
struct MentorshipViewTests {
    @Test func pShowsMyMentorshipsAndThePrivateThreadAndRWrites() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        let effects = Fixture.send(&state, .keyPressed(.character("P")))
        #expect(effects == [.mentorship(.load), .mentorship(.loadThread(1))])
        Golden.check(RoomRenderer.render(state), "mentorship-80x24")
        Fixture.keys(&state, .character("r"))
        #expect(state.prompt?.purpose == .mentorMessage(1, to: "harbor"))
        for character in "See you at seven" { Fixture.keys(&state, .character(character)) }
        let sent = Fixture.send(&state, .keyPressed(.enter))
        #expect(sent.first == .mentorship(.send(1, to: "harbor", body: "See you at seven")))
        #expect(sent.contains(.mentorship(.loadThread(1))))
        #expect(state.prompt == nil && state.notice == "Sent, for the two of you only.")
        Fixture.keys(&state, .character("j"))
        guard case .mentorship(let view) = state.mode else {
            Issue.record("the view closed")
            return
        }
        #expect(view.selected?.id == 2 && view.thread.isEmpty)
        let screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("hana asked: Could we talk on weekends?"))
        #expect(screen.contains("peerroom mentor accept --id 2"))
        Fixture.keys(&state, .character("r"))
        #expect(state.prompt == nil && state.notice == "Only an active mentorship has a thread to write in.")
        let accepted = Fixture.send(&state, .keyPressed(.character("a")))
        #expect(accepted.first == .mentorship(.answer(2, accept: true)) && accepted.contains(.mentorship(.load)))
        #expect(state.notice == "Accepted.")
        #expect(Fixture.send(&state, .keyPressed(.character("D"))).first == .mentorship(.answer(2, accept: false)))
        Fixture.keys(&state, .character("X"))
        #expect(state.confirmation?.action == .endMentorship(2))
        #expect(Fixture.send(&state, .keyPressed(.character("y"))).first == .mentorship(.end(2)))
        Fixture.keys(&state, .character("k"), .character("a"))
        #expect(state.notice == "Select a request to you to accept or decline it.", "harbor's, not mine to accept")
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }
}
