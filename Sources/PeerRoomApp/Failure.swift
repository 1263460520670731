import CursesScreen
import Foundation
import RoomCore
import RoomStore
import SQLiteStore

/// sysexits(3) codes, so scripts can tell a typo from a broken file from a full disk.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case noInput = 66
    /// No member to act as (EX_NOUSER).
    case noUser = 67
    case unavailable = 69
    case software = 70
    case ioError = 74
    /// Try again later: the database is busy (EX_TEMPFAIL).
    case tempFailure = 75
    case noPermission = 77
}

/// An error the command line reports as one clear line and an exit status.
public struct Failure: Error, CustomStringConvertible {
    public var message: String
    public var status: ExitStatus

    public init(_ message: String, status: ExitStatus) {
        self.message = message
        self.status = status
    }

    public var description: String { message }

    /// The message and status for any error the layers below throw.
    public static func from(_ error: Error) -> Failure {
        switch error {
        case let failure as Failure:
            return failure
        case let error as StoreError:
            switch error {
            case .unknownGroup, .unknownMember, .unknownStory, .unknownReply, .unknownEncouragement, .handleTaken,
                .invalid, .newerDatabase, .ownContent, .unknownMeeting, .notNow,
                .unknownMentorship, .unknownJoinRequest:
                return Failure(error.description, status: .dataError)
            case .notYourMember:
                return Failure(error.description, status: .noUser)
            case .notAMember, .notYours, .readOnly, .notAFacilitator, .notAllowed, .looseMode, .closedGroup:
                return Failure(error.description, status: .noPermission)
            case .cannotOpen, .diskFull:
                return Failure(error.description, status: .ioError)
            case .busy:
                return Failure(error.description, status: .tempFailure)
            case .databaseFailed:
                return Failure(error.description, status: error.isInputOutput ? .ioError : .software)
            }
        case let error as SeedError:
            return Failure(error.description, status: error.kind == .missing ? .noInput : .dataError)
        case let error as ValidationError:
            return Failure(error.description, status: .dataError)
        case let error as ScreenError:
            return Failure(error.description, status: .unavailable)
        default:
            if let error = StoreError.from(error) { return from(error) }
            return Failure("\(error)", status: .software)
        }
    }
}

extension Failure {
    /// The message as a sentence: a capital first letter and a full stop.
    var sentence: String {
        guard let first = message.first else { return message }
        let capitalised = first.uppercased() + message.dropFirst()
        return ".?!".contains(capitalised.last ?? ".") ? capitalised : capitalised + "."
    }

    /// One line on stderr: `peerroom: The title is empty.`, or with `json`
    /// `{"error":"The title is empty.","code":65}`.
    func report(json: Bool) {
        if json, let line = try? Output.jsonLine(ErrorJSON(error: sentence, code: status.rawValue)) {
            printError(line)
        } else {
            printError("peerroom: \(sentence)")
        }
    }
}

/// An error as `--format json` prints it on stderr.
struct ErrorJSON: Encodable {
    var error: String
    var code: Int32
}

/// Writes to standard error: every line goes through `SafeText`, so nothing a person typed,
/// a seed file held or a database named can act on the terminal. The one writer of stderr.
func printError(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let safe = lines.map { SafeText.neutralise(String($0)) }.joined(separator: "\n")
    FileHandle.standardError.write(Data((safe + "\n").utf8))
}
