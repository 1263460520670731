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
    let theme: Theme
    /// `--ascii` or `ascii = true`: no box drawing or decorative symbols.
    var ascii = false

    /// Runs until the person quits (returns nil) or a signal ends the room (returns it).
    func run() async throws -> Int32? {
        let stop = SignalStop.install()
        let screen = try CursesScreen(theme: theme)
        defer { screen.restore() }
        // Presence: a heartbeat once the first frame is drawn, then every 20 seconds; gone when
        // the room closes. The change-log position is read first, before any read, so nothing
        // written meanwhile is missed; the room's own arrival then reloads the roster after
        // the first frame, not before it.
        let process = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        var present = !session.isGuest
        var lastBeat = Date()
        var firstFrameShown = false
        // The first run of a login changes who the session acts as: the runner is made anew.
        var runner = EffectRunner(session: session)
        let actions = RoomActions(store: session.store)  // "now" and "today" by the store's clock
        var state = RoomState(
            myHandle: session.me.handle, size: screen.size, now: session.store.clock.now(), today: actions.today,
            keyMap: session.settings.config.keyMap, preferredGroupSlug: preferredGroup)
        state.ascii = ascii
        if session.needsPseudonym {
            state.needsPseudonym = true
            state.prompt = .pseudonym
        }
        let environment = ProcessInfo.processInfo.environment
        (state.crisis, state.crisisProblem) = CrisisHelp.load(environment: environment)
        state.region = CrisisHelp.region(environment: environment)
        let (crisisWords, crisisWordsProblem) = CrisisWordsList.load(
            session.settings.config.crisisWords, environment: environment)
        state.crisisWords = crisisWords
        let queue = EffectQueue()
        var pending: [RoomAction] = [.started]
        if session.store.isReadOnly && !session.needsPseudonym {
            pending.append(.notice("This room is read-only for you: you can read, not write."))
        }
        for warning in session.settings.warnings { pending.append(.notice(warning)) }
        if let crisisWordsProblem { pending.append(.notice(crisisWordsProblem)) }
        var lastTick = Date()
        var drawn: RoomState?
        // Drafts: the last one the reducer gave per target; those not yet handed to the queue;
        // the targets with a save in flight (one at a time each, the newest text next).
        var latestDrafts: [DraftTarget: Draft] = [:]
        var unsavedDrafts: [DraftTarget: Draft] = [:]
        var savingDrafts: Set<DraftTarget> = []
        var draftsFailing = false
        var retryDraftsAt = Date.distantPast
        var lastChange = (try? await session.store.lastChange()) ?? 0
        // From here on a signalling store (PostgreSQL) wakes the wait for keys when it changed.
        var watch = ChangeWatch(session.store, wakePipe: screen.wakePipe)
        stop.wakes(screen.wakePipe)  // a signal ends a long wait at once
        while !state.isQuitting && stop.signal == nil {
            for answer in queue.take() {
                switch answer {
                case .action(let action):
                    pending.append(action)
                case .draft(let draft, nil):
                    savingDrafts.remove(draft.target)
                    if draftsFailing && unsavedDrafts.isEmpty {
                        draftsFailing = false
                        pending.append(.notice("Your draft is saved now."))
                    }
                case .draft(let draft, let failure?):
                    // Tried again shortly, unless newer text (or a discard) came meanwhile.
                    savingDrafts.remove(draft.target)
                    if latestDrafts[draft.target] == draft && unsavedDrafts[draft.target] == nil {
                        unsavedDrafts[draft.target] = draft
                        retryDraftsAt = Date().addingTimeInterval(0.2)
                    }
                    draftsFailing = true
                    if case .loadFailed(let message) = failure, state.notice == message { continue }
                    pending.append(failure)
                }
            }
            let stalled = queue.isStalled(after: Self.busyAfter)
            if stalled != state.storeBusy { pending.append(.storeBusy(stalled)) }
            while !pending.isEmpty {
                let action = pending.removeFirst()
                for effect in RoomReducer.reduce(&state, action) {
                    switch effect {
                    case .saveDraft(let draft):
                        // Typing and pasting make many saves; the last one per target is enough.
                        latestDrafts[draft.target] = draft
                        unsavedDrafts[draft.target] = draft
                    case .discardDraft(let target):
                        latestDrafts[target] = nil
                        unsavedDrafts[target] = nil
                        queue.run(effect, with: runner)
                    case .openExternalEditor(let text):
                        pending.append(.externalEditorClosed(screen.suspend { ExternalEditor.edit(text) }))
                    case .ringBell:
                        if session.settings.config.bell { screen.ringBell() }
                    case .cycleTheme:
                        pending.append(cycleTheme(screen))
                        drawn = nil  // the same state looks different now: draw it all
                    case .takePseudonym(let handle):
                        do {
                            // The session acts as the new member from now on.
                            _ = try await RoomActions(store: session.store).takePseudonym(handle)
                            runner = EffectRunner(session: session)
                            present = true
                            lastBeat = Date()
                            beat(session, process: process, in: queue)
                            pending.append(.joined(handle: session.me.handle))
                        } catch {
                            pending.append(.promptFailed(Failure.from(error).message.capitalizedFirst + "."))
                        }
                    default:
                        queue.run(effect, with: runner)
                    }
                }
            }
            // Every change goes to the store in the turn it is typed, newest text last, in the
            // write lane. A save that fails (a full disk, a database busy past its patience) is
            // said in the footer, the text stays on screen, and the draft is tried again until
            // it is saved; the room waits for the saves before it closes.
            if Date() >= retryDraftsAt {
                for (target, draft) in unsavedDrafts where !savingDrafts.contains(target) {
                    savingDrafts.insert(target)
                    unsavedDrafts[target] = nil
                    queue.save(draft, with: runner)
                }
            }
            // A store that answers within its patience is waited for, as when effects ran
            // inline: keys apply to the lists they were typed at, and a draft is saved before
            // the frame that shows it. Past that, the room reads keys and draws meanwhile.
            while !queue.isIdle && !queue.hasAnswers && !queue.isStalled(after: Self.busyAfter) {
                try? await Task.sleep(for: .milliseconds(1))
            }
            if queue.hasAnswers { continue }
            // What anyone changed, this room's own writes included: reload what is shown and
            // concerned before drawing, so a reaction or a post from elsewhere is in this frame.
            // SQLite: every turn; a store that signals: when it woke the room (or, seldom, to be sure).
            if watch.isDue() {
                if let (changes, last) = try? await session.store.changes(after: lastChange) {
                    lastChange = last
                    watch.read()
                    if !changes.isEmpty { pending.append(.roomChanged(changes)) }
                } else {
                    watch.failed()
                }
            }
            if state.isQuitting || !pending.isEmpty { continue }
            if drawn != state {
                screen.draw(RoomRenderer.render(state))
                drawn = state
            }
            if !firstFrameShown {
                // What can follow the first frame is read now (drafts, "for you", calls for
                // support), and the first heartbeat goes.
                firstFrameShown = true
                pending.append(.firstFrameShown)
                if present {
                    lastBeat = Date()
                    beat(session, process: process, in: queue)
                }
                continue
            }
            // Take everything that is waiting (a paste without bracketed paste is a burst of
            // keys), then reduce it all before drawing again. While the store works, wait in
            // short slices, so its answers (and the busy notice) are shown as they come. Idle,
            // a polled store is looked at again after 200 ms; a signalling one wakes the wait
            // (`ChangeWatch`), which otherwise lasts until the next heartbeat, tick or look.
            let started = ContinuousClock.now
            var span: Int32 = 200
            if watch.isSignalled {
                span = idleSpan(
                    watch: watch, beat: present ? lastBeat : nil, tick: lastTick,
                    retry: unsavedDrafts.isEmpty ? nil : retryDraftsAt)
            }
            var timeout: Int32 = queue.isIdle ? span : Self.slice
            while pending.count < 4096 {
                if let event = screen.next(timeoutMilliseconds: timeout) {
                    timeout = 0
                    switch event {
                    case .key(let key): pending.append(.keyPressed(key))
                    case .resized(let size): pending.append(.resized(size))
                    case .paste(let text): pending.append(.pasted(text))
                    case .mouse(let event): pending.append(.mouse(event))
                    }
                    continue
                }
                let waited = Self.milliseconds(ContinuousClock.now - started)
                if !pending.isEmpty || waited >= span || queue.hasAnswers || watch.isWoken { break }
                if stop.signal != nil { break }
                if queue.isStalled(after: Self.busyAfter) != state.storeBusy { break }
                if !unsavedDrafts.isEmpty && Date() >= retryDraftsAt { break }
                timeout = queue.isIdle ? span - waited : Self.slice
            }
            if present && Date().timeIntervalSince(lastBeat) >= 20 {
                lastBeat = Date()
                beat(session, process: process, in: queue)
            }
            if Date().timeIntervalSince(lastTick) >= 30 {
                lastTick = Date()
                pending.append(.clockTicked(now: session.store.clock.now(), today: actions.today))
            }
        }
        // Nothing typed is lost: what is still unsaved goes now, and the room waits for it.
        // (The write lane is serial: text newer than a save in flight goes after it.)
        for draft in unsavedDrafts.values { queue.save(draft, with: runner) }
        await queue.finish()
        for case .draft(let draft, _?) in queue.take() where latestDrafts[draft.target] == draft {
            _ = await runner.run(.saveDraft(draft))  // one last try for a save that failed
        }
        // (After a crash the heartbeat simply stops, and presence ends within a minute.)
        if present { try? await session.store.leave(instance: process) }
        return stop.signal
    }
}

extension RoomLoop {
    /// The footer says the database is busy after this long with no answer from the store.
    static let busyAfter = Duration.milliseconds(300)
    /// How long one wait for a key lasts while the store works (its answers are taken between).
    static let slice: Int32 = 5

    /// How long an idle room waits for keys when the store wakes it: until the next heartbeat,
    /// clock tick, look at the store or draft to save again (a wake-up, a signal or an answer
    /// ends it sooner).
    func idleSpan(watch: ChangeWatch, beat: Date?, tick: Date, retry: Date?) -> Int32 {
        var until = min(watch.untilDue, tick.addingTimeInterval(30).timeIntervalSinceNow)
        if let beat { until = min(until, beat.addingTimeInterval(20).timeIntervalSinceNow) }
        if let retry { until = min(until, retry.timeIntervalSinceNow) }
        return Int32(max(1, min(until * 1000 + 1, 30_000)))
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// Presence, written in the write lane: a held database does not stop the room.
    func beat(_ session: RoomSession, process: String, in queue: EffectQueue) {
        let store = session.store
        queue.write { try? await store.heartbeat(instance: process) }
    }

    /// `T`: the next theme in the library, applied at once. A broken one is named, not applied.
    func cycleTheme(_ screen: CursesScreen) -> RoomAction {
        let names = session.settings.themes.names
        guard !names.isEmpty else { return .notice("No themes found.") }
        let current = names.firstIndex(of: screen.theme.name) ?? -1
        let name = names[(current + 1) % names.count]
        do {
            let applied = screen.apply(try session.settings.themes.load(name))
            return .notice(
                applied.name == name
                    ? "Theme: \(name) (T for the next)" : "Theme \(name) needs colours; this terminal shows mono")
        } catch {
            return .notice(error.description)
        }
    }
}

/// Runs $VISUAL or $EDITOR (else vi) on a private temporary file holding `text`.
enum ExternalEditor {
    static func edit(_ text: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerroom-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("story.txt")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            return nil
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let quoted = "'" + file.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        guard system("\(editor) \(quoted)") == 0 else { return nil }
        guard let edited = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        return edited.hasSuffix("\n") ? String(edited.dropLast()) : edited
    }
}

/// When the room reads `changes(after:)`. A store that signals changes (PostgreSQL's
/// listener: each NOTIFY, and every reconnect, since a gap's notifications are lost) sets
/// `woken` and wakes the wait for keys; the room reads then, and every `safety` besides, in
/// case a wake-up went missing. A key press reads nothing. A store that does not signal
/// (SQLite, a local read) is read every turn.
struct ChangeWatch {
    /// Between looks at a signalling store, at the most (a failed read: `retry`).
    static let safety: TimeInterval = 10
    static let retry: TimeInterval = 1

    let isSignalled: Bool
    private let flag: WokenFlag
    /// The first turn reads; the listener's first connect wakes the room once more.
    private var nextLook = Date()

    init(_ store: any RoomStore, wakePipe: WakePipe) {
        let flag = WokenFlag()
        self.flag = flag
        isSignalled = store.signalChanges {
            flag.woken.store(true, ordering: .sequentiallyConsistent)
            wakePipe.wake()
        }
    }

    /// The store said something changed since the last read.
    var isWoken: Bool { isSignalled && flag.woken.load(ordering: .sequentiallyConsistent) }

    /// Whether to read now; a wake-up it answers is taken.
    func isDue() -> Bool {
        guard isSignalled else { return true }
        let woken = flag.woken.exchange(false, ordering: .sequentiallyConsistent)
        return woken || Date() >= nextLook
    }

    mutating func read() { nextLook = Date().addingTimeInterval(Self.safety) }
    /// The read failed (the connection, say): tried again shortly, not at once.
    mutating func failed() { nextLook = Date().addingTimeInterval(Self.retry) }

    /// Seconds until the next look that no wake-up asked for.
    var untilDue: TimeInterval { nextLook.timeIntervalSinceNow }
}

/// Set from the store's thread, taken by the loop.
final class WokenFlag: Sendable {
    let woken = Atomic<Bool>(false)
}

/// SIGINT, SIGTERM and SIGHUP end the loop, which then restores the terminal on its way out.
/// `@unchecked`: the dispatch sources are only kept alive after `init`, never touched; the
/// flag is atomic, the pipe behind a lock.
final class SignalStop: @unchecked Sendable {
    private let received = Atomic<Int32>(0)
    private var sources: [DispatchSourceSignal] = []
    private let wakePipe = Mutex<WakePipe?>(nil)

    /// The signal that asked the room to end, if one did.
    var signal: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    private init() {}

    /// From now on a signal also ends the room's wait for keys.
    func wakes(_ pipe: WakePipe) { wakePipe.withLock { $0 = pipe } }

    static func install() -> SignalStop {
        let stop = SignalStop()
        // A room started by a parent that blocks these signals (some launchers and test
        // runners do) would otherwise outlive its terminal: a dropped SSH session's SIGHUP
        // would wait forever. Unblock them here; the dispatch sources below then see them.
        var ending = sigset_t()
        sigemptyset(&ending)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&ending, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &ending, nil)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                stop.received.store(signalNumber, ordering: .relaxed)
                stop.wakePipe.withLock { $0 }?.wake()
            }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }
}
