import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// The newcomer backlog in the room: a limited member reads, below the last story they can
/// read, from when they read and a calm line about the rest; no one else sees either.
@Suite("Rendering: the end of a limited feed")
struct BacklogRenderTests {
    static func limited(_ days: Int, readsFrom: Date) -> RoomState {
        var state = Fixture.startedRoom(width: 80, height: 24)
        state.timeZone = TimeZone(identifier: "UTC")!
        let index = state.groups.firstIndex { $0.id == state.openGroupID }!
        state.groups[index].backlogDays = days
        state.groups[index].readsFrom = readsFrom
        Fixture.keys(&state, .character("2"))
        return state
    }

    @Test func aLimitedMemberSeesWhenTheyReadFromAndACalmLineAtTheEnd() {
        let state = Self.limited(30, readsFrom: Fixture.now.addingTimeInterval(-80 * 86_400))
        let canvas = RoomRenderer.render(state)
        let text = canvas.plainText()
        #expect(text.contains("You can read from 30 August, 30 days before you joined."))
        #expect(text.contains(Backlog.endOfFeed))
        Golden.check(canvas, "room-80x24-backlog")
    }

    @Test func aFacilitatorReadsTheSettingAndHowToChangeIt() {
        var state = Self.limited(7, readsFrom: Fixture.now)
        let index = state.groups.firstIndex { $0.id == state.openGroupID }!
        state.groups[index].readsFrom = nil
        state.groups[index].myRole = .facilitator
        let text = RoomRenderer.render(state).plainText()
        #expect(text.contains("Members read 7 days before joining; you read everything."), "\(text)")
        #expect(text.contains("peerroom group backlog sober-circle all|DAYS"), "\(text)")
        #expect(!text.contains("longer-standing"))
    }

    @Test func everyoneElseSeesTheFeedAsBefore() {
        var state = Fixture.startedRoom(width: 80, height: 24)
        Fixture.keys(&state, .character("2"))
        #expect(!RoomRenderer.render(state).plainText().contains("longer-standing"))
    }

    @Test func theWordsSayTheDayAndHowFarBack() {
        var group = Fixture.groups[0]
        let utc = TimeZone(identifier: "UTC")!
        #expect(Backlog.readsFromText(group, zone: utc, now: Fixture.now) == nil, "everything: nothing to say")
        group.backlogDays = 0
        group.readsFrom = Fixture.now
        #expect(
            Backlog.readsFromText(group, zone: utc, now: Fixture.now)
                == "You can read from 18 November, the day you joined.")
        group.backlogDays = 400
        group.readsFrom = Fixture.now.addingTimeInterval(-400 * 86_400)
        #expect(
            Backlog.readsFromText(group, zone: utc, now: Fixture.now)
                == "You can read from 14 October 2025, 400 days before you joined.")
        #expect(Backlog.settingText(nil) == "everything" && Backlog.settingText(7) == "7 days before joining")
    }
}
