import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/…` for a business forum, as its pages: the organisers build the programme (sessions,
/// questions, meeting slots) and record outcomes; a participant, by their ticket (the key, or their own
/// account), publishes what they offer and seek, asks others to meet, accepts or declines, and records
/// what came of it.
struct ForumAPI: Sendable {
    let env: AppEnvironment
    var forum: ForumStore { ForumStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let organisers = router.staffAPIGroup(env, roles: EventService.organisers)
        organisers.post("events/:id/sessions") { request, context in
            let (scope, event) = try await EventsAPI(env: env).organised(context)
            let body = try await JSONBody.decode(SessionBody.self, request)
            let session = try EventSession.check(body.fields, event: event)
            try await EventStore(env.database.sql).insert(session)
            try await audit(context, scope, event, "event.session \(session.title[.bs])")
            return try Response.json(try await EventsAPI(env: env).json(event), status: .created)
        }
        organisers.post("events/:id/questions") { request, context in
            let (scope, event) = try await EventsAPI(env: env).organised(context)
            let body = try await JSONBody.decode(QuestionBody.self, request)
            let question = try Question.check(body.fields)
            try await EventStore(env.database.sql).setQuestions(event.questions + [question], of: event.id)
            try await audit(context, scope, event, "event.question \(question.kind.rawValue)")
            var updated = event
            updated.questions.append(question)
            return try Response.json(try await EventsAPI(env: env).json(updated), status: .created)
        }
        organisers.post("events/:id/slots") { request, context in
            let (_, event) = try await EventsAPI(env: env).organised(context)
            guard event.hasMatchmaking else { throw AppError.notFound }
            let body = try await JSONBody.decode(SlotBody.self, request)
            let slot = try await forum.addSlot(try FieldsBody.fields(of: body), event: event, actor: context.actor)
            return try Response.json(SlotJSON(slot), status: .created)
        }
        organisers.post("events/:id/outcomes") { request, context in
            let (scope, event) = try await EventsAPI(env: env).organised(context)
            guard event.hasMatchmaking else { throw AppError.notFound }
            let body = try await JSONBody.decode(OutcomeBody.self, request)
            try await forum.record(
                try ForumOutcome.check(try FieldsBody.fields(of: body), eventID: event.id), event: event,
                recordedBy: scope.account.id, actor: context.actor)
            return Response(status: .created)
        }
        addParticipantRoutes(to: router.municipalityGroup(env, prefix: "api/v1/"))
    }

    func addParticipantRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("tickets/:code/forum") { request, context in
            let (_, _, r) = try await participant(request, context, key: request.query("key"))
            return try Response.json(try await view(r))
        }
        api.post("tickets/:code/forum/profile") { request, context in
            let body = try await JSONBody.decode(ForumProfileBody.self, request)
            let (_, _, r) = try await participant(request, context, key: body.key)
            var fields = try FieldsBody.fields(of: body)
            fields["published"] = body.published == true ? "yes" : "no"
            try await forum.save(
                try ForumProfile.check(fields, kinds: body.kinds ?? [], registration: r), at: env.clock.now())
            return try Response.json(try await view(r))
        }
        api.post("tickets/:code/forum/meetings") { request, context in
            let body = try await JSONBody.decode(MeetingBody.self, request)
            let (_, _, r) = try await participant(request, context, key: body.key)
            try await forum.request(from: r, to: body.invitee ?? "", message: body.message, at: env.clock.now())
            return try Response.json(try await view(r), status: .created)
        }
        api.post("tickets/:code/forum/meetings/:meeting/accept") { request, context in
            let body = try await JSONBody.decode(TicketKeyBody.self, request)
            let (_, event, r) = try await participant(request, context, key: body.key)
            try await forum.accept(context.parameters.get("meeting") ?? "", by: r, event: event)
            return try Response.json(try await view(r))
        }
        api.post("tickets/:code/forum/meetings/:meeting/decline") { request, context in
            let body = try await JSONBody.decode(TicketKeyBody.self, request)
            let (_, _, r) = try await participant(request, context, key: body.key)
            try await forum.decline(context.parameters.get("meeting") ?? "", by: r)
            return try Response.json(try await view(r))
        }
        api.post("tickets/:code/forum/outcomes") { request, context in
            let body = try await JSONBody.decode(ParticipantOutcomeBody.self, request)
            let (_, event, r) = try await participant(request, context, key: body.key)
            try await forum.record(
                try ForumOutcome.check(try FieldsBody.fields(of: body), eventID: event.id), event: event,
                recordedBy: r.id, actor: context.actor)
            return Response(status: .created)
        }
    }

    func participant(_ request: Request, _ context: AppRequestContext, key: String?) async throws -> (
        Municipality, Event, Registration
    ) {
        try await ForumPages(env: env).participant(request, context, key: key)
    }

    func audit(_ context: AppRequestContext, _ scope: StaffScope, _ event: Event, _ detail: String) async throws {
        try await env.audit.record(
            context.actor, String(detail.prefix { $0 != " " }), objectType: "event", objectID: event.id,
            municipalityID: scope.municipality.id, detail: detail)
    }

    /// What the forum page shows a participant: the published profiles and their own meetings.
    func view(_ r: Registration) async throws -> ForumJSON {
        ForumJSON(
            profiles: try await forum.profiles(r.eventID).filter {
                $0.profile.published || $0.profile.registrationID == r.id
            }
            .map { ForumJSON.Profile($0.profile, name: $0.name, organisation: $0.organisation) },
            meetings: try await forum.meetings(of: r.id).map {
                ForumJSON.Meeting(
                    id: $0.meeting.id, requester: $0.requester, invitee: $0.invitee, status: $0.meeting.status.rawValue,
                    message: $0.meeting.message, starts_at: $0.starts.map(Timestamp.text), table: $0.meeting.table,
                    mine_to_answer: $0.meeting.inviteeID == r.id && $0.meeting.status == .requested)
            })
    }
}
