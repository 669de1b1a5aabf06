import Platform

/// Events, their programme, registrations with seats and waiting lists, and forum matchmaking.
enum EventsMigrations {
    static let all: [Migration] = [
        Migration(
            "events-001-events-and-registrations",
            [
                """
                CREATE TABLE events (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), kind TEXT NOT \
                NULL, title TEXT NOT NULL,
                  description TEXT NOT NULL, venue TEXT NOT NULL, place TEXT NOT NULL, online_url TEXT NOT NULL, \
                starts_at TEXT NOT NULL,
                  ends_at TEXT NOT NULL, opens_at TEXT NOT NULL, closes_at TEXT NOT NULL, capacity BIGINT, \
                participant_types TEXT NOT NULL,
                  questions TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX events_calendar ON events (municipality_id, starts_at)",
                """
                CREATE TABLE event_sessions (
                  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), title TEXT NOT NULL, room TEXT \
                NOT NULL,
                  starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, capacity BIGINT)
                """,
                "CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at)",
                """
                CREATE TABLE event_registrations (
                  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), account_id TEXT, name TEXT NOT \
                NULL, email TEXT NOT NULL,
                  organisation TEXT NOT NULL, participant_type TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT \
                NULL,
                  ticket_code TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL, answers TEXT NOT NULL, created_at TEXT NOT \
                NULL,
                  status_at TEXT NOT NULL, checked_in_at TEXT, checked_in_by TEXT)
                """,
                // One live registration per address and event; a cancelled one does not block registering again.
                """
                CREATE UNIQUE INDEX event_registrations_once ON event_registrations (event_id, email) WHERE status <> \
                'cancelled'
                """,
                "CREATE INDEX event_registrations_queue ON event_registrations (event_id, status, created_at)",
                "CREATE INDEX event_registrations_account ON event_registrations (account_id)",
                """
                CREATE TABLE event_registration_sessions (
                  registration_id TEXT NOT NULL REFERENCES event_registrations(id), session_id TEXT NOT NULL \
                REFERENCES event_sessions(id),
                  PRIMARY KEY (registration_id, session_id))
                """,
                "CREATE INDEX event_registration_sessions_session ON event_registration_sessions (session_id)",
            ]),
        // Matchmaking at business forums: what each participant offers and seeks, meeting slots with
        // tables, meetings (the database refuses a table or a person booked twice in one slot), outcomes.
        Migration(
            "events-002-matchmaking",
            [
                """
                CREATE TABLE forum_profiles (
                  registration_id TEXT PRIMARY KEY REFERENCES event_registrations(id), event_id TEXT NOT NULL \
                REFERENCES events(id),
                  sector TEXT NOT NULL, kinds TEXT NOT NULL, offers TEXT NOT NULL, seeks TEXT NOT NULL, published \
                INTEGER NOT NULL,
                  updated_at TEXT NOT NULL)
                """,
                "CREATE INDEX forum_profiles_event ON forum_profiles (event_id, published)",
                """
                CREATE TABLE forum_slots (
                  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), starts_at TEXT NOT NULL, ends_at \
                TEXT NOT NULL,
                  tables BIGINT NOT NULL)
                """,
                """
                CREATE TABLE forum_meetings (
                  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), requester_id TEXT NOT NULL \
                REFERENCES event_registrations(id),
                  invitee_id TEXT NOT NULL REFERENCES event_registrations(id), message TEXT NOT NULL, status TEXT NOT \
                NULL,
                  slot_id TEXT REFERENCES forum_slots(id), table_no BIGINT, created_at TEXT NOT NULL, decided_at TEXT)
                """,
                "CREATE UNIQUE INDEX forum_meetings_table ON forum_meetings (slot_id, table_no)",
                "CREATE INDEX forum_meetings_people ON forum_meetings (event_id, requester_id, invitee_id)",
                """
                CREATE TABLE forum_busy (slot_id TEXT NOT NULL, registration_id TEXT NOT NULL, meeting_id TEXT NOT \
                NULL, PRIMARY KEY (slot_id, registration_id))
                """,
                """
                CREATE TABLE forum_outcomes (
                  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), kind TEXT NOT NULL, quantity \
                BIGINT NOT NULL,
                  amount_fening BIGINT, description TEXT NOT NULL, meeting_id TEXT, recorded_by TEXT NOT NULL, \
                recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX forum_outcomes_event ON forum_outcomes (event_id, recorded_at)",
            ]),
        // A ticket's key from before a promotion keeps working: the waiting-list mail's link stays valid.
        Migration(
            "events-003-earlier-key",
            ["ALTER TABLE event_registrations ADD COLUMN earlier_key_hash TEXT"]),
    ]
}
