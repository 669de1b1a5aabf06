import Platform

/// The diaspora registry and the office's log.
enum DiasporaMigrations {
    static let all: [Migration] = [
        Migration(
            "diaspora-001-profiles-and-office",
            [
                """
                CREATE TABLE diaspora_profiles (
                  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), municipality_id TEXT NOT NULL \
                REFERENCES municipalities(id),
                  country TEXT NOT NULL, city TEXT NOT NULL, since BIGINT, profession TEXT NOT NULL, sector TEXT NOT \
                NULL, skills TEXT NOT NULL,
                  languages TEXT NOT NULL, interests TEXT NOT NULL, associations TEXT NOT NULL, consent_newsletter \
                TEXT, consent_contact TEXT,
                  consent_directory TEXT, name_key TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (account_id, \
                municipality_id))
                """,
                "CREATE INDEX diaspora_profiles_country ON diaspora_profiles (municipality_id, country)",
                // Every saved state of a profile, consents included, with when and by whom (erased with the person).
                """
                CREATE TABLE diaspora_profile_history (
                  id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, saved_at TEXT NOT NULL, saved_by TEXT NOT NULL, \
                snapshot TEXT NOT NULL)
                """,
                """
                CREATE TABLE office_contacts (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), profile_id TEXT, \
                party TEXT NOT NULL,
                  channel TEXT NOT NULL, topic TEXT NOT NULL, outcome TEXT NOT NULL, referral_kind TEXT, referral_to \
                TEXT,
                  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX office_contacts_recent ON office_contacts (municipality_id, recorded_at)",
            ]),
        // Associations abroad, the agreements a municipality signs, and office space it gives them.
        Migration(
            "diaspora-002-associations",
            [
                """
                CREATE TABLE associations (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, city TEXT NOT NULL,
                  country TEXT NOT NULL, contact_name TEXT NOT NULL, contact_email TEXT NOT NULL, phone TEXT NOT NULL, \
                website TEXT NOT NULL,
                  members BIGINT, works_with TEXT NOT NULL, public_listing INTEGER NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX associations_municipality ON associations (municipality_id, name)",
                """
                CREATE TABLE agreements (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), party_kind TEXT \
                NOT NULL,
                  association_id TEXT REFERENCES associations(id), party_name TEXT NOT NULL, subject TEXT NOT NULL, \
                signed_on TEXT NOT NULL,
                  valid_until TEXT, status TEXT NOT NULL, document TEXT, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE office_spaces (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), association_id \
                TEXT NOT NULL REFERENCES associations(id),
                  premises TEXT NOT NULL, from_date TEXT NOT NULL, until_date TEXT, created_at TEXT NOT NULL)
                """,
            ]),
        // Searches list members by name within a municipality (and a country): these keep them in order without a sort.
        Migration(
            "diaspora-003-search-indexes",
            [
                "CREATE INDEX diaspora_profiles_name ON diaspora_profiles (municipality_id, name_key, id)",
                """
                CREATE INDEX diaspora_profiles_country_name ON diaspora_profiles (municipality_id, country, name_key, \
                id)
                """,
            ]),
        // A saved filter: the query itself, so the segment always shows who matches now.
        Migration(
            "diaspora-004-segments",
            [
                """
                CREATE TABLE member_segments (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, query TEXT NOT NULL,
                  created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (municipality_id, name))
                """
            ]),
        // Each word of a member's name, folded: a name search is a prefix range on an index, not a scan.
        Migration(
            "diaspora-005-name-words",
            [
                """
                CREATE TABLE diaspora_name_words (profile_id TEXT NOT NULL, municipality_id TEXT NOT NULL, word TEXT \
                NOT NULL)
                """,
                "CREATE INDEX diaspora_name_words_lookup ON diaspora_name_words (municipality_id, word, profile_id)",
                "CREATE INDEX diaspora_name_words_profile ON diaspora_name_words (profile_id, word)",
            ]),
        // Local partners the office works with (businesses, NGOs, institutions), each with its own contact log.
        Migration(
            "diaspora-006-partners",
            [
                """
                CREATE TABLE partners (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, kind TEXT NOT NULL,
                  contact TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE partner_contacts (
                  id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners(id), happened_on TEXT NOT NULL, \
                note TEXT NOT NULL,
                  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX partner_contacts_partner ON partner_contacts (partner_id, happened_on)",
            ]),
        // Contacts logged with a member as free text get the member's profile where exactly one
        // profile of that municipality has the name, so the member's export and erasure reach them.
        Migration(
            "diaspora-007-contact-members",
            [
                """
                UPDATE office_contacts SET profile_id = (SELECT p.id FROM diaspora_profiles p JOIN accounts a \
                ON a.id = p.account_id WHERE p.municipality_id = office_contacts.municipality_id \
                AND 'member:' || a.display_name = office_contacts.party)
                WHERE profile_id IS NULL AND party LIKE 'member:%' AND (SELECT COUNT(*) FROM diaspora_profiles p \
                JOIN accounts a ON a.id = p.account_id WHERE p.municipality_id = office_contacts.municipality_id \
                AND 'member:' || a.display_name = office_contacts.party) = 1
                """
            ]),
    ]
}
