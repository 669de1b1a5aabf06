import Platform

/// The tables of Servis 48h.
enum InquiryMigrations {
    static let all: [Migration] = [
        Migration(
            "inquiries-001-setup",
            [
                // One row per municipality; absent means the defaults (48 h counted on working days).
                """
                CREATE TABLE inquiry_settings (
                  municipality_id TEXT PRIMARY KEY REFERENCES municipalities(id), entity TEXT NOT NULL,
                  clock_mode TEXT NOT NULL, opens BIGINT NOT NULL, closes BIGINT NOT NULL, answer_hours BIGINT NOT NULL,
                  office_department_id TEXT REFERENCES departments(id), bajram_overrides TEXT NOT NULL, extra_days \
                TEXT NOT NULL)
                """,
                """
                CREATE TABLE inquiry_categories (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  code TEXT NOT NULL, department_id TEXT NOT NULL REFERENCES departments(id), names TEXT NOT NULL,
                  answer_hours BIGINT, active INTEGER NOT NULL, position BIGINT NOT NULL, UNIQUE (municipality_id, \
                code))
                """,
                """
                CREATE TABLE inquiry_templates (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  name TEXT NOT NULL, bodies TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE inquiry_sequences (
                  municipality_id TEXT NOT NULL, year BIGINT NOT NULL, last BIGINT NOT NULL,
                  PRIMARY KEY (municipality_id, year))
                """,
            ]),
        // Messages and files point at their inquiry with deferred keys: a submission writes them
        // first and takes its number last, so the numbering row is locked only briefly.
        Migration("inquiries-002-inquiries") { dialect in
            let blob = dialect == .postgres ? "BYTEA" : "BLOB"
            return [
                """
                CREATE TABLE inquiries (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id),
                  number TEXT NOT NULL UNIQUE, category_id TEXT NOT NULL REFERENCES inquiry_categories(id),
                  department_id TEXT NOT NULL REFERENCES departments(id), assignee_id TEXT REFERENCES accounts(id),
                  status TEXT NOT NULL, subject TEXT NOT NULL, language TEXT NOT NULL,
                  asker_account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL, asker_name TEXT NOT NULL,
                  asker_email TEXT NOT NULL, asker_time_zone TEXT NOT NULL, access_hash TEXT NOT NULL,
                  reply_token TEXT NOT NULL UNIQUE, source TEXT NOT NULL, answer_hours BIGINT NOT NULL,
                  submitted_at TEXT NOT NULL, confirmed_at TEXT, warn_at TEXT, due_at TEXT, pauses TEXT NOT NULL, \
                waiting_since TEXT,
                  first_answered_at TEXT, closed_at TEXT, merged_into TEXT, rating BIGINT, rating_comment TEXT,
                  warned_at TEXT, breached_at TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
                  address TEXT, updated_at TEXT NOT NULL)
                """,
                // The inbox walks this index in deadline order and stops at the page size.
                "CREATE INDEX inquiries_inbox ON inquiries (municipality_id, due_at, id)",
                "CREATE INDEX inquiries_recent ON inquiries (municipality_id, updated_at, id)",
                "CREATE INDEX inquiries_asker ON inquiries (asker_account_id)",
                "CREATE INDEX inquiries_asker_email ON inquiries (asker_email, submitted_at)",
                "CREATE INDEX inquiries_warning ON inquiries (status, warn_at)",
                "CREATE INDEX inquiries_due ON inquiries (status, due_at)",
                """
                CREATE TABLE inquiry_messages (
                  id TEXT PRIMARY KEY, inquiry_id TEXT NOT NULL REFERENCES inquiries(id) DEFERRABLE INITIALLY DEFERRED,
                  author_kind TEXT NOT NULL, author_id TEXT, author_name TEXT NOT NULL,
                  body TEXT NOT NULL, internal INTEGER NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE INDEX inquiry_messages_inquiry ON inquiry_messages (inquiry_id, created_at)",
                """
                CREATE TABLE inquiry_attachments (
                  id TEXT PRIMARY KEY, inquiry_id TEXT NOT NULL REFERENCES inquiries(id) DEFERRABLE INITIALLY DEFERRED,
                  message_id TEXT NOT NULL REFERENCES inquiry_messages(id) DEFERRABLE INITIALLY DEFERRED, filename \
                TEXT NOT NULL,
                  content_type TEXT NOT NULL, size BIGINT NOT NULL, content \(blob) NOT NULL)
                """,
                "CREATE INDEX inquiry_attachments_inquiry ON inquiry_attachments (inquiry_id)",
            ]
        },
        Migration(
            "inquiries-003-open311",
            [
                """
                CREATE TABLE open311_keys (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT NULL,
                  key_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)
                """
            ]),
        // The protocol reads received and answered inquiries in time order.
        Migration(
            "inquiries-004-correspondence",
            [
                "CREATE INDEX inquiries_confirmed ON inquiries (confirmed_at, id)",
                "CREATE INDEX inquiries_first_answer ON inquiries (first_answered_at, id)",
            ]),
        // "48 hours" counts whole working days, so the retired office-hours mode ("working",
        // e.g. 08–16) becomes working days; the entity chosen here moves to the municipality.
        Migration(
            "inquiries-005-calendar",
            [
                "UPDATE inquiry_settings SET clock_mode = 'working_days' WHERE clock_mode = 'working'",
                "ALTER TABLE inquiry_settings ADD COLUMN working_days TEXT NOT NULL DEFAULT '{}'",
                """
                UPDATE municipalities SET entity = (SELECT s.entity FROM inquiry_settings s WHERE s.municipality_id = \
                municipalities.id)
                WHERE id IN (SELECT municipality_id FROM inquiry_settings)
                """,
            ]),
        // The escalation job reads only questions with a step still to send: an index per step holding
        // just those rows, so a scan costs what it finds, not every open question already warned about.
        // The inbox (questions still owed an answer) reads its statuses from an index of its own, not
        // every question of the municipality in deadline order.
        Migration(
            "inquiries-006-escalation-steps",
            [
                "CREATE INDEX inquiries_owed ON inquiries (municipality_id, status, due_at, id)",
                "DROP INDEX inquiries_warning",
                "CREATE INDEX inquiries_to_warn ON inquiries (warn_at) WHERE \(InquiryStore.stepPending("warned_at"))",
                "CREATE INDEX inquiries_to_breach ON inquiries (due_at) WHERE "
                    + InquiryStore.stepPending("breached_at"),
            ]),
    ]
}
