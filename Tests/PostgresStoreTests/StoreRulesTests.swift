import Foundation
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

@Suite("PostgresRoomStore: moderation, closed groups, mentorship, unread, search, privacy", needsServer)
struct StoreRulesTests {
    @Test func aMentorshipThreadIsThePairsAlone() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            let cam = try await room.store("cam")
            defer {
                ana.close()
                ben.close()
                cam.close()
            }
            let sent = try await cam.sendMentorMessage(to: r.ben, body: "Thank you for today")
            #expect(sent.authorHandle == "Cam")
            #expect(try await ben.mentorThread(with: r.cam).map(\.body).last == "Thank you for today")
            #expect(try await cam.mentorThread(id: r.mentorship).count == 3)
            #expect(try await ana.mentorThread(with: r.cam).isEmpty)
            #expect(try await ana.mentorThread(with: r.ben).isEmpty)
            await #expect(throws: StoreError.unknownMentorship(r.mentorship)) {
                try await ana.mentorThread(id: r.mentorship)
            }
            await #expect(throws: StoreError.self) { try await ana.sendMentorMessage(to: r.cam, body: "hi") }
            #expect(try await ana.mentorships().isEmpty)
            #expect(try await ben.mentorships().map(\.menteeHandle) == ["Cam"])
            // The change reaches the pair only.
            let start = try await ana.lastChange()
            _ = try await ben.sendMentorMessage(to: r.cam, body: "Any time")
            #expect(!(try await ana.changes(after: start)).changes.contains(.mentorship(r.mentorship)))
            #expect(try await cam.changes(after: start).changes.contains(.mentorship(r.mentorship)))
        }
    }

    @Test func mentorCapacityHoldsWhenTwoAskAtOnce() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            try await room.asOwner { c async throws in
                try await c.query(
                    "UPDATE peerroom.membership SET role = 'peer-mentor' WHERE member_id = \(r.ana)",
                    logger: room.logger)
                try await c.query("UPDATE peerroom.mentorship SET status = 'ended'", logger: room.logger)
                _ = try await PostgresAdmin.addMember(c, role: room.role("eve"), handle: "Eve", now: testNow)
            }
            let ana = try await room.store("ana")
            let cam = try await room.store("cam")
            let eve = try await room.store("eve")
            defer {
                ana.close()
                cam.close()
                eve.close()
            }
            try await ana.offerMentoring(groupID: r.river, note: "I listen", capacity: 1, available: true)
            #expect(try await cam.mentors(groupID: r.river).map(\.handle).contains("Ana"))
            let first = try await cam.requestMentor(groupID: r.river, mentorID: r.ana, note: nil)
            let second = try await eve.requestMentor(groupID: r.river, mentorID: r.ana, note: nil)
            // Two answers at once: capacity 1 lets exactly one through.
            async let a = try? ana.respondToMentorship(id: first.id, accept: true, note: nil)
            async let b = try? ana.respondToMentorship(id: second.id, accept: true, note: nil)
            let answers = await [a, b]
            #expect(answers.compactMap { $0 }.count == 1)
            #expect(try await ana.mentorships().filter { $0.status == .active }.count == 1)
            await #expect(throws: StoreError.self) {
                try await cam.respondToMentorship(id: first.id, accept: true, note: nil)
            }
        }
    }

    @Test func facilitatorsHideAndRestoreAndNeverSeeWhoReported() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            let cam = try await room.store("cam")
            defer {
                ana.close()
                ben.close()
                cam.close()
            }
            await #expect(throws: StoreError.notAFacilitator(handle: "Ana", group: "river")) {
                try await ana.moderate(.story(r.anaStory), hide: true, note: "x")
            }
            await #expect(throws: StoreError.self) { try await ana.report(.story(r.anaStory), reason: "mine") }
            let queue = try await ben.moderationQueue(groupID: r.river)
            let reported = try #require(queue.first { $0.target == .story(r.anaStory) })
            #expect(reported.openReports.map(\.reason) == ["felt unsafe"])
            #expect(queue.contains { $0.target == .story(r.camHiddenStory) && $0.isHidden })
            try await ben.moderate(.story(r.anaStory), hide: true, note: "for now")
            #expect(
                try await cam.stories(groupID: r.river, page: .first, limit: 10).items.allSatisfy {
                    $0.id != r.anaStory
                })
            #expect(try await ana.story(id: r.anaStory).summary.isHidden)
            try await ben.moderate(.story(r.anaStory), hide: false, note: "ok again")
            #expect(try await cam.story(id: r.anaStory).summary.isHidden == false)
            #expect(try await ben.moderationQueue(groupID: r.river).first { $0.target == .story(r.anaStory) } == nil)
            try await ana.setMuted(r.cam, muted: true)
            #expect(try await ana.mutedMembers().map(\.handle) == ["Cam"])
        }
    }

    @Test func askingToJoinAClosedGroupAndBeingLetIn() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            defer {
                ana.close()
                ben.close()
            }
            #expect(try await ana.join(groupID: r.harbor) == .asked)
            #expect(try await ana.groupDirectory().first { $0.slug == "harbor" }?.joinRequest == .asked)
            #expect(try await ben.joinRequests(groupID: r.harbor).map(\.handle) == ["Cam", "Ana"])
            await #expect(throws: StoreError.self) { try await ana.joinRequests(groupID: r.harbor) }
            try await ben.answerJoinRequest(groupID: r.harbor, memberID: r.ana, approve: true)
            #expect(
                try await ana.stories(groupID: r.harbor, page: .first, limit: 10).items.map(\.id) == [r.harborStory])
            #expect(try await ben.invite(memberID: r.cam, groupID: r.harbor) == .joined)
            #expect(try await ana.join(groupID: r.river) == .alreadyMember)
        }
    }

    @Test func unreadCountsFallAsStoriesAreRead() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            defer {
                ana.close()
                ben.close()
            }
            let one = try await ben.post(NewStory(groupID: r.river, kind: .triumph, title: "One", body: "b"))
            let two = try await ben.post(NewStory(groupID: r.river, kind: .triumph, title: "Two", body: "b"))
            #expect(try await ana.groups().first { $0.id == r.river }?.unreadCount == 2)
            #expect(try await ana.nextUnread(groupID: r.river) == one.id)
            try await ana.markRead(storyID: two.id)
            #expect(try await ana.groups().first { $0.id == r.river }?.unreadCount == 1)
            try await ana.markRead(storyID: one.id)
            #expect(try await ana.nextUnread(groupID: r.river) == nil)
            #expect(try await ana.readPosition(groupID: r.river)?.id == two.id)
        }
    }

    @Test func searchFindsEveryWordWithThePrefixLastAndNothingClosed() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            defer {
                ana.close()
                ben.close()
            }
            let story = try await ana.post(
                NewStory(
                    groupID: r.river, kind: .reflection, title: "Grateful today", body: "Walking by the river"))
            let hits = try await ana.search("river grat", groupID: nil, limit: 10)
            #expect(hits.map(\.story.id) == [story.id])
            #expect(hits.first?.title.parts.contains { $0.isMatch && $0.text == "Grateful" } == true)
            #expect(try await ana.search("closed words", groupID: nil, limit: 10).isEmpty)
            #expect(try await ben.search("closed words", groupID: nil, limit: 10).map(\.story.id) == [r.harborStory])
            #expect(try await ana.search("'; DROP TABLE story; --", groupID: nil, limit: 10).isEmpty)
        }
    }

    @Test func checkInsAndExportAreMineAndForgetKeepsOthersWords() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana", clock: testClock)
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ana.close()
                cam.close()
            }
            let today = Recurrence.day(of: testNow, in: TimeZone(identifier: "UTC")!)
            let summary = try await ana.recordCheckIn(DailyCheckIn(day: today, mood: 4, note: "steady"))
            #expect(summary.today?.note == "steady")
            #expect(summary.streak == 1)
            let export = try await ana.export()
            #expect(export.handle == "Ana")
            #expect(export.checkIns.map(\.note) == ["steady"])
            #expect(export.stories.map(\.id) == [r.anaStory])
            #expect(try await cam.export().checkIns.map(\.note) == ["hard night"])
            // Ana goes: her story Cam replied to stays as "[removed]" with his reply.
            try await ana.forget()
            #expect(ana.me == nil)
            let shell = try await cam.story(id: r.anaStory)
            #expect(shell.summary.authorHandle == "[removed]")
            await #expect(throws: StoreError.self) { try await cam.member(handle: "Ana") }
        }
    }
}
