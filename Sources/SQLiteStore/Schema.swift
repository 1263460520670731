import GRDB
import RoomCore

/// The SQLite schema as versioned migrations. Never edit a shipped migration: add one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 room") { db in
            try db.execute(
                sql: """
                    CREATE TABLE peer_group (
                      id INTEGER PRIMARY KEY,
                      slug TEXT NOT NULL UNIQUE,
                      name TEXT NOT NULL,
                      topic TEXT NOT NULL,
                      isOpen BOOLEAN NOT NULL DEFAULT 1,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE TABLE member (
                      id INTEGER PRIMARY KEY,
                      handle TEXT NOT NULL UNIQUE COLLATE NOCASE,
                      login TEXT,
                      recoveryStart TEXT,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX member_login ON member(login);
                    CREATE TABLE membership (
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      role TEXT NOT NULL,
                      roleRank INTEGER NOT NULL,
                      sharesRecoveryStart BOOLEAN NOT NULL DEFAULT 0,
                      joinedAt INTEGER NOT NULL,
                      PRIMARY KEY (groupId, memberId)
                    );
                    CREATE INDEX membership_roster ON membership(groupId, roleRank);
                    CREATE INDEX membership_member ON membership(memberId);
                    CREATE TABLE story (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      authorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      kind TEXT NOT NULL,
                      title TEXT NOT NULL,
                      contentWarning TEXT,
                      body TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER
                    );
                    CREATE INDEX story_feed ON story(groupId, createdAt, id);
                    CREATE INDEX story_author ON story(authorId);
                    CREATE TABLE reply (
                      id INTEGER PRIMARY KEY,
                      storyId INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
                      authorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      body TEXT NOT NULL,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX reply_story ON reply(storyId, createdAt, id);
                    CREATE INDEX reply_author ON reply(authorId);
                    CREATE TABLE reaction (
                      storyId INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      kind TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (storyId, memberId, kind)
                    );
                    CREATE INDEX reaction_member ON reaction(memberId);
                    CREATE TABLE encouragement (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      authorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      recipientId INTEGER REFERENCES member(id) ON DELETE SET NULL,
                      body TEXT NOT NULL,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX encouragement_feed ON encouragement(groupId, createdAt, id);
                    CREATE INDEX encouragement_author ON encouragement(authorId);
                    CREATE INDEX encouragement_recipient ON encouragement(recipientId);
                    """)
        }
        migrator.registerMigration("v2 drafts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE draft (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      target TEXT NOT NULL,
                      kind TEXT,
                      title TEXT NOT NULL DEFAULT '',
                      contentWarning TEXT NOT NULL DEFAULT '',
                      body TEXT NOT NULL DEFAULT '',
                      updatedAt INTEGER NOT NULL,
                      PRIMARY KEY (memberId, target)
                    );
                    """)
        }
        migrator.registerMigration("v3 presence") { db in
            try db.execute(
                sql: """
                    CREATE TABLE presence (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      process TEXT NOT NULL,
                      lastSeen INTEGER NOT NULL,
                      PRIMARY KEY (memberId, process)
                    );
                    """)
        }
        migrator.registerMigration("v4 read positions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE read_position (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      createdAt INTEGER NOT NULL,
                      storyId INTEGER NOT NULL,
                      PRIMARY KEY (memberId, groupId)
                    );
                    """)
        }
        migrator.registerMigration("v5 identity and moderation") { db in
            try db.execute(
                sql: """
                    -- The login that loaded a demo member from seeds may act as it (--as).
                    ALTER TABLE member ADD COLUMN seededBy TEXT;
                    -- Hidden by a facilitator: NULL while visible.
                    ALTER TABLE story ADD COLUMN hiddenAt INTEGER;
                    ALTER TABLE reply ADD COLUMN hiddenAt INTEGER;
                    ALTER TABLE encouragement ADD COLUMN hiddenAt INTEGER;
                    CREATE TABLE report (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      targetKind TEXT NOT NULL CHECK (targetKind IN ('story', 'reply', 'encouragement')),
                      targetId INTEGER NOT NULL,
                      reporterId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      reason TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      resolvedAt INTEGER,
                      UNIQUE (targetKind, targetId, reporterId)
                    );
                    CREATE INDEX report_queue ON report(groupId, resolvedAt);
                    CREATE INDEX report_reporter ON report(reporterId);
                    CREATE TABLE moderation_action (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      targetKind TEXT NOT NULL,
                      targetId INTEGER NOT NULL,
                      facilitatorId INTEGER REFERENCES member(id) ON DELETE SET NULL,
                      action TEXT NOT NULL CHECK (action IN ('hide', 'restore')),
                      note TEXT NOT NULL,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX moderation_action_target ON moderation_action(targetKind, targetId);
                    CREATE TABLE mute (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      mutedId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (memberId, mutedId)
                    );
                    CREATE INDEX mute_muted ON mute(mutedId);
                    """)
            // Reports and notes about something deleted go with it (cascades fire these too).
            for table in ["story", "reply", "encouragement"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_moderation_cleanup AFTER DELETE ON \(table) BEGIN
                          DELETE FROM report WHERE targetKind = '\(table)' AND targetId = OLD.id;
                          DELETE FROM moderation_action WHERE targetKind = '\(table)' AND targetId = OLD.id;
                        END
                        """)
            }
        }
        migrator.registerMigration("v6 search") { db in
            // Full-text search over stories (FTS5, external content: the text lives in `story`
            // once). Triggers keep the index in step with every insert, edit and delete.
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE story_search USING fts5(
                      title, body, content = 'story', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
                    );
                    INSERT INTO story_search(story_search) VALUES ('rebuild');
                    CREATE TRIGGER story_search_insert AFTER INSERT ON story BEGIN
                      INSERT INTO story_search(rowid, title, body) VALUES (new.id, new.title, new.body);
                    END;
                    CREATE TRIGGER story_search_delete AFTER DELETE ON story BEGIN
                      INSERT INTO story_search(story_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                    END;
                    CREATE TRIGGER story_search_update AFTER UPDATE OF title, body ON story BEGIN
                      INSERT INTO story_search(story_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                      INSERT INTO story_search(rowid, title, body) VALUES (new.id, new.title, new.body);
                    END;
                    """)
        }
        migrator.registerMigration("v7 group counts") { db in
            // How many visible stories each group holds, kept by triggers, so listing groups
            // costs the same at a thousand stories as at a million.
            try db.execute(
                sql: """
                    CREATE TABLE group_count (
                      groupId INTEGER PRIMARY KEY REFERENCES peer_group(id) ON DELETE CASCADE,
                      stories INTEGER NOT NULL DEFAULT 0
                    );
                    INSERT INTO group_count (groupId, stories)
                      SELECT g.id, (SELECT COUNT(*) FROM story s WHERE s.groupId = g.id AND s.hiddenAt IS NULL)
                      FROM peer_group g;
                    CREATE TRIGGER group_count_new_group AFTER INSERT ON peer_group BEGIN
                      INSERT OR IGNORE INTO group_count (groupId, stories) VALUES (new.id, 0);
                    END;
                    CREATE TRIGGER group_count_insert AFTER INSERT ON story WHEN new.hiddenAt IS NULL BEGIN
                      UPDATE group_count SET stories = stories + 1 WHERE groupId = new.groupId;
                    END;
                    CREATE TRIGGER group_count_delete AFTER DELETE ON story WHEN old.hiddenAt IS NULL BEGIN
                      UPDATE group_count SET stories = stories - 1 WHERE groupId = old.groupId;
                    END;
                    CREATE TRIGGER group_count_hide AFTER UPDATE OF hiddenAt ON story
                    WHEN (old.hiddenAt IS NULL) != (new.hiddenAt IS NULL) BEGIN
                      UPDATE group_count SET stories = stories + (CASE WHEN new.hiddenAt IS NULL THEN 1 ELSE -1 END)
                      WHERE groupId = new.groupId;
                    END;
                    """)
        }
        migrator.registerMigration("v8 search prefixes") { db in
            // The last word of a search is a prefix ("grat" finds "grateful"); prefix indexes of
            // 2–4 characters make that a lookup instead of a walk over every matching word.
            try db.execute(
                sql: """
                    DROP TABLE story_search;
                    CREATE VIRTUAL TABLE story_search USING fts5(
                      title, body, content = 'story', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
                      prefix = '2 3 4'
                    );
                    INSERT INTO story_search(story_search) VALUES ('rebuild');
                    """)
        }
        migrator.registerMigration("v9 meetings") { db in
            // A weekly meeting keeps its wall-clock rule (weekday 1 Sunday … 7 Saturday, hour,
            // minute, IANA zone, first day); a one-off keeps its UTC instant (and its zone).
            // Answers and check-ins name one occurrence by its UTC start.
            try db.execute(
                sql: """
                    CREATE TABLE meeting (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      title TEXT NOT NULL,
                      weekday INTEGER CHECK (weekday BETWEEN 1 AND 7),
                      hour INTEGER CHECK (hour BETWEEN 0 AND 23),
                      minute INTEGER CHECK (minute BETWEEN 0 AND 59),
                      fromDay TEXT,
                      startsAt INTEGER,
                      timeZone TEXT NOT NULL,
                      durationMinutes INTEGER NOT NULL,
                      location TEXT NOT NULL,
                      facilitatorId INTEGER REFERENCES member(id) ON DELETE SET NULL,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER,
                      cancelledAt INTEGER,
                      CHECK ((weekday IS NOT NULL AND hour IS NOT NULL AND minute IS NOT NULL AND fromDay IS NOT NULL
                              AND startsAt IS NULL)
                          OR (weekday IS NULL AND startsAt IS NOT NULL))
                    );
                    CREATE INDEX meeting_group ON meeting(groupId);
                    CREATE TABLE meeting_rsvp (
                      meetingId INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
                      occurrence INTEGER NOT NULL,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      answer TEXT NOT NULL CHECK (answer IN ('going', 'maybe', 'no')),
                      updatedAt INTEGER NOT NULL,
                      PRIMARY KEY (meetingId, occurrence, memberId)
                    );
                    CREATE INDEX meeting_rsvp_member ON meeting_rsvp(memberId);
                    CREATE TABLE meeting_checkin (
                      meetingId INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
                      occurrence INTEGER NOT NULL,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (meetingId, occurrence, memberId)
                    );
                    CREATE INDEX meeting_checkin_member ON meeting_checkin(memberId);
                    """)
        }
        migrator.registerMigration("v10 check-ins and milestones") { db in
            // A daily check-in is private to its member: one row per member and day (the
            // member's own calendar day). Milestones go to the groups they chose, once each.
            try db.execute(
                sql: """
                    CREATE TABLE daily_checkin (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      day TEXT NOT NULL,
                      mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
                      note TEXT,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL,
                      PRIMARY KEY (memberId, day)
                    );
                    ALTER TABLE membership ADD COLUMN sharesMilestones BOOLEAN NOT NULL DEFAULT 0;
                    CREATE TABLE milestone_celebration (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      milestone TEXT NOT NULL,
                      day TEXT NOT NULL,
                      encouragementId INTEGER REFERENCES encouragement(id) ON DELETE SET NULL,
                      PRIMARY KEY (memberId, groupId, milestone)
                    );
                    """)
        }
        migrator.registerMigration("v11 mentorship") { db in
            // Peer mentors offer in a group; a member asks one (or any) of them; the private
            // thread of a mentorship is read only by its two members (the store checks it).
            try db.execute(
                sql: """
                    CREATE TABLE mentor_offer (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      note TEXT NOT NULL,
                      capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10),
                      available BOOLEAN NOT NULL,
                      updatedAt INTEGER NOT NULL,
                      PRIMARY KEY (memberId, groupId)
                    );
                    CREATE TABLE mentorship (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      mentorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      menteeId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      status TEXT NOT NULL CHECK (status IN ('requested', 'active', 'declined', 'ended')),
                      requestNote TEXT,
                      responseNote TEXT,
                      requestedAt INTEGER NOT NULL,
                      respondedAt INTEGER,
                      endedAt INTEGER,
                      CHECK (mentorId != menteeId)
                    );
                    CREATE UNIQUE INDEX mentorship_open ON mentorship(groupId, menteeId)
                      WHERE status IN ('requested', 'active');
                    CREATE INDEX mentorship_mentor ON mentorship(mentorId, status);
                    CREATE INDEX mentorship_mentee ON mentorship(menteeId, status);
                    CREATE TABLE mentor_message (
                      id INTEGER PRIMARY KEY,
                      mentorshipId INTEGER NOT NULL REFERENCES mentorship(id) ON DELETE CASCADE,
                      authorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      body TEXT NOT NULL,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX mentor_message_thread ON mentor_message(mentorshipId, createdAt, id);
                    CREATE INDEX mentor_message_author ON mentor_message(authorId);
                    """)
        }
        migrator.registerMigration("v12 per-story reading") { db in
            // Reading is kept per story. `read_position` is now the mark a member has caught up
            // to in a group: every story at or below it counts as read (so the positions of
            // before stay what they were and no one's history turns unread); a story above it
            // is read when it has a row here. Rows at or below the mark are folded into it.
            try db.execute(
                sql: """
                    CREATE TABLE story_read (
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      storyId INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
                      groupId INTEGER NOT NULL,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (memberId, storyId)
                    ) WITHOUT ROWID;
                    CREATE INDEX story_read_mark ON story_read(memberId, groupId, createdAt, storyId);
                    CREATE INDEX story_read_story ON story_read(storyId);
                    """)
        }
        migrator.registerMigration("v13 closed groups") { db in
            // Asking to join a closed group, or being invited to one by a facilitator: one row per
            // member and group until a facilitator approves (or the invitee accepts) or declines.
            try db.execute(
                sql: """
                    CREATE TABLE join_request (
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      kind TEXT NOT NULL CHECK (kind IN ('asked', 'invited')),
                      invitedBy INTEGER REFERENCES member(id) ON DELETE SET NULL,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (groupId, memberId)
                    );
                    CREATE INDEX join_request_member ON join_request(memberId);
                    """)
        }
        migrator.registerMigration("v14 change log") { db in
            // What changed, for the rooms that show it: triggers write one row per changed row
            // in the writer's own transaction (so a change is logged exactly when it commits),
            // and rooms poll `seq > last` instead of reloading on every commit. Drafts, daily and
            // meeting check-ins, read marks, mutes and presence heartbeats that only move
            // `lastSeen` write nothing: they are private or show nothing new to others. The log
            // keeps the last 10,000 rows: its insert trigger prunes what falls out.
            try db.execute(
                sql: """
                    -- No AUTOINCREMENT (one page less per commit): pruning never deletes the
                    -- newest row, so the next seq is always above every seq handed out.
                    CREATE TABLE change_log (
                      seq INTEGER PRIMARY KEY,
                      kind TEXT NOT NULL,
                      groupId INTEGER,
                      storyId INTEGER,
                      mentorshipId INTEGER,
                      memberA INTEGER,
                      memberB INTEGER
                    );
                    CREATE TRIGGER change_log_prune AFTER INSERT ON change_log BEGIN
                      DELETE FROM change_log WHERE seq <= new.seq - 10000;
                    END;
                    """)
            // One `INSERT INTO change_log …` per table; `R.` is the changed row (new, or old on delete).
            let logged: [(table: String, insert: String)] = [
                ("peer_group", "SELECT 'groups', R.id, NULL, NULL, NULL, NULL"),
                ("story", "SELECT 'story', R.groupId, R.id, NULL, NULL, NULL"),
                (
                    "reply",
                    "SELECT 'replies', (SELECT groupId FROM story WHERE id = R.storyId), R.storyId, NULL, NULL, NULL"
                ),
                (
                    "reaction",
                    "SELECT 'replies', (SELECT groupId FROM story WHERE id = R.storyId), R.storyId, NULL, NULL, NULL"
                ),
                ("encouragement", "SELECT 'encouragement', R.groupId, NULL, NULL, NULL, NULL"),
                ("membership", "SELECT 'membership', R.groupId, NULL, NULL, R.memberId, NULL"),
                ("meeting", "SELECT 'meetings', R.groupId, NULL, NULL, NULL, NULL"),
                (
                    "meeting_rsvp",
                    "SELECT 'meetings', groupId, NULL, NULL, NULL, NULL FROM meeting WHERE id = R.meetingId"
                ),
                // A mentorship's status also shows on the roster ("your mentor", "can mentor").
                ("mentor_offer", "SELECT 'roster', R.groupId, NULL, NULL, NULL, NULL"),
                ("mentorship", "SELECT 'mentorship', R.groupId, NULL, R.id, R.mentorId, R.menteeId"),
                (
                    "mentor_message",
                    "SELECT 'message', groupId, NULL, id, mentorId, menteeId FROM mentorship WHERE id = R.mentorshipId"
                ),
                ("report", "SELECT 'queue', R.groupId, NULL, NULL, NULL, NULL"),
                ("moderation_action", "SELECT 'queue', R.groupId, NULL, NULL, NULL, NULL"),
                ("join_request", "SELECT 'join', R.groupId, NULL, NULL, R.memberId, NULL"),
            ]
            let columns = "(kind, groupId, storyId, mentorshipId, memberA, memberB)"
            for (table, insert) in logged {
                for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_change_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN
                              INSERT INTO change_log \(columns) \(insert.replacingOccurrences(of: "R.", with: "\(row)."));
                            END
                            """)
                }
            }
            // Presence shows on every roster the member is on: arriving and leaving change it; a
            // heartbeat only when it brings back someone who was shown away (its last one was
            // older than the one-minute window), not every 20 seconds.
            let roster = "INSERT INTO change_log (kind, groupId) SELECT 'roster', groupId FROM membership"
            try db.execute(
                sql: """
                    CREATE TRIGGER presence_change_insert AFTER INSERT ON presence BEGIN
                      \(roster) WHERE memberId = new.memberId;
                    END;
                    CREATE TRIGGER presence_change_update AFTER UPDATE OF lastSeen ON presence
                    WHEN new.lastSeen - old.lastSeen >= 60000 BEGIN
                      \(roster) WHERE memberId = new.memberId;
                    END;
                    CREATE TRIGGER presence_change_delete AFTER DELETE ON presence BEGIN
                      \(roster) WHERE memberId = old.memberId;
                    END;
                    CREATE TRIGGER member_change_update AFTER UPDATE OF handle, recoveryStart ON member BEGIN
                      \(roster) WHERE memberId = new.id;
                    END;
                    """)
        }
        migrator.registerMigration("v15 handle order") { db in
            // The roster's order, the same on every backend: `Member.handleOrder` (Unicode case,
            // width and accent folding) compared as bytes, instead of NOCASE (ASCII only).
            // Computed in Swift (SQL cannot fold Unicode) for the members there are, and by
            // every insert from now on.
            try db.execute(sql: "ALTER TABLE member ADD COLUMN handle_order TEXT NOT NULL DEFAULT ''")
            let members = try Row.fetchAll(db, sql: "SELECT id, handle FROM member")
            let update = try db.makeStatement(sql: "UPDATE member SET handle_order = ? WHERE id = ?")
            for row in members {
                try update.execute(arguments: [Member.handleOrder(row["handle"]), row["id"] as Int64])
            }
            try db.execute(sql: "CREATE INDEX member_handle_order ON member(handle_order, id)")
        }
        migrator.registerMigration("v16 for you") { db in
            // "For you": everything created at or before this moment (ms) is seen by the member;
            // NULL, nothing yet. A column, not a table: one value per member, gone with them.
            try db.execute(sql: "ALTER TABLE member ADD COLUMN forYouSeenThrough INTEGER")
        }
        migrator.registerMigration("v17 support now") { db in
            // "I need support now": a signal, who was told of it (the peer mentors and
            // facilitators of the signaller's groups who were here), the one answer (its primary
            // key lets exactly one helper answer), and the private thread of the two. Nothing of
            // it is in a feed, the search index or anyone else's export. The change log tells the
            // signaller and those told (memberA, memberB; the signal's id in mentorshipId, the
            // log's thread column).
            try db.execute(
                sql: """
                    CREATE TABLE support_signal (
                      id INTEGER PRIMARY KEY,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      line TEXT,
                      createdAt INTEGER NOT NULL,
                      answeredAt INTEGER
                    );
                    CREATE INDEX support_signal_member ON support_signal(memberId, createdAt);
                    CREATE TABLE support_recipient (
                      signalId INTEGER NOT NULL REFERENCES support_signal(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      signallerId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      PRIMARY KEY (signalId, memberId)
                    );
                    CREATE INDEX support_recipient_member ON support_recipient(memberId);
                    CREATE TABLE support_answer (
                      signalId INTEGER PRIMARY KEY REFERENCES support_signal(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      answererId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      answeredAt INTEGER NOT NULL
                    );
                    CREATE INDEX support_answer_answerer ON support_answer(answererId);
                    CREATE TABLE support_message (
                      id INTEGER PRIMARY KEY,
                      signalId INTEGER NOT NULL REFERENCES support_answer(signalId) ON DELETE CASCADE,
                      authorId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      body TEXT NOT NULL,
                      createdAt INTEGER NOT NULL
                    );
                    CREATE INDEX support_message_thread ON support_message(signalId, createdAt, id);
                    CREATE INDEX support_message_author ON support_message(authorId);
                    CREATE TRIGGER support_recipient_change_insert AFTER INSERT ON support_recipient BEGIN
                      INSERT INTO change_log (kind, mentorshipId, memberA, memberB)
                        VALUES ('support', new.signalId, new.memberId, new.signallerId);
                    END;
                    CREATE TRIGGER support_answer_change_insert AFTER INSERT ON support_answer BEGIN
                      INSERT INTO change_log (kind, mentorshipId, memberA, memberB)
                        SELECT 'support', signalId, memberId, signallerId FROM support_recipient
                        WHERE signalId = new.signalId;
                    END;
                    CREATE TRIGGER support_message_change_insert AFTER INSERT ON support_message BEGIN
                      INSERT INTO change_log (kind, mentorshipId, memberA, memberB)
                        SELECT 'support', signalId, memberId, answererId FROM support_answer
                        WHERE signalId = new.signalId;
                    END;
                    """)
        }
        migrator.registerMigration("v18 warning by facilitator") { db in
            // A facilitator may add a content warning as a moderation action ('warn', with the
            // warning it set). SQLite cannot change a CHECK: the table is made anew, and the
            // triggers naming it (cleanup on content, the change log) with it.
            for table in ["story", "reply", "encouragement"] {
                try db.execute(sql: "DROP TRIGGER \(table)_moderation_cleanup")
            }
            try db.execute(
                sql: """
                    CREATE TABLE moderation_action_v18 (
                      id INTEGER PRIMARY KEY,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      targetKind TEXT NOT NULL,
                      targetId INTEGER NOT NULL,
                      facilitatorId INTEGER REFERENCES member(id) ON DELETE SET NULL,
                      action TEXT NOT NULL CHECK (action IN ('hide', 'restore', 'warn')),
                      note TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      warning TEXT,
                      CHECK ((action = 'warn') = (warning IS NOT NULL AND targetKind = 'story'))
                    );
                    INSERT INTO moderation_action_v18
                      (id, groupId, targetKind, targetId, facilitatorId, action, note, createdAt)
                      SELECT id, groupId, targetKind, targetId, facilitatorId, action, note, createdAt
                      FROM moderation_action;
                    DROP TABLE moderation_action;
                    ALTER TABLE moderation_action_v18 RENAME TO moderation_action;
                    CREATE INDEX moderation_action_target ON moderation_action(targetKind, targetId);
                    """)
            for table in ["story", "reply", "encouragement"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_moderation_cleanup AFTER DELETE ON \(table) BEGIN
                          DELETE FROM report WHERE targetKind = '\(table)' AND targetId = OLD.id;
                          DELETE FROM moderation_action WHERE targetKind = '\(table)' AND targetId = OLD.id;
                        END
                        """)
            }
            let columns = "(kind, groupId, storyId, mentorshipId, memberA, memberB)"
            for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER moderation_action_change_\(event.lowercased()) AFTER \(event) ON moderation_action
                        BEGIN
                          INSERT INTO change_log \(columns) SELECT 'queue', \(row).groupId, NULL, NULL, NULL, NULL;
                        END
                        """)
            }
        }
        migrator.registerMigration("v20 share circle") { db in
            // A meeting's share circle: one row per raised hand of an occurrence, in the order
            // raised (id); `speakingSince` set on the one speaking. One hand per member and
            // occurrence at a time, one speaker at a time (unique indexes). Lowering a hand or
            // ending a turn deletes the row. The change log tells the group (the meeting's id
            // in mentorshipId, the log's thread column).
            try db.execute(
                sql: """
                    CREATE TABLE circle_hand (
                      id INTEGER PRIMARY KEY,
                      meetingId INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
                      occurrence INTEGER NOT NULL,
                      groupId INTEGER NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
                      memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
                      raisedAt INTEGER NOT NULL,
                      speakingSince INTEGER
                    );
                    CREATE UNIQUE INDEX circle_hand_once ON circle_hand(meetingId, occurrence, memberId);
                    CREATE UNIQUE INDEX circle_hand_speaker ON circle_hand(meetingId, occurrence)
                      WHERE speakingSince IS NOT NULL;
                    CREATE INDEX circle_hand_member ON circle_hand(memberId);
                    """)
            for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER circle_hand_change_\(event.lowercased()) AFTER \(event) ON circle_hand BEGIN
                          INSERT INTO change_log (kind, groupId, mentorshipId) VALUES ('circle', \(row).groupId, \(row).meetingId);
                        END
                        """)
            }
        }
        migrator.registerMigration("v21 newcomer backlog") { db in
            // How far back a group's members read, in days before they joined (NULL: everything).
            try db.execute(sql: "ALTER TABLE peer_group ADD COLUMN backlogDays INTEGER")
        }
        return migrator
    }
}
