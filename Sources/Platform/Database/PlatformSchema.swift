/// The tables every capability shares.
enum PlatformSchema {
    static let migrations: [Migration] = [
        Migration(
            "platform-001-municipalities",
            [
                """
                CREATE TABLE municipalities (
                  id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE,
                  names TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
                  phone TEXT NOT NULL DEFAULT '', website TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE departments (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  names TEXT NOT NULL, email TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)
                """,
                "CREATE INDEX departments_municipality ON departments (municipality_id)",
            ]),
        Migration(
            "platform-002-accounts",
            [
                """
                CREATE TABLE accounts (
                  id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
                  display_name TEXT NOT NULL, language TEXT NOT NULL, time_zone TEXT NOT NULL,
                  role TEXT, municipality_id TEXT REFERENCES municipalities(id),
                  department_id TEXT REFERENCES departments(id),
                  email_confirmed_at TEXT, totp_secret TEXT, totp_enabled_at TEXT,
                  created_at TEXT NOT NULL)
                """,
                "CREATE INDEX accounts_municipality ON accounts (municipality_id)",
                """
                CREATE TABLE sessions (
                  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                  kind TEXT NOT NULL, second_factor INTEGER NOT NULL, created_at TEXT NOT NULL,
                  expires_at TEXT NOT NULL, client_address TEXT NOT NULL DEFAULT '')
                """,
                "CREATE INDEX sessions_account ON sessions (account_id)",
                """
                CREATE TABLE account_tokens (
                  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                  purpose TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)
                """,
                """
                CREATE TABLE rate_limits (
                  key TEXT PRIMARY KEY, window_start TEXT NOT NULL, hits BIGINT NOT NULL)
                """,
            ]),
        Migration("platform-003-audit") { dialect in
            var statements = [
                """
                CREATE TABLE audit_log (
                  id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL, actor_id TEXT, actor_email TEXT NOT NULL,
                  municipality_id TEXT, action TEXT NOT NULL, object_type TEXT NOT NULL,
                  object_id TEXT NOT NULL, detail TEXT NOT NULL, client_address TEXT NOT NULL)
                """,
                "CREATE INDEX audit_time ON audit_log (occurred_at)",
                "CREATE INDEX audit_municipality_time ON audit_log (municipality_id, occurred_at)",
            ]
            // Append-only: the database itself refuses to change or remove an entry.
            statements += Migration.appendOnly("audit_log", dialect)
            return statements
        },
        Migration(
            "platform-004-mail-ledger",
            [
                """
                CREATE TABLE mails (
                  id TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                  headers TEXT NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL, next_attempt_at TEXT NOT NULL,
                  claimed_until TEXT, last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT)
                """,
                "CREATE INDEX mails_status ON mails (status, next_attempt_at)",
                "CREATE INDEX mails_recipient ON mails (recipient)",
                """
                CREATE TABLE ledger (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL, kind TEXT NOT NULL,
                  occurred_at TEXT NOT NULL, quantity BIGINT NOT NULL, source_type TEXT NOT NULL,
                  source_id TEXT NOT NULL, attributes TEXT NOT NULL)
                """,
                "CREATE INDEX ledger_municipality_kind_time ON ledger (municipality_id, kind, occurred_at)",
            ]),
        Migration(
            "platform-005-signing-keys",
            [
                """
                CREATE TABLE signing_keys (
                  id TEXT PRIMARY KEY, private_key TEXT NOT NULL, public_key TEXT NOT NULL,
                  created_at TEXT NOT NULL, retired_at TEXT)
                """
            ]),
        // Files a mail carries (a ticket PDF, a calendar entry), as JSON with base64 data.
        Migration("platform-006-mail-attachments", ["ALTER TABLE mails ADD COLUMN attachments TEXT"]),
        // Yearly number series shared by capabilities that number what they register (NumberSequence).
        Migration(
            "platform-007-number-sequences",
            [
                """
                CREATE TABLE number_sequences (
                  municipality_id TEXT NOT NULL, series TEXT NOT NULL, year BIGINT NOT NULL, last BIGINT NOT NULL,
                  PRIMARY KEY (municipality_id, series, year))
                """
            ]),
        // What indicators break a kind down by, and each day's totals (kept with every ledger write).
        Migration(
            "platform-008-ledger-daily",
            [
                "ALTER TABLE ledger ADD COLUMN dimension TEXT NOT NULL DEFAULT ''",
                """
                CREATE TABLE ledger_daily (
                  municipality_id TEXT NOT NULL, kind TEXT NOT NULL, dimension TEXT NOT NULL, day TEXT NOT NULL, total \
                BIGINT NOT NULL,
                  PRIMARY KEY (municipality_id, kind, dimension, day))
                """,
                // A period of one municipality, or of all: each read from an index that holds every column it needs.
                "CREATE INDEX ledger_daily_range ON ledger_daily (municipality_id, day, kind, dimension, total)",
                "CREATE INDEX ledger_daily_day ON ledger_daily (day, municipality_id, kind, dimension, total)",
                // Visits: a day's salted visitor hashes (deleted the next day) and that day's salt.
                """
                CREATE TABLE site_visits (municipality_id TEXT NOT NULL, day TEXT NOT NULL, visitor TEXT NOT NULL, \
                PRIMARY KEY (municipality_id, day, visitor))
                """,
                "CREATE TABLE visit_salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)",
                // Rows written before this step count on their UTC day.
                """
                INSERT INTO ledger_daily (municipality_id, kind, dimension, day, total)
                SELECT municipality_id, kind, '', substr(occurred_at, 1, 10), SUM(quantity) FROM ledger GROUP BY \
                municipality_id, kind, substr(occurred_at, 1, 10)
                """,
            ]),
        // Hardening: a TOTP code is good once per account (the last accepted step), one live reset
        // link per account, mail claims carry a token, and the mail queue's index covers only what waits.
        Migration(
            "platform-009-hardening",
            [
                "ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT",
                "ALTER TABLE mails ADD COLUMN claim_token TEXT",
                "DROP INDEX mails_status",
                "CREATE INDEX mails_due ON mails (next_attempt_at) WHERE status = 'queued'",
                "CREATE INDEX mails_sent ON mails (sent_at) WHERE sent_at IS NOT NULL",
                "CREATE INDEX sessions_expiry ON sessions (expires_at)",
                "CREATE INDEX account_tokens_account ON account_tokens (account_id, purpose)",
            ]),
        // Repeated submissions answered once (Idempotency): the hash of the key, the request's
        // fingerprint, and the first answer sealed with a key only the client holds.
        Migration(
            "platform-010-idempotency",
            [
                """
                CREATE TABLE idempotency_keys (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status BIGINT, sealed \
                TEXT, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
            ]),
        // Whose law applies in each municipality: holidays, registry forms, citizenship.
        Migration(
            "platform-011-jurisdiction",
            [
                "ALTER TABLE municipalities ADD COLUMN entity TEXT NOT NULL DEFAULT 'fbih'",
                "ALTER TABLE municipalities ADD COLUMN canton TEXT",
            ]),
        // A change of e-mail address waits here until the new address opens its link.
        Migration("platform-012-pending-email", ["ALTER TABLE accounts ADD COLUMN pending_email TEXT"]),
        // A municipality's face: its colour and its crest (the image apart, read only by its own route).
        Migration(
            "platform-013-face",
            [
                "ALTER TABLE municipalities ADD COLUMN colour TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE municipalities ADD COLUMN crest_version TEXT NOT NULL DEFAULT ''",
                """
                CREATE TABLE municipality_crests (municipality_id TEXT PRIMARY KEY REFERENCES municipalities(id), \
                content_type TEXT NOT NULL, data TEXT NOT NULL)
                """,
            ]),
        // Each month's totals beside each day's: twelve months of all 143 municipalities read about
        // 143 × 12 rows per kind instead of two million daily ones (issue 19: 2 s → see the README).
        Migration(
            "platform-014-ledger-monthly",
            [
                """
                CREATE TABLE ledger_monthly (
                  municipality_id TEXT NOT NULL, kind TEXT NOT NULL, dimension TEXT NOT NULL, month TEXT NOT NULL, \
                total BIGINT NOT NULL,
                  PRIMARY KEY (municipality_id, kind, dimension, month))
                """,
                "CREATE INDEX ledger_monthly_month ON ledger_monthly (month, municipality_id, kind, dimension, total)",
                """
                INSERT INTO ledger_monthly (municipality_id, kind, dimension, month, total)
                SELECT municipality_id, kind, dimension, substr(day, 1, 7), SUM(total) FROM ledger_daily \
                GROUP BY municipality_id, kind, dimension, substr(day, 1, 7)
                """,
            ]),
        // A rotated key is signed by the key it replaces, so peer deployments can follow the rotation.
        Migration(
            "platform-015-key-endorsement",
            [
                "ALTER TABLE signing_keys ADD COLUMN endorsed_by TEXT",
                "ALTER TABLE signing_keys ADD COLUMN endorsement TEXT",
            ]),
    ]
}
