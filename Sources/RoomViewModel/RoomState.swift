import Foundation
import RoomCore

/// The panes of the room. The roster sits under the groups and shares their tab.
public enum Pane: Int, CaseIterable, Sendable {
    case groups, roster, stories, encouragement

    /// The name a screen reader and the tab bar use.
    public var title: String {
        switch self {
        case .groups: "Groups"
        case .roster: "Roster"
        case .stories: "Stories"
        case .encouragement: "Encouragement"
        }
    }

    /// The tab (1–3) that shows this pane on a narrow terminal.
    public var tab: Int {
        switch self {
        case .groups, .roster: 1
        case .stories: 2
        case .encouragement: 3
        }
    }
}

/// What a finished piece of writing becomes.
public enum Submission: Equatable, Sendable {
    case story(group: GroupID, kind: StoryKind, title: String, contentWarning: String?, body: String)
    case reply(story: StoryID, body: String)
    case encouragement(group: GroupID, to: String?, body: String)
    case edit(story: StoryID, title: String, contentWarning: String, body: String)
    case editReply(Reply, body: String)
    case editEncouragement(EncouragementID, body: String)
}

/// What the store did with a submission.
public enum Posted: Equatable, Sendable {
    case story(StorySummary)
    case reply(Story)
    case encouragement(Encouragement)
    case edited(Story)
    case editedEncouragement(Encouragement)
}

/// Everything the screen shows, and nothing else. Changed only by `RoomReducer.reduce`.
public struct RoomState: Equatable, Sendable {
    /// The person using the room.
    public var myHandle: String
    public var size: Size
    public var now: Date
    /// Today in the person's time zone, for "days since recovery start".
    public var today: CalendarDay
    public var keyMap: KeyMap
    /// ASCII only (`--ascii`, for screen readers and fonts without box drawing): borders of
    /// `+-|`, decorative symbols in their ASCII form, and the pane that takes focus named in
    /// the footer.
    public var ascii = false

    public var mode: Mode = .room
    public var focus: Pane = .groups
    public var groups: [GroupSummary] = []
    public var groupCursor = 0
    /// The group whose roster, stories and encouragement are shown.
    public var openGroupID: GroupID?
    /// The group to open first, by slug, when the groups arrive.
    public var preferredGroupSlug: String?
    public var roster = ListWindow<RosterEntry>()
    public var stories = ListWindow<StorySummary>()
    public var encouragement = ListWindow<Encouragement>()
    /// How many things are new for the person (`ForYou.countLabel`: "2 for you" in the header).
    public var forYouCount = 0
    /// The open group's next meeting (or the one under way), for the header.
    public var nextMeeting: MeetingOccurrence?
    /// The person's time zone (`TZ`): meetings are shown in it.
    public var timeZone: TimeZone = .current
    /// A short message for the footer (a failed load, say).
    public var notice: String?
    /// The store has not answered for a while (another process holds the database): the footer
    /// says so, over any notice, until answers come.
    public var storeBusy = false
    public static let storeBusyNotice = "The room's database is busy (another process holds it)…"
    /// A question waiting for y or n.
    public var confirmation: Confirmation?
    /// A one-line question waiting for an answer (pseudonym, report reason, moderation note).
    public var prompt: Prompt?
    /// The answer to today's check-in, framed until the next key.
    public var checkInAnswer: CheckInSummary?
    /// This login has no member yet: writing asks for a pseudonym first.
    public var needsPseudonym = false
    /// Someone wrote to the room while the compose view hid it; refresh when it shows again.
    public var hasUnseenChanges = false
    /// Crisis help over everything, scrolled this far; nil when closed.
    public var crisisScroll: Int?
    public var crisis: CrisisResources = .fallback
    /// The person's country (ISO code), listed first in crisis help.
    public var region: String?
    /// Why the crisis resources file could not be read, if it could not.
    public var crisisProblem: String?
    /// Words in a draft that make the compose view offer crisis help (none: never offered).
    public var crisisWords: CrisisWords = .none
    /// The drafts crisis help was offered for (or opened from) in this process, so the
    /// offer comes once per draft; posting or discarding one forgets it. Memory only.
    public var crisisOffered: Set<DraftTarget> = []
    public var isQuitting = false
    /// Calls for support told to the person, their own, and the threads they are in (the
    /// banner and `S`), as the store last said.
    public var supportSignals: [SupportSignal] = []

    public init(
        myHandle: String, size: Size, now: Date, today: CalendarDay, keyMap: KeyMap = .standard,
        preferredGroupSlug: String? = nil
    ) {
        self.myHandle = myHandle
        self.size = size
        self.now = now
        self.today = today
        self.keyMap = keyMap
        self.preferredGroupSlug = preferredGroupSlug
    }

    public var openGroup: GroupSummary? { groups.first { $0.id == openGroupID } }

    /// Whether keys are text: the compose view or a prompt is open (nothing live is redrawn).
    public var isWriting: Bool {
        if prompt != nil { return true }
        if case .compose = mode { return true }
        return false
    }

    /// Whether a handle is the person's own (handles are case-insensitive).
    public func isMine(_ handle: String) -> Bool {
        handle.caseInsensitiveCompare(myHandle) == .orderedSame
    }

    /// Whether a story is new to the person: not read by them yet (the store says, per
    /// story), and not their own.
    public func isUnread(_ story: StorySummary) -> Bool {
        story.isUnread && !isMine(story.authorHandle)
    }
    public var layout: Layout { Layout(size: size, groupCount: groups.count) }
}

/// Something that happened: a key, a resize, a tick of the clock, or a result from the store.
public enum RoomAction: Equatable, Sendable {
    /// The room opened: read what the first frame shows (the groups, then the open group's).
    case started
    /// The first frame is on the screen: read what can follow it (drafts, "for you", calls
    /// for support), so the first frame does not wait for them.
    case firstFrameShown
    case keyPressed(Key)
    case mouse(MouseEvent)
    case resized(Size)
    case clockTicked(now: Date, today: CalendarDay)
    case groupsLoaded([GroupSummary])
    case rosterLoaded(GroupID, PageRequest<RosterKey>, Page<RosterEntry>)
    case storiesLoaded(GroupID, PageRequest<FeedKey>, Page<StorySummary>)
    case encouragementLoaded(GroupID, PageRequest<FeedKey>, Page<Encouragement>)
    case storyLoaded(Story)
    case loadFailed(String)
    /// Text pasted into the terminal (bracketed paste), to insert as one piece.
    case pasted(String)
    case draftLoaded(DraftTarget, Draft?)
    /// The member's unsent drafts, asked for at start.
    case draftsFound([Draft])
    case posted(Posted)
    case postFailed(String)
    case storyChanged(StorySummary)
    case deleted(Confirmation.Action)
    /// How many replies of others one's own story holds (they stay when it is deleted).
    case othersRepliesCounted(StoryID, Int)
    /// The external editor closed with this text (nil: it failed or was not found).
    case externalEditorClosed(String?)
    /// Someone (another process, or this one) wrote to the room: show what changed, if shown.
    case roomChanged([RoomChange])
    /// The oldest unread story in the open group (nil: none left).
    case nextUnreadFound(StoryID?)
    /// The first-run pseudonym was taken; the room now acts as this member.
    case joined(handle: String)
    /// The store refused a prompt's answer (a taken pseudonym, say).
    case promptFailed(String)
    case reported(ModerationTarget)
    case muteChanged(handle: String, muted: Bool)
    /// Something to tell the person in the footer (a config warning, the theme now in use).
    case notice(String)
    /// The store has kept the room waiting (true), or answered again (false).
    case storeBusy(Bool)
    case nextMeetingLoaded(GroupID, MeetingOccurrence?)
    /// Today's check-in was saved: the member's streak, days and milestones.
    case checkedIn(CheckInSummary)
    /// A result of a screen's own effect (`ScreenResult`: `.meetings(.loaded(…))`).
    case screen(ScreenResult)
}

/// Work for the app to do outside the reducer; its results come back as actions.
public enum RoomEffect: Equatable, Sendable {
    case loadGroups
    case loadRoster(GroupID, PageRequest<RosterKey>)
    case loadStories(GroupID, PageRequest<FeedKey>)
    case loadEncouragement(GroupID, PageRequest<FeedKey>)
    case loadStory(StoryID)
    case loadDraft(DraftTarget)
    case loadDrafts
    case saveDraft(Draft)
    case discardDraft(DraftTarget)
    case submit(Submission)
    case toggleReaction(StoryID, ReactionKind)
    case markRead(StoryID)
    case findNextUnread(GroupID)
    case delete(Confirmation.Action)
    /// Before asking to delete one's own story: how many replies of others stay.
    case countOthersReplies(StoryID)
    /// Suspend the screen and edit `text` in $VISUAL/$EDITOR.
    case openExternalEditor(String)
    /// Create the member for this login with this pseudonym (first run).
    case takePseudonym(String)
    case report(ModerationTarget, reason: String)
    case setMuted(handle: String, muted: Bool)
    /// Switch to the next theme (the screen layer knows them).
    case cycleTheme
    case loadNextMeeting(GroupID)
    /// Today's check-in (the day in the member's zone is the app's to know).
    case dailyCheckIn(mood: Int, note: String?)
    /// A screen's own effect (`ScreenEffect`: `.meetings(.load)`).
    case screen(ScreenEffect)
    /// The terminal's bell: a call for support reached the room (the loop rings it unless
    /// config says `bell = false`).
    case ringBell
    case quit
}

/// Where an effect waits its turn (`EffectQueue`): one effect at a time per lane, in the order
/// given. Every write shares one lane, with the reads that must see this room's own writes
/// (drafts, the next unread); each kind of read has a lane of its own, so the reads an action
/// makes run at once and an older page of a list never lands after a newer one.
public enum EffectLane: Hashable, Sendable {
    case writes
    /// A kind of read, by name ("stories").
    case reads(String)
}

extension RoomEffect {
    /// The lane this effect runs in; a screen's effects say theirs (`ScreenEffect.lane`).
    public var lane: EffectLane {
        switch self {
        case .loadGroups: .reads("groups")
        case .loadRoster: .reads("roster")
        case .loadStories: .reads("stories")
        case .loadEncouragement: .reads("encouragement")
        case .loadStory: .reads("story")
        case .loadNextMeeting: .reads("nextMeeting")
        case .screen(let effect): effect.lane
        case .loadDraft, .loadDrafts, .saveDraft, .discardDraft, .submit, .toggleReaction, .markRead, .findNextUnread,
            .delete, .countOthersReplies, .openExternalEditor, .takePseudonym, .report, .setMuted, .cycleTheme,
            .dailyCheckIn, .ringBell, .quit:
            .writes
        }
    }
}
