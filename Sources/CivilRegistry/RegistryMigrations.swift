import Platform

/// The electronic registry books.
enum RegistryMigrations {
    static let all: [Migration] = [
        Migration("registry-001-books") { dialect in
            var statements = [
                """
                CREATE TABLE registry_entries (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), book TEXT NOT NULL,
                  volume BIGINT NOT NULL, page BIGINT NOT NULL, number BIGINT NOT NULL, registered_on TEXT NOT NULL,
                  created_at TEXT NOT NULL, UNIQUE (municipality_id, book, volume, page, number))
                """,
                // Every entry, correction and annotation is a new version; none is ever changed.
                """
                CREATE TABLE registry_versions (
                  id TEXT PRIMARY KEY, entry_id TEXT NOT NULL REFERENCES registry_entries(id), version BIGINT NOT NULL,
                  kind TEXT NOT NULL, fields TEXT NOT NULL, annotation TEXT NOT NULL, recorded_at TEXT NOT NULL,
                  recorded_by TEXT NOT NULL, recorded_by_name TEXT NOT NULL, seal TEXT NOT NULL, UNIQUE (entry_id, version))
                """,
                // What searches look at, from each entry's latest version (a person per row).
                """
                CREATE TABLE registry_index (
                  entry_id TEXT NOT NULL REFERENCES registry_entries(id), municipality_id TEXT NOT NULL, jmbg TEXT,
                  name_key TEXT NOT NULL, birth_date TEXT)
                """,
                "CREATE INDEX registry_index_jmbg ON registry_index (jmbg)",
                "CREATE INDEX registry_index_name ON registry_index (name_key, birth_date)",
                "CREATE INDEX registry_index_entry ON registry_index (entry_id)",
            ]
            statements += Migration.appendOnly("registry_versions", dialect)
            return statements
        },
    ]
}
