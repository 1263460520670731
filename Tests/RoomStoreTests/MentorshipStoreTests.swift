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
        try await store.offerMentoring(
            memberID: id("zed.9"), groupID: circle, note: "Evenings are best", capacity: 2, available: true, at: now)
        let asked = try await store.requestMentor(
            menteeID: id("Echo"), groupID: circle, mentorID: id("zed.9"), note: "New here", at: now)
        return try await store.respondToMentorship(id: asked.id, by: id("zed.9"), accept: true, note: nil, at: now)
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
            try await room.store.offerMentoring(
                memberID: room.id("cobalt"), groupID: circle, note: "Me!", capacity: 1, available: true, at: now)
        }
        try await room.store.offerMentoring(
            memberID: room.id("bea_r"), groupID: circle, note: "Weekends", capacity: 1, available: true, at: now)
        let mentorship = try await room.zedMentorsEcho()
        #expect(mentorship.status == .active && mentorship.mentorHandle == "zed.9")
        let offers = try await room.store.mentors(groupID: circle, viewer: nil)
        #expect(offers.map(\.handle) == ["bea_r", "zed.9"])
        #expect(offers.first { $0.handle == "zed.9" }?.mentees == 1)

        let any = try await room.store.requestMentor(
            menteeID: room.id("dune"), groupID: circle, mentorID: nil, note: nil, at: now)
        #expect(any.mentorHandle == "bea_r" || any.mentorHandle == "zed.9")
        await #expect(throws: StoreError.self, "one open request per group") {
            _ = try await room.store.requestMentor(
                menteeID: room.id("dune"), groupID: circle, mentorID: nil, note: nil, at: now)
        }
        await #expect(throws: StoreError.self, "only the mentor asked answers") {
            _ = try await room.store.respondToMentorship(
                id: any.id, by: room.id("dune"), accept: true, note: nil, at: now)
        }
        let mentorID = try await room.id(any.mentorHandle)
        let declined = try await room.store.respondToMentorship(
            id: any.id, by: mentorID, accept: false, note: nil, at: now)
        #expect(declined.status == .declined)
        #expect(declined.responseNote?.contains("not about you") == true, "declined kindly")
        // Declined: dune may ask again.
        _ = try await room.store.requestMentor(
            menteeID: room.id("dune"), groupID: circle, mentorID: nil, note: nil, at: now)
    }

    @Test(arguments: Backend.all) func eitherSideEndsItAndAFullMentorCannotBeAsked(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let circle = try await room.group("circle").id
        try await room.store.offerMentoring(
            memberID: room.id("zed.9"), groupID: circle, note: "One at a time", capacity: 1, available: true, at: now)
        let asked = try await room.store.requestMentor(
            menteeID: room.id("Echo"), groupID: circle, mentorID: nil, note: nil, at: now)
        _ = try await room.store.respondToMentorship(
            id: asked.id, by: room.id("zed.9"), accept: true, note: "Yes!", at: now)
        await #expect(throws: StoreError.self, "zed.9 is full") {
            _ = try await room.store.requestMentor(
                menteeID: room.id("dune"), groupID: circle, mentorID: room.id("zed.9"), note: nil, at: now)
        }
        await #expect(throws: StoreError.unknownMentorship(asked.id), "not theirs to end") {
            try await room.store.endMentorship(id: asked.id, by: room.id("Mika"), at: now)
        }
        try await room.store.endMentorship(id: asked.id, by: room.id("Echo"), at: now)
        #expect(try await room.store.mentorships(memberID: room.id("zed.9")).first?.status == .ended)
        await #expect(throws: StoreError.self, "no more private messages once ended") {
            _ = try await room.store.sendMentorMessage(
                from: room.id("zed.9"), to: room.id("Echo"), body: "Still there?", at: now)
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
        _ = try await room.store.sendMentorMessage(from: room.id("Echo"), to: room.id("zed.9"), body: secret, at: now)
        _ = try await room.store.sendMentorMessage(
            from: room.id("zed.9"), to: room.id("Echo"), body: "Thank you for telling me. Call me tonight?", at: now)
        #expect(try await room.store.mentorThread(viewer: room.id("Echo"), with: room.id("zed.9")).count == 2)
        #expect(try await room.store.mentorThread(id: mentorship.id, viewer: room.id("zed.9")).first?.body == secret)

        let own = try await room.store.export(memberID: room.id("Echo"))
        #expect(own.mentorMessages.map(\.body) == [secret], "one's own export holds one's own words")
        #expect(own.mentorships.map(\.mentor) == ["zed.9"])
        for third in ["Mika", "mila", "Alder"] {  // a member and both facilitators
            let viewer = try await room.id(third)
            await #expect(throws: StoreError.unknownMentorship(mentorship.id)) {
                _ = try await room.store.mentorThread(id: mentorship.id, viewer: viewer)
            }
            #expect(try await room.store.mentorThread(viewer: viewer, with: room.id("Echo")).isEmpty)
            #expect(try await room.store.mentorThread(viewer: viewer, with: room.id("zed.9")).isEmpty)
            await #expect(throws: StoreError.self) {
                _ = try await room.store.sendMentorMessage(from: viewer, to: room.id("Echo"), body: "hi", at: now)
            }
            #expect(try await room.store.mentorships(memberID: viewer).isEmpty)
            let export = try await room.store.export(memberID: viewer)
            #expect(!"\(export)".contains("casino"))
            #expect(try await room.store.search("casino", groupID: nil, viewer: viewer, limit: 50).isEmpty)
            let feeds =
                try await room.allEncouragement(circle).map(\.body) + room.allStories(circle).map(\.title)
            #expect(!feeds.contains { $0.contains("casino") })
            if third != "Mika" {
                let queue = try await room.store.moderationQueue(groupID: circle, facilitatorID: viewer)
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
        _ = try await room.store.sendMentorMessage(from: echo, to: zed, body: "Friday was hard", at: now)
        _ = try await room.store.sendMentorMessage(from: zed, to: echo, body: "Call me tonight?", at: now)
        _ = try await room.store.sendMentorMessage(from: zed, to: echo, body: "Here whenever you need", at: now)

        try await room.store.forget(memberID: echo)

        let export = try await room.store.export(memberID: zed)
        #expect(export.mentorMessages.map(\.body) == ["Call me tonight?", "Here whenever you need"])
        #expect(export.mentorships.map(\.mentee) == ["[removed]"])
        #expect(export.mentorships.map(\.status) == ["ended"])
        let thread = try await room.store.mentorThread(id: mentorship.id, viewer: zed)
        #expect(thread.map(\.body) == ["Call me tonight?", "Here whenever you need"], "Echo's words went")
        #expect(!"\(try await room.store.mentorships(memberID: zed))".contains("New here"), "Echo's note went")
        // zed.9 has room again: the mentorship ended with the forget-me.
        #expect(try await room.store.mentors(groupID: room.group("circle").id, viewer: zed).first?.mentees == 0)
    }

    @Test(arguments: Backend.all) func aMentorsForgetMeLeavesTheMenteesOwnMessagesAndBothGoingLeavesNothing(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        _ = try await room.zedMentorsEcho()
        let zed = try await room.id("zed.9")
        let echo = try await room.id("Echo")
        _ = try await room.store.sendMentorMessage(from: echo, to: zed, body: "Friday was hard", at: now)
        _ = try await room.store.sendMentorMessage(from: zed, to: echo, body: "Call me tonight?", at: now)

        try await room.store.forget(memberID: zed)

        let export = try await room.store.export(memberID: echo)
        #expect(export.mentorMessages.map(\.body) == ["Friday was hard"])
        #expect(export.mentorships.map(\.mentor) == ["[removed]"])
        // Echo can ask someone else now.
        let circle = try await room.group("circle").id
        try await room.store.offerMentoring(
            memberID: room.id("bea_r"), groupID: circle, note: "Weekends", capacity: 1, available: true, at: now)
        _ = try await room.store.requestMentor(menteeID: echo, groupID: circle, mentorID: nil, note: nil, at: now)

        try await room.store.forget(memberID: echo)
        #expect(try await room.store.mentorships(memberID: room.id("bea_r")).map(\.menteeHandle) == ["[removed]"])
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
        try await room.store.offerMentoring(
            memberID: room.id("bea_r"), groupID: circle, note: "Weekends", capacity: 1, available: true, at: now)
        _ = try await room.zedMentorsEcho()
        func marks(_ viewer: String) async throws -> [String: MentorMark] {
            let viewerID = try await room.id(viewer)
            let entries = try await readForward(limit: 100) {
                try await room.store.roster(groupID: circle, page: $0, limit: 100, viewer: viewerID)
            }.items
            return Dictionary(uniqueKeysWithValues: entries.compactMap { e in e.mentorMark.map { (e.handle, $0) } })
        }
        #expect(try await marks("Echo") == ["zed.9": .myMentor, "bea_r": .availableMentor])
        #expect(try await marks("zed.9") == ["Echo": .myMentee, "bea_r": .availableMentor, "zed.9": .availableMentor])
        #expect(try await marks("Mika") == ["bea_r": .availableMentor, "zed.9": .availableMentor])
    }
}
