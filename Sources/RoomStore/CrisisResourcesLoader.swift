import Foundation
import RoomCore
import TOMLKit

/// Reads crisis resources from TOML. A broken file is reported with its line; the caller
/// then shows `CrisisResources.fallback`, never nothing.
public enum CrisisResourcesLoader {
    struct File: Decodable {
        struct About: Decodable {
            var notice: String
            var rightNow: [String]

            enum CodingKeys: String, CodingKey {
                case notice
                case rightNow = "right_now"
            }
        }

        var about: About
        var region: [CrisisRegion]
    }

    public static func load(_ url: URL) throws(SeedError) -> CrisisResources {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SeedError(.missing, file: url.path, message: "cannot read the file")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SeedError(
                file: url.path, location: "line \(error.source.begin.line)", message: error.description)
        } catch {
            throw SeedError(file: url.path, message: "\(error)")
        }
        let file: File
        do {
            file = try TOMLDecoder().decode(File.self, from: table)
        } catch {
            throw SeedError(file: url.path, message: "not in the expected shape: \(error)")
        }
        for (index, region) in file.region.enumerated() where region.emergency != nil && region.emergencySource == nil {
            throw SeedError(file: url.path, location: "region[\(index)]", message: "emergency has no emergency_source")
        }
        return CrisisResources(notice: file.about.notice, rightNow: file.about.rightNow, regions: file.region)
    }
}
