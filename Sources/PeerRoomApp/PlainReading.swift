import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// The plain room's reading commands: groups, open, stories, more, read, roster,
/// encouragement and search. Every read is as `session.viewer` sees it, so hidden and muted
/// content stays out, and every list is read a page at a time by key.
extension PlainRoom {
    mutating func listGroups() async throws {
        let groups = try await loadGroups()
        groupList = groups
        guard !groups.isEmpty else {
            say("You are in no group yet.")
            return
        }
        say("Groups:")
        for (index, group) in groups.enumerated() {
            say(PlainText.groupLine(index + 1, group, isOpen: group.id == openGroup?.id))
        }
        say("Type open N to open one.")
    }

    /// `open N` (from the last groups list) or `open SLUG`.
    mutating func open(_ text: String) async throws {
        guard !text.isEmpty else { throw Hint("Type open and a number from the groups list, e.g. open 2.") }
        let group: GroupSummary
        if let number = Int(text) {
            if groupList.isEmpty { try await listGroups() }  // the numbers refer to this list
            guard groupList.indices.contains(number - 1) else {
                throw Hint("There is no group \(number) in the last list; it has 1 to \(groupList.count).")
            }
            group = groupList[number - 1]
        } else {
            // As this person sees it (with counts when they may read it).
            let found = try await store.group(slug: text)
            group = try await loadGroups().first { $0.id == found.id } ?? found
        }
        try await choose(group)
        say(PlainText.openLine(group))
    }

    /// The open group's stories, newest first, a page at a time.
    mutating func listStories() async throws {
        let group = try requireOpenGroup()
        let page = try await store.stories(
            groupID: group.id, page: .first, limit: Self.pageSize)
        storyList = []
        shownCount = 0
        guard !page.items.isEmpty else {
            more = nil
            say("No stories in \(group.name) yet. Type post to share one.")
            if group.readsFrom != nil { say(Backlog.endOfFeed) }
            return
        }
        say("Stories in \(group.name), newest first:")
        showStories(page, group: group)
    }

    mutating func showStories(_ page: Page<StorySummary>, group: GroupSummary) {
        let now = Date()
        for story in page.items {
            storyList.append(story)
            say(PlainText.storyLine(storyList.count, story, isNew: isNew(story), now: now))
        }
        shownCount = storyList.count
        more = page.hasMore ? page.items.last.map { .stories(group, after: $0.pageKey) } : nil
        // The end of what a newcomer reads, said calmly, as the room says it.
        if !page.hasMore && group.readsFrom != nil { say(Backlog.endOfFeed) }
        say(
            page.hasMore
                ? "Type more for older stories, or read N to read one." : "That is all. Type read N to read one.")
    }

    func isMine(_ story: StorySummary) -> Bool {
        story.authorHandle.caseInsensitiveCompare(session.me.handle) == .orderedSame
    }

    /// New to this member: not read by them yet (the store says, per story), and not their own.
    func isNew(_ story: StorySummary) -> Bool {
        !session.isGuest && story.isUnread && !isMine(story)
    }

    mutating func showMore() async throws {
        guard let more else {
            throw Hint("Nothing more to show. Type stories, encouragement or roster to list from the start.")
        }
        switch more {
        case .stories(let group, let key):
            let page = try await store.stories(
                groupID: group.id, page: .after(key), limit: Self.pageSize)
            showStories(page, group: group)
        case .encouragement(let group, let key):
            let page = try await store.encouragement(
                groupID: group.id, page: .after(key), limit: Self.pageSize)
            showEncouragement(page, group: group)
        case .roster(let group, let key):
            let page = try await store.roster(
                groupID: group.id, page: .after(key), limit: Self.pageSize)
            showRoster(page, group: group)
        }
    }

    /// `read N`: a story from the last stories or search list, with replies and reactions.
    /// A story behind a content warning (not one's own) asks first, as the room's `v` does.
    mutating func read(_ text: String) async throws {
        let summary = try await story(number: text, usage: "read N", goOn: true)
        let number = (storyList.firstIndex { $0.id == summary.id } ?? 0) + 1
        let story = try await store.story(id: summary.id)
        var revealed = true
        if let warning = story.summary.contentWarning, session.isGuest || !isMine(story.summary) {
            guard
                let answer = try await ask(
                    "Story \(number) has a content warning: \(warning). Show it? (y/n)", crisisWord: true,
                    cancelled: Hint("Stopped. Story \(number) stays folded."))
            else { return }
            revealed = ["y", "yes"].contains(answer.lowercased())
        }
        say(lines: PlainText.storyLines(number, story, now: Date(), revealed: revealed))
        if !session.isGuest {
            // Reading marks the story read; a failure here must not hide the story.
            try? await store.markRead(storyID: story.id)
        }
    }

    /// `next`: the oldest story in the open group this member has not read, as `u` in the
    /// room. It joins the last stories list (if not in it yet), so `reply N` works on it.
    mutating func readNextUnread() async throws {
        let group = try requireOpenGroup()
        guard !session.isGuest else {
            throw Hint("As a guest nothing is kept as read: type stories, then read N.")
        }
        guard let id = try await store.nextUnread(groupID: group.id) else {
            say("No unread stories in \(group.name). You are all caught up.")
            return
        }
        if !storyList.contains(where: { $0.id == id }) {
            storyList.append(try await store.story(id: id).summary)
        }
        let number = (storyList.firstIndex { $0.id == id } ?? 0) + 1
        try await read(String(number))
    }

    mutating func listRoster() async throws {
        let group = try requireOpenGroup()
        let page = try await store.roster(groupID: group.id, page: .first, limit: Self.pageSize)
        shownCount = 0
        say("Who is in \(group.name):")
        showRoster(page, group: group)
    }

    mutating func showRoster(_ page: Page<RosterEntry>, group: GroupSummary) {
        let today = actions.today
        for entry in page.items {
            shownCount += 1
            say(PlainText.rosterLine(shownCount, entry, today: today))
        }
        more = page.hasMore ? page.items.last.map { .roster(group, after: $0.pageKey) } : nil
        say(page.hasMore ? "Type more for the rest." : "That is everyone. Type encourage HANDLE to encourage one.")
    }

    mutating func listEncouragement() async throws {
        let group = try requireOpenGroup()
        let page = try await store.encouragement(
            groupID: group.id, page: .first, limit: Self.pageSize)
        shownCount = 0
        guard !page.items.isEmpty else {
            more = nil
            say("No encouragement in \(group.name) yet. Type encourage to send some.")
            return
        }
        say("Encouragement in \(group.name), newest first:")
        showEncouragement(page, group: group)
    }

    mutating func showEncouragement(_ page: Page<Encouragement>, group: GroupSummary) {
        let now = Date()
        for message in page.items {
            shownCount += 1
            say(lines: PlainText.encouragementLines(shownCount, message, now: now))
        }
        more = page.hasMore ? page.items.last.map { .encouragement(group, after: $0.pageKey) } : nil
        say(page.hasMore ? "Type more for older messages." : "That is all.")
    }

    /// `search WORDS`: the best matches in the person's groups; `read N` reads one.
    mutating func search(_ words: String) async throws {
        guard SearchQuery.fts(words) != nil else {
            throw Hint("Type search and the words to look for, e.g. search first week.")
        }
        guard words.count <= SearchQuery.maxCharacters else {
            throw Hint("That is longer than \(SearchQuery.maxCharacters) characters; search for fewer words.")
        }
        let hits = try await store.search(words, groupID: nil, limit: Self.pageSize)
        more = nil
        guard !hits.isEmpty else {
            say("No stories match '\(words)'.")
            return
        }
        storyList = hits.map(\.story)
        shownCount = storyList.count
        say("\(StoryText.plural(hits.count, "story matches", "stories match")), best first; matches in [brackets]:")
        let now = Date()
        for (index, hit) in hits.enumerated() { say(lines: PlainText.searchLines(index + 1, hit, now: now)) }
        say("Type read N to read one.")
    }
}

extension PlainRoom {
    /// `for-me`: what is for this member, as `peerroom for-me` prints it, newest first; every
    /// new one is listed, so the list marks them seen (the count clears).
    func listForYou() async throws {
        try requireMember()
        let newCount = try await store.forYouCount()
        let limit = newCount < Self.pageSize ? Self.pageSize : ForYou.listLimit
        let items = try await store.forYou(limit: limit)
        say(lines: ForMe.text(items, newCount: newCount, now: Date()))
        let allNewShown = items.count < limit || items.last?.isNew == false
        if allNewShown, let newest = items.first, newest.isNew, !store.isReadOnly {
            try await store.markForYouSeen(through: newest.createdAt)
        }
    }
}
