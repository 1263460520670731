import Foundation
import RoomCore
import RoomViewModel
import Synchronization

/// Runs the store work of the room in child tasks, so the loop keeps reading keys and drawing
/// while a write waits for another process's lock. The loop drains the answers each turn and
/// feeds them to the reducer, as it did when effects ran inline.
///
/// Order: each effect runs in the lane it names (`RoomEffect.lane`, `EffectLane`), and one lane
/// runs one effect at a time, in the order it was given. Every write shares one lane (with the
/// reads that must see this room's own writes: drafts, the next unread); each kind of read has
/// a lane of its own, so the reads an action makes run at once, and a newer page of a list
/// never lands before an older one.
final class EffectQueue: Sendable {
    enum Answer: Sendable {
        /// An effect's result, for the reducer.
        case action(RoomAction)
        /// A draft save: nil when it reached the store, else the failure to show.
        case draft(Draft, failure: RoomAction?)
    }

    private struct Inbox {
        var answers: [Answer] = []
        var lanes: [EffectLane: Task<Void, Never>] = [:]
        /// When each piece of work in flight was given (the busy notice counts from the oldest).
        var waiting: [Int: ContinuousClock.Instant] = [:]
        var next = 0
    }

    private let inbox = Mutex(Inbox())

    /// No work in flight: nothing can answer until more is given.
    var isIdle: Bool { inbox.withLock { $0.waiting.isEmpty } }
    var hasAnswers: Bool { inbox.withLock { !$0.answers.isEmpty } }

    /// Some work has waited this long for its answer (another process holds the store, most
    /// likely). Quick answers to other work meanwhile do not end it; that work's answer does.
    func isStalled(after patience: Duration) -> Bool {
        inbox.withLock { inbox in
            guard let oldest = inbox.waiting.values.min() else { return false }
            return ContinuousClock.now - oldest >= patience
        }
    }

    /// The answers that came in since the last call, in the order they came.
    func take() -> [Answer] {
        inbox.withLock { inbox in
            defer { inbox.answers = [] }
            return inbox.answers
        }
    }

    func run(_ effect: RoomEffect, with runner: EffectRunner) {
        enqueue(lane: effect.lane) {
            await runner.run(effect).map(Answer.action)
        }
    }

    func save(_ draft: Draft, with runner: EffectRunner) {
        enqueue(lane: .writes) {
            .draft(draft, failure: await runner.run(.saveDraft(draft)))
        }
    }

    /// Work with no answer (a heartbeat), in the write lane.
    func write(_ work: @escaping @Sendable () async -> Void) {
        enqueue(lane: .writes) {
            await work()
            return nil
        }
    }

    /// Waits for everything given so far (the room is closing: drafts must reach the store).
    func finish() async {
        let lanes = inbox.withLock { Array($0.lanes.values) }
        for lane in lanes { await lane.value }
    }

    private func enqueue(lane: EffectLane, _ work: @escaping @Sendable () async -> Answer?) {
        inbox.withLock { inbox in
            let id = inbox.next
            inbox.next += 1
            inbox.waiting[id] = .now
            let previous = inbox.lanes[lane]
            inbox.lanes[lane] = Task {
                await previous?.value
                let answer = await work()
                self.inbox.withLock { inbox in
                    inbox.waiting[id] = nil
                    if let answer { inbox.answers.append(answer) }
                }
            }
        }
    }
}
