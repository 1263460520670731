import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import SQLiteStore

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a synthetic room through the store, so everyone measures the same data.",
        discussion: """
            Groups are created from a seed bundle, members with createMember and joinOpenGroups (all bound \
            to your login), stories with their replies and reactions and encouragement with the bulk import, \
            which validates like post does. The same options always give the same room. The member \
            '\(RoomGenerator.readerHandle)' has written nothing: open the room as them (peerroom --as).
            """)

    @Option(help: "The database file (must not exist yet).") var db: String
    @Option(help: "How many stories.") var stories: Int
    @Option(help: "How many members (default: 200, or one per 500 stories if more).") var members: Int?
    @Option(help: "How many messages of encouragement (default: one per 20 stories, at least 50).")
    var encouragements: Int?
    @Option(help: "How many groups.") var groups = 5
    @Option(help: "The random seed.") var seed: UInt64 = 7

    func validate() throws {
        guard stories >= 0 else { throw ValidationError("--stories must be 0 or more") }
        guard groups >= 1 && groups <= 50 else { throw ValidationError("--groups must be 1–50") }
        if let members, members < 2 { throw ValidationError("--members must be at least 2") }
        if FileManager.default.fileExists(atPath: db) {
            throw ValidationError("\(db) exists already; generate writes a new room")
        }
    }

    func run() async throws {
        let plan = RoomGenerator.Plan(
            stories: stories, members: members, encouragements: encouragements, groups: groups, seed: seed)
        let result = try await RoomGenerator(plan: plan).generate(into: db)
        print(result.summary)
    }
}

/// Builds a synthetic room: `plan` says how big, the seed makes it repeatable.
struct RoomGenerator {
    struct Plan: Sendable, Codable, Equatable {
        var stories: Int
        var members: Int
        var encouragements: Int
        var groups: Int
        var seed: UInt64

        init(stories: Int, members: Int? = nil, encouragements: Int? = nil, groups: Int = 5, seed: UInt64 = 7) {
            self.stories = stories
            self.members = members ?? max(200, stories / 500)
            self.encouragements = encouragements ?? max(50, stories / 20)
            self.groups = groups
            self.seed = seed
        }

        /// A name for a cache file holding exactly this room.
        var cacheName: String { "room-s\(stories)-m\(members)-e\(encouragements)-g\(groups)-r\(seed).sqlite" }
    }

    struct Result: Sendable {
        var report: ImportReport
        var members: Int
        /// Seconds for the whole build: groups, members, stories, encouragement.
        var seconds: Double
        /// Seconds for the stories with their replies and reactions: the import rate.
        var storySeconds: Double
        var storiesPerSecond: Double { storySeconds > 0 ? Double(report.stories) / storySeconds : 0 }

        var summary: String {
            "generated \(report.stories) stories, \(report.replies) replies, \(report.reactions) reactions, "
                + "\(report.encouragement) encouragement, \(members) members in "
                + String(format: "%.2f s; stories imported at %.0f stories/s", seconds, storiesPerSecond)
        }
    }

    /// The member who opens the room in measurements: in every group, has written nothing,
    /// so every story is unread to them (the most work for the unread counts).
    static let readerHandle = "bench-reader"
    /// Stories per transaction: big enough that commits and checkpoints cost little, small
    /// enough that a small room is still built in several batches (text and SQLite overlap).
    var batchSize: Int { max(250, min(10_000, plan.stories / 8)) }
    /// "Now" for the generated room: fixed, so the same seed gives the same file.
    static let now = Date(timeIntervalSince1970: 1_760_000_000)
    /// Stories are spread over the three years before `now`.
    static let spanMillis: Int64 = 3 * 365 * 24 * 3_600_000

    /// In the order the room lists them (by name), so the busiest group is the one the
    /// room opens first.
    static let groupNames: [(slug: String, name: String, topic: String)] = [
        ("clean-slate", "Clean Slate", "Recovery from drugs and other substances, without judgement"),
        ("even-odds", "Even Odds", "Gambling recovery: bets, debts and getting free"),
        ("family-and-friends", "Family & Friends", "For the people who love someone in recovery"),
        ("newcomers", "Newcomers", "First days, first questions — 新しい一歩 🌱"),
        ("sober-circle", "Sober Circle", "Alcohol: one day at a time, together"),
    ]

    let plan: Plan

    /// The login generated members are bound to: this process's user, so `peerroom --as`
    /// may act as them.
    static var login: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "member"
    }

    func generate(into path: String) async throws -> Result {
        let started = ContinuousClock.now
        let store = try SQLiteRoomStore(path: path)
        let groupIDs = try await createGroups(store)
        let memberIDs = try await createMembers(store)
        let setup = ContinuousClock.now - started
        var report = ImportReport()
        // Build and check the next batch while the store writes this one (two cores: text and SQLite).
        let storiesStarted = ContinuousClock.now
        let batches = (plan.stories + batchSize - 1) / batchSize
        var next: Task<ValidatedImport, any Error>? = batches > 0 ? batch(0, groupIDs, memberIDs) : nil
        var waiting = Duration.zero
        var writing = Duration.zero
        for index in 0..<batches {
            let waitStarted = ContinuousClock.now
            let stories = try await next!.value
            next = index + 1 < batches ? batch(index + 1, groupIDs, memberIDs) : nil
            let writeStarted = ContinuousClock.now
            report = report + (try await store.importStories(stories))
            waiting += writeStarted - waitStarted
            writing += ContinuousClock.now - writeStarted
        }
        let storyTime = ContinuousClock.now - storiesStarted
        if ProcessInfo.processInfo.environment["PEERROOM_BENCH_VERBOSE"] != nil {
            printError(
                String(
                    format: "members and groups %.0f ms, waiting for text %.0f ms, writing %.0f ms",
                    setup.milliseconds, waiting.milliseconds, writing.milliseconds))
        }
        report = report + (try await store.importEncouragement(encouragement(groups: groupIDs, members: memberIDs)))
        try await store.finishImport()
        let seconds = (ContinuousClock.now - started).seconds
        return Result(
            report: report, members: memberIDs.count + 1, seconds: seconds, storySeconds: storyTime.seconds)
    }

    /// Builds and checks one batch of stories in a task of its own.
    func batch(_ index: Int, _ groups: [GroupID], _ members: [MemberID]) -> Task<ValidatedImport, any Error> {
        Task { [self] in try ValidatedImport(storyBatch(index, groups: groups, members: members)) }
    }

    /// The groups, made through a seed bundle (the store's own way of creating groups).
    func createGroups(_ store: SQLiteRoomStore) async throws -> [GroupID] {
        var specs: [[String: Any]] = []
        for index in 0..<plan.groups {
            let base = Self.groupNames[index % Self.groupNames.count]
            let round = index / Self.groupNames.count
            specs.append([
                "slug": round == 0 ? base.slug : "\(base.slug)-\(round + 1)",
                "name": round == 0 ? base.name : "\(base.name) \(round + 1)",
                "topic": base.topic, "open": true, "members": [], "stories": [], "encouragement": [],
            ])
        }
        let data = try JSONSerialization.data(withJSONObject: specs)
        let groups = try JSONDecoder().decode([SeedGroup].self, from: data)
        _ = try await store.load(SeedBundle(members: [], groups: groups), now: Self.now)
        var ids: [GroupID] = []
        for group in groups { ids.append(try await store.group(slug: group.slug).id) }
        return ids
    }

    /// Members bound to this login, in every group; a few facilitators and peer mentors.
    /// Returns the authors (the reader, who writes nothing, is not among them).
    func createMembers(_ store: SQLiteRoomStore) async throws -> [MemberID] {
        var rng = SplitMix(seed: plan.seed ^ 0x6D65_6D62)
        let reader = try await store.createMember(handle: Self.readerHandle, login: Self.login, recoveryStart: nil)
        try await store.joinOpenGroups(memberID: reader.id, role: .member)
        var ids: [MemberID] = []
        let names = SyntheticText.words.filter { $0.count >= 3 && $0.allSatisfy(\.isLetter) }
        for index in 0..<(plan.members - 1) {
            let handle = "\(rng.pick(names))_\(index)"
            let start =
                rng.chance(60)
                ? CalendarDay(year: 2015 + rng.below(10), month: 1 + rng.below(12), day: 1 + rng.below(28))
                : nil
            let member = try await store.createMember(handle: handle, login: Self.login, recoveryStart: start)
            let role: Role =
                index % 50 == 0 ? .facilitator : index % 12 == 0 ? .peerMentor : rng.chance(20) ? .newcomer : .member
            try await store.joinOpenGroups(memberID: member.id, role: role)
            ids.append(member.id)
        }
        return ids
    }

    /// Which group a story goes to: Zipf-like, the first group busiest (with five groups:
    /// 44%, 22%, 15%, 11%, 9%).
    static func group(_ rng: inout SplitMix, count: Int) -> Int {
        let total = (1...count).reduce(0.0) { $0 + 1 / Double($1) }
        var point = Double(rng.below(1_000_000)) / 1_000_000 * total
        for index in 0..<count {
            point -= 1 / Double(index + 1)
            if point < 0 { return index }
        }
        return count - 1
    }

    /// Stories `batch * batchSize ..< …`, oldest first, with replies and reactions.
    func storyBatch(_ batch: Int, groups: [GroupID], members: [MemberID]) -> [ImportStory] {
        var rng = SplitMix(seed: plan.seed &+ UInt64(batch) &* 0x9E37_79B9)
        let first = batch * batchSize
        let end = min(plan.stories, first + batchSize)
        let nowMillis = Self.now.millisecondsSince1970
        let step = Self.spanMillis / Int64(max(1, plan.stories))
        var result: [ImportStory] = []
        result.reserveCapacity(end - first)
        for index in first..<end {
            let createdMillis = nowMillis - Self.spanMillis + Int64(index) * step + Int64(rng.below(Int(max(1, step))))
            let createdAt = Date(millisecondsSince1970: createdMillis)
            // Drawn in the order they always were, so a seed makes the same room.
            let groupID = groups[Self.group(&rng, count: groups.count)]
            let author = rng.pick(members)
            let story = NewStory(
                groupID: groupID,
                kind: rng.pick(StoryKind.allCases), title: SyntheticText.title(&rng, index: index),
                contentWarning: rng.chance(10) ? rng.pick(SyntheticText.warnings) : nil,
                body: SyntheticText.body(&rng, characters: SyntheticText.storyLength(&rng)))
            var replies: [ImportReply] = []
            let replyCount = rng.chance(50) ? 0 : rng.chance(70) ? 1 + rng.below(3) : 4 + rng.below(9)
            var replyMillis = createdMillis
            for _ in 0..<replyCount {
                replyMillis += Int64(60_000 + rng.below(36_000_000))
                replies.append(
                    ImportReply(
                        authorID: rng.pick(members),
                        body: SyntheticText.body(&rng, characters: 30 + rng.below(rng.chance(80) ? 300 : 1_500)),
                        createdAt: Date(millisecondsSince1970: min(replyMillis, nowMillis))))
            }
            var reactions: [ImportReaction] = []
            let reactionCount = rng.chance(40) ? 0 : 1 + rng.below(rng.chance(85) ? 4 : 20)
            for _ in 0..<reactionCount {
                reactions.append(
                    ImportReaction(
                        memberID: rng.pick(members), kind: rng.pick(ReactionKind.allCases),
                        createdAt: Date(millisecondsSince1970: createdMillis + Int64(rng.below(86_400_000)))))
            }
            result.append(
                ImportStory(
                    story: story, authorID: author, createdAt: createdAt, replies: replies, reactions: reactions))
        }
        return result
    }

    func encouragement(groups: [GroupID], members: [MemberID]) -> [ImportEncouragement] {
        var rng = SplitMix(seed: plan.seed ^ 0x656E_636F)
        let nowMillis = Self.now.millisecondsSince1970
        let step = Self.spanMillis / Int64(max(1, plan.encouragements))
        return (0..<plan.encouragements).map { index in
            let author = rng.pick(members)
            var recipient: MemberID? = rng.chance(50) ? rng.pick(members) : nil
            if recipient == author { recipient = nil }
            let message = NewEncouragement(
                groupID: groups[Self.group(&rng, count: groups.count)], recipientID: recipient,
                body: SyntheticText.body(&rng, characters: 20 + rng.below(280)))
            let millis = nowMillis - Self.spanMillis + Int64(index) * step + Int64(rng.below(Int(max(1, step))))
            return ImportEncouragement(
                message: message, authorID: author, createdAt: Date(millisecondsSince1970: millis))
        }
    }
}
