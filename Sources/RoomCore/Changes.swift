/// What changed in the room since a room last looked, by what a screen shows. A screen
/// reloads only for the changes it shows, through the same reads (and rules) as always.
public enum RoomChange: Hashable, Sendable {
    public enum Feed: Hashable, Sendable {
        case stories, encouragement
    }

    /// The list of groups (names, counts, who is in them, join requests).
    case groups
    /// A group's stories (new, edited, hidden, or their reply and reaction counts) or its
    /// encouragement.
    case feed(GroupID, Feed)
    /// One story: its text or its replies and reactions.
    case story(StoryID)
    /// A group's roster: who belongs, their roles and shared dates, who is here.
    case roster(GroupID)
    /// A group's meetings and their answers.
    case meetings(GroupID)
    /// One mentorship and its private thread; only its two members are told.
    case mentorship(MentorshipID)
    /// A group's moderation queue and join requests; only its facilitators are told.
    case queue(GroupID)
    /// A support signal told to `me`, sent by `me`, answered, or its private thread
    /// ("I need support now"); only the signaller and those told of it hear of it.
    case support(SupportSignalID)
    /// A meeting's share circle: a hand raised or lowered, the turn passed. Only the
    /// meeting's group's members are told.
    case circle(MeetingID)
    /// Too much changed to say (the log was pruned past the asked point, or the database was
    /// replaced): reload everything shown.
    case resync
}
