import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

extension Fixture {
    static let london = TimeZone(identifier: "Europe/London")!

    static func meeting(
        _ id: MeetingID, group: GroupID, _ title: String, zone: String, location: String, minutes: Int = 60
    ) -> Meeting {
        Meeting(
            id: id, groupID: group, groupName: groups.first { $0.id == group }!.name, title: title,
            schedule: .weekly(weekday: 6, hour: 19, minute: 0, from: CalendarDay(iso: "2026-01-01")!), timeZone: zone,
            durationMinutes: minutes, location: location, facilitatorHandle: group == 1 ? "river" : "sam-k")
    }

    /// Fixture.now is Wednesday 18 November 2026, 11:06 in London: a coffee under way, the
    /// Sober Circle on Friday evening, and Even Odds on Thursday evening in New York.
    static let meetings: [MeetingOccurrence] = {
        var coffee = MeetingOccurrence(
            meeting: meeting(3, group: 1, "Morning coffee", zone: "Europe/London", location: "The Long Table café"),
            start: now.addingTimeInterval(-400))  // 11:00
        coffee.going = 2
        var evenOdds = MeetingOccurrence(
            meeting: meeting(
                2, group: 2, "Even Odds check-in", zone: "America/New_York",
                location: "https://meet.example.org/even-odds"),
            start: Date(timeIntervalSince1970: 1_795_136_400))  // Thu 19 Nov 20:00 New York = Fri 01:00 UTC
        evenOdds.maybe = 1
        var circle = MeetingOccurrence(
            meeting: meeting(
                1, group: 1, "Sober Circle evening meeting", zone: "Europe/London",
                location: "https://meet.example.org/sober-circle"),
            start: Date(timeIntervalSince1970: 1_795_201_200))  // Fri 20 Nov 19:00 London
        circle.going = 3
        circle.maybe = 1
        circle.cannot = 1
        circle.myRSVP = .going
        return [coffee, evenOdds, circle]
    }()

    static func londonRoom(width: Int = 80, height: Int = 24) -> RoomState {
        var state = startedRoom(width: width, height: height)
        state.timeZone = london
        return state
    }
}

@Suite("Meetings: the list, answers and the header")
struct MeetingsViewTests {
    @Test func wOpensTheMeetingsOfAllMyGroupsInMyTimeZone() {
        var state = Fixture.londonRoom()
        let effects = Fixture.send(&state, .keyPressed(.character("w")))
        #expect(effects.first == .meetings(.load))
        guard case .meetings(let list) = state.mode else {
            Issue.record("the meetings list did not open")
            return
        }
        #expect(list.occurrences.count == 3 && !list.isLoading)
        Golden.check(RoomRenderer.render(state), "meetings-80x24")
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
    }

    @Test func yMAndNAnswerForTheSelectedMeetingAndTheListReloads() {
        var state = Fixture.londonRoom()
        Fixture.keys(&state, .character("w"), .character("j"), .character("j"))
        var effects = Fixture.send(&state, .keyPressed(.character("y")))
        let circle = Fixture.meetings[2]
        #expect(effects.first == .meetings(.rsvp(1, occurrence: circle.start, .going)))
        #expect(effects.contains(.meetings(.load)) && effects.contains(.loadNextMeeting(1)))
        #expect(state.notice == "Saved: going.")
        effects = Fixture.send(&state, .keyPressed(.character("m")))
        #expect(effects.first == .meetings(.rsvp(1, occurrence: circle.start, .maybe)))
        effects = Fixture.send(&state, .keyPressed(.character("n")))
        #expect(effects.first == .meetings(.rsvp(1, occurrence: circle.start, .no)), "n is not 'new story' here")
        if case .meetings(let list) = state.mode {
            #expect(list.cursor == 2, "the selection stays on the meeting")
        } else {
            Issue.record("the list closed")
        }
    }

    @Test func checkingInWaitsForTheMeetingToBegin() {
        var state = Fixture.londonRoom()
        Fixture.keys(&state, .character("w"))
        var effects = Fixture.send(&state, .keyPressed(.character("c")))
        #expect(
            effects.first == .meetings(.checkIn(3, occurrence: Fixture.meetings[0].start)), "the coffee is under way")
        Fixture.keys(&state, .character("j"))
        effects = Fixture.send(&state, .keyPressed(.character("c")))
        #expect(effects.isEmpty)
        #expect(state.notice == "You can check in once the meeting has begun.")
    }

    @Test func aGuestIsAskedForAPseudonymBeforeAnswering() {
        var state = Fixture.londonRoom()
        state.needsPseudonym = true
        Fixture.keys(&state, .character("w"))
        let effects = Fixture.send(&state, .keyPressed(.character("y")))
        #expect(effects.isEmpty)
        #expect(state.prompt?.purpose == .pseudonym)
    }

    @Test func theHeaderShowsTheOpenGroupsNextMeetingWithACountdown() {
        var state = Fixture.londonRoom()
        Fixture.send(&state, .nextMeetingLoaded(1, Fixture.meetings[2]))
        Golden.check(RoomRenderer.render(state), "header-meeting-80x24")
        let header = RoomRenderer.render(state).plainText().components(separatedBy: "\n")[0]
        #expect(header.contains("Fri 19:00 · in 2 days  @sam-k"))
        #expect(header.contains("Sober Circle"), "the group's name stays; the topic gives way")
        // Another group opened: its own meeting, not this one.
        Fixture.send(&state, .nextMeetingLoaded(2, Fixture.meetings[1]))
        #expect(state.nextMeeting?.meeting.id == 1)
    }

    @Test func theHeaderCountsDownAndAsksForTheNextMeetingOnceItEnds() {
        var state = Fixture.londonRoom(width: 120, height: 40)
        Fixture.send(&state, .nextMeetingLoaded(1, Fixture.meetings[2]))
        let friday = Fixture.meetings[2].start
        Fixture.send(&state, .clockTicked(now: friday.addingTimeInterval(-40 * 60), today: Fixture.today))
        #expect(
            RoomRenderer.render(state).plainText().components(separatedBy: "\n")[0].contains("Fri 19:00 · in 40 min"))
        Fixture.send(&state, .clockTicked(now: friday.addingTimeInterval(10 * 60), today: Fixture.today))
        #expect(RoomRenderer.render(state).plainText().components(separatedBy: "\n")[0].contains("Fri 19:00 · now"))
        let effects = RoomReducer.reduce(
            &state, .clockTicked(now: friday.addingTimeInterval(61 * 60), today: Fixture.today))
        #expect(
            effects.filter { $0 == .loadNextMeeting(1) }.count == 1, "asked once (the tick also rereads the roster)")
        #expect(state.nextMeeting == nil)
    }

    @Test func aNarrowHeaderKeepsTheGroupNameAndDropsTheMeeting() {
        var state = Fixture.londonRoom(width: 40, height: 10)
        Fixture.send(&state, .nextMeetingLoaded(1, Fixture.meetings[2]))
        let header = RoomRenderer.render(state).plainText().components(separatedBy: "\n")[0]
        #expect(header.contains("Sober Circle") && !header.contains("19:00"))
    }
}

@Suite("Mentorship: the roster")
struct MentorRosterViewTests {
    @Test func theRosterSaysWhoCanMentorAndWhoIsMyMentor() throws {
        var state = Fixture.startedRoom(width: 120, height: 40)
        var entries = Fixture.roster[1]!
        entries[1].mentorMark = .myMentor
        entries[0].mentorMark = .availableMentor
        let reload = RoomReducer.reduce(&state, .roomChanged([.roster(1)])).compactMap {
            effect -> PageRequest<RosterKey>? in
            if case .loadRoster(1, let request) = effect { return request }
            return nil
        }
        let request = try #require(reload.first)
        Fixture.send(&state, .rosterLoaded(1, request, Page(items: entries, hasMore: false)))
        let lines = RoomRenderer.render(state).plainText().components(separatedBy: "\n")
        #expect(lines.contains { $0.contains("│    harbor  your mentor 4553d│") })
        #expect(lines.contains { $0.contains("│▸ ● river    can mentor 1373d│") })
    }
}

@Suite("Check-ins in the room")
struct CheckInViewTests {
    @Test func cAsksHowIAmAndTheAnswerShowsMyStreakAndMilestone() {
        var state = Fixture.startedRoom(width: 120, height: 40)
        Fixture.keys(&state, .character("c"))
        #expect(state.prompt?.purpose == .checkIn)
        for character in "9" { Fixture.keys(&state, .character(character)) }
        #expect(Fixture.send(&state, .keyPressed(.enter)).isEmpty)
        #expect(state.prompt?.problem == "Must be 1–5 (1 low, 5 good), got 9.")
        Fixture.keys(&state, .backspace)
        for character in "4 slept well" { Fixture.keys(&state, .character(character)) }
        let effects = Fixture.send(&state, .keyPressed(.enter))
        #expect(effects.first == .dailyCheckIn(mood: 4, note: "slept well"))
        #expect(state.prompt == nil)
        #expect(state.checkInAnswer?.streak == 5)
        #expect(RoomRenderer.render(state).plainText().contains("5 days in a row · 41 days in all"))
    }
}
