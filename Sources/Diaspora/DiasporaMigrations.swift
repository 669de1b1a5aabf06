import Platform

/// The diaspora registry and the office's log.
enum DiasporaMigrations {
    static let all: [Migration] = [
        Migration("diaspora-001-profiles-and-office", [
                """
                CREATE TABLE diaspora_profiles (
                  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  country TEXT NOT NULL, city TEXT NOT NULL, since BIGINT, profession TEXT NOT NULL, sector TEXT NOT NULL, skills TEXT NOT NULL,
                  languages TEXT NOT NULL, interests TEXT NOT NULL, associations TEXT NOT NULL, consent_newsletter TEXT, consent_contact TEXT,
                  consent_directory TEXT, name_key TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (account_id, municipality_id))
                """,
                "CREATE INDEX diaspora_profiles_country ON diaspora_profiles (municipality_id, country)",
                // Every saved state of a profile, consents included, with when and by whom (erased with the person).
                """
                CREATE TABLE diaspora_profile_history (
                  id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, saved_at TEXT NOT NULL, saved_by TEXT NOT NULL, snapshot TEXT NOT NULL)
                """,
                """
                CREATE TABLE office_contacts (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), profile_id TEXT, party TEXT NOT NULL,
                  channel TEXT NOT NULL, topic TEXT NOT NULL, outcome TEXT NOT NULL, referral_kind TEXT, referral_to TEXT,
                  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX office_contacts_recent ON office_contacts (municipality_id, recorded_at)",
        ]),
    ]
}
