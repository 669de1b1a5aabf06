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
                  recorded_by TEXT NOT NULL, recorded_by_name TEXT NOT NULL, seal TEXT NOT NULL, UNIQUE (entry_id, \
                version))
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
        // Requests from abroad, the documents issued for them, and each municipality's fees.
        Migration("registry-002-extracts") { _ in
            [
                """
                CREATE TABLE extract_requests (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), number TEXT NOT \
                NULL UNIQUE,
                  requester_id TEXT, requester_name TEXT NOT NULL, requester_email TEXT NOT NULL, kind TEXT NOT NULL, \
                relation TEXT NOT NULL,
                  subject TEXT NOT NULL, duplicate_key TEXT NOT NULL, purpose TEXT NOT NULL, copies BIGINT NOT NULL, \
                language TEXT NOT NULL,
                  delivery TEXT NOT NULL, postal_address TEXT, payment TEXT NOT NULL, payment_reference TEXT, \
                fee_fening BIGINT NOT NULL,
                  status TEXT NOT NULL, rejection_reason TEXT, rejection_note TEXT, document_number TEXT,
                  submitted_at TEXT NOT NULL, decided_at TEXT, decided_by TEXT)
                """,
                "CREATE INDEX extract_requests_queue ON extract_requests (municipality_id, status, submitted_at)",
                "CREATE INDEX extract_requests_requester ON extract_requests (requester_id, submitted_at)",
                // One waiting request per person and document: a second one is refused, not stored.
                """
                CREATE UNIQUE INDEX extract_requests_waiting ON extract_requests (requester_id, duplicate_key) WHERE \
                status = 'received'
                """,
                """
                CREATE TABLE extract_sequences (
                  municipality_id TEXT NOT NULL, year BIGINT NOT NULL, series TEXT NOT NULL, last BIGINT NOT NULL,
                  PRIMARY KEY (municipality_id, year, series))
                """,
                """
                CREATE TABLE issued_documents (
                  id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE, request_id TEXT \
                REFERENCES extract_requests(id),
                  municipality_id TEXT NOT NULL REFERENCES municipalities(id), keeper_id TEXT NOT NULL REFERENCES \
                municipalities(id),
                  entry_id TEXT NOT NULL REFERENCES registry_entries(id), entry_version BIGINT NOT NULL, kind TEXT NOT \
                NULL,
                  language TEXT NOT NULL, content TEXT NOT NULL, seal TEXT NOT NULL, pdf TEXT NOT NULL, issued_at TEXT \
                NOT NULL,
                  issued_by TEXT NOT NULL, revoked_at TEXT, revocation_reason TEXT, revoked_by TEXT)
                """,
                "CREATE INDEX issued_documents_request ON issued_documents (request_id)",
                """
                CREATE TABLE extract_fees (
                  municipality_id TEXT NOT NULL REFERENCES municipalities(id), item TEXT NOT NULL, fee_fening BIGINT \
                NOT NULL,
                  PRIMARY KEY (municipality_id, item))
                """,
            ]
        },
        // Living verification: how often each document was checked (never by whom).
        Migration(
            "registry-003-living-verification",
            [
                "ALTER TABLE issued_documents ADD COLUMN verifications BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE issued_documents ADD COLUMN last_verified_at TEXT",
                "CREATE INDEX issued_documents_entry ON issued_documents (entry_id)",
            ]),
        // Beyond the counter: relatives and proxies with proof, the price in parts, registered mail.
        Migration(
            "registry-004-beyond-the-counter",
            [
                "ALTER TABLE extract_requests ADD COLUMN relationship TEXT",
                "ALTER TABLE extract_requests ADD COLUMN fee_document_fening BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE extract_requests ADD COLUMN fee_postage_fening BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE extract_requests ADD COLUMN proof_note TEXT",
                "ALTER TABLE extract_requests ADD COLUMN tracking_number TEXT",
                "ALTER TABLE extract_requests ADD COLUMN dispatched_at TEXT",
                """
                CREATE TABLE registry_files (
                  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, role TEXT NOT NULL, filename TEXT NOT NULL, \
                content_type TEXT NOT NULL,
                  data TEXT NOT NULL, uploaded_at TEXT NOT NULL)
                """,
                "CREATE INDEX registry_files_owner ON registry_files (owner_id)",
            ]),
        // Births, marriages and deaths that happened abroad, reported for entry into the books.
        Migration(
            "registry-005-abroad",
            [
                """
                CREATE TABLE abroad_reports (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), number TEXT NOT \
                NULL UNIQUE,
                  requester_id TEXT, requester_name TEXT NOT NULL, requester_email TEXT NOT NULL, book TEXT NOT NULL, \
                details TEXT NOT NULL,
                  status TEXT NOT NULL, note TEXT, entry_id TEXT, submitted_at TEXT NOT NULL, decided_at TEXT)
                """,
                "CREATE INDEX abroad_reports_queue ON abroad_reports (municipality_id, status, submitted_at)",
            ]),
        // The protocol reads requests and decisions in time order.
        Migration(
            "registry-006-correspondence",
            [
                "CREATE INDEX extract_requests_submitted ON extract_requests (submitted_at, id)",
                "CREATE INDEX extract_requests_decided ON extract_requests (decided_at, id)",
            ]),
        // A municipality keeps several registry areas, each with its books by year: the same
        // volume/page/number recurs across them. Earlier entries keep area '' and year 0.
        Migration("registry-007-areas-and-years", rebuildsTables: true) { dialect in
            let unique =
                """
                CREATE UNIQUE INDEX registry_entries_place ON registry_entries (municipality_id, book, area, \
                book_year, volume, page, number)
                """
            switch dialect {
            case .postgres:
                return [
                    "ALTER TABLE registry_entries ADD COLUMN area TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE registry_entries ADD COLUMN book_year BIGINT NOT NULL DEFAULT 0",
                    """
                    ALTER TABLE registry_entries DROP CONSTRAINT \
                    registry_entries_municipality_id_book_volume_page_number_key
                    """,
                    unique,
                ]
            case .sqlite:
                let columns = "id, municipality_id, book, volume, page, number, registered_on, created_at"
                return [
                    """
                    CREATE TABLE registry_entries_new (
                      id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), book TEXT NOT \
                    NULL,
                      volume BIGINT NOT NULL, page BIGINT NOT NULL, number BIGINT NOT NULL, registered_on TEXT NOT NULL,
                      created_at TEXT NOT NULL, area TEXT NOT NULL DEFAULT '', book_year BIGINT NOT NULL DEFAULT 0)
                    """,
                    "INSERT INTO registry_entries_new (\(columns)) SELECT \(columns) FROM registry_entries",
                    "DROP TABLE registry_entries",
                    "ALTER TABLE registry_entries_new RENAME TO registry_entries",
                    unique,
                ]
            }
        },
        // Why a request "for self" was issued despite a difference; the printed copy for a wet signature.
        Migration(
            "registry-008-issue-checks",
            [
                "ALTER TABLE extract_requests ADD COLUMN issue_note TEXT",
                "ALTER TABLE extract_requests ADD COLUMN printed_at TEXT",
                "ALTER TABLE extract_requests ADD COLUMN printed_by TEXT",
            ]),
        // The account a person abroad pays the administrative tax into, set by the municipality.
        Migration(
            "registry-009-payment-account",
            [
                """
                CREATE TABLE extract_payment_accounts (municipality_id TEXT PRIMARY KEY REFERENCES municipalities(id), \
                recipient TEXT NOT NULL, iban TEXT NOT NULL, swift TEXT NOT NULL, reference TEXT NOT NULL)
                """
            ]),
        // A document may be issued from a record another deployment keeps (Federation): its keeper and
        // entry are not rows here, so they stop being foreign keys; the document names them in its content.
        Migration("registry-010-kept-elsewhere", rebuildsTables: true) { dialect in
            switch dialect {
            case .postgres:
                return [
                    "ALTER TABLE issued_documents DROP CONSTRAINT issued_documents_keeper_id_fkey",
                    "ALTER TABLE issued_documents DROP CONSTRAINT issued_documents_entry_id_fkey",
                ]
            case .sqlite:
                let columns = """
                    id, number, code, request_id, municipality_id, keeper_id, entry_id, entry_version, kind, \
                    language, content, seal, pdf, issued_at, issued_by, revoked_at, revocation_reason, revoked_by, \
                    verifications, last_verified_at
                    """
                return [
                    """
                    CREATE TABLE issued_documents_new (
                      id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE, request_id TEXT \
                    REFERENCES extract_requests(id),
                      municipality_id TEXT NOT NULL REFERENCES municipalities(id), keeper_id TEXT NOT NULL,
                      entry_id TEXT NOT NULL, entry_version BIGINT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
                      content TEXT NOT NULL, seal TEXT NOT NULL, pdf TEXT NOT NULL, issued_at TEXT NOT NULL,
                      issued_by TEXT NOT NULL, revoked_at TEXT, revocation_reason TEXT, revoked_by TEXT,
                      verifications BIGINT NOT NULL DEFAULT 0, last_verified_at TEXT)
                    """,
                    "INSERT INTO issued_documents_new (\(columns)) SELECT \(columns) FROM issued_documents",
                    "DROP TABLE issued_documents",
                    "ALTER TABLE issued_documents_new RENAME TO issued_documents",
                    "CREATE INDEX issued_documents_request ON issued_documents (request_id)",
                    "CREATE INDEX issued_documents_entry ON issued_documents (entry_id)",
                ]
            }
        },
    ]
}
