import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private func weeklyCircle(_ groupID: GroupID) -> NewMeeting {
    NewMeeting(
        groupID: groupID, title: "Sunday circle",
        schedule: .weekly(weekday: 1, hour: 19, minute: 0, from: CalendarDay(iso: "2026-03-01")!),
        timeZone: "Europe/London", durationMinutes: 60, location: "https://meet.example.org/circle")
}

private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

/// Sunday 22 March 2026, noon: the clocks in London change a week later.
private let march = utc("2026-03-22T12:00:00Z")

@Suite("Meetings: the store")
struct MeetingStoreTests {
    @Test(arguments: Backend.all) func onlyFacilitatorsAddEditAndCancelMeetings(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let mila = try await room.member("mila").id  // facilitator
        let cobalt = try await room.member("cobalt").id  // member
        let fern = try await room.member("fern").id  // facilitates another group
        for outsider in [cobalt, fern] {
            await #expect(throws: StoreError.self) {
                try await room.acting(outsider, at: march).addMeeting(weeklyCircle(circle))
            }
        }
        let meeting = try await room.acting(mila, at: march).addMeeting(weeklyCircle(circle))
        #expect(meeting.facilitatorHandle == "mila")
        await #expect(throws: StoreError.notAFacilitator(handle: "cobalt", group: "circle")) {
            try await room.acting(cobalt, at: march).editMeeting(id: meeting.id, MeetingChanges(title: "Mine now"))
        }
        await #expect(throws: StoreError.self) {
            try await room.acting(cobalt, at: march).cancelMeeting(id: meeting.id)
        }
        await #expect(throws: StoreError.notAFacilitator(handle: "cobalt", group: "circle"), "facilitated by one") {
            var other = weeklyCircle(circle)
            other.facilitatorID = cobalt
            _ = try await room.acting(mila, at: march).addMeeting(other)
        }
        let handedOver = try await room.acting(mila, at: march).editMeeting(
            id: meeting.id, MeetingChanges(facilitatorID: room.member("Alder").id))
        #expect(handedOver.facilitatorHandle == "Alder")
        let edited = try await room.acting(mila, at: march).editMeeting(
            id: meeting.id, MeetingChanges(title: "Sunday evening circle", durationMinutes: 90))
        #expect(edited.title == "Sunday evening circle" && edited.durationMinutes == 90)
        #expect(edited.schedule == meeting.schedule, "what was not changed stays")
        await #expect(throws: StoreError.self) {
            try await room.acting(mila, at: march).editMeeting(
                id: meeting.id, MeetingChanges(timeZone: "Nowhere/Town"))
        }
        try await room.acting(mila, at: march).cancelMeeting(id: meeting.id)
        let left = try await room.acting(cobalt).upcomingMeetings(groupID: circle, after: march, limit: 5)
        #expect(left.isEmpty, "a cancelled meeting is not coming up")
    }

    @Test(arguments: Backend.all) func occurrencesAreStoredAsARuleAndFollowTheClockChange(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let mila = try await room.member("mila").id
        _ = try await room.acting(mila, at: march).addMeeting(weeklyCircle(circle))
        let coming = try await room.acting(mila).upcomingMeetings(groupID: circle, after: march, limit: 2)
        #expect(coming.map(\.start) == [utc("2026-03-22T19:00:00Z"), utc("2026-03-29T18:00:00Z")])
        let ghost = try await room.member("ghost").id
        let none = try await room.acting(ghost).upcomingMeetings(groupID: nil, after: march, limit: 5)
        #expect(none.isEmpty, "only the meetings of one's own groups")
    }

    @Test(arguments: Backend.all) func answersAreCountedOncePerMemberAndOccurrence(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let mila = try await room.member("mila").id
        let meeting = try await room.acting(mila, at: march).addMeeting(weeklyCircle(circle))
        let tonight = utc("2026-03-22T19:00:00Z")
        let answers: [(String, RSVP)] = [
            ("mila", .going), ("cobalt", .going), ("Echo", .maybe), ("dune", .no), ("cobalt", .maybe),
        ]
        for (handle, answer) in answers {
            try await room.acting(try await room.member(handle).id, at: march).rsvp(
                meetingID: meeting.id, occurrence: tonight, answer)
        }
        let dune = try await room.member("dune").id
        let seen = try await room.acting(dune).upcomingMeetings(groupID: circle, after: march, limit: 2)
        #expect(seen[0].going == 1 && seen[0].maybe == 2 && seen[0].cannot == 1)
        #expect(seen[0].myRSVP == RSVP.no)
        #expect(seen[1].going == 0 && seen[1].myRSVP == nil, "next week starts afresh")
        let fern = try await room.member("fern").id
        await #expect(throws: StoreError.self, "not a member of the circle") {
            try await room.acting(fern, at: march).rsvp(meetingID: meeting.id, occurrence: tonight, .going)
        }
        await #expect(throws: StoreError.self, "not an occurrence") {
            try await room.acting(dune, at: march).rsvp(
                meetingID: meeting.id, occurrence: tonight.addingTimeInterval(3600), .going)
        }
        await #expect(throws: StoreError.self, "already over") {
            try await room.acting(dune, at: march).rsvp(
                meetingID: meeting.id, occurrence: utc("2026-03-15T19:00:00Z"), .going)
        }
    }

    @Test(arguments: Backend.all) func membersCheckInOnceAMeetingHasBegun(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let mila = try await room.member("mila").id
        let cobalt = try await room.member("cobalt").id
        let meeting = try await room.acting(mila, at: march).addMeeting(weeklyCircle(circle))
        let tonight = utc("2026-03-22T19:00:00Z")
        await #expect(throws: StoreError.self, "not begun") {
            try await room.acting(cobalt, at: march).checkIn(meetingID: meeting.id, occurrence: tonight)
        }
        let afterwards = utc("2026-03-22T21:00:00Z")
        try await room.acting(cobalt, at: afterwards).checkIn(meetingID: meeting.id, occurrence: tonight)
        try await room.acting(cobalt, at: afterwards).checkIn(meetingID: meeting.id, occurrence: tonight)
        #expect(try await room.acting(nil, at: afterwards).latestOccurrence(meetingID: meeting.id) == tonight)
        let during = utc("2026-03-22T19:30:00Z")
        let shown = try await room.acting(cobalt).upcomingMeetings(groupID: circle, after: during, limit: 1)
        #expect(shown.first?.checkedIn == true)
        await #expect(throws: StoreError.self, "a week later is too late") {
            try await room.acting(cobalt, at: utc("2026-04-01T00:00:00Z")).checkIn(
                meetingID: meeting.id, occurrence: tonight)
        }
    }
}

@Suite("Meetings: the demo seeds")
struct MeetingSeedTests {
    @Test(arguments: Backend.all) func everyDemoGroupHasAScheduleRunByOneOfItsFacilitators(_ backend: Backend)
        async throws
    {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let opened = try await backend.open(TestClock())
        defer { opened.remove() }
        _ = try await opened.load(try SeedLoader.load(directory: repositorySeeds()), seedNow)
        for group in try await opened.guest().groups() {
            // A closed group's meetings are its members' to see: ask as its facilitator.
            let viewer = group.isOpen ? try await opened.guest() : try await opened.session(facilitator(of: group))
            let coming = try await viewer.upcomingMeetings(groupID: group.id, after: seedNow, limit: 3)
            #expect(!coming.isEmpty, "\(group.slug) has meetings")
            #expect(coming.allSatisfy { !$0.meeting.facilitatorHandle.isEmpty })
        }
    }

    @Test func aMeetingNeedsAFacilitatorOfItsGroup() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let group = fixtureThird.replacingOccurrences(
            of: "\n}",
            with: """
                ,
                  "meetings": [
                    { "title": "Tea", "weekday": "mon", "time": "19:00", "timeZone": "Europe/London",
                      "durationMinutes": 60, "where": "online", "facilitator": "cobalt" }
                  ]
                }
                """, options: .backwards, range: fixtureThird.range(of: "\n}", options: .backwards))
        let seed = try folder.writeSeed(members: fixtureMembers, groups: ["third.json": group])
        #expect {
            _ = try SeedLoader.load(directory: seed)
        } throws: { error in
            "\(error)".contains("meetings[0].facilitator: 'cobalt' is not a facilitator of this group")
        }
    }
}

/// One of a group's facilitators (for reading a closed group as one of its members).
func facilitator(of group: GroupSummary) throws -> String {
    let seeded = try SeedLoader.load(directory: repositorySeeds()).groups.first { $0.slug == group.slug }
    return try #require(seeded?.members.first { $0.role == "facilitator" }?.handle)
}
