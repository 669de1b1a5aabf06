import Platform

/// News, newsletters with their recipients, the media list and press releases, radio programmes.
enum NewsroomMigrations {
    static let all: [Migration] = [
        Migration(
            "newsroom-001",
            [
                """
                CREATE TABLE news_articles (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), category TEXT NOT \
                NULL, title TEXT NOT NULL,
                  body TEXT NOT NULL, published_at TEXT NOT NULL, created_by TEXT NOT NULL)
                """,
                "CREATE INDEX news_articles_recent ON news_articles (municipality_id, published_at)",
                """
                CREATE TABLE newsletters (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), audience_id TEXT \
                NOT NULL, audience_name TEXT NOT NULL,
                  subject TEXT NOT NULL, body TEXT NOT NULL, recipients BIGINT NOT NULL, created_by TEXT NOT NULL, \
                sent_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE newsletter_recipients (
                  id TEXT PRIMARY KEY, newsletter_id TEXT NOT NULL REFERENCES newsletters(id), municipality_id TEXT \
                NOT NULL, email TEXT NOT NULL,
                  language TEXT NOT NULL, mail_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, unsubscribed_at TEXT)
                """,
                "CREATE INDEX newsletter_recipients_newsletter ON newsletter_recipients (newsletter_id)",
                "CREATE INDEX newsletter_recipients_email ON newsletter_recipients (email)",
                """
                CREATE TABLE media_outlets (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, contact TEXT NOT NULL,
                  email TEXT NOT NULL, language TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (municipality_id, \
                email))
                """,
                """
                CREATE TABLE press_releases (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), title TEXT NOT \
                NULL, body TEXT NOT NULL,
                  outlets BIGINT NOT NULL, created_by TEXT NOT NULL, sent_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE radio_programmes (
                  id TEXT PRIMARY KEY, municipality_id TEXT NOT NULL REFERENCES municipalities(id), name TEXT NOT \
                NULL, station TEXT NOT NULL,
                  frequency TEXT NOT NULL, stream_url TEXT NOT NULL, weekday BIGINT NOT NULL, airs_at TEXT NOT NULL, \
                minutes BIGINT NOT NULL,
                  created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE radio_episodes (
                  id TEXT PRIMARY KEY, programme_id TEXT NOT NULL REFERENCES radio_programmes(id), aired_on TEXT NOT \
                NULL, title TEXT NOT NULL,
                  description TEXT NOT NULL)
                """,
                """
                CREATE TABLE radio_listeners (
                  id TEXT PRIMARY KEY, programme_id TEXT NOT NULL REFERENCES radio_programmes(id), from_on TEXT NOT \
                NULL, to_on TEXT NOT NULL,
                  listeners BIGINT NOT NULL, source TEXT NOT NULL, recorded_at TEXT NOT NULL)
                """,
            ])
    ]
}
