import Platform

/// Peers and their pinned keys, what each municipality lets each peer do with its books, and the
/// message log both sides keep.
enum FederationMigrations {
    static let all: [Migration] = [
        Migration(
            "federation-001",
            [
                // `keys`: the pinned public keys; `offered_keys`: a changed set waiting for an admin.
                """
                CREATE TABLE federation_peers (
                  id TEXT PRIMARY KEY, name TEXT NOT NULL, base_url TEXT NOT NULL UNIQUE, keys TEXT NOT NULL,
                  offered_keys TEXT, status TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL,
                  keys_checked_at TEXT NOT NULL)
                """,
                // One row per thing allowed: none by default.
                """
                CREATE TABLE federation_grants (
                  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  peer_id TEXT NOT NULL REFERENCES federation_peers(id), book TEXT NOT NULL, permission TEXT NOT NULL,
                  granted_by TEXT NOT NULL, granted_at TEXT NOT NULL,
                  PRIMARY KEY (municipality_id, peer_id, book, permission))
                """,
                // Both directions; a message id seen twice from one peer is a replay (the unique key says so
                // atomically, whichever instance received it).
                """
                CREATE TABLE federation_messages (
                  id TEXT PRIMARY KEY, direction TEXT NOT NULL, peer_id TEXT NOT NULL REFERENCES federation_peers(id),
                  message_id TEXT NOT NULL, kind TEXT NOT NULL, municipality_id TEXT, registrar TEXT NOT NULL,
                  purpose TEXT NOT NULL, request TEXT NOT NULL, request_digest TEXT NOT NULL, answer TEXT,
                  answer_digest TEXT, status TEXT NOT NULL, code TEXT, sent_at TEXT NOT NULL, answered_at TEXT,
                  UNIQUE (direction, peer_id, message_id))
                """,
                "CREATE INDEX federation_messages_time ON federation_messages (sent_at)",
            ])
    ]
}
