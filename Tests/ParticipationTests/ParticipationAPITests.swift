import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@testable import Participation

/// Taking part through `/api/v1`, on both databases: a member abroad comments, proposes, supports and
/// answers a survey once each; a resident is refused a diaspora-only survey; nobody signed out writes.
@Suite struct ParticipationAPITests {
    @Test(arguments: Backend.all)
    func aMemberTakesPartThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kakanj")
            _ = try await officer.post(
                "/kakanj/staff/participation/consultations",
                ["title_bs": "Budžet 2027", "eligible": "both", "closes_at": "2026-12-01T12:00", "draft_bs": "Nacrt…"])
            _ = try await officer.post(
                "/kakanj/staff/participation/surveys",
                [
                    "title_bs": "Dani dijaspore", "eligible": "diaspora", "closes_at": "2026-12-01T12:00",
                    "questions": "single | Dolazite li? | Da | Ne\nmultiple | Šta vas zanima? | Muzika | Hrana | Sport",
                ])
            let open = try await officer.api(.get, "/api/v1/kakanj/participation")
            let consultation = try #require(
                (open.json["consultations"] as? [[String: Any]])?.first?["id"] as? String, "\(open.body)")
            let surveys = try #require(open.json["surveys"] as? [[String: Any]])
            let survey = try #require(
                surveys.first { ($0["title"] as? [String: String])?["bs"] == "Dani dijaspore" })
            #expect((survey["questions"] as? [[String: Any]])?.count == 2)
            let surveyID = try #require(survey["id"] as? String)

            let member = officer.sibling(address: "198.51.100.90")
            try await member.registerMember(app, email: "dijaspora@example.org")
            let token = try await member.token(app, email: "dijaspora@example.org", password: "sigurna-lozinka")
            #expect(
                try await member.api(.post, "/api/v1/kakanj/proposals", json: ["group": "diaspora", "title": "x"])
                    .status == .unauthorized)
            let proposal = try await member.api(
                .post, "/api/v1/kakanj/proposals",
                json: ["group": "diaspora", "title": "Info-punkt za dijasporu", "text": "Ljeti, u centru."],
                token: token)
            #expect(proposal.status == .created, "\(proposal.body)")
            let proposalID = try #require(proposal.json["id"] as? String)
            let supported = try await member.api(
                .post, "/api/v1/kakanj/proposals/\(proposalID)/support", json: ["group": "diaspora"], token: token)
            #expect((supported.json["supports"] as? [String: Int])?["diaspora"] == 1, "\(supported.body)")
            #expect(
                try await member.api(
                    .post, "/api/v1/kakanj/proposals/\(proposalID)/support", json: ["group": "diaspora"], token: token
                ).status == .conflict)
            let comment = try await member.api(
                .post, "/api/v1/kakanj/consultations/\(consultation)/comments",
                json: ["group": "diaspora", "text": "Više za sport."], token: token)
            #expect(comment.status == .created, "\(comment.body)")
            let wrong = try await member.api(
                .post, "/api/v1/kakanj/surveys/\(surveyID)/answers",
                json: ["group": "diaspora", "answers": [["Možda"], ["Hrana"]]], token: token)
            #expect((wrong.json["error"] as? [String: Any])?["field"] as? String == "q0")
            let answered = try await member.api(
                .post, "/api/v1/kakanj/surveys/\(surveyID)/answers",
                json: ["group": "diaspora", "answers": [["Da"], ["Hrana", "Muzika"]]], token: token)
            #expect(answered.status == .created, "\(answered.body)")
            #expect(try await app.count("ledger", "kind = 'participation'") == 4)

            let resident = officer.sibling(address: "198.51.100.91")
            try await resident.registerMember(app, email: "ovdje@example.org", language: "bs")
            let here = try await resident.token(app, email: "ovdje@example.org", password: "sigurna-lozinka")
            #expect(
                try await resident.api(
                    .post, "/api/v1/kakanj/surveys/\(surveyID)/answers",
                    json: ["group": "resident", "answers": [["Da"], []]], token: here
                ).status == .unprocessableContent, "the survey is for the diaspora")
        }
    }

    @Test(arguments: Backend.all)
    func staffOpenAndAnswerThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kakanj"))
            let consultation: [String: Any] = [
                "title": ["bs": "Budžet 2027", "de": "Haushalt 2027"], "eligible": "both",
                "closes_at": "2026-12-01T12:00", "draft": ["bs": "Nacrt budžeta…"],
            ]
            let wrong: [String: Any] = [
                "title": ["de": "Nur Deutsch"], "eligible": "all", "closes_at": "2020-01-01T00:00",
            ]
            let refused = try await client.api(.post, "/api/v1/kakanj/consultations", json: wrong, token: officer)
            let fields = (refused.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["title_bs", "eligible", "closes_at", "draft_bs"], "every wrong field: \(refused.body)")
            let opened = try await client.api(.post, "/api/v1/kakanj/consultations", json: consultation, token: officer)
            #expect(opened.status == .created, "\(opened.body)")
            let id = try #require(opened.json["id"] as? String)
            let early = try await client.api(
                .post, "/api/v1/kakanj/consultations/\(id)/response", json: ["response": "Hvala"], token: officer)
            #expect(early.status == .conflict, "answered only once closed")
            app.clock.advance(by: 14 * 86_400)
            let answered = try await client.api(
                .post, "/api/v1/kakanj/consultations/\(id)/response", json: ["response": "Prihvaćeno 12 prijedloga."],
                token: officer)
            #expect(answered.json["response"] as? String == "Prihvaćeno 12 prijedloga.", "\(answered.body)")

            let survey = try await client.api(
                .post, "/api/v1/kakanj/surveys",
                json: [
                    "title": ["bs": "Dani dijaspore"], "eligible": "diaspora", "closes_at": "2027-01-15T12:00",
                    "questions": "single | Dolazite li? | Da | Ne",
                ], token: officer)
            #expect((survey.json["questions"] as? [[String: Any]])?.count == 1, "\(survey.body)")

            try await client.registerMember(app, email: "amela@example.se")
            let member = try await client.token(app, email: "amela@example.se", password: "sigurna-lozinka")
            let proposal = try await client.api(
                .post, "/api/v1/kakanj/proposals",
                json: ["group": "diaspora", "title": "Wi-Fi u parku", "text": "Besplatan internet u centru."],
                token: member)
            let proposalID = try #require(proposal.json["id"] as? String, "\(proposal.body)")
            #expect(
                try await client.api(
                    .post, "/api/v1/kakanj/proposals/\(proposalID)/answer",
                    json: ["status": "accepted", "answer": "Da"],
                    token: member
                ).status == .notFound, "a member does not answer proposals")
            let answer = try await client.api(
                .post, "/api/v1/kakanj/proposals/\(proposalID)/answer",
                json: ["status": "accepted", "answer": "Uvršteno u plan za 2027."], token: officer)
            #expect(answer.json["status"] as? String == "accepted", "\(answer.body)")
        }
    }
}
