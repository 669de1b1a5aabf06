import Foundation
import Platform
import SQLKit
import ZavicajServer

/// The rows of a whole country (`zavicaj bench country`), written by PostgreSQL itself from
/// `generate_series`: 143 municipalities, each with a department and a question category, and the
/// members, questions, mail and registry entries spread over them. Row `i` belongs to municipality
/// `i % 143`; times run evenly up to now, so the newest rows are the ones still open.
struct CountrySeed {
    let env: AppEnvironment
    let scale: Double
    let municipalities = 143
    var db: any SQLDatabase { env.database.sql }

    func count(_ full: Int) -> Int { max(1, Int(Double(full) * scale)) }

    /// An ISO instant in the text form the application stores, `seconds` after the epoch.
    static func instant(_ seconds: String) -> String {
        "to_char(to_timestamp(\(seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\".000Z\"')"
    }

    func run(step: (String, Int) -> Void) async throws {
        try await places()
        try await members(count(2_000_000))
        step("members (accounts, profiles, name words)", count(2_000_000))
        try await inquiries(count(5_000_000))
        step("inquiries with their messages", count(5_000_000))
        try await IndicatorBench.seed(count(10_000_000), municipalities: allMunicipalities(), env)
        step("ledger rows (and their daily totals)", count(10_000_000))
        try await MailBench.seed(sent: count(4_950_000), queued: count(50_000), env)
        step("mails (99 % delivered)", count(5_000_000))
        try await registry(count(1_000_000))
        step("registry entries (versions and search index)", count(1_000_000))
        try await db.raw("ANALYZE").run()
    }

    func allMunicipalities() async throws -> [String] {
        try await db.raw("SELECT id FROM bench_places ORDER BY k").values("id", as: String.self)
    }

    /// The demo's four municipalities and 139 more, numbered 0…142 in `bench_places`, each with the
    /// department and category a question is filed under.
    func places() async throws {
        try await db.raw(
            """
            INSERT INTO municipalities (id, slug, code, names, created_at)
            SELECT 'cm-' || g, 'opcina-' || g, 'C' || lpad(g::text, 3, '0'), '{"bs":"Općina ' || g || '"}', \
            '2026-01-01T00:00:00.000Z' FROM generate_series(1, 139) g
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO departments (id, municipality_id, names, created_at)
            SELECT 'cd-' || g, 'cm-' || g, '{"bs":"Ured za dijasporu"}', '2026-01-01T00:00:00.000Z' \
            FROM generate_series(1, 139) g
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO inquiry_categories (id, municipality_id, code, department_id, names, active, position)
            SELECT 'cc-' || g, 'cm-' || g, 'documents', 'cd-' || g, '{"bs":"Dokumenti"}', 1, 0 \
            FROM generate_series(1, 139) g
            """
        ).run()
        try await db.raw(
            """
            CREATE TABLE bench_places AS
            SELECT (row_number() OVER (ORDER BY m.slug) - 1)::int AS k, m.id, c.id AS category_id, \
            c.department_id FROM municipalities m
            JOIN LATERAL (SELECT id, department_id FROM inquiry_categories WHERE municipality_id = m.id \
            ORDER BY position, code LIMIT 1) c ON true
            """
        ).run()
        // Jajce, whose staff the benchmark signs in as, is place 0 (slugs sort it among the rest otherwise).
        try await db.raw(
            """
            UPDATE bench_places SET k = CASE WHEN id = (SELECT id FROM municipalities WHERE slug = 'jajce') THEN 0 \
            WHEN k < (SELECT k FROM bench_places b JOIN municipalities m ON m.id = b.id WHERE m.slug = 'jajce') \
            THEN k + 1 ELSE k END
            """
        ).run()
        try await db.raw("CREATE UNIQUE INDEX bench_places_k ON bench_places (k)").run()
    }

    /// Accounts and registry profiles; names "Prezime<n> Ime" with n shared by about 20 members.
    func members(_ n: Int) async throws {
        try await db.raw(
            """
            INSERT INTO accounts (id, email, password_hash, display_name, language, time_zone, created_at, \
            email_confirmed_at)
            SELECT 'ca-' || g, 'member' || g || '@example.net', '!', 'Prezime' || (g % 100000) || ' Ime', 'bs', \
            'Europe/Vienna', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, \
            \(unsafeRaw: String(n))) g
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO diaspora_profiles (id, account_id, municipality_id, country, city, since, profession, sector, \
            skills, languages, interests, associations, consent_newsletter, consent_contact, consent_directory, \
            name_key, updated_at)
            SELECT 'cp-' || g, 'ca-' || g, p.id, \
            (ARRAY['DE','DE','DE','AT','AT','CH','SE','US','CA','NO'])[1 + g % 10], \
            'Grad ' || (g % 50), 1990 + g % 30, 'Zanimanje', 'Sektor', \
            (ARRAY[',welding,',',nursing,',',it,',',trade,'])[1 + g % 4], 'bs,de', \
            (ARRAY[',investment,',',tourism,',',culture,'])[1 + g % 3], '', NULL, \
            CASE g % 2 WHEN 0 THEN '2026-01-01T00:00:00.000Z' END, NULL, 'prezime' || (g % 100000) || ' ime', \
            '2026-01-01T00:00:00.000Z'
            FROM generate_series(1, \(unsafeRaw: String(n))) g JOIN bench_places p ON p.k = g % \
            \(unsafeRaw: String(municipalities))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO diaspora_name_words (profile_id, municipality_id, word)
            SELECT id, municipality_id, split_part(name_key, ' ', 1) FROM diaspora_profiles WHERE id LIKE 'cp-%'
            UNION ALL SELECT id, municipality_id, 'ime' FROM diaspora_profiles WHERE id LIKE 'cp-%'
            """
        ).run()
    }

    /// Questions every 30 seconds up to now: the newest 1 % still open (those older than their deadline
    /// already warned about and escalated), the rest answered within 20 hours and closed; each with the
    /// question and, when answered, the answer.
    func inquiries(_ n: Int) async throws {
        let now = Int(env.clock.now().timeIntervalSince1970)
        let start = now - n * 30
        let t = "(\(start) + g::bigint * 30)"
        let open = n - n / 100
        let settled = now - 3600
        let at = Self.instant
        try await db.raw(
            """
            INSERT INTO inquiries (id, municipality_id, number, category_id, department_id, status, subject, language, \
            asker_name, asker_email, asker_time_zone, access_hash, reply_token, source, answer_hours, submitted_at, \
            confirmed_at, warn_at, due_at, pauses, first_answered_at, closed_at, warned_at, breached_at, updated_at)
            SELECT 'ci-' || g, p.id, 'C' || p.k || '-' || g, p.category_id, p.department_id, \
            CASE WHEN g > \(unsafeRaw: String(open)) THEN (CASE g % 2 WHEN 0 THEN 'open' ELSE 'assigned' END) \
            ELSE 'closed' END, 'Pitanje ' || g, 'bs', 'Prezime' || (g % 100000) || ' Ime', \
            'member' || (g % 2000000 + 1) || '@example.net', 'Europe/Vienna', 'x', 'ci-' || g, 'web', 48, \
            \(unsafeRaw: at(t)), \(unsafeRaw: at(t)), \(unsafeRaw: at("\(t) + 129600")), \
            \(unsafeRaw: at("\(t) + 172800")), '[]', \
            CASE WHEN g <= \(unsafeRaw: String(open)) THEN \(unsafeRaw: at("\(t) + 72000")) END, \
            CASE WHEN g <= \(unsafeRaw: String(open)) THEN \(unsafeRaw: at("\(t) + 86400")) END, \
            CASE WHEN g > \(unsafeRaw: String(open)) AND \(unsafeRaw: t) + 172800 < \(unsafeRaw: String(settled)) \
            THEN \(unsafeRaw: at("\(t) + 129600")) END, \
            CASE WHEN g > \(unsafeRaw: String(open)) AND \(unsafeRaw: t) + 172800 < \(unsafeRaw: String(settled)) \
            THEN \(unsafeRaw: at("\(t) + 172800")) END, \(unsafeRaw: at(t))
            FROM generate_series(1, \(unsafeRaw: String(n))) g JOIN bench_places p ON p.k = g % \
            \(unsafeRaw: String(municipalities))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO inquiry_messages (id, inquiry_id, author_kind, author_name, body, internal, created_at)
            SELECT 'cq-' || id, id, 'asker', asker_name, subject || ': molim informaciju o izvodu.', 0, submitted_at
            FROM inquiries WHERE id LIKE 'ci-%'
            UNION ALL
            SELECT 'ca-' || id, id, 'staff', 'Službenik', 'Poštovani, izvod šaljemo poštom.', 0, first_answered_at
            FROM inquiries WHERE id LIKE 'ci-%' AND first_answered_at IS NOT NULL
            """
        ).run()
    }

    /// Birth entries kept by every municipality, each with its first version and its search row;
    /// about four people share each name, every JMBG is its own.
    func registry(_ n: Int) async throws {
        try await db.raw(
            """
            INSERT INTO registry_entries (id, municipality_id, book, area, book_year, volume, page, number, \
            registered_on, created_at)
            SELECT 'ce-' || g, p.id, 'births', 'Bench', 1950 + g % 70, 1, 1 + g / 1000, g, \
            (1950 + g % 70) || '-01-15', \(unsafeRaw: Self.instant("1700000000 + g"))
            FROM generate_series(1, \(unsafeRaw: String(n))) g JOIN bench_places p ON p.k = g % \
            \(unsafeRaw: String(municipalities))
            """
        ).run()
        let jmbg = "lpad((g % 1000000000000)::text, 13, '0')"
        try await db.raw(
            """
            INSERT INTO registry_versions (id, entry_id, version, kind, fields, annotation, recorded_at, recorded_by, \
            recorded_by_name, seal)
            SELECT 'cv-' || g, 'ce-' || g, 1, 'entry', json_build_object('given_name', 'Ime', 'surname', \
            'Prezime' || (g % 250000), 'jmbg', \(unsafeRaw: jmbg), 'birth_date', (1950 + g % 70) || '-01-10', \
            'sex', 'female', 'birth_place', 'Bench')::text, '{}', '2026-01-01T00:00:00.000Z', 'bench', 'Bench', ''
            FROM generate_series(1, \(unsafeRaw: String(n))) g
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO registry_index (entry_id, municipality_id, jmbg, name_key, birth_date)
            SELECT e.id, e.municipality_id, lpad((substr(e.id, 4)::bigint % 1000000000000)::text, 13, '0'), \
            'ime prezime' || (substr(e.id, 4)::bigint % 250000), e.book_year || '-01-10'
            FROM registry_entries e WHERE e.id LIKE 'ce-%'
            """
        ).run()
    }
}
