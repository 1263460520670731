import Foundation
import PostgresNIO

/// What the listener went through, for a bench or a log: listening again after a gap (how long
/// it was gone, nil the first time), or the connection lost.
public enum PostgresListenerEvent: Sendable {
    case listening(gap: Duration?)
    case lost(reason: String)
}

/// The store's one LISTEN connection: its own `PostgresConnection` (a pool connection held
/// forever would starve the pool and miss its keepalive), started at the first wait.
///
/// Notifications are only wake-ups; what changed is read from `change_log` through its
/// policy (`changes(after:)`). Why no change is missed: `log_change` takes the next seq under
/// an advisory lock held until commit, so seqs become visible in seq order and a reader that
/// asks for "seq > the last it saw" never steps over one still uncommitted. Notifications
/// sent while the connection was down are lost, so every (re)connect wakes the waiter as if
/// one had come: the room reads `changes(after:)` again, which returns what happened in the
/// gap, or `.resync` when the log was trimmed past it. A wake-up that comes while nobody
/// waits is kept for the next wait, so none falls between two waits. A room does not wait:
/// it gives `onWake` a closure, called at every wake-up from the listener's task.
final class PostgresChangeListener: @unchecked Sendable {
    static let channel = "peerroom_changes"
    /// How the listener shows in `pg_stat_activity`.
    static let applicationName = "peerroom-listener"

    struct Timing: Sendable {
        /// A listening connection can die silently (no TCP keepalive): a `SELECT 1` this often…
        var keepalive: Duration = .seconds(5)
        /// …that must answer within this, or the connection is given up.
        var keepaliveAnswer: Duration = .seconds(5)
        var firstBackoff: Duration = .milliseconds(50)
        var maxBackoff: Duration = .seconds(2)
    }

    private let lock = NSLock()
    private var configuration: PostgresConnection.Configuration?
    private let timing: Timing
    private var task: Task<Void, Never>?
    private var closed = false
    private var pending = false
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var observer: (@Sendable (PostgresListenerEvent) -> Void)?
    private var wakeHandler: (@Sendable () -> Void)?

    init(timing: Timing = Timing()) { self.timing = timing }

    /// Where to connect (the store's own location, as a single connection).
    func configure(_ configuration: PostgresConnection.Configuration) {
        var configuration = configuration
        configuration.options.additionalStartupParameters.append(("application_name", Self.applicationName))
        lock.withLock { self.configuration = configuration }
    }

    func observe(_ observer: @escaping @Sendable (PostgresListenerEvent) -> Void) {
        lock.withLock { self.observer = observer }
    }

    /// Calls `handler` at every wake-up from now on (replacing one given before), and starts
    /// listening; the first connect is a wake-up too.
    func onWake(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { wakeHandler = handler }
        start()
    }

    /// Returns at the next wake-up (a notification, a reconnect, or one kept from before) or
    /// when `timeout` passes.
    func wait(timeout: Duration) async {
        start()
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.resume(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if pending || closed || Task.isCancelled {
                        pending = false
                        return true
                    }
                    waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            resume(id)
        }
    }

    /// Stops listening and closes the connection.
    func close() {
        let (task, waiting) = lock.withLock {
            closed = true
            wakeHandler = nil
            let waiting = Array(waiters.values)
            waiters = [:]
            return (self.task, waiting)
        }
        task?.cancel()
        for continuation in waiting { continuation.resume() }
    }

    private func resume(_ id: UUID) {
        lock.withLock { waiters.removeValue(forKey: id) }?.resume()
    }

    private func wake() {
        let (waiting, handler) = lock.withLock {
            let waiting = Array(waiters.values)
            waiters = [:]
            pending = waiting.isEmpty
            return (waiting, wakeHandler)
        }
        for continuation in waiting { continuation.resume() }
        handler?()
    }

    private func tell(_ event: PostgresListenerEvent) {
        lock.withLock { observer }?(event)
    }

    private func start() {
        lock.withLock {
            guard task == nil, !closed, let configuration else { return }
            task = Task { [weak self] in await self?.run(configuration) }
        }
    }

    private struct Silent: Error {}

    /// Connect, LISTEN, wake, keep alive; after any error wait (50 ms doubling to 2 s) and again.
    private func run(_ configuration: PostgresConnection.Configuration) async {
        let logger = PostgresRoomStore.logger
        let timing = self.timing
        var backoff = timing.firstBackoff
        var lostAt: ContinuousClock.Instant?
        while !Task.isCancelled {
            var reason = "could not connect"
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        // Queries answer in order: once this one does, the LISTEN is in effect.
                        try await connection.query("SELECT 1", logger: logger)
                        backoff = timing.firstBackoff
                        tell(.listening(gap: lostAt.map { ContinuousClock.now - $0 }))
                        lostAt = nil
                        wake()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask { [weak self] in
                                for try await _ in notifications { self?.wake() }
                                throw Silent()
                            }
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: timing.keepalive)
                                    try await Self.answer(connection, within: timing.keepaliveAnswer, logger: logger)
                                }
                            }
                            defer { group.cancelAll() }
                            _ = try await group.next()
                        }
                    }
                } catch {
                    reason = Self.describe(error)
                }
                try? await connection.close()
            } catch {
                reason = Self.describe(error)
            }
            if Task.isCancelled { break }
            if lostAt == nil { lostAt = .now }
            tell(.lost(reason: reason))
            do { try await Task.sleep(for: backoff) } catch { break }
            backoff = min(backoff * 2, timing.maxBackoff)
        }
    }

    /// `SELECT 1`, or the connection is closed (which fails the query and ends the stream).
    private static func answer(_ connection: PostgresConnection, within limit: Duration, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await connection.query("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            if try await group.next() == false {
                try? await connection.close()
                throw Silent()
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            return "\(state) \(error.serverInfo?[.message] ?? "")"
        }
        if error is Silent { return "the connection went silent" }
        return String(describing: type(of: error))
    }
}
