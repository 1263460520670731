import Foundation
import RoomCore
import RoomStore
import SQLiteStore
import Testing

private let now = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 60_000)

extension FixtureRoom {
    fileprivate func id(_ handle: String) async throws -> MemberID { try await member(handle).id }

    /// zed.9 (a peer mentor of the circle) mentors Echo (a newcomer).
    fileprivate func zedMentorsEcho() async throws -> Mentorship {
        let circle = try await group("circle").id
        clock.set(now)
        try await self.as("zed.9").offerMentoring(
            groupID: circle, note: "Evenings are best", capacity: 2, available: true)
        let asked = try await self.as("Echo").requestMentor(groupID: circle, mentorID: id("zed.9"), note: "New here")
        return try await self.as("zed.9").respondToMentorship(id: asked.id, accept: true, note: nil)
    }
}

@Suite("Mentorship: the store")
struct MentorshipStoreTests {
    @Test(arguments: Backend.all) func peerMentorsOfferAndMembersAskAChosenOneOrAnyAvailable(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        await #expect(throws: StoreError.self, "a member is not a peer mentor") {
            try await room.acting(room.id("cobalt"), at: now).offerMentoring(
                groupID: circle, note: "Me!", capacity: 1, available: true)
        }
        try await room.acting(room.id("bea_r"), at: now).offerMentoring(
            groupID: circle, note: "Weekends", capacity: 1, available: true)
        let mentorship = try await room.zedMentorsEcho()
        #expect(mentorship.status == .active && mentorship.mentorHandle == "zed.9")
        let offers = try await room.acting(nil).mentors(groupID: circle)
        #expect(offers.map(\.handle) == ["bea_r", "zed.9"])
        #expect(offers.first { $0.handle == "zed.9" }?.mentees == 1)

        let any = try await room.acting(room.id("dune"), at: now).requestMentor(
            groupID: circle, mentorID: nil, note: nil)
        #expect(any.mentorHandle == "bea_r" || any.mentorHandle == "zed.9")
        await #expect(throws: StoreError.self, "one open request per group") {
            _ = try await room.acting(room.id("dune"), at: now).requestMentor(groupID: circle, mentorID: nil, note: nil)
        }
        await #expect(throws: StoreError.self, "only the mentor asked answers") {
            _ = try await room.acting(room.id("dune"), at: now).respondToMentorship(
                id: any.id, accept: true, note: nil)
        }
        let mentorID = try await room.id(any.mentorHandle)
        let declined = try await room.acting(mentorID, at: now).respondToMentorship(
            id: any.id, accept: false, note: nil)
        #expect(declined.status == .declined)
        #expect(declined.responseNote?.contains("not about you") == true, "declined kindly")
        // Declined: dune may ask again.
        _ = try await room.acting(room.id("dune"), at: now).requestMentor(groupID: circle, mentorID: nil, note: nil)
    }

    @Test(arguments: Backend.all) func eitherSideEndsItAndAFullMentorCannotBeAsked(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        try await room.acting(room.id("zed.9"), at: now).offerMentoring(
            groupID: circle, note: "One at a time", capacity: 1, available: true)
        let asked = try await room.acting(room.id("Echo"), at: now).requestMentor(
            groupID: circle, mentorID: nil, note: nil)
        _ = try await room.acting(room.id("zed.9"), at: now).respondToMentorship(
            id: asked.id, accept: true, note: "Yes!")
        await #expect(throws: StoreError.self, "zed.9 is full") {
            _ = try await room.acting(room.id("dune"), at: now).requestMentor(
                groupID: circle, mentorID: room.id("zed.9"), note: nil)
        }
        await #expect(throws: StoreError.unknownMentorship(asked.id), "not theirs to end") {
            try await room.acting(room.id("Mika"), at: now).endMentorship(id: asked.id)
        }
        try await room.acting(room.id("Echo"), at: now).endMentorship(id: asked.id)
        #expect(try await room.acting(room.id("zed.9")).mentorships().first?.status == .ended)
        await #expect(throws: StoreError.self, "no more private messages once ended") {
            _ = try await room.acting(room.id("zed.9"), at: now).sendMentorMessage(
                to: room.id("Echo"), body: "Still there?")
        }
    }

    @Test(arguments: Backend.all) func aThirdMemberReadsNothingOfTheThreadThroughAnyCall(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        let mentorship = try await room.zedMentorsEcho()
        let secret = "I nearly went to the casino on Friday"
        _ = try await room.acting(room.id("Echo"), at: now).sendMentorMessage(to: room.id("zed.9"), body: secret)
        _ = try await room.acting(room.id("zed.9"), at: now).sendMentorMessage(
            to: room.id("Echo"), body: "Thank you for telling me. Call me tonight?")
        #expect(try await room.acting(room.id("Echo")).mentorThread(with: room.id("zed.9")).count == 2)
        #expect(try await room.acting(room.id("zed.9")).mentorThread(id: mentorship.id).first?.body == secret)

        let own = try await room.acting(room.id("Echo")).export()
        #expect(own.mentorMessages.map(\.body) == [secret], "one's own export holds one's own words")
        #expect(own.mentorships.map(\.mentor) == ["zed.9"])
        for third in ["Mika", "mila", "Alder"] {  // a member and both facilitators
            let viewer = try await room.id(third)
            await #expect(throws: StoreError.unknownMentorship(mentorship.id)) {
                _ = try await room.acting(viewer).mentorThread(id: mentorship.id)
            }
            #expect(try await room.acting(viewer).mentorThread(with: room.id("Echo")).isEmpty)
            #expect(try await room.acting(viewer).mentorThread(with: room.id("zed.9")).isEmpty)
            await #expect(throws: StoreError.self) {
                _ = try await room.acting(viewer, at: now).sendMentorMessage(to: room.id("Echo"), body: "hi")
            }
            #expect(try await room.acting(viewer).mentorships().isEmpty)
            let export = try await room.acting(viewer).export()
            #expect(!"\(export)".contains("casino"))
            #expect(try await room.acting(viewer).search("casino", groupID: nil, limit: 50).isEmpty)
            let feeds =
                try await room.allEncouragement(circle).map(\.body) + room.allStories(circle).map(\.title)
            #expect(!feeds.contains { $0.contains("casino") })
            if third != "Mika" {
                let queue = try await room.acting(viewer).moderationQueue(groupID: circle)
                #expect(!"\(queue)".contains("casino"))
            }
        }
    }
}

@Suite("Mentorship: forget-me erases only the forgotten one's words")
struct MentorshipForgettingTests {
    @Test(arguments: Backend.all) func aMenteesForgetMeLeavesTheMentorsOwnMessagesInTheirThreadAndExport(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let mentorship = try await room.zedMentorsEcho()
        let zed = try await room.id("zed.9")
        let echo = try await room.id("Echo")
        _ = try await room.acting(echo, at: now).sendMentorMessage(to: zed, body: "Friday was hard")
        _ = try await room.acting(zed, at: now).sendMentorMessage(to: echo, body: "Call me tonight?")
        _ = try await room.acting(zed, at: now).sendMentorMessage(to: echo, body: "Here whenever you need")

        try await room.acting(echo).forget()

        let export = try await room.acting(zed).export()
        #expect(export.mentorMessages.map(\.body) == ["Call me tonight?", "Here whenever you need"])
        #expect(export.mentorships.map(\.mentee) == ["[removed]"])
        #expect(export.mentorships.map(\.status) == ["ended"])
        let thread = try await room.acting(zed).mentorThread(id: mentorship.id)
        #expect(thread.map(\.body) == ["Call me tonight?", "Here whenever you need"], "Echo's words went")
        #expect(!"\(try await room.acting(zed).mentorships())".contains("New here"), "Echo's note went")
        // zed.9 has room again: the mentorship ended with the forget-me.
        #expect(try await room.acting(zed).mentors(groupID: room.group("circle").id).first?.mentees == 0)
    }

    @Test(arguments: Backend.all) func aMentorsForgetMeLeavesTheMenteesOwnMessagesAndBothGoingLeavesNothing(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        _ = try await room.zedMentorsEcho()
        let zed = try await room.id("zed.9")
        let echo = try await room.id("Echo")
        _ = try await room.acting(echo, at: now).sendMentorMessage(to: zed, body: "Friday was hard")
        _ = try await room.acting(zed, at: now).sendMentorMessage(to: echo, body: "Call me tonight?")

        try await room.acting(zed).forget()

        let export = try await room.acting(echo).export()
        #expect(export.mentorMessages.map(\.body) == ["Friday was hard"])
        #expect(export.mentorships.map(\.mentor) == ["[removed]"])
        // Echo can ask someone else now.
        let circle = try await room.group("circle").id
        try await room.acting(room.id("bea_r"), at: now).offerMentoring(
            groupID: circle, note: "Weekends", capacity: 1, available: true)
        _ = try await room.acting(echo, at: now).requestMentor(groupID: circle, mentorID: nil, note: nil)

        try await room.acting(echo).forget()
        #expect(try await room.acting(room.id("bea_r")).mentorships().map(\.menteeHandle) == ["[removed]"])
    }
}

@Suite("Mentorship: the roster's marks")
struct MentorRosterTests {
    @Test(arguments: Backend.all) func theRosterMarksAvailableMentorsMyMentorAndMyMentees(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        try await room.acting(room.id("bea_r"), at: now).offerMentoring(
            groupID: circle, note: "Weekends", capacity: 1, available: true)
        _ = try await room.zedMentorsEcho()
        func marks(_ viewer: String) async throws -> [String: MentorMark] {
            let viewerID = try await room.id(viewer)
            let entries = try await readForward(limit: 100) {
                try await room.acting(viewerID).roster(groupID: circle, page: $0, limit: 100)
            }.items
            return Dictionary(uniqueKeysWithValues: entries.compactMap { e in e.mentorMark.map { (e.handle, $0) } })
        }
        #expect(try await marks("Echo") == ["zed.9": .myMentor, "bea_r": .availableMentor])
        #expect(try await marks("zed.9") == ["Echo": .myMentee, "bea_r": .availableMentor, "zed.9": .availableMentor])
        #expect(try await marks("Mika") == ["bea_r": .availableMentor, "zed.9": .availableMentor])
    }
}
