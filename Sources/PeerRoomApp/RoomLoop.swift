import CursesScreen
import Dispatch
import Foundation
import Glibc
import RoomCore
import RoomStore
import RoomViewModel
import Synchronization

/// The event loop: input → action → reducer → effects → actions … → render → flush.
/// One direction of flow; the loop holds the only mutable state.
struct RoomLoop {
    let session: RoomSession
    let preferredGroup: String?

    /// Runs until the person quits (returns nil) or a signal ends the room (returns it).
    func run() async throws -> Int32? {
        let stop = SignalStop.install()
        let screen = try CursesScreen()
        defer { screen.restore() }
        let runner = EffectRunner(store: session.store, me: session.me)
        var state = RoomState(
            myHandle: session.me.handle, size: screen.size, now: Date(), today: Clock.today(),
            preferredGroupSlug: preferredGroup)
        var pending: [RoomAction] = [.started]
        var lastTick = Date()
        var drawn: RoomState?
        while !state.isQuitting && stop.signal == nil {
            while !pending.isEmpty {
                let action = pending.removeFirst()
                for effect in RoomReducer.reduce(&state, action) {
                    if let result = await runner.run(effect) { pending.append(result) }
                }
            }
            if state.isQuitting { break }
            if drawn != state {
                screen.draw(RoomRenderer.render(state))
                drawn = state
            }
            switch screen.next(timeoutMilliseconds: 200) {
            case .key(let key): pending.append(.keyPressed(key))
            case .resized(let size): pending.append(.resized(size))
            case nil: break
            }
            if Date().timeIntervalSince(lastTick) >= 30 {
                lastTick = Date()
                pending.append(.clockTicked(now: lastTick, today: Clock.today()))
            }
        }
        return stop.signal
    }
}

/// SIGINT, SIGTERM and SIGHUP end the loop, which then restores the terminal on its way out.
/// `@unchecked`: the dispatch sources are only kept alive after `init`, never touched; the
/// flag is atomic.
final class SignalStop: @unchecked Sendable {
    private let received = Atomic<Int32>(0)
    private var sources: [DispatchSourceSignal] = []

    /// The signal that asked the room to end, if one did.
    var signal: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    private init() {}

    static func install() -> SignalStop {
        let stop = SignalStop()
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.received.store(signalNumber, ordering: .relaxed) }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }
}

/// The local calendar day, for "days since recovery start".
enum Clock {
    static func today(_ now: Date = Date(), timeZone: TimeZone = .current) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
