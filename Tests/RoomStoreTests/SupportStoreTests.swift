import Foundation
import RoomCore
import RoomStore
import Testing

private let start = Date(millisecondsSince1970: seedNow.millisecondsSince1970 + 3_600_000)

private func minutes(_ n: Double) -> Date { start.addingTimeInterval(n * 60) }

extension FixtureRoom {
    /// Each of `handles` has a room open now (a heartbeat at the clock's time).
    fileprivate func here(_ handles: [String]) async throws {
        for handle in handles { try await self.as(handle).heartbeat(instance: "room-\(handle)") }
    }

    fileprivate func signals(_ handle: String) async throws -> [SupportSignal] {
        try await self.as(handle).supportSignals()
    }

    fileprivate func send(_ handle: String, _ line: String?) async throws -> SupportSignal {
        guard case .sent(let signal, _) = try await self.as(handle).reachOut(line: line) else {
            Issue.record("nobody was told of \(handle)'s call")
            throw StoreError.notAllowed("not sent")
        }
        return signal
    }
}

@Suite("Support now: the store")
struct SupportStoreTests {
    @Test(arguments: Backend.all) func onlyThePeerMentorsAndFacilitatorsOfMyGroupsWhoAreHereAreTold(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        room.clock.set(start)
        // Here: two of the circle's helpers, a facilitator of another group, a plain member and a
        // newcomer. Away: the circle's other facilitator (Alder) and peer mentor (bea_r).
        try await room.here(["mila", "zed.9", "fern", "cobalt", "Echo"])
        let before = try await room.as("mila").lastChange()
        let outcome = try await room.as("MIRA").reachOut(line: "  Bad craving tonight  ")
        guard case .sent(let signal, let told) = outcome else {
            Issue.record("not sent: \(outcome)")
            return
        }
        #expect(told == 2)
        #expect(signal.side == .mine && signal.line == "Bad craving tonight" && !signal.isAnswered)
        for helper in ["mila", "zed.9"] {
            let seen = try await room.signals(helper)
            #expect(seen.map(\.id) == [signal.id], "\(helper) is told")
            #expect(
                seen.first?.side == .toldMe && seen.first?.banner == "MIRA would like support now: Bad craving tonight")
        }
        for other in ["fern", "cobalt", "Echo", "Alder", "bea_r", "Mika"] {
            #expect(try await room.signals(other).isEmpty, "\(other) is not told")
        }
        #expect(try await room.store.supportSignals().isEmpty, "a guest is told nothing")
        // Live: the change reaches the helpers told, and no one else.
        let milaChanges = try await room.as("mila").changes(after: before).changes
        #expect(milaChanges.contains(.support(signal.id)))
        for other in ["fern", "cobalt", "Alder"] {
            let changes = try await room.as(other).changes(after: before).changes
            #expect(!changes.contains(.support(signal.id)), "\(other) hears nothing of it")
        }
        // Nothing of it in a feed, a search, or anyone's for-you list.
        let circle = try await room.group("circle").id
        #expect(!(try await room.allEncouragement(circle).map(\.body)).contains { $0.contains("craving tonight") })
        #expect(!(try await room.allStories(circle).map(\.title)).contains { $0.contains("craving tonight") })
        for viewer in ["mila", "cobalt"] {
            #expect(try await room.as(viewer).search("craving tonight", groupID: nil, limit: 50).isEmpty)
            #expect(!"\(try await room.as(viewer).forYou(limit: 50))".contains("craving tonight"))
        }
    }

    @Test(arguments: Backend.all) func whenNobodyIsHereNothingIsSentAndTheHelpersAwayAreNeverTold(
        _ backend: Backend
    ) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        room.clock.set(minutes(-5))
        try await room.here(["mila"])  // five minutes ago: away now
        room.clock.set(start)
        try await room.here(["cobalt", "fern"])  // here, but no helper of Mika's group
        #expect(try await room.as("Mika").reachOut(line: "anyone?") == .nobodyHere)
        #expect(try await room.signals("Mika").isEmpty, "nothing was sent")
        #expect(try await room.signals("mila").isEmpty)
        // Nothing counted against the limits: with a helper here it goes.
        try await room.here(["Alder"])
        _ = try await room.send("Mika", nil)
        #expect(try await room.signals("Alder").first?.banner == "Mika would like support now.")
    }

    @Test(arguments: Backend.all) func theFirstAnswerWinsExactlyOnceWhenHelpersAnswerAtOnce(_ backend: Backend)
        async throws
    {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        let helpers = ["mila", "zed.9", "Alder", "bea_r"]
        for round in 0..<3 {
            room.clock.set(minutes(Double(round) * 120))
            try await room.here(helpers)
            let signal = try await room.send("cobalt", "round \(round)")
            // Each helper answers from a connection of their own, as from another process or host.
            let sessions = try await helpers.asyncMap { try await room.opened.reopen($0) }
            let results = await withTaskGroup(of: (String, Result<SupportSignal, Error>).self) { group in
                for (handle, session) in zip(helpers, sessions) {
                    group.addTask {
                        do { return (handle, .success(try await session.answerSupport(id: signal.id))) } catch {
                            return (handle, .failure(error))
                        }
                    }
                }
                var all: [(String, Result<SupportSignal, Error>)] = []
                for await result in group { all.append(result) }
                return all
            }
            let winners = results.filter { if case .success = $0.1 { true } else { false } }
            try #require(winners.count == 1, "exactly one answer in round \(round): \(results)")
            for case (_, .failure(let error)) in results {
                #expect(error as? StoreError == .notAllowed(Support.alreadyAnsweredMessage))
            }
            let answerer = winners[0].0
            #expect(try await room.signals(answerer).first { $0.id == signal.id }?.answeredByMe == true)
            let mine = try #require(try await room.signals("cobalt").first { $0.id == signal.id })
            #expect(mine.isAnswered && mine.answererHandle == answerer, "the signaller learns who answered")
            for other in helpers where other != answerer {
                let seen = try #require(try await room.signals(other).first { $0.id == signal.id })
                #expect(seen.isAnswered, "\(other) sees that it was answered")
                #expect(seen.answererHandle == nil && !seen.answeredByMe, "but not by whom")
            }
        }
        // Someone never told of it cannot answer it.
        room.clock.set(minutes(400))
        try await room.here(["mila"])
        let signal = try await room.send("MIRA", nil)
        await #expect(throws: StoreError.self) { _ = try await room.as("fern").answerSupport(id: signal.id) }
        await #expect(throws: StoreError.self) { _ = try await room.as("Mika").answerSupport(id: signal.id) }
        await #expect(throws: StoreError.self, "not one's own") {
            _ = try await room.as("MIRA").answerSupport(id: signal.id)
        }
    }

    @Test(arguments: Backend.all) func onlyTheTwoReadAndWriteTheThread(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        room.clock.set(start)
        try await room.here(["mila", "zed.9"])
        let signal = try await room.send("dune", "I am scared of tonight")
        await #expect(throws: StoreError.self, "no thread before an answer") {
            _ = try await room.as("dune").sendSupportMessage(signalID: signal.id, body: "hello?")
        }
        _ = try await room.as("zed.9").answerSupport(id: signal.id)
        let secret = "I have the bottle in my hand"
        _ = try await room.as("dune").sendSupportMessage(signalID: signal.id, body: secret)
        _ = try await room.as("zed.9").sendSupportMessage(signalID: signal.id, body: "Put it down; I am here.")
        #expect(try await room.as("dune").supportThread(id: signal.id).map(\.body).first == secret)
        #expect(try await room.as("zed.9").supportThread(id: signal.id).map(\.authorHandle) == ["dune", "zed.9"])
        for third in ["mila", "Mika", "Alder", "fern"] {  // told of it, a member, a facilitator, another group
            await #expect(throws: StoreError.self, "\(third) cannot read it") {
                _ = try await room.as(third).supportThread(id: signal.id)
            }
            await #expect(throws: StoreError.self, "\(third) cannot write in it") {
                _ = try await room.as(third).sendSupportMessage(signalID: signal.id, body: "me too")
            }
            #expect(!"\(try await room.as(third).export())".contains("bottle"))
            #expect(try await room.as(third).search("bottle", groupID: nil, limit: 50).isEmpty)
        }
        #expect(try await room.store.supportSignals().isEmpty)
        // One's own export holds one's own words, and only them.
        let own = try await room.as("dune").export()
        #expect(own.supportCalls.map(\.line) == ["I am scared of tonight"] && own.supportCalls.first?.answered == true)
        #expect(own.supportMessages.map(\.body) == [secret])
        let helper = try await room.as("zed.9").export()
        #expect(helper.supportCalls.isEmpty && helper.supportMessages.map(\.body) == ["Put it down; I am here."])
        // The thread stays the pair's after the signal's wait is over.
        room.clock.set(minutes(120))
        #expect(try await room.signals("dune").map(\.id) == [signal.id])
        #expect(try await room.signals("zed.9").map(\.id) == [signal.id])
        #expect(try await room.signals("mila").isEmpty, "an old answered signal leaves the other helpers' list")
    }

    @Test(arguments: Backend.all) func oneWaitingSignalAtATimeAndThreeAnHour(_ backend: Backend) async throws {
        let room = try await FixtureRoom(backend)
        defer { room.remove() }
        func at(_ minute: Double) async throws {
            room.clock.set(minutes(minute))
            try await room.here(["Alder"])
        }
        try await at(0)
        let first = try await room.send("9lives", "one")
        try await at(1)
        await #expect(throws: StoreError.notNow(Support.waitingMessage), "one waiting at a time") {
            _ = try await room.as("9lives").reachOut(line: "two")
        }
        _ = try await room.as("Alder").answerSupport(id: first.id)
        try await at(2)
        _ = try await room.send("9lives", "two")  // the first was answered
        try await at(31)
        await #expect(throws: StoreError.notNow(Support.waitingMessage)) {
            _ = try await room.as("9lives").reachOut(line: "three")
        }
        try await at(33)
        _ = try await room.send("9lives", "three")  // the second waited its 30 minutes out
        try await at(40)
        let third = try #require(try await room.signals("Alder").first)
        _ = try await room.as("Alder").answerSupport(id: third.id)
        await #expect(throws: StoreError.notNow(Support.hourlyMessage), "three an hour") {
            _ = try await room.as("9lives").reachOut(line: "four")
        }
        try await at(61)
        _ = try await room.send("9lives", "four")  // the first is more than an hour old
        #expect(try await room.signals("Alder").first?.line == "four")
        await #expect(throws: StoreError.self, "the line is one line") {
            _ = try await room.as("Mika").reachOut(line: "two\nlines")
        }
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
