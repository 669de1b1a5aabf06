import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Participation

/// Consultations, proposals and surveys through the real router on both databases.
@Suite struct ParticipationTests {
    @Test func surveyQuestionsAreReadFromLines() throws {
        let questions = try SurveyQuestion.parse(
            "single | Koliko često? | Rijetko | Često\nmultiple | Šta? | A | B | C\ntext | Prijedlog")
        #expect(questions.map(\.kind) == [.single, .multiple, .text] && questions[1].choices == ["A", "B", "C"])
        #expect(throws: AppError.self) { try SurveyQuestion.parse("single | Samo jedan | odgovor") }
        #expect(throws: AppError.self) { try SurveyQuestion.parse("poll | X | a | b") }
        #expect(Eligibility.diaspora.admits(.resident) == false && Eligibility.both.admits(.resident))
    }

    @Test(arguments: Backend.all)
    func peopleTakePartOnceBeforeTheDeadlineAndResultsSplitDiasporaAndResidents(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kakanj")
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/consultations",
                    [
                        "title_bs": "Budžet 2027", "eligible": "both", "closes_at": "2026-01-01T00:00",
                        "draft_bs": "Nacrt budžeta…",
                    ]
                ).status == .unprocessableContent, "a deadline in the past")
            #expect(try await app.count("consultations") == 0)
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/consultations",
                    [
                        "title_bs": "Budžet 2027", "eligible": "both", "closes_at": "2026-12-01T12:00",
                        "draft_bs": "Nacrt budžeta…",
                    ]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/surveys",
                    [
                        "title_bs": "Dani dijaspore", "eligible": "diaspora", "closes_at": "2026-12-01T12:00",
                        "questions": "single | Dolazite li? | Da | Ne\ntext | Prijedlog",
                    ]
                ).status == .seeOther)
            let kakanj = try #require(try await app.environment.municipalities.find(slug: "kakanj"))
            let store = ParticipationStore(env: app.environment)
            let consultation = try #require(try await store.consultations(kakanj.id).first?.id)
            let survey = try #require(
                try await store.surveys(kakanj.id).first { $0.title[.bs] == "Dani dijaspore" }?.id)

            let abroad = officer.sibling(address: "198.51.100.80"), here = officer.sibling(address: "198.51.100.81")
            try await abroad.registerMember(app, email: "abroad@example.org")
            try await here.registerMember(app, email: "here@example.org", language: "bs")
            #expect(
                try await abroad.post(
                    "/kakanj/consultations/\(consultation)/comments", ["group": "diaspora", "text": ""]
                ).status == .unprocessableContent)
            #expect(
                try await abroad.post(
                    "/kakanj/consultations/\(consultation)/comments", ["group": "diaspora", "text": "Više za kulturu."]
                ).status == .seeOther)
            #expect(
                try await here.post(
                    "/kakanj/consultations/\(consultation)/comments", ["group": "resident", "text": "Više za puteve."]
                ).status == .seeOther)
            #expect(
                try await here.get("/kakanj/consultations/\(consultation)").body.contains("dijaspora 1, stanovnici 1"))

            // A proposal: one support per person.
            #expect(
                try await here.post(
                    "/kakanj/proposals", ["group": "resident", "title": "Bicikl staza", "text": "Uz rijeku Bosnu."]
                ).status == .seeOther)
            let proposal = try #require(try await store.proposals(kakanj.id).first?.id)
            #expect(
                try await abroad.post("/kakanj/proposals/\(proposal)/support", ["group": "diaspora"]).status
                    == .seeOther)
            #expect(
                try await abroad.post("/kakanj/proposals/\(proposal)/support", ["group": "diaspora"]).status
                    == .conflict)
            #expect(
                try await here.post("/kakanj/proposals/\(proposal)/support", ["group": "resident"]).status == .seeOther)

            // The survey is for the diaspora only, answered once, every question.
            #expect(
                try await here.post("/kakanj/surveys/\(survey)/answers", ["group": "resident", "q0": "Da", "q1": "x"])
                    .status == .unprocessableContent)
            #expect(
                try await abroad.post("/kakanj/surveys/\(survey)/answers", ["group": "diaspora", "q0": "Da"]).status
                    == .unprocessableContent, "the text question")
            #expect(
                try await abroad.post(
                    "/kakanj/surveys/\(survey)/answers", ["group": "diaspora", "q0": "Da", "q1": "Koncert"]
                ).status == .seeOther)
            #expect(
                try await abroad.post(
                    "/kakanj/surveys/\(survey)/answers", ["group": "diaspora", "q0": "Ne", "q1": "Opet"]
                ).status == .conflict)
            #expect(try await app.count("survey_answers") == 1)
            #expect(
                try await app.environment.ledger.total(
                    ParticipationRules.participation, municipalityID: kakanj.id, from: .distantPast, to: .distantFuture)
                    == 6)

            // The officer answers the proposal; after the deadline nothing more is taken, and results show.
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/consultations/\(consultation)/response", ["response": "Hvala."]
                ).status == .conflict, "still open")
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/proposals/\(proposal)/answer",
                    ["status": "accepted", "answer": "Ulazi u plan za 2027."]
                ).status == .seeOther)
            #expect(
                try await abroad.sibling(address: "198.51.100.82").get("/kakanj/proposals/\(proposal)").body.contains(
                    "Ulazi u plan za 2027."))
            app.clock.set(LocalTime.parse("2026-12-01T12:00")!)
            let late = try await here.post(
                "/kakanj/consultations/\(consultation)/comments", ["group": "resident", "text": "Kasno"])
            #expect(late.status == .unprocessableContent && late.body.contains("Rok je prošao"))
            #expect(try await app.count("consultation_comments") == 2, "nothing taken after the deadline")
            #expect(
                try await officer.post(
                    "/kakanj/staff/participation/consultations/\(consultation)/response",
                    ["response": "Kultura dobija 10 % više."]
                ).status == .seeOther)
            #expect(
                try await here.get("/kakanj/consultations/\(consultation)").body.contains("Kultura dobija 10 % više."))
            let results = try await here.get("/kakanj/surveys/\(survey)")
            #expect(results.body.contains("Učestvovalo: dijaspora 1, stanovnici 0") && results.body.contains("Koncert"))
        }
    }
}
