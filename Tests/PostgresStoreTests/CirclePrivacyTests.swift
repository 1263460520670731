import Foundation
import PostgresNIO
import RoomCore
import RoomStore
import Testing

@testable import PostgresStore

/// The share circle on PostgreSQL: a member's raw SQL reads the hands of their own groups'
/// meetings only, and every write the store would refuse fails or changes nothing.
@Suite("Share circle on PostgreSQL: raw SQL as a member reads and writes only what it may", needsServer)
struct CirclePrivacyTests {
    @Test func handsAreTheGroupsAndOnlyFacilitatorsPassTheTurn() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let start = testNow.addingTimeInterval(-600)
            let at = start.millisecondsSince1970
            let t = testNow.millisecondsSince1970
            // A meeting under way in river (open: Ana, Ben facilitating, Cam) and in harbor (closed: Ben).
            let (river, harbor) = try await room.asOwner { c async throws in
                func meeting(_ group: Int64) async throws -> Int64 {
                    try await c.values(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO peerroom.meeting (group_id, title, starts_at, time_zone, duration_minutes,
                                  location, facilitator_id, created_at)
                                VALUES (\(group), 'Now', \(at), 'UTC', 60, 'here', \(r.ben), \(t)) RETURNING id
                                """), as: Int64.self)[0]
                }
                return (try await meeting(r.river), try await meeting(r.harbor))
            }
            let ben = try await room.store("ben", clock: testClock)
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ben.close()
                cam.close()
            }
            _ = try await cam.raiseHand(meetingID: river, occurrence: start)
            _ = try await ben.raiseHand(meetingID: harbor, occurrence: start)
            let camHand = try #require(try await cam.shareCircle(meetingID: river, occurrence: start).myHand)
            try await room.asOwner { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.circle_hand") == 2)
                #expect(
                    try await count(
                        c,
                        """
                        SELECT count(*) FROM pg_class WHERE oid = 'peerroom.circle_hand'::regclass
                          AND relrowsecurity AND relforcerowsecurity
                        """) == 1)
            }
            try await room.asMember("ana") { c async throws in
                #expect(try await count(c, "SELECT count(*) FROM peerroom.circle_hand") == 1, "river's hand only")
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.circle_hand WHERE group_id = \(r.harbor)") == 0)
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM peerroom.change_log WHERE kind = 'circle' AND group_id = \(r.harbor)")
                        == 0, "the log says nothing of a closed group's circle")
                #expect(
                    try await count(
                        c, "SELECT count(*) FROM peerroom.change_log WHERE kind = 'circle' AND group_id = \(r.river)")
                        >= 1)
                let columns = "(meeting_id, occurrence, group_id, member_id, raised_at)"
                for sql in [
                    // As someone else, in a group not hers, with the meeting of another group.
                    "INSERT INTO peerroom.circle_hand \(columns) VALUES (\(river), \(at), \(r.river), \(r.cam), \(t))",
                    "INSERT INTO peerroom.circle_hand \(columns) VALUES (\(harbor), \(at), \(r.harbor), \(r.ana), \(t))",
                    "INSERT INTO peerroom.circle_hand \(columns) VALUES (\(harbor), \(at), \(r.river), \(r.ana), \(t))",
                    // Straight to speaking, or rewriting whose hand or when.
                    "INSERT INTO peerroom.circle_hand (meeting_id, occurrence, group_id, member_id, raised_at, speaking_since) VALUES (\(river), \(at), \(r.river), \(r.ana), \(t), \(t))",
                    "UPDATE peerroom.circle_hand SET member_id = \(r.ana)",
                    "UPDATE peerroom.circle_hand SET raised_at = 0",
                    "TRUNCATE peerroom.circle_hand",
                ] {
                    #expect(await refusal(c, sql) == "42501", "\(sql)")
                }
                // Not a facilitator: passing the turn or lowering Cam's hand touches no row.
                #expect(
                    await refusal(c, "UPDATE peerroom.circle_hand SET speaking_since = \(t) WHERE id = \(camHand.id)")
                        == nil)
                #expect(await refusal(c, "DELETE FROM peerroom.circle_hand WHERE id = \(camHand.id)") == nil)
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.circle_hand WHERE speaking_since IS NULL") == 1)
                // Her own hand, once.
                let own =
                    "INSERT INTO peerroom.circle_hand \(columns) VALUES (\(river), \(at), \(r.river), \(r.ana), \(t))"
                #expect(await refusal(c, own) == nil)
                #expect(await refusal(c, own) == "23505", "one hand per member and occurrence")
            }
            try await room.asMember("cam") { c async throws in
                #expect(
                    try await count(c, "SELECT count(*) FROM peerroom.circle_hand WHERE group_id = \(r.harbor)") == 0)
                #expect(
                    await refusal(
                        c,
                        "INSERT INTO peerroom.circle_hand (meeting_id, occurrence, group_id, member_id, raised_at) VALUES (\(river), \(at), \(r.river), \(r.ben), \(t))"
                    )
                        == "42501")
            }
            // The facilitator passes the turn (the store's way) and may lower any hand.
            let passed = try await ben.passTurn(meetingID: river, occurrence: start, expecting: nil)
            #expect(passed.speaking?.handle == "Cam" && passed.waiting.map(\.handle) == ["Ana"])
            try await room.asOwner { c async throws in
                #expect(
                    try await count(
                        c,
                        "SELECT count(*) FROM peerroom.circle_hand WHERE id = \(camHand.id) AND speaking_since IS NOT NULL"
                    )
                        == 1, "only the facilitator's update took")
            }
            let lowered = try await ben.lowerHand(meetingID: river, occurrence: start, hand: camHand.id)
            #expect(lowered.speaking == nil && lowered.waiting.map(\.handle) == ["Ana"])
            await #expect(throws: StoreError.notAFacilitator(handle: "Cam", group: "river")) {
                try await cam.passTurn(meetingID: river, occurrence: start, expecting: nil)
            }
        }
    }

    /// A raised hand wakes the other members' rooms (NOTIFY carries the seq alone) and reads
    /// back through the log's policy as `.circle(meeting)`; a closed group's circle tells
    /// outsiders nothing.
    @Test func aRaisedHandWakesTheGroupsRoomsAndTellsOutsidersNothing() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let start = testNow.addingTimeInterval(-600)
            let (river, harbor) = try await room.asOwner { c async throws in
                func meeting(_ group: Int64) async throws -> Int64 {
                    try await c.values(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO peerroom.meeting (group_id, title, starts_at, time_zone, duration_minutes,
                                  location, facilitator_id, created_at)
                                VALUES (\(group), 'Now', \(start.millisecondsSince1970), 'UTC', 60, 'here', \(r.ben),
                                  \(testNow.millisecondsSince1970)) RETURNING id
                                """), as: Int64.self)[0]
                }
                return (try await meeting(r.river), try await meeting(r.harbor))
            }
            let ana = try await room.store("ana", clock: testClock)
            let ben = try await room.store("ben", clock: testClock)
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ana.close()
                ben.close()
                cam.close()
            }
            let wakes = Wakes()
            #expect(ana.signalChanges { wakes.count.add(1, ordering: .relaxed) })
            try await wakes.reach(1, "when it first listens")
            let last = try await ana.lastChange()
            let before = wakes.now
            _ = try await cam.raiseHand(meetingID: river, occurrence: start)
            try await wakes.reach(before + 1, "at Cam's raised hand")
            let (changes, seen) = try await ana.changes(after: last)
            #expect(changes == [.circle(river)], "\(changes)")
            let quiet = wakes.now
            _ = try await ben.raiseHand(meetingID: harbor, occurrence: start)
            try await wakes.reach(quiet + 1, "the NOTIFY reaches every listener")
            #expect(try await ana.changes(after: seen).changes.isEmpty, "harbor is not Ana's group")
        }
    }

    /// Two facilitators pass at once from two connections: one wins, the other is told the
    /// turn moved; nobody waiting is skipped.
    @Test func twoFacilitatorsPassingAtOnceSkipNobody() async throws {
        try await TestRoom.with { room async throws in
            let r = try await PrivateRoom.make(room)
            let start = testNow.addingTimeInterval(-600)
            let meeting = try await room.asOwner { c async throws in
                try await c.values(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO peerroom.meeting (group_id, title, starts_at, time_zone, duration_minutes,
                              location, facilitator_id, created_at)
                            VALUES (\(r.river), 'Now', \(start.millisecondsSince1970), 'UTC', 60, 'here', \(r.ben),
                              \(testNow.millisecondsSince1970)) RETURNING id
                            """), as: Int64.self)[0]
            }
            try await room.asOwner { c async throws in
                _ = try await c.query(
                    "UPDATE peerroom.membership SET role = 'facilitator' WHERE member_id = \(r.ana) AND group_id = \(r.river)",
                    logger: room.logger)
            }
            let ana = try await room.store("ana", clock: testClock)
            let ben = try await room.store("ben", clock: testClock)
            let cam = try await room.store("cam", clock: testClock)
            defer {
                ana.close()
                ben.close()
                cam.close()
            }
            _ = try await cam.raiseHand(meetingID: meeting, occurrence: start)
            async let first = Result(catching: {
                try await ana.passTurn(meetingID: meeting, occurrence: start, expecting: nil)
            })
            async let second = Result(catching: {
                try await ben.passTurn(meetingID: meeting, occurrence: start, expecting: nil)
            })
            let results = await [first, second]
            #expect(results.filter { (try? $0.get()) != nil }.count == 1, "exactly one pass")
            let circle = try await cam.shareCircle(meetingID: meeting, occurrence: start)
            #expect(circle.speaking?.handle == "Cam" && circle.waiting.isEmpty)
        }
    }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

@Suite("Share circle: peerroom migrate copies the hands", needsServer)
struct CircleMigrationTests {
    @Test func aCircleMovedToPostgreSQLKeepsItsOrderAndItsSpeaker() async throws {
        try await DemoFile.with { demo in
            let session = { (handle: String) in
                try await demo.store.session(memberID: demo.store.member(handle: handle).id)
            }
            let start = testNow.addingTimeInterval(-600)
            let group = try await demo.store.session(memberID: demo.store.member(handle: "maple.jo").id)
                .group(slug: "even-odds")
            let meeting = try await session("maple.jo").addMeeting(
                NewMeeting(
                    groupID: group.id, title: "Now", schedule: .once(start), timeZone: "UTC", durationMinutes: 60,
                    location: "here"))
            _ = try await session("hana").raiseHand(meetingID: meeting.id, occurrence: start)
            _ = try await session("kettle").raiseHand(meetingID: meeting.id, occurrence: start)
            _ = try await session("maple.jo").passTurn(meetingID: meeting.id, occurrence: start, expecting: nil)
            try await EmptyTarget.with { target in
                let report = try await target.migrate(demo, batchSize: 7)
                #expect(report.ok)
                let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0.targetRows) })
                #expect(rows["circle_hand"] == 2)
                // The copied circle is under way at the tests' fixed "now", not the database's.
                _ = try await target.asOwner { c in
                    try await c.query(
                        PostgresQuery(unsafeSQL: PostgresSchema.clientClockForTests), logger: target.logger)
                }
                func store(_ handle: String) async throws -> PostgresRoomStore {
                    let role = try #require(report.roles.first { $0.handle == handle }?.role)
                    return try await PostgresRoomStore.open(
                        location: target.server.location(database: target.database), clock: testClock,
                        actingRole: role)
                }
                let kettle = try await store("kettle")
                let rowan = try await store("rowan")
                defer {
                    kettle.close()
                    rowan.close()
                }
                let circle = try await kettle.shareCircle(meetingID: meeting.id, occurrence: start)
                #expect(circle.speaking?.handle == "hana" && circle.waiting.map(\.handle) == ["kettle"])
                #expect(circle.myLine == "Your hand is up, you are 1st.")
                await #expect(throws: StoreError.self, "rowan is not in Even Odds") {
                    _ = try await rowan.shareCircle(meetingID: meeting.id, occurrence: start)
                }
                await #expect(throws: StoreError.notNow(ShareCircle.alreadyUpMessage), "ids carried over: one hand") {
                    _ = try await kettle.raiseHand(meetingID: meeting.id, occurrence: start)
                }
                let down = try await kettle.lowerHand(meetingID: meeting.id, occurrence: start, hand: nil)
                #expect(down.waiting.isEmpty)
                let again = try await kettle.raiseHand(meetingID: meeting.id, occurrence: start)
                #expect(again.waiting.map(\.handle) == ["kettle"], "a new id after the copied ones (sequence set)")
            }
        }
    }
}
