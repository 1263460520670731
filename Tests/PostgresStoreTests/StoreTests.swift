import Foundation
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

@Suite("PostgresRoomStore: the room through the policies", needsServer)
struct StoreTests {
    @Test func aMemberIsTheirRoleAndAGuestHasNone() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            defer { ana.close() }
            #expect(ana.me?.id == r.ana)
            #expect(ana.me?.handle == "Ana")
            #expect(!ana.isReadOnly)
            let dee = try await room.store("dee")
            defer { dee.close() }
            #expect(dee.me == nil)
            #expect(dee.isReadOnly)
            await #expect(throws: StoreError.self) {
                try await dee.post(NewStory(groupID: r.river, kind: .triumph, title: "t", body: "b"))
            }
            // A guest sees every group by name; a closed one without its counts.
            let directory = try await dee.groupDirectory()
            #expect(directory.map(\.slug) == ["harbor", "river"])
            #expect(directory[0].isReadable == false && directory[0].storyCount == 0)
        }
    }

    @Test func takingAPseudonymBindsItAndAHandleIsTakenOnce() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            try await room.asOwner { c async throws in
                try await PostgresAdmin.createRole(
                    c, role: room.role("eve"), memberGroup: PostgresAdmin.defaultMemberGroup)
            }
            let dee = try await room.store("dee")
            let eve = try await room.store("eve")
            defer {
                dee.close()
                eve.close()
            }
            await #expect(throws: StoreError.handleTaken("ana")) {
                try await dee.takePseudonym("ana", recoveryStart: nil)
            }
            // Two roles racing for one handle: exactly one wins.
            async let first = try? dee.takePseudonym("River", recoveryStart: nil)
            async let second = try? eve.takePseudonym("river", recoveryStart: nil)
            let results = await [first, second]
            #expect(results.compactMap { $0 }.count == 1)
            let winner = dee.me != nil ? dee : eve
            #expect(try await winner.groups().map(\.slug) == ["river"])
            #expect(
                try await winner.roster(groupID: r.river, page: .first, limit: 10).items.contains {
                    $0.handle.lowercased() == "river"
                })
            await #expect(throws: StoreError.self) { try await winner.takePseudonym("Another", recoveryStart: nil) }
        }
    }

    @Test func postReplyReactEditAndDeleteAsTheAuthor() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana", clock: testClock)
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ana.close()
                cam.close()
            }
            let posted = try await ana.post(
                NewStory(groupID: r.river, kind: .milestone, title: "  Thirty days ", body: "I made it."))
            #expect(posted.title == "Thirty days")
            #expect(posted.authorHandle == "Ana")
            #expect(posted.createdAt == testNow)
            let feed = try await cam.stories(groupID: r.river, page: .first, limit: 10)
            #expect(feed.items.first?.id == posted.id)
            #expect(feed.items.first?.isUnread == true)
            // Cam's hidden story is his to see, marked; Ana does not see it.
            #expect(feed.items.contains { $0.id == r.camHiddenStory && $0.isHidden })
            #expect(
                !(try await ana.stories(groupID: r.river, page: .first, limit: 10)).items.contains {
                    $0.id == r.camHiddenStory
                })
            let reply = try await cam.reply(to: posted.id, body: "So proud of you")
            #expect(try await cam.toggleReaction(storyID: posted.id, kind: .proud))
            #expect(try await !cam.toggleReaction(storyID: posted.id, kind: .proud))
            #expect(try await cam.toggleReaction(storyID: posted.id, kind: .support))
            var story = try await ana.story(id: posted.id)
            #expect(story.replies.map(\.body) == ["So proud of you"])
            #expect(story.reactions == [Reaction(kind: .support, memberHandle: "Cam")])
            #expect(story.summary.replyCount == 1)
            // Only the author edits and deletes.
            await #expect(throws: StoreError.notYours(what: "story", id: posted.id)) {
                try await cam.editStory(id: posted.id, title: "mine now", contentWarning: nil, body: nil)
            }
            await #expect(throws: StoreError.notYours(what: "reply", id: reply.id)) {
                try await ana.editReply(id: reply.id, body: "changed")
            }
            story = try await ana.editStory(
                id: posted.id, title: nil, contentWarning: "big feelings", body: "Still here.")
            #expect(story.body == "Still here.")
            #expect(story.summary.contentWarning == "big feelings")
            story = try await ana.editStory(id: posted.id, title: nil, contentWarning: "", body: nil)
            #expect(story.summary.contentWarning == nil)
            #expect(try await cam.editReply(id: reply.id, body: "Proud of you").body == "Proud of you")
            #expect(try await ana.othersReplyCount(storyID: posted.id) == 1)
            // Deleting a story others replied to leaves a "[removed]" shell with their reply.
            #expect(try await ana.deleteStory(id: posted.id) == 1)
            let shell = try await cam.story(id: posted.id)
            #expect(shell.summary.authorHandle == "[removed]")
            #expect(shell.replies.map(\.body) == ["Proud of you"])
            try await cam.deleteReply(id: reply.id)
            await #expect(throws: StoreError.unknownReply(reply.id)) { try await cam.deleteReply(id: reply.id) }
        }
    }

    @Test func closedGroupsAreTheirMembersAlone() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            defer {
                ana.close()
                ben.close()
            }
            await #expect(throws: StoreError.closedGroup("harbor")) {
                try await ana.stories(groupID: r.harbor, page: .first, limit: 10)
            }
            await #expect(throws: StoreError.closedGroup("harbor")) {
                try await ana.roster(groupID: r.harbor, page: .first, limit: 10)
            }
            await #expect(throws: StoreError.unknownStory(r.harborStory)) { try await ana.story(id: r.harborStory) }
            await #expect(throws: StoreError.notAMember(handle: "Ana", group: "harbor")) {
                try await ana.post(NewStory(groupID: r.harbor, kind: .triumph, title: "t", body: "b"))
            }
            // As the contract says for every backend: an outsider is told they are not a member.
            await #expect(throws: StoreError.notAMember(handle: "Ana", group: "harbor")) {
                try await ana.reply(to: r.harborStory, body: "hello")
            }
            let harbor = try await ana.group(slug: "harbor")
            #expect(!harbor.isReadable && harbor.memberCount == 0)
            #expect(try await ana.groups().map(\.slug) == ["river"])
            #expect(
                try await ben.stories(groupID: r.harbor, page: .first, limit: 10).items.map(\.id) == [r.harborStory])
            #expect(try await ben.groups().map(\.slug) == ["harbor", "river"])
            await #expect(throws: StoreError.unknownGroup("nowhere", known: ["harbor", "river"])) {
                try await ana.group(slug: "nowhere")
            }
        }
    }

    @Test func draftsAreTheirAuthorsAlone() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let cam = try await room.store("cam")
            defer {
                ana.close()
                cam.close()
            }
            let target = DraftTarget.story(group: r.river)
            try await ana.saveDraft(
                Draft(target: target, kind: .reflection, title: "Not yet", body: "half", updatedAt: testNow))
            #expect(try await ana.draft(for: target)?.body == "half")
            try await ana.saveDraft(Draft(target: target, title: "Not yet", body: "all of it", updatedAt: testNow))
            #expect(try await ana.drafts().map(\.body) == ["all of it"])
            // Cam's own draft for the same target is his; he never sees Ana's.
            #expect(try await cam.draft(for: target) == nil)
            #expect(try await cam.drafts().map(\.body) == ["private draft"])
            try await ana.saveDraft(Draft(target: target, updatedAt: testNow))
            #expect(try await ana.draft(for: target) == nil)
        }
    }

    @Test func changesTellEachMemberOnlyWhatTheyMaySee() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let ana = try await room.store("ana")
            let ben = try await room.store("ben")
            defer {
                ana.close()
                ben.close()
            }
            let anaStart = try await ana.lastChange()
            let benStart = try await ben.lastChange()
            #expect(anaStart == benStart)
            let story = try await ben.post(
                NewStory(groupID: r.harbor, kind: .triumph, title: "closed", body: "b"))
            let open = try await ben.post(NewStory(groupID: r.river, kind: .triumph, title: "open", body: "b"))
            let anaChanges = try await ana.changes(after: anaStart)
            #expect(anaChanges.changes.contains(.feed(r.river, .stories)))
            #expect(anaChanges.changes.contains(.story(open.id)))
            #expect(!anaChanges.changes.contains(.feed(r.harbor, .stories)))
            #expect(!anaChanges.changes.contains(.story(story.id)))
            let benChanges = try await ben.changes(after: benStart)
            #expect(benChanges.changes.contains(.story(story.id)))
            #expect(benChanges.last == anaChanges.last)
            #expect(try await ana.changes(after: anaChanges.last).changes.isEmpty)
            #expect(try await ana.changes(after: anaChanges.last + 50).changes == [.resync])
        }
    }
}
