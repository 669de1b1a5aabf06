import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Opportunities

/// Projects, premises and knowledge transfer through the real router on both databases.
@Suite struct OpportunitiesTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let project = [
        "sector": "health", "title_bs": "Dom zdravlja — novo krilo", "title_de": "Gesundheitszentrum — neuer Flügel",
        "description_bs": "Partnerstvo za dijagnostički centar.", "location": "Ključ", "budget": "2.400.000",
        "model": "ppp",
        "status": "open", "contact": "dijaspora@kljuc.test",
    ]

    @Test(arguments: Backend.all)
    func membersExpressInterestAndTheOfficeFollowsItUp(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            let before = try await app.count("projects")
            #expect(
                try await officer.upload(
                    "/kljuc/staff/projects", Self.project.merging(["budget": "puno"]) { $1 }, files: []
                ).status == .unprocessableContent)
            #expect(
                try await officer.upload(
                    "/kljuc/staff/projects", Self.project,
                    files: [("documents", "slika.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))]
                ).status == .unprocessableContent)
            #expect(try await app.count("projects") == before)
            #expect(
                try await officer.upload(
                    "/kljuc/staff/projects", Self.project, files: [("documents", "studija.pdf", Self.pdf)]
                ).status == .seeOther)
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let id = try #require(
                try await OpportunityStore(env: app.environment).projects(kljuc.id).first { $0.sector == .health }?.id)

            let member = officer.sibling(address: "198.51.100.70")
            try await member.registerMember(app, email: "emir@example.org")
            let page = try await member.get("/kljuc/projects/\(id)")
            #expect(
                page.body.contains("Gesundheitszentrum — neuer Flügel") && page.body.contains("2.400.000 KM")
                    && page.body.contains("studija.pdf"))
            #expect(
                try await member.post("/kljuc/projects/\(id)/interest", ["kind": "invest", "message": ""]).status
                    == .unprocessableContent)
            #expect(
                try await member.post(
                    "/kljuc/projects/\(id)/interest", ["kind": "invest", "message": "Zanima me dijagnostika."]
                ).status == .seeOther)
            #expect(
                try await member.post("/kljuc/projects/\(id)/interest", ["kind": "invest", "message": "Opet"]).status
                    == .conflict)
            #expect(
                try await app.environment.ledger.total(
                    OpportunityStore.interest, municipalityID: kljuc.id, from: .distantPast, to: .distantFuture) == 1)

            let interest = try #require(try await OpportunityStore(env: app.environment).interests(id).first)
            #expect(
                try await officer.post(
                    "/kljuc/staff/projects/\(id)/interests/\(interest.id)",
                    ["stage": "in_talks", "note": "Sastanak u Luzernu"]
                ).status == .seeOther)
            let pipeline = try await officer.get("/kljuc/staff/projects/\(id)")
            #expect(pipeline.body.contains("Sastanak u Luzernu") && pipeline.body.contains("emir@example.org"))
            let jajce = officer.sibling(address: "203.0.113.97")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(try await jajce.get("/jajce/staff/projects/\(id)").status == .notFound)
            #expect(try await jajce.get("/jajce/projects/\(id)").status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func premisesGoToOneCompanyAndKnowledgeTransferCountsJobsAndHouseholds(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let store = OpportunityStore(env: app.environment)
            let premises = try #require(try await store.premises(jajce.id).first?.id, "Jajce's rebuilt building")
            let first = officer.sibling(address: "198.51.100.71"), second = officer.sibling(address: "198.51.100.72")
            try await first.registerMember(app, email: "firma1@example.org")
            try await second.registerMember(app, email: "firma2@example.org")
            #expect(
                try await first.post("/jajce/premises/\(premises)/apply", ["company": "", "activity": "IT"]).status
                    == .unprocessableContent)
            #expect(
                try await first.post(
                    "/jajce/premises/\(premises)/apply", ["company": "Alpen Soft GmbH", "activity": "Razvoj softvera"]
                ).status == .seeOther)
            #expect(
                try await second.post(
                    "/jajce/premises/\(premises)/apply", ["company": "Beč Trade", "activity": "Trgovina"]
                ).status == .seeOther)
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let applications = try await store.applications(jajce.id)
            let alpen = try #require(applications.first { $0.company == "Alpen Soft GmbH" }?.id),
                trade = try #require(applications.first { $0.company == "Beč Trade" }?.id)
            #expect(
                try await officer.post(
                    "/jajce/staff/premises/applications/\(alpen)/approve", ["note": "Ključevi u ponedjeljak."]
                ).status == .seeOther)
            #expect(
                try await officer.post("/jajce/staff/premises/applications/\(trade)/approve").status == .conflict,
                "already let")
            #expect(try await app.mails(to: "firma1@example.org").contains { $0.subject.contains("dodijeljen") })
            #expect(
                try await first.get("/jajce/premises").body.contains("Vergeben an Alpen Soft GmbH"),
                "in the member's German")

            let ljubuski = try #require(try await app.environment.municipalities.find(slug: "ljubuski"))
            let programme = try #require(try await store.programmes(ljubuski.id).first?.id)
            let staff = officer.sibling(address: "203.0.113.98")
            try await staff.signInStaff(app, role: .officer, slug: "ljubuski")
            #expect(
                try await staff.post(
                    "/ljubuski/staff/knowledge/\(programme)/outcomes",
                    [
                        "outcome_kind": "households", "quantity": "185", "happened_on": "2099-01-01",
                        "evidence": "x",
                    ]
                ).status == .unprocessableContent, "not in the future")
            #expect(
                try await staff.post(
                    "/ljubuski/staff/knowledge/\(programme)/outcomes",
                    [
                        "outcome_kind": "households", "quantity": "185", "happened_on": "2019-04-30",
                        "evidence": "Izvještaj udruge poljoprivrednika",
                    ]
                ).status == .seeOther)
            #expect(
                try await app.environment.ledger.total(
                    KnowledgeOutcome.households, municipalityID: ljubuski.id, from: Day(2018, 5, 15).date,
                    to: Day(2019, 5, 15).date) == 185)
            #expect(
                try await officer.post(
                    "/jajce/staff/knowledge/\(programme)/outcomes",
                    [
                        "outcome_kind": "jobs", "quantity": "1", "happened_on": "2019-01-01",
                        "evidence": "x",
                    ]
                ).status == .notFound, "another municipality's programme")
        }
    }
}
