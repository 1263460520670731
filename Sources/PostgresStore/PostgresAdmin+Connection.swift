import Foundation
import PostgresNIO
import RoomStore

extension PostgresAdmin {
    /// Who is logged in at a room's URL and whether the room is set up there: what
    /// `peerroom admin` checks before it changes anything, and how an unset room is told apart
    /// from one the role may not read.
    public struct Standing: Sendable, Equatable {
        /// `current_user`.
        public var role: String
        /// The owner of the `peerroom` schema; nil: `admin init` has not run here.
        public var schemaOwner: String?
        /// The role may create roles (`CREATEROLE` or superuser): needed to add members.
        public var canCreateRoles: Bool
        /// The role may create a schema in this database (needed by a first `admin init`).
        public var canCreateSchema: Bool
        /// The role is in the member group (`admin add-member` put it there); a superuser is not.
        public var isMember: Bool

        public var isOwner: Bool { schemaOwner == role }
    }

    /// One connection at `url` as the role it names (or the Unix login's), closed afterwards.
    /// The password, if any, comes from the passfile, as for the room.
    public static func withConnection<T: Sendable>(
        url: String, passfile: String? = nil, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let location = try PostgresLocation.parse(url)
        let password = try location.password(passfile: passfile)
        try await PostgresRoomStore.probe(location, password: password)
        let connection = try await PostgresErrors.mapping {
            try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(password: password),
                id: Int.random(in: 1...Int.max), logger: logger)
        }
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The connection's role and what it may do here.
    public static func standing(_ connection: PostgresConnection, memberGroup: String = defaultMemberGroup)
        async throws -> Standing
    {
        try await PostgresErrors.mapping {
            let row = try await connection.query(
                """
                SELECT current_user::text,
                  (SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = \(PostgresSchema.schema)),
                  (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user),
                  has_database_privilege(current_database(), 'CREATE'),
                  (SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = \(memberGroup))
                    AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                """, logger: logger
            ).collect()[0]
            let (role, owner, createRole, createSchema, member) = try row.decode(
                (String, String?, Bool?, Bool, Bool?).self)
            return Standing(
                role: role, schemaOwner: owner, canCreateRoles: createRole ?? false, canCreateSchema: createSchema,
                isMember: member ?? false)
        }
    }
}
