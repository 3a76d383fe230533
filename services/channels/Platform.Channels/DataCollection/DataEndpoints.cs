using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Consents;
using Platform.Channels.Partners;
using Platform.Contracts.Channels;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Validation;

namespace Platform.Channels.DataCollection;

/// <summary>
/// Data collection: a municipality's tenant admin publishes a data schema; a partner whose agreement grants it pushes
/// records against the latest version, about a citizen only under that citizen's standing consent in the municipality. A record that fails the schema is refused with every failing field by JSON
/// pointer and nothing is stored or published; a valid one is stored and PartnerDataReceived goes out in the same
/// transaction, for the cases service to attach to the case or citizen it names.
/// </summary>
public static partial class DataEndpoints
{
    public sealed record SchemaPublication(string? Title, JsonElement Schema);

    public static IEndpointRouteBuilder MapDataCollection(this IEndpointRouteBuilder routes)
    {
        var schemas = routes.MapGroup("/tenants/{tenantId}/data-schemas").WithTags("Data collection").ForTenant();
        schemas.MapPut("/{schemaKey}", Publish).RequireAuthorization(Policies.TenantAdmin);
        schemas.MapGet("/", async (ChannelsDb db, CancellationToken ct) =>
            (await db.DataSchemas.ToListAsync(ct)).GroupBy(s => s.Key).Select(g => View(g.MaxBy(s => s.Version)!)).ToList());
        schemas.MapGet("/{schemaKey}", async Task<Results<Ok<DataSchema>, ProblemHttpResult>> (string tenantId, string schemaKey, ChannelsDb db, CancellationToken ct) =>
            await db.LatestSchemaAsync(schemaKey, ct) is { } schema ? TypedResults.Ok(View(schema)) : SchemaNotFound(tenantId, schemaKey));

        routes.MapPartner("/tenants/{tenantId}/data/{schemaKey}/records").WithTags("Data collection")
            .RequireAuthorization(Policies.WriteData).ForTenant()
            .MapPost("/", Push);
        return routes;
    }

    private static async Task<Results<Created<DataSchema>, ValidationProblem>> Publish(
        string tenantId, string schemaKey, SchemaPublication publication, ClaimsPrincipal admin, ChannelsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = publication.Schema.ValueKind == JsonValueKind.Object
            ? JsonSchemaErrors.OfObjectSchema(publication.Schema.GetRawText(), "/schema")
            : new Dictionary<string, string[]> { ["/schema"] = ["The JSON Schema records must satisfy is required, as a JSON object."] };
        if (string.IsNullOrWhiteSpace(publication.Title))
        {
            errors["/title"] = ["Say what the records are, e.g. 'Monthly meter readings'."];
        }

        if (!Slug().IsMatch(schemaKey))
        {
            errors["/schemaKey"] = ["A slug of lower-case letters, digits and single hyphens, e.g. 'meter-readings'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The data schema is not valid.");
        }

        var latest = await db.LatestSchemaAsync(schemaKey, ct);
        var version = new DataSchemaVersion
        {
            TenantId = tenantId,
            Key = schemaKey,
            Version = (latest?.Version ?? 0) + 1,
            Title = publication.Title!,
            Schema = publication.Schema.GetRawText(),
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = admin.SubjectId()!,
        };
        db.DataSchemas.Add(version);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/tenants/{tenantId}/data-schemas/{schemaKey}", View(version));
    }

    private static async Task<Results<Created<DataRecord>, ValidationProblem, ProblemHttpResult>> Push(
        string partnerId, string tenantId, string schemaKey, DataRecordRequest record, ChannelsDb db, DataSchemas schemas, TimeProvider clock, CancellationToken ct)
    {
        var (agreement, refusal) = await db.ApprovedAgreementAsync(tenantId, partnerId, ct);
        if (agreement is null)
        {
            return refusal!;
        }

        if (!agreement.AllowsData(schemaKey))
        {
            return PartnerRoutes.Forbidden("Data not in the agreement",
                $"The agreement with '{tenantId}' does not let '{partnerId}' push '{schemaKey}' records; it grants {string.Join(", ", agreement.DataSchemas)}.");
        }

        if (await db.LatestSchemaAsync(schemaKey, ct) is not { } schema)
        {
            return SchemaNotFound(tenantId, schemaKey);
        }

        // What a partner knows of a citizen it may tell the municipality only while the citizen lets it act for them there.
        if (!string.IsNullOrWhiteSpace(record.CitizenId)
            && !await db.Consents.Standing(tenantId, partnerId, record.CitizenId, clock.GetUtcNow()).AnyAsync(ct))
        {
            return PartnerRoutes.Forbidden("No consent",
                $"Citizen '{record.CitizenId}' holds no standing consent for '{partnerId}' in municipality '{tenantId}'; nothing was stored.");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(record.CitizenId) && record.CaseId is null)
        {
            errors["/citizenId"] = ["Name the citizen the record concerns, the case it belongs to (caseId), or both."];
        }

        if (record.Data.ValueKind != JsonValueKind.Object)
        {
            errors["/data"] = ["The record is required, as a JSON object."];
        }
        else
        {
            foreach (var (pointer, messages) in schemas.Validate(schema, record.Data, "/data"))
            {
                errors[pointer] = messages;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: $"The record does not satisfy '{schemaKey}' version {schema.Version}.");
        }

        var entry = new DataRecordEntry
        {
            TenantId = tenantId,
            PartnerId = partnerId,
            SchemaKey = schemaKey,
            SchemaVersion = schema.Version,
            CitizenId = record.CitizenId,
            CaseId = record.CaseId,
            Data = record.Data.GetRawText(),
            ReceivedAt = clock.GetUtcNow(),
        };
        db.DataRecords.Add(entry);
        db.Publish(new PartnerDataReceived(entry.Id, tenantId, partnerId, schemaKey, entry.CitizenId, entry.CaseId, record.Data, entry.ReceivedAt), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/partners/{partnerId}/tenants/{tenantId}/data/{schemaKey}/records/{entry.Id}",
            new DataRecord(entry.Id, tenantId, schemaKey, schema.Version, entry.CitizenId, entry.CaseId, entry.ReceivedAt));
    }

    private static Task<DataSchemaVersion?> LatestSchemaAsync(this ChannelsDb db, string schemaKey, CancellationToken ct) =>
        db.DataSchemas.Where(s => s.Key == schemaKey).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);

    private static ProblemHttpResult SchemaNotFound(string tenantId, string schemaKey) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Data schema not found",
            detail: $"Municipality '{tenantId}' publishes no data schema '{schemaKey}'.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    private static DataSchema View(DataSchemaVersion s) =>
        new(s.TenantId, s.Key, s.Version, s.Title, JsonSerializer.Deserialize<JsonElement>(s.Schema), s.PublishedAt);
}
