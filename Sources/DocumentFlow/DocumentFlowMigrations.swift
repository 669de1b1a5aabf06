import Platform

/// The protocol: classes and unit codes, documents with their files and history, case files,
/// and how far each capability's correspondence has been read.
enum DocumentFlowMigrations {
    static let all: [Migration] = [
        Migration("documentflow-001-protocol") { dialect in
            let blob = dialect == .postgres ? "BYTEA" : "BLOB"
            return [
                """
                CREATE TABLE protocol_classes (
                  municipality_id TEXT NOT NULL REFERENCES municipalities(id), code TEXT NOT NULL, names TEXT NOT NULL,
                  retention_years BIGINT, auto_source TEXT, PRIMARY KEY (municipality_id, code))
                """,
                """
                CREATE TABLE protocol_units (department_id TEXT PRIMARY KEY REFERENCES departments(id), \
                municipality_id TEXT NOT NULL, code TEXT NOT NULL)
                """,
                """
                CREATE TABLE case_files (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), number TEXT NOT \
                NULL, title TEXT NOT NULL,
                  class_code TEXT NOT NULL, case_key TEXT, opened_at TEXT NOT NULL, archived_at TEXT, retain_until TEXT,
                  UNIQUE (municipality_id, number))
                """,
                "CREATE UNIQUE INDEX case_files_key ON case_files (municipality_id, case_key)",
                """
                CREATE TABLE official_documents (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), number TEXT NOT \
                NULL, year BIGINT NOT NULL,
                  sequence BIGINT NOT NULL, unit TEXT NOT NULL, class_code TEXT NOT NULL, direction TEXT NOT NULL, \
                party TEXT NOT NULL,
                  party_contact TEXT NOT NULL, subject TEXT NOT NULL, search_key TEXT NOT NULL, channel TEXT NOT NULL, \
                status TEXT NOT NULL,
                  department_id TEXT REFERENCES departments(id), assignee_id TEXT REFERENCES accounts(id), due_on TEXT,
                  case_id TEXT REFERENCES case_files(id), source_type TEXT, source_id TEXT, registered_by TEXT NOT NULL,
                  registered_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT, retain_until TEXT,
                  UNIQUE (municipality_id, year, sequence), UNIQUE (municipality_id, number), UNIQUE (source_type, \
                source_id))
                """,
                "CREATE INDEX official_documents_recent ON official_documents (municipality_id, registered_at)",
                "CREATE INDEX official_documents_assignee ON official_documents (municipality_id, assignee_id, status)",
                """
                CREATE INDEX official_documents_department ON official_documents (municipality_id, department_id, \
                status)
                """,
                "CREATE INDEX official_documents_case ON official_documents (case_id)",
                """
                CREATE TABLE official_document_files (
                  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES official_documents(id), filename TEXT NOT \
                NULL,
                  content_type TEXT NOT NULL, size BIGINT NOT NULL, content \(blob) NOT NULL, added_at TEXT NOT NULL)
                """,
                "CREATE INDEX official_document_files_document ON official_document_files (document_id)",
                """
                CREATE TABLE official_document_history (
                  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES official_documents(id), position BIGINT \
                NOT NULL, at TEXT NOT NULL, actor_id TEXT,
                  actor_name TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)
                """,
                """
                CREATE UNIQUE INDEX official_document_history_document ON official_document_history (document_id, \
                position)
                """,
                "CREATE TABLE correspondence_cursors "
                    + "(source_type TEXT PRIMARY KEY, at TEXT NOT NULL, id TEXT NOT NULL)",
            ] + Migration.appendOnly("official_document_history", dialect)
        }
    ]
}
