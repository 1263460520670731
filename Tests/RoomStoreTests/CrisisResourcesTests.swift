import Foundation
import RoomCore
import Testing

@testable import RoomStore

@Suite("Crisis resources file")
struct CrisisResourcesTests {
    @Test func theShippedFileLoadsAndEveryLineNamesItsSource() throws {
        let resources = try CrisisResourcesLoader.load(
            repositorySeeds().appendingPathComponent("crisis-resources.toml"))
        #expect(resources.notice.contains("not a crisis service"))
        #expect(resources.rightNow.first?.contains("emergency number") == true)
        let codes = Set(resources.regions.map(\.code))
        #expect(codes.isSuperset(of: ["US", "GB", "IE", "CA", "AU", "NZ", "DE", "FR", "INT"]))
        for region in resources.regions {
            if region.code != "INT" {
                #expect(region.emergency != nil, "\(region.code) has an emergency number")
            }
            if region.emergency != nil {
                #expect(region.emergencySource?.hasPrefix("http") == true, "\(region.code) emergency source")
            }
            for line in region.lines {
                #expect(line.source.hasPrefix("http"), "\(line.name) has a source")
                #expect(CalendarDay(iso: line.checked) != nil, "\(line.name) has a checked date")
                #expect(!line.contact.isEmpty && !line.hours.isEmpty && !line.purpose.isEmpty)
            }
        }
        #expect(resources.ordered(preferring: "GB").first?.code == "GB")
    }

    @Test func aBrokenFileNamesItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crisis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("crisis-resources.toml")
        try "[about]\nnotice = \"x\"\nright_now = [\n\n[[region]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try CrisisResourcesLoader.load(file)
        } throws: { error in
            let error = error as? SeedError
            return error?.file == file.path && error?.location?.hasPrefix("line ") == true
        }
        try "[about]\nnotice = \"x\"\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: SeedError.self) { try CrisisResourcesLoader.load(file) }
    }
}
