import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// "I need support now" (migration "v17 support now"). The database keeps the rules: the
/// signal's INSERT policy makes the sender `me()`, an invoker trigger holds the limits, an
/// owner's trigger tells the helpers who are here; `support_answer`'s primary key lets one
/// helper answer (a racing second insert waits for the first and then does nothing), and the
/// thread's policies show it to the pair alone. This type checks first only to say why.
extension PostgresRoomStore {
    public func reachOut(line: String?) async throws -> ReachOutOutcome {
        let me = try requireMe()
        let line = try Self.validated { () throws(ValidationError) in try Validate.supportLine(line) }
        let now = nowMillis
        return try await write { connection in
            let waiting =
                try await connection.scalar(
                    """
                    SELECT count(*) FROM support_signal WHERE member_id = (SELECT me()) AND answered_at IS NULL
                      AND created_at > \(now - Support.waitMillis)
                    """, as: Int64.self) ?? 0
            if waiting > 0 { throw StoreError.notNow(Support.waitingMessage) }
            let lastHour =
                try await connection.scalar(
                    "SELECT count(*) FROM support_signal WHERE member_id = (SELECT me()) AND created_at > \(now - Support.hourMillis)",
                    as: Int64.self) ?? 0
            if lastHour >= Support.perHour { throw StoreError.notNow(Support.hourlyMessage) }
            // Whether anyone would be told (the roster shows the same: roles and who is here).
            let here =
                try await connection.scalar(
                    """
                    SELECT count(DISTINCT h.member_id) FROM my_group mine
                    JOIN membership h ON h.group_id = mine.group_id AND h.role IN ('facilitator', 'peer-mentor')
                    WHERE mine.member_id = (SELECT me()) AND h.member_id != (SELECT me())
                      AND EXISTS (SELECT 1 FROM presence p WHERE p.member_id = h.member_id
                                  AND p.last_seen > \(now - Self.presenceWindowMillis))
                    """, as: Int64.self) ?? 0
            guard here > 0 else { return .nobodyHere }
            let id = try await connection.scalar(
                "INSERT INTO support_signal (member_id, line, created_at) VALUES (\(me.id), \(line), \(now)) RETURNING id",
                as: Int64.self)!
            let told =
                try await connection.scalar(
                    "SELECT count(*) FROM support_recipient WHERE signal_id = \(id)", as: Int64.self) ?? 0
            guard told > 0 else { throw StoreError.notNow(Support.nobodyMessage) }  // all left meanwhile
            let signal = try await Self.supportSignals(connection, where: "s.id = $1", id, me: me.id)[0]
            return .sent(signal, told: Int(told))
        }
    }

    public func supportSignals() async throws -> [SupportSignal] {
        guard let me else { return [] }
        let since = nowMillis - Support.waitMillis
        return try await read { connection in
            // The policy shows only one's own signals and those told to one.
            try await Self.supportSignals(
                connection, where: "s.created_at > $1 OR a.signal_id IS NOT NULL", since, me: me.id)
        }
    }

    public func answerSupport(id: SupportSignalID) async throws -> SupportSignal {
        let me = try requireMe()
        let now = nowMillis
        return try await write { connection in
            guard
                let signaller = try await connection.scalar(
                    "SELECT signaller_id FROM support_recipient WHERE signal_id = \(id) AND member_id = (SELECT me())",
                    as: Int64.self)
            else { throw StoreError.notAllowed(Self.noSuchSupport(id)) }
            let answered = try await connection.scalar(
                """
                INSERT INTO support_answer (signal_id, member_id, answerer_id, answered_at)
                VALUES (\(id), \(signaller), \(me.id), \(now)) ON CONFLICT (signal_id) DO NOTHING RETURNING signal_id
                """, as: Int64.self)
            guard answered != nil else { throw StoreError.notAllowed(Support.alreadyAnsweredMessage) }
            return try await Self.supportSignals(connection, where: "s.id = $1", id, me: me.id)[0]
        }
    }

    public func supportThread(id: SupportSignalID) async throws -> [SupportMessage] {
        _ = try requireMe()
        return try await read { connection in
            try await Self.requireSupportPair(id, connection)
            return try await Self.supportMessages(connection, where: "x.signal_id = $1", id)
        }
    }

    public func sendSupportMessage(signalID: SupportSignalID, body: String) async throws -> SupportMessage {
        let me = try requireMe()
        let body = try Self.validated { () throws(ValidationError) in try Validate.supportMessage(body) }
        let now = nowMillis
        return try await write { connection in
            try await Self.requireSupportPair(signalID, connection)
            let id = try await connection.scalar(
                """
                INSERT INTO support_message (signal_id, author_id, body, created_at)
                VALUES (\(signalID), \(me.id), \(body), \(now)) RETURNING id
                """, as: Int64.self)!
            return try await Self.supportMessages(connection, where: "x.id = $1", id)[0]
        }
    }

    // MARK: Helpers

    static func noSuchSupport(_ id: SupportSignalID) -> String {
        "there is no call for support \(id) for you to answer"
    }

    /// The pair policy hides the answer from anyone else: they are told there is no such thread.
    static func requireSupportPair(_ id: SupportSignalID, _ connection: PostgresConnection) async throws {
        guard
            try await connection.scalar("SELECT true FROM support_answer WHERE signal_id = \(id)", as: Bool.self)
                != nil
        else { throw StoreError.notAllowed("there is no support thread \(id) of yours") }
    }

    static func supportSignals(
        _ connection: PostgresConnection, where condition: String, _ value: Int64, me: MemberID
    ) async throws -> [SupportSignal] {
        let sql = """
            SELECT s.id, m.handle, s.line, s.created_at, s.member_id, s.answered_at IS NOT NULL AS answered,
              a.answerer_id, ah.handle AS answerer
            FROM support_signal s JOIN member m ON m.id = s.member_id
            LEFT JOIN support_answer a ON a.signal_id = s.id LEFT JOIN member ah ON ah.id = a.answerer_id
            WHERE \(condition) ORDER BY s.created_at DESC, s.id DESC LIMIT 50
            """
        return try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings(value))).map { row in
            let mine = try row.int("member_id") == me
            let answeredByMe = try row.optionalInt("answerer_id") == me
            return SupportSignal(
                id: try row.int("id"), handle: try row.text("handle"), line: try row.optionalText("line"),
                createdAt: try row.date("created_at"), side: mine ? .mine : .toldMe,
                isAnswered: try row.bool("answered"),
                answererHandle: try row.optionalText("answerer"), answeredByMe: answeredByMe)
        }
    }

    static func supportMessages(_ connection: PostgresConnection, where condition: String, _ value: Int64)
        async throws -> [SupportMessage]
    {
        let sql = """
            SELECT x.id, x.signal_id, m.handle, x.body, x.created_at FROM support_message x
            JOIN member m ON m.id = x.author_id WHERE \(condition) ORDER BY x.created_at, x.id
            """
        return try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings(value))).map { row in
            SupportMessage(
                id: try row.int("id"), signalID: try row.int("signal_id"), authorHandle: try row.text("handle"),
                body: try row.text("body"), createdAt: try row.date("created_at"))
        }
    }
}
