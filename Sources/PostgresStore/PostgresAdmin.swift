import Foundation
import PostgresNIO
import RoomCore
import RoomStore

/// What `peerroom admin` does on PostgreSQL, on a connection that is the owner role (migrations
/// run only as the owner, never as a member).
public enum PostgresAdmin {
    /// The group role every member's login role belongs to.
    public static let defaultMemberGroup = "peerroom_member"

    /// Creates (or brings up to date) the schema, its policies and the member group role.
    /// Refuses a member role, and a database written by a newer peerroom.
    public static func initialize(_ connection: PostgresConnection, memberGroup: String = defaultMemberGroup)
        async throws
    {
        try await PostgresErrors.mapping {
            let rows = try await connection.query(
                "SELECT current_user::text, pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = \(memberGroup)",
                logger: logger
            ).collect()
            if let row = rows.first, try row.decode((String, Bool).self).1 {
                throw StoreError.notAllowed(
                    "the room's schema is changed only by its owner role, not by a member (\(try row.decode((String, Bool).self).0))"
                )
            }
            try await run(
                connection,
                """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(PostgresSchema.literal(memberGroup))) THEN
                    CREATE ROLE \(PostgresSchema.ident(memberGroup)) NOLOGIN;
                  END IF;
                -- Roles are the cluster's: an init of another database may make it meanwhile.
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$;
                CREATE SCHEMA IF NOT EXISTS peerroom;
                CREATE TABLE IF NOT EXISTS peerroom.schema_migrations (
                  name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                """)
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("LOCK TABLE peerroom.schema_migrations IN EXCLUSIVE MODE", logger: logger)
                let applied = Set(
                    try await connection.values("SELECT name FROM peerroom.schema_migrations", as: String.self))
                let known = Set(PostgresSchema.migrations.map(\.name))
                if !applied.isSubset(of: known) {
                    throw StoreError.newerDatabase(
                        path: "this PostgreSQL database", unknownMigrations: applied.subtracting(known).sorted())
                }
                for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                    try await run(connection, migration.sql(memberGroup))
                    try await connection.query(
                        "INSERT INTO peerroom.schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                }
            }
        }
    }

    /// Creates a member: a login role in the member group (never granted to anyone else), and
    /// its pseudonym bound to it, in every open group as a newcomer. Peer authentication (one
    /// host) or SCRAM / a client certificate (many hosts) then logs it in.
    @discardableResult
    public static func addMember(
        _ connection: PostgresConnection, role: String, handle: String, recoveryStart: CalendarDay? = nil,
        now: Date, memberGroup: String = defaultMemberGroup
    ) async throws -> Member {
        let checked: String
        do { checked = try Validate.handle(handle) } catch { throw StoreError.invalid(error) }
        guard isRoleName(role) else {
            throw StoreError.notAllowed("'\(SafeText.neutralise(role))' is not a role name (letters, digits, _ and -)")
        }
        return try await PostgresErrors.mapping(handle: checked) {
            try await connection.withTransaction(logger: logger) { connection in
                try await createRole(connection, role: role, memberGroup: memberGroup)
                return try await bind(connection, role: role, handle: checked, recoveryStart: recoveryStart, now: now)
            }
        }
    }

    static func isRoleName(_ role: String) -> Bool {
        !role.isEmpty && role.count <= 63
            && role.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
            && role.unicodeScalars.allSatisfy(\.isASCII)
    }

    static func createRole(_ connection: PostgresConnection, role: String, memberGroup: String) async throws {
        // NOBYPASSRLS, no CREATEDB/CREATEROLE; INHERIT so the group's grants apply.
        try await run(
            connection,
            """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(PostgresSchema.literal(role))) THEN
                CREATE ROLE \(PostgresSchema.ident(role)) LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
              END IF;
            END $$;
            GRANT \(PostgresSchema.ident(memberGroup)) TO \(PostgresSchema.ident(role));
            """)
    }

    static func bind(
        _ connection: PostgresConnection, role: String, handle: String, recoveryStart: CalendarDay?, now: Date,
        seededBy: String? = nil, joinOpenGroups: Bool = true
    ) async throws -> Member {
        let millis = now.millisecondsSince1970
        let id = try await connection.values(
            "INSERT INTO peerroom.member (handle, handle_order, seeded_by, created_at) VALUES (\(handle), \(Member.handleOrder(handle)), \(seededBy), \(millis)) RETURNING id",
            as: Int64.self)[0]
        try await connection.query(
            "INSERT INTO peerroom.member_login (role_name, member_id) VALUES (\(role), \(id))", logger: logger)
        if let recoveryStart {
            try await connection.query(
                "INSERT INTO peerroom.member_private (member_id, recovery_start) VALUES (\(id), \(recoveryStart.description))",
                logger: logger)
        }
        if joinOpenGroups {
            try await connection.query(
                """
                INSERT INTO peerroom.membership (group_id, member_id, role, joined_at)
                SELECT id, \(id), 'newcomer', \(millis) FROM peerroom.peer_group WHERE is_open
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        return Member(id: id, handle: handle, recoveryStart: recoveryStart)
    }

    static let logger = Logger(label: "peerroom.postgres.admin")

    /// Runs a script of several statements (postgres-nio sends one statement per query).
    static func run(_ connection: PostgresConnection, _ script: String) async throws {
        for statement in statements(script) {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    /// Splits SQL at top-level semicolons (not inside quotes, `$$` bodies or `--` comments).
    static func statements(_ script: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inQuote = false
        var inDollar = false
        var inComment = false
        let characters = Array(script)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if inComment {
                if character == "\n" { inComment = false }
            } else if inQuote {
                if character == "'" { inQuote = false }
            } else if inDollar {
                if character == "$" && next == "$" {
                    inDollar = false
                    current.append("$$")
                    index += 2
                    continue
                }
            } else if character == "-" && next == "-" {
                inComment = true
            } else if character == "'" {
                inQuote = true
            } else if character == "$" && next == "$" {
                inDollar = true
                current.append("$$")
                index += 2
                continue
            } else if character == ";" {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
                index += 1
                continue
            }
            if !inComment { current.append(character) }
            index += 1
        }
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }
}
