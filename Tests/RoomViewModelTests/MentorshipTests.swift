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

    /// Who offers to mentor: in the Sober Circle harbor has room and river has none; in Even
    /// Odds tomek has room and pip is not taking mentees.
    static let mentorOffers: [GroupID: [MentorOffer]] = [
        1: [
            MentorOffer(
                handle: "harbor", groupID: 1, note: "Twelve years sober. Evenings are good for me.", capacity: 3,
                isAvailable: true, mentees: 1),
            MentorOffer(
                handle: "juniper", groupID: 1, note: "New at this, glad to listen.", capacity: 2, isAvailable: true,
                mentees: 0),
            MentorOffer(
                handle: "river", groupID: 1, note: "Happy to listen.", capacity: 1, isAvailable: true, mentees: 1),
        ],
        2: [
            MentorOffer(handle: "tomek", groupID: 2, note: "Ask me.", capacity: 2, isAvailable: true, mentees: 0),
            MentorOffer(handle: "pip", groupID: 2, note: "Busy month.", capacity: 2, isAvailable: false, mentees: 0),
        ],
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

@Suite("Mentorship: asking for a mentor and offering to mentor")
struct MentorRequestViewTests {
    func view(_ state: RoomState) -> MentorshipState? {
        if case .mentorship(let view) = state.mode { return view }
        return nil
    }

    func type(_ state: inout RoomState, _ text: String) {
        for character in text { Fixture.keys(&state, .character(character)) }
    }

    @Test func aInThePViewListsWhoHasRoomAndEnterAsksWithANote() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"))
        let effects = Fixture.send(&state, .keyPressed(.character("L")))
        #expect(effects.first == .mentorship(.loadMentors(1)), "the open group's mentors")
        let picker = view(state)?.picker
        #expect(picker?.groupName == "Sober Circle")
        #expect(picker?.choices.map(\.handle) == ["harbor", "juniper"], "river has no room")
        #expect(picker?.chosen == nil, "whoever has room comes first")
        Golden.check(RoomRenderer.render(state), "mentor-picker-80x24")
        // Choose juniper, add a note, send.
        Fixture.keys(&state, .character("j"), .character("j"))
        #expect(view(state)?.picker?.chosen == "juniper")
        Fixture.keys(&state, .character("j"))
        #expect(view(state)?.picker?.chosen == "juniper", "the last choice; river cannot be chosen")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.purpose == .mentorRequest(1, mentor: "juniper"))
        #expect(state.prompt?.title == "Ask juniper to mentor you")
        type(&state, "Evenings are hard for me")
        let sent = Fixture.send(&state, .keyPressed(.enter))
        #expect(sent.first == .mentorship(.request(1, mentor: "juniper", note: "Evenings are hard for me")))
        #expect(sent.contains(.mentorship(.load)), "the list shows the request")
        #expect(state.prompt == nil && view(state)?.picker == nil)
        #expect(state.notice == "Asked juniper to mentor you. Your request is pending.")
    }

    @Test func whoeverHasRoomWithoutANoteAndARefusalIsSaidInThePrompt() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"), .character("L"), .enter)
        #expect(state.prompt?.title == "Ask whoever has room to mentor you")
        var effects = RoomReducer.reduce(&state, .keyPressed(.enter))
        #expect(effects == [.mentorship(.request(1, mentor: nil, note: nil))])
        effects = RoomReducer.reduce(&state, .promptFailed("Not asked: you already have a mentor in this group."))
        #expect(state.prompt?.problem == "Not asked: you already have a mentor in this group.")
        Fixture.keys(&state, .escape)
        #expect(state.prompt == nil && view(state)?.picker != nil, "back to the choice")
        Fixture.keys(&state, .escape)
        #expect(view(state)?.picker == nil && view(state) != nil, "back to the mentorships")
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }

    @Test func fromTheRosterAMentorWithRoomIsChosenFirst() throws {
        var state = Fixture.startedRoom(width: 120, height: 40)
        var roster = Fixture.roster[1]!
        roster[1].mentorMark = .availableMentor  // harbor
        let reload = RoomReducer.reduce(&state, .roomChanged([.roster(1)])).compactMap {
            effect -> PageRequest<RosterKey>? in
            if case .loadRoster(1, let request) = effect { return request }
            return nil
        }
        Fixture.send(&state, .rosterLoaded(1, try #require(reload.first), Page(items: roster, hasMore: false)))
        state.focus = .roster
        Fixture.keys(&state, .character("j"))
        #expect(state.roster.selected?.handle == "harbor")
        let effects = Fixture.send(&state, .keyPressed(.character("L")))
        #expect(effects.prefix(2) == [.mentorship(.load), .mentorship(.loadMentors(1))])
        #expect(view(state)?.picker?.chosen == "harbor")
        Golden.check(RoomRenderer.render(state), "mentor-picker-120x40")
    }

    @Test func noMentorWithRoomSaysSoAndStillLetsThemAsk() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"), .character("L"))
        _ = RoomReducer.reduce(&state, .mentorship(.mentorsLoaded(1, [Fixture.mentorOffers[1]![2]])))
        let screen = RoomRenderer.render(state).plainText()
        #expect(screen.contains("No mentor in this group has room right now."))
        #expect(screen.contains("river · 1 of 1 mentees"))
        #expect(view(state)?.picker?.choices.isEmpty == true)
    }

    @Test func oOffersToMentorWithHowManyAndANote() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("P"), .character("o"))
        #expect(state.prompt?.purpose == .mentorOffer(1))
        Golden.check(RoomRenderer.render(state), "mentor-offer-80x24")
        type(&state, "many")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem == "Start with how many mentees you can take, 1 to 10.")
        for _ in 0..<4 { Fixture.keys(&state, .backspace) }
        type(&state, "12")
        Fixture.keys(&state, .enter)
        #expect(state.prompt?.problem?.contains("1–10") == true)
        Fixture.keys(&state, .backspace, .backspace)
        type(&state, "2 Evenings suit me")
        let sent = Fixture.send(&state, .keyPressed(.enter))
        #expect(sent.first == .mentorship(.offer(1, capacity: 2, note: "Evenings suit me")))
        #expect(state.prompt == nil && state.notice == "Thank you: you offer to mentor up to 2.")
        Fixture.keys(&state, .character("o"))
        type(&state, "1")
        #expect(
            RoomReducer.reduce(&state, .keyPressed(.enter)) == [
                .mentorship(.offer(1, capacity: 1, note: Prompt.standardMentorNote))
            ])
    }

    @Test func withNoOpenGroupTheViewSaysToOpenOne() {
        var state = Fixture.state(width: 80, height: 24)
        Fixture.keys(&state, .character("P"), .character("L"))
        #expect(state.notice == "Open a group first: mentors offer in their groups.")
        #expect(view(state)?.picker == nil)
    }
}
