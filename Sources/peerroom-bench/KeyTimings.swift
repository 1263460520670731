import Foundation
import RoomCore
import RoomStore
import RoomViewModel
import SQLiteStore

/// What one key costs in the room's own loop, measured in this process: the reducer for the
/// key and for the results of its effects, plus one render (`reduceRender`), and the store
/// reads those effects make, with the change-log poll the loop does before every frame
/// (`store`). The ncurses flush is not in it; the pseudo-terminal run sees that.
/// `calls` counts the store calls the key causes, `rounds` the waits for them: the effects one
/// action returns run at once, as the room's `EffectQueue` runs them, so they are one round.
struct KeyCost: Sendable {
    var reduceRender: Duration
    var store: Duration
    var calls = 0
    var rounds = 0
}

/// Samples for the keys issue 7 names, in milliseconds.
struct KeyReport: Codable, Sendable {
    var key: String
    var reduceRenderMilliseconds: Stat?
    var storeMilliseconds: Stat?
    /// Store calls and rounds of calls per key (the most any sample made).
    var storeCalls: Int?
    var storeRounds: Int?
}

/// Where the time goes between opening the database and the first frame, in this process.
struct StartupReport: Codable, Sendable {
    var openStoreMilliseconds: Double
    var findMemberMilliseconds: Double
    /// Store time per effect the start runs (loadGroups, loadStories, …).
    var effectMilliseconds: [String: Double]
    var reduceRenderMilliseconds: Double
}

/// The room driven in process, as `RoomLoop` drives it, with a small effect runner of its
/// own that only reads: nothing the measurement does changes the database.
struct RoomHarness {
    let store: any RoomStore
    let me: Member
    var state: RoomState
    /// Store time per effect kind, summed (for the startup breakdown).
    var effectTimes: [String: Duration] = [:]
    /// Where the loop's poll of the change log is (nothing changes here: it only reads).
    var lastChange: Int64 = 0

    /// The SQLite room at `path`, as `handle`.
    static func open(path: String, handle: String, size: Size) async throws -> (RoomHarness, StartupReport) {
        let (backend, openTime) = try Stopwatch.time { try SQLiteRoomStore(path: path) }
        let memberStart = ContinuousClock.now
        let me = try await backend.member(handle: handle)
        let store = try await backend.session(memberID: me.id)
        let memberTime = ContinuousClock.now - memberStart
        return try await start(store: store, me: me, openTime: openTime, memberTime: memberTime, size: size)
    }

    /// A session some backend opened (in `openTime`), as its member.
    static func open(store: any RoomStore, openTime: Duration, size: Size) async throws -> (RoomHarness, StartupReport)
    {
        guard let me = store.me else { throw HarnessError(description: "the session has no member (a guest)") }
        return try await start(store: store, me: me, openTime: openTime, memberTime: .zero, size: size)
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
    }

    static func start(store: any RoomStore, me: Member, openTime: Duration, memberTime: Duration, size: Size)
        async throws -> (RoomHarness, StartupReport)
    {
        let state = RoomState(
            myHandle: me.handle, size: size, now: Date(), today: Self.today(), preferredGroupSlug: nil)
        var harness = RoomHarness(store: store, me: me, state: state)
        harness.lastChange = try await store.lastChange()
        let cost = try await harness.send(.started)
        let startupEffects = harness.effectTimes
        _ = try await harness.send(.firstFrameShown)  // as the room does after drawing it
        let startup = StartupReport(
            openStoreMilliseconds: openTime.milliseconds, findMemberMilliseconds: memberTime.milliseconds,
            effectMilliseconds: startupEffects.mapValues(\.milliseconds),
            reduceRenderMilliseconds: cost.reduceRender.milliseconds)
        harness.effectTimes = [:]
        return (harness, startup)
    }

    static func today() -> CalendarDay {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// One key through the loop: reduce, run the effects and reduce their results until
    /// nothing is pending, poll the change log, render once.
    mutating func press(_ key: Key) async throws -> KeyCost {
        try await send(.keyPressed(key))
    }

    mutating func send(_ action: RoomAction) async throws -> KeyCost {
        let clock = ContinuousClock()
        var reduce = Duration.zero
        var io = Duration.zero
        var calls = 0
        var rounds = 0
        var pending = [action]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            let start = clock.now
            let effects = RoomReducer.reduce(&state, next).filter(Self.reads)
            reduce += clock.now - start
            guard !effects.isEmpty else { continue }
            // One round: the effects of one action, all at once; results in the order given.
            let roundStart = clock.now
            let (store, me) = (store, me)
            let results = try await withThrowingTaskGroup(of: (Int, RoomAction?, Duration).self) { group in
                for (index, effect) in effects.enumerated() {
                    group.addTask {
                        let effectStart = ContinuousClock.now
                        let result = try await Self.run(effect, store: store, me: me)
                        return (index, result, ContinuousClock.now - effectStart)
                    }
                }
                var results: [(Int, RoomAction?, Duration)] = []
                for try await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }
            }
            io += clock.now - roundStart
            calls += effects.count
            rounds += 1
            for (index, result, spent) in results {
                effectTimes[Self.name(effects[index]), default: .zero] += spent
                if let result { pending.append(result) }
            }
        }
        let tokenStart = clock.now
        let (changes, last) = try await store.changes(after: lastChange)
        lastChange = last
        consume(changes)
        io += clock.now - tokenStart
        let renderStart = clock.now
        consume(RoomRenderer.render(state))
        reduce += clock.now - renderStart
        return KeyCost(reduceRender: reduce, store: io, calls: calls + 1, rounds: rounds + 1)
    }

    /// The effects this harness runs (the rest write, and are skipped).
    static func reads(_ effect: RoomEffect) -> Bool {
        switch effect {
        case .loadGroups, .loadRoster, .loadStories, .loadEncouragement, .loadStory, .loadDraft, .loadDrafts,
            .findNextUnread, .screen(.search), .loadNextMeeting:
            true
        default: false
        }
    }

    /// The reads of `EffectRunner`; writes (drafts, posts, reactions, read positions) are
    /// skipped so the database stays as generated.
    static func run(_ effect: RoomEffect, store: any RoomStore, me: Member) async throws -> RoomAction? {
        switch effect {
        case .loadGroups:
            return .groupsLoaded(try await store.groups())
        case .loadRoster(let group, let request):
            return .rosterLoaded(
                group, request,
                try await store.roster(
                    groupID: group, page: request, limit: ListWindow<RosterEntry>.pageSize))
        case .loadStories(let group, let request):
            return .storiesLoaded(
                group, request,
                try await store.stories(
                    groupID: group, page: request, limit: ListWindow<StorySummary>.pageSize))
        case .loadEncouragement(let group, let request):
            return .encouragementLoaded(
                group, request,
                try await store.encouragement(
                    groupID: group, page: request, limit: ListWindow<Encouragement>.pageSize))
        case .loadStory(let id):
            return .storyLoaded(try await store.story(id: id))
        case .loadDraft(let target):
            return .draftLoaded(target, try await store.draft(for: target))
        case .loadDrafts:
            return .draftsFound(try await store.drafts())
        case .findNextUnread(let group):
            return .nextUnreadFound(try await store.nextUnread(groupID: group))
        case .screen(.search(.find(let query, let group))):
            return .search(
                .found(
                    query: query, groupID: group,
                    try await store.search(query, groupID: group, limit: SearchQuery.resultsInTheRoom)))
        case .loadNextMeeting(let group):
            let next = try await store.upcomingMeetings(groupID: group, after: store.clock.now(), limit: 1)
            return .nextMeetingLoaded(group, next.first)
        case .saveDraft, .discardDraft, .submit, .toggleReaction, .delete, .markRead, .openExternalEditor, .quit,
            .takePseudonym, .report, .setMuted, .cycleTheme, .dailyCheckIn, .screen, .countOthersReplies, .ringBell:
            return nil
        }
    }

    static func name(_ effect: RoomEffect) -> String {
        switch effect {
        case .loadGroups: "loadGroups"
        case .loadRoster: "loadRoster"
        case .loadStories(_, .first): "loadStories(first)"
        case .loadStories(_, .last): "loadStories(last)"
        case .loadStories: "loadStories(next)"
        case .loadEncouragement: "loadEncouragement"
        case .loadStory: "loadStory"
        case .loadDraft, .loadDrafts: "loadDrafts"
        default: "other"
        }
    }
}

/// Measures the keys of issue 7 in process: one-line move, page down, open a story, switch
/// group, and the jump to the end.
enum KeyBenchmark {
    struct Result: Sendable {
        var keys: [KeyReport]
        var startup: StartupReport
    }

    static func run(path: String, handle: String, size: Size, samples: Int) async throws -> Result {
        let (room, startup) = try await RoomHarness.open(path: path, handle: handle, size: size)
        return try await run(room, startup: startup, samples: samples)
    }

    /// The same keys on a room already open (any backend).
    static func run(_ opened: RoomHarness, startup: StartupReport, samples: Int) async throws -> Result {
        var room = opened
        var costs: [String: [KeyCost]] = [:]
        _ = try await room.press(.character("2"))  // the Stories pane

        // One-line moves from the top, past the prefetch margin and the first page; then
        // pages. A key at the end of the list changes nothing (and the room draws nothing):
        // the samples stop there.
        for (name, key) in [("j (one-line move)", Key.character("j")), ("PgDn (page down)", .pageDown)] {
            for _ in 0..<samples {
                let before = room.state.stories.selected?.id
                let cost = try await room.press(key)
                if room.state.stories.selected?.id == before { break }
                costs[name, default: []].append(cost)
            }
            _ = try await room.press(.character("g"))
        }
        // Open a story, go back, move on.
        for _ in 0..<max(1, samples / 4) {
            costs["Enter (open a story)", default: []].append(try await room.press(.enter))
            _ = try await room.press(.escape)
            _ = try await room.press(.character("j"))
        }
        for _ in 0..<max(1, samples / 10) {
            costs["G (to the last story)", default: []].append(try await room.press(.character("G")))
            _ = try await room.press(.character("g"))
        }
        // Switch group: the next group in the Groups pane, then Enter.
        _ = try await room.press(.character("1"))
        for _ in 0..<max(1, samples / 10) {
            let atLast = room.state.groupCursor >= room.state.groups.count - 1
            _ = try await room.press(.character(atLast ? "g" : "j"))
            costs["Enter (switch group)", default: []].append(try await room.press(.enter))
        }
        let order = [
            "j (one-line move)", "PgDn (page down)", "Enter (open a story)", "Enter (switch group)",
            "G (to the last story)",
        ]
        let keys = order.map { name in
            let samples = costs[name] ?? []
            return KeyReport(
                key: name, reduceRenderMilliseconds: Stat(samples.map(\.reduceRender.milliseconds)),
                storeMilliseconds: Stat(samples.map(\.store.milliseconds)), storeCalls: samples.map(\.calls).max(),
                storeRounds: samples.map(\.rounds).max())
        }
        return Result(keys: keys, startup: startup)
    }
}
