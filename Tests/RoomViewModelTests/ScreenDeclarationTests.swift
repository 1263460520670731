import Foundation
import RoomCore
import Testing

@testable import RoomViewModel

/// What a screen declares in its own file reaches the rest of the room through the list of
/// screens alone: its keys (the key map, help, config), its effects' lanes, its results.
@Suite("Screens: declared once, in their files")
struct ScreenDeclarationTests {
    /// The default key map is gathered from the screens: a screen's bindings are in it, each
    /// under one name config knows, and no key runs two commands in one context.
    @Test func theKeyMapIsGatheredFromEveryScreensBindings() {
        for screen in Mode.screenTypes {
            for binding in screen.bindings {
                #expect(KeyMap.standard.bindings.contains(binding), "\(screen): \(binding.command) is in the key map")
                #expect(Command(rawValue: binding.command.rawValue)?.help == binding.command.help, "config names it")
            }
        }
        #expect(KeyMap.standard.clash == nil)
        let byName = Dictionary(grouping: KeyMap.standard.bindings.map(\.command), by: \.rawValue)
        for (name, commands) in byName {
            #expect(Set(commands.map(\.help)).count == 1, "two commands are called \(name)")
        }
        #expect(Command(rawValue: "rsvp-going") == .rsvpGoing && Command(rawValue: "fly") == nil)
    }

    /// The room's own keys come first in help and the keys under every screen last, with each
    /// screen's opening key in between (in the order of the list of screens).
    @Test func theRoomsHelpListsTheScreensOpeningKeysBeforeTheKeysUnderEveryScreen() {
        let room = KeyMap.standard.bindings.filter { $0.context == .room }.map(\.command)
        #expect(room.first == .moveDown)
        #expect(Array(room.suffix(4)) == [.back, .help, .crisis, .quit])
        let openings = Mode.screenTypes.compactMap { $0.opening }.filter { $0 != .help }
        #expect(openings == [.search, .meetings, .mentorship, .forYou, .moderation, .supportNow])
        let positions = openings.map { room.firstIndex(of: $0) ?? -1 }
        #expect(!positions.contains(-1) && positions == positions.sorted())
        #expect(positions.allSatisfy { $0 > room.firstIndex(of: .checkIn)! && $0 < room.firstIndex(of: .back)! })
    }

    /// Each kind of read runs in a lane of its own (the reads of one key run at once), every
    /// write in the one write lane, in order: a screen's effects say theirs.
    @Test func everyEffectSaysItsLane() {
        let start = Fixture.meetings[0].start
        let reads: [RoomEffect] = [
            .loadGroups, .loadRoster(1, .first), .loadStories(1, .first), .loadEncouragement(1, .first),
            .loadStory(2), .loadNextMeeting(1), .search(.find("day", groupID: nil)), .meetings(.load),
            .mentorship(.load), .mentorship(.loadThread(1)), .moderation(.loadQueue(2)),
            .moderation(.loadRequests(2)), .forYou(.load),
        ]
        #expect(Set(reads.map(\.lane)).count == reads.count, "one lane per kind of read")
        #expect(!reads.contains { $0.lane == .writes })
        let writes: [RoomEffect] = [
            .meetings(.rsvp(1, occurrence: start, .going)), .meetings(.checkIn(3, occurrence: start)),
            .mentorship(.send(1, to: "harbor", body: "See you")), .mentorship(.answer(2, accept: true)),
            .mentorship(.end(2)), .moderation(.moderate(.story(101), hide: true, note: "Betting links")),
            .moderation(.answer(2, member: 70, handle: "new.leaf", approve: true)), .findNextUnread(1),
            .loadDrafts, .dailyCheckIn(mood: 4, note: nil), .forYou(.count), .forYou(.markSeen(through: start)),
        ]
        #expect(writes.allSatisfy { $0.lane == .writes }, "writes, and the reads that must see them, keep order")
    }

    /// An answer saved after the meetings list was left is still said, and the header's
    /// meeting read again — but the list is not asked for any more.
    @Test func anAnswerThatComesAfterItsScreenWasLeftIsStillSaid() {
        var state = Fixture.startedRoom()
        Fixture.keys(&state, .character("w"))
        let rsvp = RoomReducer.reduce(&state, .keyPressed(.character("y")))
        #expect(rsvp.first.map { if case .screen(.meetings(.rsvp)) = $0 { true } else { false } } == true)
        Fixture.keys(&state, .escape)
        #expect(state.mode == .room)
        let effects = RoomReducer.reduce(&state, .meetings(.answered("Saved: going.")))
        #expect(state.notice == "Saved: going.")
        #expect(effects == [.loadNextMeeting(1)], "the header's meeting, not the list that is gone")
        let late = RoomReducer.reduce(&state, .meetings(.loaded(Fixture.meetings)))
        #expect(late.isEmpty && state.mode == .room, "a list that comes late opens nothing")
    }

    /// Search results open their screen from wherever the question was asked.
    @Test func searchResultsOpenTheirScreenFromTheRoom() {
        var state = Fixture.startedRoom()
        let hits = Fixture.search("day", in: 1)
        _ = RoomReducer.reduce(&state, .search(.found(query: "day", groupID: 1, hits)))
        guard case .search(let search) = state.mode else {
            Issue.record("the results did not open")
            return
        }
        #expect(search.query == "day" && search.hits == hits)
    }
}
