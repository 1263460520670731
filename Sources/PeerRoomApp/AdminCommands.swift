import ArgumentParser
import Foundation
import PostgresStore
import RoomCore
import RoomStore

/// `peerroom admin`: setting up a PostgreSQL room, as its owner role. (An SQLite room sets
/// itself up on first open; members there take their own pseudonyms.)
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Set up a PostgreSQL room and add its members (as the room's owner role).",
        discussion: """
            Run as the database role that owns the room (on one host: the Unix login of that name, \
            by peer authentication). Members are database roles; the database itself enforces \
            what each may read and write.
            """,
        subcommands: [AdminInit.self, AdminAddMember.self])
}

/// Where `admin` acts: `--db`, else `PEERROOM_DB`, else `database` in config, which must be a
/// PostgreSQL URL.
struct AdminLocation: ParsableArguments {
    @Option(help: "The room: a postgresql:// URL (default: $PEERROOM_DB, else `database` in config.toml).")
    var db: String?

    func url() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let configured = Settings(environment: environment).config.database
        let location = Paths.database(option: db, configured: configured, environment: environment)
        guard PostgresRoom.isLocation(location) else {
            throw Failure(
                "'peerroom admin' is for PostgreSQL rooms: give --db postgresql://…; an SQLite room is set up "
                    + "when first opened (and 'peerroom seed' loads more)", status: .usage)
        }
        _ = try PostgresRoom.role(of: location)  // a password in the URL is refused before connecting
        return location
    }
}

struct AdminInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the room's schema, policies and member group role (as the owner role).",
        discussion: """
            Safe to run again: it brings the schema up to date. With --seed, also loads the demo \
            groups of that folder; each demo member gets a login role named by --role-prefix and \
            its handle.
            """)

    @OptionGroup var location: AdminLocation
    @Option(help: "A seed folder (members.json and groups/*.json) to load.") var seed: String?
    @Option(help: "The start of each seeded member's role name.") var rolePrefix = "peerroom_demo_"

    func run() async throws {
        try await reporting {
            let url = try location.url()
            // A broken seed folder stops everything before the database is touched.
            let bundle = try seed.map { try SeedLoader.load(directory: URL(fileURLWithPath: $0)) }
            try await PostgresAdmin.withConnection(url: url) { connection in
                let standing = try await PostgresAdmin.standing(connection)
                try AdminChecks.mayInitialise(standing)
                try await PostgresAdmin.initialize(connection)
                print(
                    "The room is ready: schema peerroom, owned by '\(SafeText.neutralise(standing.role))'; "
                        + "members belong to the role \(PostgresAdmin.defaultMemberGroup).")
                if let bundle {
                    let report = try await PostgresAdmin.load(
                        connection, seed: bundle, now: Date(), rolePrefix: rolePrefix)
                    print(
                        "Loaded \(report.groupsAdded.count) groups, \(report.membersAdded) members "
                            + "(roles \(SafeText.neutralise(rolePrefix))…), \(report.storiesAdded) stories, "
                            + "\(report.encouragementAdded) messages of encouragement.")
                    if !report.groupsSkipped.isEmpty {
                        print("Already present, left as they were: \(report.groupsSkipped.joined(separator: ", ")).")
                    }
                }
            }
            print("Add a member: peerroom admin add-member --db URL --role NAME --handle HANDLE")
        }
    }
}

struct AdminAddMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-member",
        abstract: "Create a member: a login role in the member group and its pseudonym (as the owner role).",
        discussion: """
            The role is created if it does not exist (no password: on one host it logs in by peer \
            authentication as the Unix login of the same name; across hosts, give it a SCRAM password \
            or a client certificate). The member joins every open group as a newcomer.
            """)

    @OptionGroup var location: AdminLocation
    @Option(help: "The database role (letters, digits, _ and -).") var role: String
    @Option(help: "The member's pseudonym.") var handle: String

    func run() async throws {
        try await reporting {
            let url = try location.url()
            let member = try await PostgresAdmin.withConnection(url: url) { connection in
                let standing = try await PostgresAdmin.standing(connection)
                try AdminChecks.mayAddMembers(standing)
                do {
                    return try await PostgresAdmin.addMember(connection, role: role, handle: handle, now: Date())
                } catch StoreError.notAllowed(let reason) where reason.hasPrefix("your role already") {
                    throw Failure(
                        "the role '\(SafeText.neutralise(role))' already has a pseudonym in this room; nothing was "
                            + "changed", status: .dataError)
                }
            }
            print(
                "Added \(member.handle) as the role '\(SafeText.neutralise(role))', in every open group as a newcomer. "
                    + "It opens the room with: peerroom --db URL")
        }
    }
}

/// What `admin` checks before it changes anything, so a refusal says who may do it.
enum AdminChecks {
    static func mayInitialise(_ standing: PostgresAdmin.Standing) throws {
        let role = SafeText.neutralise(standing.role)
        if let owner = standing.schemaOwner, !standing.isOwner {
            throw Failure(
                "only the room's owner role ('\(SafeText.neutralise(owner))') can initialise it; you are '\(role)'",
                status: .noPermission)
        }
        if standing.isMember {
            throw Failure(
                "only the room's owner role can initialise it; '\(role)' is one of its members",
                status: .noPermission)
        }
        if standing.schemaOwner == nil && !standing.canCreateSchema {
            throw Failure(
                "only the room's owner role can initialise it: '\(role)' may not create a schema in this database "
                    + "(run it as the database's owner)", status: .noPermission)
        }
        if !standing.canCreateRoles {
            throw Failure(
                "only the room's owner role can initialise it, and it needs CREATEROLE to make member roles; "
                    + "'\(role)' has not", status: .noPermission)
        }
    }

    static func mayAddMembers(_ standing: PostgresAdmin.Standing) throws {
        let role = SafeText.neutralise(standing.role)
        guard let owner = standing.schemaOwner else {
            throw Failure(
                "there is no room in this PostgreSQL database yet; its owner role sets it up with "
                    + "'peerroom admin init --db URL'", status: .unavailable)
        }
        if !standing.isOwner {
            throw Failure(
                "only the room's owner role ('\(SafeText.neutralise(owner))') can add members; you are '\(role)'",
                status: .noPermission)
        }
        if !standing.canCreateRoles {
            throw Failure(
                "only the room's owner role can add members, and it needs CREATEROLE to make their roles; "
                    + "'\(role)' has not", status: .noPermission)
        }
    }
}
