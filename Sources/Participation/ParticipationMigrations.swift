import Platform

/// Consultations with comments, proposals with supports, surveys with answers: each taker once,
/// each marked diaspora or resident so results can be split.
enum ParticipationMigrations {
    static let all: [Migration] = [
        Migration(
            "participation-001",
            [
                """
                CREATE TABLE consultations (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), title TEXT NOT \
                NULL, draft TEXT NOT NULL,
                  eligible TEXT NOT NULL, closes_at TEXT NOT NULL, response TEXT, responded_at TEXT, created_at TEXT \
                NOT NULL)
                """,
                """
                CREATE TABLE consultation_comments (
                  id TEXT PRIMARY KEY, consultation_id TEXT NOT NULL REFERENCES consultations(id), account_id TEXT, \
                grp TEXT NOT NULL,
                  text TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX consultation_comments_consultation "
                    + "ON consultation_comments (consultation_id, created_at)",
                """
                CREATE TABLE proposals (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), account_id TEXT, \
                author_name TEXT NOT NULL,
                  grp TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, answer TEXT, \
                created_at TEXT NOT NULL, answered_at TEXT)
                """,
                "CREATE INDEX proposals_municipality ON proposals (municipality_id, created_at)",
                """
                CREATE TABLE proposal_supports (
                  proposal_id TEXT NOT NULL REFERENCES proposals(id), account_id TEXT NOT NULL, grp TEXT NOT NULL, \
                created_at TEXT NOT NULL,
                  PRIMARY KEY (proposal_id, account_id))
                """,
                """
                CREATE TABLE surveys (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), title TEXT NOT \
                NULL, eligible TEXT NOT NULL,
                  closes_at TEXT NOT NULL, questions TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE survey_answers (
                  survey_id TEXT NOT NULL REFERENCES surveys(id), account_id TEXT NOT NULL, grp TEXT NOT NULL, answers \
                TEXT NOT NULL,
                  created_at TEXT NOT NULL, PRIMARY KEY (survey_id, account_id))
                """,
            ])
    ]
}
