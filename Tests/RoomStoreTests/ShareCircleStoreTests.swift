import Foundation
import RoomCore
import RoomStore
import Testing

private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

/// Sunday 22 March 2026, 19:00 London (= UTC that week), for an hour.
private let start = utc("2026-03-22T19:00:00Z")
private let during = utc("2026-03-22T19:10:00Z")
private let before = utc("2026-03-22T12:00:00Z")

/// The fixture room with a weekly meeting of "circle" (facilitated by mila).
private struct CircleRoom {
    let room: FixtureRoom
    let meeting: Meeting

    init(_ backend: Backend) async throws {
        room = try await FixtureRoom(backend)
        let circle = try await room.group("circle").id
        meeting = try await room.acting(room.member("mila").id, at: before).addMeeting(
            NewMeeting(
                groupID: circle, title: "Sunday circle",
                schedule: .weekly(weekday: 1, hour: 19, minute: 0, from: CalendarDay(iso: "2026-03-01")!),
                timeZone: "Europe/London", durationMinutes: 60, location: "https://meet.example.org/circle"))
    }

    /// A session as `handle` with the clock at `time`.
    func at(_ handle: String, _ time: Date = during) async throws -> any RoomStore {
        try await room.acting(room.member(handle).id, at: time)
    }

    func raise(_ handle: String, _ time: Date = during) async throws -> ShareCircle {
        try await at(handle, time).raiseHand(meetingID: meeting.id, occurrence: start)
    }

    func circle(_ handle: String) async throws -> ShareCircle {
        try await at(handle).shareCircle(meetingID: meeting.id, occurrence: start)
    }
}

@Suite("Share circle: the store")
struct ShareCircleStoreTests {
    @Test(arguments: Backend.all) func handsWaitInTheOrderRaisedAndTheFacilitatorPassesTheTurn(_ backend: Backend)
        async throws
    {
        let c = try await CircleRoom(backend)
        defer { c.room.remove() }
        _ = try await c.raise("cobalt")
        _ = try await c.raise("MIRA")
        let third = try await c.raise("dune")
        #expect(third.waiting.map(\.handle) == ["cobalt", "MIRA", "dune"])
        #expect(third.speaking == nil && third.myPlace == 3 && third.isUnderWay && !third.iFacilitate)
        let mira = try await c.circle("MIRA")
        #expect(mira.myPlace == 2 && mira.myLine == "Your hand is up, you are 2nd.")
        #expect(mira.queueLines == ["1. cobalt (waiting)", "2. MIRA (waiting, you)", "3. dune (waiting)"])

        await #expect(throws: StoreError.notAFacilitator(handle: "cobalt", group: "circle")) {
            try await c.at("cobalt").passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        }
        let first = try await c.at("mila").passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        #expect(first.speaking?.handle == "cobalt" && first.waiting.map(\.handle) == ["MIRA", "dune"])
        #expect(first.iFacilitate && first.speakingLine == "Speaking now: cobalt")
        // Another facilitator who still sees nobody speaking: the turn moved, nothing changes.
        await #expect(throws: StoreError.notNow(ShareCircle.turnMovedMessage)) {
            try await c.at("Alder").passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        }
        let cobalt = try #require(first.speaking)
        #expect(try await c.circle("cobalt").myLine == "It is your turn to share.")
        let next = try await c.at("Alder").passTurn(
            meetingID: c.meeting.id, occurrence: start, expecting: cobalt.id)
        #expect(next.speaking?.handle == "MIRA" && next.waiting.map(\.handle) == ["dune"])
        #expect(try await c.circle("cobalt").myHand == nil, "a finished turn lowers the hand")
        #expect(try await c.circle("dune").myLine == "Your hand is up, you are 1st.")
    }

    @Test(arguments: Backend.all) func oneHandPerMemberAndOnlyWhileTheMeetingIsUnderWay(_ backend: Backend)
        async throws
    {
        let c = try await CircleRoom(backend)
        defer { c.room.remove() }
        for time in [utc("2026-03-22T18:59:00Z"), utc("2026-03-22T20:00:00Z"), utc("2026-03-23T19:10:00Z")] {
            await #expect(throws: StoreError.notNow(ShareCircle.notUnderWayMessage), "\(time)") {
                _ = try await c.raise("cobalt", time)
            }
        }
        await #expect(throws: StoreError.self, "not an occurrence of the meeting") {
            try await c.at("cobalt").raiseHand(meetingID: c.meeting.id, occurrence: utc("2026-03-22T19:30:00Z"))
        }
        _ = try await c.raise("cobalt")
        await #expect(throws: StoreError.notNow(ShareCircle.alreadyUpMessage)) { _ = try await c.raise("cobalt") }
        _ = try await c.raise("MIRA")
        let lowered = try await c.at("cobalt").lowerHand(meetingID: c.meeting.id, occurrence: start, hand: nil)
        #expect(lowered.myHand == nil && lowered.waiting.map(\.handle) == ["MIRA"])
        let again = try await c.raise("cobalt")
        #expect(again.waiting.map(\.handle) == ["MIRA", "cobalt"], "raised again: at the end")
        let ended = try await c.at("cobalt", utc("2026-03-22T20:30:00Z"))
        await #expect(throws: StoreError.notNow(ShareCircle.notUnderWayMessage)) {
            try await c.at("mila", utc("2026-03-22T20:30:00Z")).passTurn(
                meetingID: c.meeting.id, occurrence: start, expecting: nil)
        }
        let after = try await ended.shareCircle(meetingID: c.meeting.id, occurrence: start)
        #expect(!after.isUnderWay)
        try await c.at("mila", before).cancelMeeting(id: c.meeting.id)
        await #expect(throws: StoreError.self, "a cancelled meeting has no circle") {
            _ = try await c.raise("MIRA")
        }
    }

    @Test(arguments: Backend.all) func membersLowerTheirOwnHandAndFacilitatorsAnyHand(_ backend: Backend)
        async throws
    {
        let c = try await CircleRoom(backend)
        defer { c.room.remove() }
        let cobalt = try #require(try await c.raise("cobalt").myHand)
        _ = try await c.raise("MIRA")
        await #expect(throws: StoreError.notAFacilitator(handle: "MIRA", group: "circle")) {
            try await c.at("MIRA").lowerHand(meetingID: c.meeting.id, occurrence: start, hand: cobalt.id)
        }
        #expect(try await c.circle("cobalt").myHand == cobalt, "still up")
        let moderated = try await c.at("mila").lowerHand(meetingID: c.meeting.id, occurrence: start, hand: cobalt.id)
        #expect(moderated.waiting.map(\.handle) == ["MIRA"])
        _ = try await c.at("mila").passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        let mira = try await c.at("MIRA").lowerHand(meetingID: c.meeting.id, occurrence: start, hand: nil)
        #expect(mira.speaking == nil && mira.waiting.isEmpty, "the speaker lowered their hand")
        let twice = try await c.at("MIRA").lowerHand(meetingID: c.meeting.id, occurrence: start, hand: nil)
        #expect(twice.myHand == nil, "lowering a hand that is down is no error")
        #expect(twice.myLine == "Your hand is down.")
    }

    @Test(arguments: Backend.all) func onlyTheGroupsMembersSeeOrUseTheCircle(_ backend: Backend) async throws {
        let c = try await CircleRoom(backend)
        defer { c.room.remove() }
        _ = try await c.raise("cobalt")
        let fern = try await c.at("fern")  // facilitates other groups, not this one
        await #expect(throws: StoreError.notAMember(handle: "fern", group: "circle")) {
            try await fern.shareCircle(meetingID: c.meeting.id, occurrence: start)
        }
        await #expect(throws: StoreError.notAMember(handle: "fern", group: "circle")) {
            try await fern.raiseHand(meetingID: c.meeting.id, occurrence: start)
        }
        await #expect(throws: StoreError.self) {
            try await fern.passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        }
        let guest = try await c.room.acting(nil, at: during)
        await #expect(throws: StoreError.self) {
            try await guest.shareCircle(meetingID: c.meeting.id, occurrence: start)
        }
        await #expect(throws: StoreError.self) { try await guest.raiseHand(meetingID: c.meeting.id, occurrence: start) }
        #expect(try await c.circle("cobalt").waiting.map(\.handle) == ["cobalt"], "nothing changed")
    }

    @Test(arguments: Backend.all) func eachChangeTellsTheGroupsMembersOnly(_ backend: Backend) async throws {
        let c = try await CircleRoom(backend)
        defer { c.room.remove() }
        let mila = try await c.at("mila")
        let fern = try await c.room.opened.reopen("fern")
        let milaFrom = try await mila.lastChange()
        let fernFrom = try await fern.lastChange()
        _ = try await c.raise("cobalt")
        #expect(try await mila.changes(after: milaFrom).changes == [.circle(c.meeting.id)])
        #expect(try await fern.changes(after: fernFrom).changes.isEmpty, "not fern's group")
        let passed = try await mila.lastChange()
        _ = try await mila.passTurn(meetingID: c.meeting.id, occurrence: start, expecting: nil)
        #expect(try await mila.changes(after: passed).changes == [.circle(c.meeting.id)])
    }
}
