import GRDB
import RoomStore

extension StoreError {
    /// SQLite's refusals in words a person can act on: the one place a `DatabaseError`
    /// becomes a `StoreError`, so no SQL text reaches a screen or a terminal. Nil for
    /// errors that are not SQLite's.
    public static func from(_ error: any Error) -> StoreError? {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError:
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
            case .SQLITE_FULL: return .diskFull
            default: return .databaseFailed(code: error.extendedResultCode.rawValue)
            }
        default:
            return nil
        }
    }

    /// Whether the database's file or disk failed (rather than a rule or a bug).
    public var isInputOutput: Bool {
        guard case .databaseFailed(let code) = self else { return false }
        let primary = ResultCode(rawValue: code & 0xFF)
        return [.SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_READONLY, .SQLITE_PERM]
            .contains(primary)
    }
}
