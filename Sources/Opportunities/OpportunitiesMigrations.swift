import Platform

/// Projects for public–private partnership with members' interest and the office's pipeline,
/// premises for diaspora companies with applications, knowledge-transfer programmes and outcomes.
enum OpportunitiesMigrations {
    static let all: [Migration] = [
        Migration("opportunities-001") { dialect in
            let blob = dialect == .postgres ? "BYTEA" : "BLOB"
            return [
                """
                CREATE TABLE projects (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), sector TEXT NOT \
                NULL, title TEXT NOT NULL,
                  description TEXT NOT NULL, location TEXT NOT NULL, budget_fening BIGINT, model TEXT NOT NULL, status \
                TEXT NOT NULL,
                  contact TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX projects_municipality ON projects (municipality_id, created_at)",
                """
                CREATE TABLE project_documents (
                  id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), filename TEXT NOT NULL, \
                content_type TEXT NOT NULL,
                  content \(blob) NOT NULL)
                """,
                """
                CREATE TABLE project_interests (
                  id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), account_id TEXT, name TEXT \
                NOT NULL, email TEXT NOT NULL,
                  kind TEXT NOT NULL, message TEXT NOT NULL, stage TEXT NOT NULL, created_at TEXT NOT NULL, updated_at \
                TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX project_interests_once ON project_interests (project_id, account_id, kind)",
                """
                CREATE TABLE project_interest_notes (
                  id TEXT PRIMARY KEY, interest_id TEXT NOT NULL REFERENCES project_interests(id), at TEXT NOT NULL, \
                by_name TEXT NOT NULL,
                  stage TEXT NOT NULL, note TEXT NOT NULL)
                """,
                """
                CREATE TABLE premises (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, address TEXT NOT NULL,
                  area_m2 BIGINT NOT NULL, terms TEXT NOT NULL, available_from TEXT NOT NULL, let_to TEXT, created_at \
                TEXT NOT NULL)
                """,
                """
                CREATE TABLE premises_applications (
                  id TEXT PRIMARY KEY, premises_id TEXT NOT NULL REFERENCES premises(id), account_id TEXT, name TEXT \
                NOT NULL, email TEXT NOT NULL,
                  company TEXT NOT NULL, activity TEXT NOT NULL, message TEXT NOT NULL, status TEXT NOT NULL, \
                decision_note TEXT,
                  created_at TEXT NOT NULL, decided_at TEXT)
                """,
                "CREATE UNIQUE INDEX premises_applications_once ON premises_applications (premises_id, account_id)",
                """
                CREATE TABLE knowledge_programmes (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, partner TEXT NOT NULL,
                  description TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE knowledge_outcomes (
                  id TEXT PRIMARY KEY, programme_id TEXT NOT NULL REFERENCES knowledge_programmes(id), kind TEXT NOT \
                NULL, quantity BIGINT NOT NULL,
                  happened_on TEXT NOT NULL, evidence TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT \
                NULL)
                """,
            ]
        }
    ]
}
