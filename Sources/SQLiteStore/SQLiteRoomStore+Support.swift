import Foundation
import GRDB
import RoomCore
import RoomStore

/// "I need support now" (migration "v17 support now"). The rules live in the transactions:
/// a signal goes to the peer mentors and facilitators of the signaller's groups who are here
/// (a heartbeat within the presence window), fixed when it is sent; only they may answer, and
/// `support_answer`'s primary key lets exactly one of them; the thread is read and written by
/// the signaller and the answerer alone. Nothing of it is in a feed, search or for-you list.
extension SQLiteRoomStore {
    func reachOut(memberID: MemberID, line: String?) async throws -> ReachOutOutcome {
        let time = clock.now().millisecondsSince1970
        let line = try Self.validated { () throws(ValidationError) in try Validate.supportLine(line) }
        return try await write { db in
            try Self.checkSupportLimits(memberID: memberID, now: time, db)
            let helpers = try MemberID.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT h.memberId FROM membership mine
                    JOIN membership h ON h.groupId = mine.groupId AND h.role IN ('facilitator', 'peer-mentor')
                    WHERE mine.memberId = ?1 AND h.memberId != ?1
                      AND EXISTS (SELECT 1 FROM presence p WHERE p.memberId = h.memberId AND p.lastSeen > ?2)
                    ORDER BY h.memberId
                    """, arguments: [memberID, time - Self.presenceWindowMillis])
            guard !helpers.isEmpty else { return .nobodyHere }
            try db.execute(
                sql: "INSERT INTO support_signal (memberId, line, createdAt) VALUES (?, ?, ?)",
                arguments: [memberID, line, time])
            let id = db.lastInsertedRowID
            let told = try db.makeStatement(
                sql: "INSERT INTO support_recipient (signalId, memberId, signallerId) VALUES (?, ?, ?)")
            for helper in helpers { try told.execute(arguments: [id, helper, memberID]) }
            let signal = try Self.supportSignals(viewer: memberID, condition: "s.id = ?", [id], now: time, db)[0]
            return .sent(signal, told: helpers.count)
        }
    }

    /// One waiting signal at a time, and `Support.perHour` an hour.
    static func checkSupportLimits(memberID: MemberID, now: Int64, _ db: Database) throws {
        let waiting =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM support_signal WHERE memberId = ? AND answeredAt IS NULL AND createdAt > ?",
                arguments: [memberID, now - Support.waitMillis]) ?? 0
        if waiting > 0 { throw StoreError.notNow(Support.waitingMessage) }
        let lastHour =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM support_signal WHERE memberId = ? AND createdAt > ?",
                arguments: [memberID, now - Support.hourMillis]) ?? 0
        if lastHour >= Support.perHour { throw StoreError.notNow(Support.hourlyMessage) }
    }

    func supportSignals(viewer: MemberID) async throws -> [SupportSignal] {
        let time = clock.now().millisecondsSince1970
        return try await pool.read { db in
            try Self.supportSignals(
                viewer: viewer,
                condition: """
                    ((s.memberId = ?1 OR EXISTS (SELECT 1 FROM support_recipient r WHERE r.signalId = s.id
                        AND r.memberId = ?1)) AND s.createdAt > ?2)
                    OR a.memberId = ?1 OR a.answererId = ?1
                    """, [viewer, time - Support.waitMillis], now: time, db)
        }
    }

    func answerSupport(id: SupportSignalID, by memberID: MemberID) async throws -> SupportSignal {
        let time = clock.now().millisecondsSince1970
        return try await write { db in
            guard
                let signaller = try MemberID.fetchOne(
                    db, sql: "SELECT signallerId FROM support_recipient WHERE signalId = ? AND memberId = ?",
                    arguments: [id, memberID])
            else { throw StoreError.notAllowed(Self.noSuchSupport(id)) }
            // The primary key decides the race: the write lock makes the check and insert one step here.
            try db.execute(
                sql: """
                    INSERT INTO support_answer (signalId, memberId, answererId, answeredAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (signalId) DO NOTHING
                    """, arguments: [id, signaller, memberID, time])
            guard db.changesCount == 1 else { throw StoreError.notAllowed(Support.alreadyAnsweredMessage) }
            try db.execute(sql: "UPDATE support_signal SET answeredAt = ? WHERE id = ?", arguments: [time, id])
            return try Self.supportSignals(viewer: memberID, condition: "s.id = ?", [id], now: time, db)[0]
        }
    }

    func supportThread(id: SupportSignalID, viewer: MemberID) async throws -> [SupportMessage] {
        try await pool.read { db in
            try Self.requireSupportPair(id, memberID: viewer, db)
            return try Self.supportMessages(sql: "x.signalId = ?", [id], db)
        }
    }

    func sendSupportMessage(signalID: SupportSignalID, from memberID: MemberID, body: String) async throws
        -> SupportMessage
    {
        let time = clock.now().millisecondsSince1970
        let body = try Self.validated { () throws(ValidationError) in try Validate.supportMessage(body) }
        return try await write { db in
            try Self.requireSupportPair(signalID, memberID: memberID, db)
            try db.execute(
                sql: "INSERT INTO support_message (signalId, authorId, body, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [signalID, memberID, body, time])
            return try Self.supportMessages(sql: "x.id = ?", [db.lastInsertedRowID], db)[0]
        }
    }

    // MARK: Helpers

    static func noSuchSupport(_ id: SupportSignalID) -> String {
        "there is no call for support \(id) for you to answer"
    }

    /// Only the signaller and the answerer; anyone else is told there is no such thread.
    static func requireSupportPair(_ id: SupportSignalID, memberID: MemberID, _ db: Database) throws {
        let isPair = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM support_answer WHERE signalId = ?1 AND (memberId = ?2 OR answererId = ?2)",
            arguments: [id, memberID])
        guard isPair == true else { throw StoreError.notAllowed("there is no support thread \(id) of yours") }
    }

    /// The signals `condition` picks, as `viewer` sees them: the answerer's handle only to the two.
    static func supportSignals(
        viewer: MemberID, condition: String, _ arguments: StatementArguments, now: Int64, _ db: Database
    ) throws -> [SupportSignal] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, m.handle, s.line, s.createdAt, s.memberId, s.answeredAt IS NOT NULL AS answered,
                  a.answererId, ah.handle AS answerer
                FROM support_signal s JOIN member m ON m.id = s.memberId
                LEFT JOIN support_answer a ON a.signalId = s.id LEFT JOIN member ah ON ah.id = a.answererId
                WHERE \(condition) ORDER BY s.createdAt DESC, s.id DESC LIMIT 50
                """, arguments: arguments
        ).map { row in
            let mine = (row["memberId"] as MemberID) == viewer
            let answeredByMe = (row["answererId"] as MemberID?) == viewer
            return SupportSignal(
                id: row["id"], handle: row["handle"], line: row["line"],
                createdAt: Date(millisecondsSince1970: row["createdAt"]), side: mine ? .mine : .toldMe,
                isAnswered: row["answered"], answererHandle: mine || answeredByMe ? row["answerer"] : nil,
                answeredByMe: answeredByMe)
        }
    }

    static func supportMessages(sql condition: String, _ arguments: StatementArguments, _ db: Database) throws
        -> [SupportMessage]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT x.id, x.signalId, a.handle, x.body, x.createdAt
                FROM support_message x JOIN member a ON a.id = x.authorId
                WHERE \(condition) ORDER BY x.createdAt, x.id
                """, arguments: arguments
        ).map {
            SupportMessage(
                id: $0[0], signalID: $0[1], authorHandle: $0[2], body: $0[3],
                createdAt: Date(millisecondsSince1970: $0[4]))
        }
    }
}
