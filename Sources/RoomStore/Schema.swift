import GRDB

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
        return migrator
    }
}
