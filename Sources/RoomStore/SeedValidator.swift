import RoomCore

/// The rules a seed bundle must keep, checked before anything is written.
package struct SeedValidator {
    package var membersFile: String
    package var groupFiles: [String]

    package init(membersFile: String, groupFiles: [String]) {
        self.membersFile = membersFile
        self.groupFiles = groupFiles
    }

    package func validate(_ bundle: SeedBundle) throws(SeedError) {
        var handles: [String: SeedMember] = [:]
        for (index, member) in bundle.members.enumerated() {
            let at = "members[\(index)]"
            do {
                _ = try Validate.handle(member.handle)
            } catch {
                throw SeedError(file: membersFile, location: at, message: "\(error) ('\(member.handle)')")
            }
            if handles[member.handle.lowercased()] != nil {
                throw SeedError(file: membersFile, location: at, message: "handle '\(member.handle)' appears twice")
            }
            if let start = member.recoveryStart, CalendarDay(iso: start) == nil {
                throw SeedError(
                    file: membersFile, location: "\(at).recoveryStart", message: "'\(start)' is not a date (YYYY-MM-DD)"
                )
            }
            handles[member.handle.lowercased()] = member
        }
        var slugs = Set<String>()
        for (group, file) in zip(bundle.groups, groupFiles) {
            try validate(group, file: file, handles: handles)
            if !slugs.insert(group.slug).inserted {
                throw SeedError(file: file, location: "slug", message: "slug '\(group.slug)' is used by another file")
            }
        }
    }

    private func validate(_ group: SeedGroup, file: String, handles: [String: SeedMember]) throws(SeedError) {
        func fail(_ location: String, _ message: String) -> SeedError {
            SeedError(file: file, location: location, message: message)
        }
        func check<T>(_ location: String, _ body: () throws(ValidationError) -> T) throws(SeedError) -> T {
            do { return try body() } catch { throw fail(location, error.problem) }
        }
        _ = try check("slug") { () throws(ValidationError) in try Validate.slug(group.slug) }
        if group.name.trimmingWhitespace.isEmpty {
            throw fail("name", "must be 1–\(Limits.groupNameMaxCharacters) characters")
        }
        _ = try check("name") { () throws(ValidationError) in
            try Validate.groupText(group.name, field: "name", max: Limits.groupNameMaxCharacters)
        }
        if !group.topic.trimmingWhitespace.isEmpty {
            _ = try check("topic") { () throws(ValidationError) in
                try Validate.groupText(group.topic, field: "topic", max: Limits.groupTopicMaxCharacters)
            }
        }
        var inGroup = Set<String>()
        for (index, membership) in group.members.enumerated() {
            let key = membership.handle.lowercased()
            guard handles[key] != nil else {
                throw fail("members[\(index)].handle", "'\(membership.handle)' is not in \(membersFile)")
            }
            guard Role(rawValue: membership.role) != nil else {
                throw fail(
                    "members[\(index)].role",
                    "'\(membership.role)' is not a role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard inGroup.insert(key).inserted else {
                throw fail("members[\(index)]", "'\(membership.handle)' is listed twice")
            }
            if let mentoring = membership.mentoring {
                let at = "members[\(index)].mentoring"
                guard membership.role == Role.peerMentor.rawValue || membership.role == Role.facilitator.rawValue else {
                    throw fail(at, "only a peer-mentor or facilitator offers mentoring ('\(membership.role)')")
                }
                _ = try check("\(at).note") { () throws(ValidationError) in try Validate.mentorNote(mentoring.note) }
                _ = try check("\(at).capacity") { () throws(ValidationError) in
                    try Validate.mentorCapacity(mentoring.capacity)
                }
            }
        }
        func member(_ handle: String, _ location: String) throws(SeedError) {
            if !inGroup.contains(handle.lowercased()) {
                throw fail(location, "'\(handle)' is not a member of this group")
            }
        }
        func when(_ hoursAgo: Double, _ location: String) throws(SeedError) {
            if !hoursAgo.isFinite || hoursAgo < 0 { throw fail(location, "must be a number of hours ≥ 0") }
        }
        for (index, story) in group.stories.enumerated() {
            let at = "stories[\(index)]"
            try member(story.author, "\(at).author")
            guard StoryKind(rawValue: story.kind) != nil else {
                throw fail(
                    "\(at).kind",
                    "'\(story.kind)' is not a story kind (\(StoryKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            _ = try check("\(at).title") { () throws(ValidationError) in try Validate.title(story.title) }
            _ = try check("\(at).body") { () throws(ValidationError) in try Validate.body(story.body) }
            _ = try check("\(at).contentWarning") { () throws(ValidationError) in
                try Validate.contentWarning(story.contentWarning)
            }
            try when(story.hoursAgo, "\(at).hoursAgo")
            for (r, reply) in (story.replies ?? []).enumerated() {
                try member(reply.author, "\(at).replies[\(r)].author")
                _ = try check("\(at).replies[\(r)].body") { () throws(ValidationError) in try Validate.reply(reply.body)
                }
                try when(reply.hoursAgo, "\(at).replies[\(r)].hoursAgo")
                if reply.hoursAgo > story.hoursAgo {
                    throw fail("\(at).replies[\(r)].hoursAgo", "a reply cannot be older than its story")
                }
            }
            var given = Set<String>()
            for (r, reaction) in (story.reactions ?? []).enumerated() {
                try member(reaction.member, "\(at).reactions[\(r)].member")
                guard ReactionKind(rawValue: reaction.kind) != nil else {
                    throw fail(
                        "\(at).reactions[\(r)].kind",
                        "'\(reaction.kind)' is not a reaction (\(ReactionKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                if !given.insert("\(reaction.member.lowercased()) \(reaction.kind)").inserted {
                    throw fail("\(at).reactions[\(r)]", "'\(reaction.member)' gives '\(reaction.kind)' twice")
                }
            }
        }
        for (index, message) in group.encouragement.enumerated() {
            let at = "encouragement[\(index)]"
            try member(message.author, "\(at).author")
            if let to = message.to {
                try member(to, "\(at).to")
                if to.lowercased() == message.author.lowercased() {
                    throw fail("\(at).to", "encouragement goes to someone else")
                }
            }
            _ = try check("\(at).body") { () throws(ValidationError) in try Validate.encouragement(message.body) }
            try when(message.hoursAgo, "\(at).hoursAgo")
        }
        for (index, meeting) in (group.meetings ?? []).enumerated() {
            let at = "meetings[\(index)]"
            _ = try check("\(at).title") { () throws(ValidationError) in try Validate.meetingTitle(meeting.title) }
            switch (meeting.weekday, meeting.daysFromNow) {
            case (let weekday?, nil):
                if MeetingTime.parseWeekday(weekday) == nil {
                    throw fail("\(at).weekday", "'\(weekday)' is not a day of the week (mon, tue, …)")
                }
            case (nil, let days?):
                if !(0...366).contains(days) { throw fail("\(at).daysFromNow", "must be 0–366") }
            default:
                throw fail(at, "give either \"weekday\" (weekly) or \"daysFromNow\" (once)")
            }
            if MeetingTime.parseTime(meeting.time) == nil {
                throw fail("\(at).time", "'\(meeting.time)' is not a time (HH:MM, 24-hour)")
            }
            _ = try check("\(at).timeZone") { () throws(ValidationError) in try Validate.timeZone(meeting.timeZone) }
            _ = try check("\(at).durationMinutes") { () throws(ValidationError) in
                try Validate.meetingDuration(meeting.durationMinutes)
            }
            _ = try check("\(at).where") { () throws(ValidationError) in try Validate.meetingLocation(meeting.where) }
            try member(meeting.facilitator, "\(at).facilitator")
            let role = group.members.first { $0.handle.lowercased() == meeting.facilitator.lowercased() }?.role
            if role != Role.facilitator.rawValue {
                throw fail("\(at).facilitator", "'\(meeting.facilitator)' is not a facilitator of this group")
            }
        }
    }
}
