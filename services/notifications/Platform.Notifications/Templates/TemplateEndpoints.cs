using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Templates;

/// <summary>
/// A municipality's tenant admin reads, rewrites and previews the wording of its notifications. A template is checked
/// when it is saved (or previewed): one that does not parse or render with sample data is a 400 naming the field, and
/// nothing is stored.
/// </summary>
public static class TemplateEndpoints
{
    public sealed record TemplateRequest(string? Subject, string? Body, string? Sms);

    public sealed record TemplateView(string Kind, string Language, string Subject, string Body, string Sms, bool IsDefault,
        IReadOnlyList<string> Placeholders, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    public sealed record PreviewView(string Kind, string Language, string Subject, string Body, string Sms, IReadOnlyDictionary<string, object?> SampleData);

    public static IEndpointRouteBuilder MapTemplates(this IEndpointRouteBuilder routes)
    {
        var templates = routes.MapGroup("/tenants/{tenantId}/templates").WithTags("Templates")
            .RequireAuthorization(Policies.TenantAdmin).ForTenant();
        templates.MapGet("/", List);
        templates.MapGet("/{kind}/{language}", Get);
        templates.MapPut("/{kind}/{language}", Save);
        templates.MapDelete("/{kind}/{language}", Revert);
        templates.MapPost("/{kind}/{language}/preview", Preview);
        return routes;
    }

    private static async Task<List<TemplateView>> List(NotificationsDb db, CancellationToken ct)
    {
        var own = await db.Templates.ToListAsync(ct);
        return
        [
            .. NotificationKind.All.SelectMany(kind => DefaultTemplates.Languages
                .Union(own.Where(t => t.Kind == kind.Name).Select(t => t.Language))
                .Select(language => ViewOf(kind, language, own.FirstOrDefault(t => t.Kind == kind.Name && t.Language == language)))
                .OfType<TemplateView>()),
        ];
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Get(string kind, string language, NotificationsDb db, CancellationToken ct)
    {
        if (Unknown(kind, language) is { } unknown)
        {
            return unknown;
        }

        var known = NotificationKind.Find(kind)!;
        var own = await db.Templates.FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        return ViewOf(known, language, own) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No template",
                detail: $"There is no {kind} template in '{language}' yet; PUT one, or notices fall back to the municipality's language.");
    }

    private static async Task<Results<Ok<TemplateView>, ValidationProblem, ProblemHttpResult>> Save(
        string tenantId, string kind, string language, TemplateRequest request, ClaimsPrincipal caller, NotificationsDb db, TimeProvider clock, CancellationToken ct)
    {
        if (Unknown(kind, language) is { } unknown)
        {
            return unknown;
        }

        var known = NotificationKind.Find(kind)!;
        var text = new TemplateText(request.Subject ?? "", request.Body ?? "", request.Sms ?? "");
        var errors = TemplateRenderer.Check(text, known);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The template cannot be used.");
        }

        var template = await db.Templates.FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        if (template is null)
        {
            template = new NotificationTemplate { TenantId = tenantId, Kind = kind, Language = language, Subject = text.Subject, Body = text.Body, Sms = text.Sms };
            db.Templates.Add(template);
        }

        template.Subject = text.Subject;
        template.Body = text.Body;
        template.Sms = text.Sms;
        template.UpdatedAt = clock.GetUtcNow();
        template.UpdatedBy = caller.SubjectId();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ViewOf(known, language, template)!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revert(string kind, string language, NotificationsDb db, CancellationToken ct)
    {
        if (Unknown(kind, language) is { } unknown)
        {
            return unknown;
        }

        var deleted = await db.Templates.Where(t => t.Kind == kind && t.Language == language).ExecuteDeleteAsync(ct);
        return deleted > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No template of the municipality's own",
                detail: $"The municipality has no {kind} template of its own in '{language}'.");
    }

    /// <summary>Renders the draft in the body, or without a body the template in use, with the kind's sample data.</summary>
    private static async Task<Results<Ok<PreviewView>, ValidationProblem, ProblemHttpResult>> Preview(
        string tenantId, string kind, string language, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TemplateRequest? draft,
        TemplateLibrary library, IOptions<NotificationsOptions> options, CancellationToken ct)
    {
        if (Unknown(kind, language) is { } unknown)
        {
            return unknown;
        }

        var known = NotificationKind.Find(kind)!;
        var text = draft is null
            ? (await library.ChooseAsync(tenantId, known, language, ct)).Text
            : new TemplateText(draft.Subject ?? "", draft.Body ?? "", draft.Sms ?? "");
        var errors = TemplateRenderer.Check(text, known);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The template cannot be used.");
        }

        var sample = known.SampleData.ToDictionary(p => p.Key, p => p.Key == "municipality" ? tenantId : p.Value);
        var rendered = TemplateRenderer.Render(text, sample, options.Value.For(tenantId).Zone);
        return TypedResults.Ok(new PreviewView(kind, language, rendered.Subject, rendered.Body, rendered.Sms, sample));
    }

    private static ProblemHttpResult? Unknown(string kind, string language) =>
        NotificationKind.Find(kind) is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown kind of notification",
                detail: $"'{kind}' is not a kind of notification. Known: {string.Join(", ", NotificationKind.All.Select(k => k.Name))}.")
            : !Languages.IsSupported(language)
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unsupported language",
                    detail: $"'{language}' is not a language notices are written in. Supported: {string.Join(", ", Languages.Supported)}.")
                : null;

    private static TemplateView? ViewOf(NotificationKind kind, string language, NotificationTemplate? own) =>
        own is not null
            ? new TemplateView(kind.Name, language, own.Subject, own.Body, own.Sms, false, kind.Placeholders, own.UpdatedAt, own.UpdatedBy)
            : DefaultTemplates.Find(kind, language) is { } text
                ? new TemplateView(kind.Name, language, text.Subject, text.Body, text.Sms, true, kind.Placeholders, null, null)
                : null;
}
