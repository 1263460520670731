import Foundation
import Testing

@testable import RoomViewModel

/// Golden snapshots: a canvas as plain text, compared with a file under Golden/. Run with
/// UPDATE_GOLDEN=1 to write the files anew, then read the diff by eye before committing.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ canvas: Canvas, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        checkText(canvas.plainText(), name, sourceLocation: sourceLocation)
    }

    static func checkText(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let expectedLines = expected.components(separatedBy: "\n")
            let actualLines = actual.components(separatedBy: "\n")
            var report: [String] = []
            for i in 0..<max(expectedLines.count, actualLines.count) {
                let e = i < expectedLines.count ? expectedLines[i] : "(none)"
                let a = i < actualLines.count ? actualLines[i] : "(none)"
                if e != a { report.append("line \(i + 1):\n  expected: \(e)\n  actual:   \(a)") }
            }
            let message = "\(name) differs from its golden file:\n" + report.prefix(8).joined(separator: "\n")
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }
}
