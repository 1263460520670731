import PostgresNIO
import RoomCore
import RoomStore

/// PostgreSQL's refusals as `StoreError`, by SQLSTATE (never its SQL or raw message text).
enum PostgresErrors {
    static func mapping<T>(handle: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw storeError(error, handle: handle)
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                if let store = inner as? StoreError { throw store }
                if let psql = inner as? PSQLError { throw storeError(psql, handle: handle) }
                throw inner
            }
            throw StoreError.notAllowed("the room's database could not finish that; nothing was changed")
        }
    }

    static func sqlState(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func storeError(_ error: PSQLError, handle: String?) -> StoreError {
        guard let state = error.serverInfo?[.sqlState] else {
            // No answer from the server at all: it is down, unreachable, or refused the login.
            return .cannotOpen(
                path: "the PostgreSQL room",
                reason:
                    "the server did not answer (\(String(describing: error.code))); is it running, and may you log in?")
        }
        switch state {
        case "23505":
            if let handle, error.serverInfo?[.constraintName] == "member_handle" { return .handleTaken(handle) }
            if error.serverInfo?[.constraintName] == "member_login_pkey" {
                return .notAllowed("your role already has a pseudonym")
            }
            return .notAllowed("that is there already; nothing was changed")
        case "42501":
            return .notAllowed("the room's database does not allow you that; nothing was changed")
        case "40001", "40P01", "55P03":
            return .busy
        case "53100":
            return .diskFull
        case "28000", "28P01":
            return .cannotOpen(path: "the PostgreSQL room", reason: "the server refused the login for this role")
        case "3D000":
            return .cannotOpen(path: "the PostgreSQL room", reason: "there is no such database")
        case "P0001" where error.serverInfo?[.hint] == "support-waiting":
            return .notNow(Support.waitingMessage)
        case "P0001" where error.serverInfo?[.hint] == "support-hourly":
            return .notNow(Support.hourlyMessage)
        case "P0001" where error.serverInfo?[.hint] == "capacity":
            return .notAllowed("you have no room for another mentee; raise your capacity first")
        default:
            return .notAllowed("the room's database refused that (PostgreSQL error \(state)); nothing was changed")
        }
    }
}
