using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Cases;
using Platform.Forms.Definitions;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Open311;

/// <summary>
/// GeoReport v2 service requests: posting one is submitting the service's form through <see cref="SubmissionIntake"/>,
/// so consent, validation and publishing follow exactly the rules of the forms API; reading one shows the submission
/// with the state of its case, asked of the cases service.
/// </summary>
public sealed class ServiceRequests(FormsDb db, Open311Callers callers, SubmissionIntake intake, ICasesApi cases)
{
    /// <summary>The spec's default: requests of the last 90 days, at most the first 1000.</summary>
    private static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(90);
    // The spec's own bound on one answer; ?limit= and ?offset= (this platform's paging) ask for smaller pages.
    public const int MaxRequests = 1000;

    /// <summary>A case in one of these stages is finished: the request reads as closed.</summary>
    private static readonly HashSet<string> ClosedStages = ["Decided", "Closed", "Withdrawn"];

    private static readonly string[] Statuses = ["open", "closed"];

    public async Task<IResult> PostAsync(string extension, HttpRequest request)
    {
        if (Open311Endpoints.FormatOf(extension) is not { } format)
        {
            return Open311Endpoints.UnknownFormat(extension);
        }

        if (!request.HasFormContentType)
        {
            return Open311Document.Errors(format, StatusCodes.Status400BadRequest,
                $"Post the request as application/x-www-form-urlencoded, not '{request.ContentType ?? "(none)"}'.");
        }

        var ct = request.HttpContext.RequestAborted;
        var form = await request.ReadFormAsync(ct);
        string? Argument(string name) => form[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

        var caller = await callers.AuthenticateAsync(request.HttpContext, Argument("api_key"));
        if (caller is null)
        {
            return InvalidApiKey(format);
        }

        var (municipality, refusal) = await Open311Endpoints.JurisdictionAsync(Argument("jurisdiction_id") ?? request.Query["jurisdiction_id"], format, request.HttpContext);
        if (municipality is null)
        {
            return refusal!;
        }

        if (Argument("service_code") is not { } serviceCode)
        {
            return Open311Document.Errors(format, StatusCodes.Status400BadRequest, "service_code is required.");
        }

        var service = (await db.ServicesOfAsync(municipality.Id, ct)).FirstOrDefault(s => s.Key == serviceCode);
        if (service is null)
        {
            return Open311Document.Errors(format, StatusCodes.Status404NotFound, $"service_code '{serviceCode}' is not a service of '{municipality.Id}'.");
        }

        var shape = ServiceShape.Of(service);
        var (answers, errors) = AnswersFrom(form, shape);
        if (errors.Count > 0)
        {
            return Open311Document.Errors(format, StatusCodes.Status400BadRequest, errors);
        }

        var data = JsonSerializer.SerializeToElement(answers);
        // The intake tells requests apart by fingerprint only under an Idempotency-Key, which GeoReport does not have.
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(data.GetRawText())));
        var outcome = await intake.SubmitAsync(municipality.Id, service.Key, caller, Argument("account_id"), data, idempotencyKey: null, fingerprint, ct);
        return outcome switch
        {
            SubmissionOutcome.Accepted accepted => new Open311Document("service_requests", new JsonArray(new JsonObject
            {
                ["service_request_id"] = accepted.Submission.Id.ToString(),
                ["service_notice"] = Notice(service),
                ["account_id"] = accepted.Submission.CitizenId,
            }), format),
            SubmissionOutcome.FormNotFound notFound => Open311Document.Errors(format, StatusCodes.Status404NotFound, notFound.Detail),
            SubmissionOutcome.Invalid invalid => Open311Document.Errors(format, StatusCodes.Status400BadRequest,
                invalid.Errors.SelectMany(field => field.Value.Select(message => $"{FieldOf(field.Key, shape)}: {message}"))),
            SubmissionOutcome.Forbidden forbidden => Open311Document.Errors(format, StatusCodes.Status403Forbidden, forbidden.Detail),
            SubmissionOutcome.ConsentUnavailable => Open311Document.Errors(format, StatusCodes.Status503ServiceUnavailable,
                "The citizen's consent could not be confirmed; nothing was submitted. Try again shortly."),
            _ => throw new InvalidOperationException($"Unexpected submission outcome {outcome.GetType().Name} without an Idempotency-Key."),
        };
    }

    public async Task<IResult> ListAsync(string extension, HttpRequest request)
    {
        if (Open311Endpoints.FormatOf(extension) is not { } format)
        {
            return Open311Endpoints.UnknownFormat(extension);
        }

        var ct = request.HttpContext.RequestAborted;
        var query = request.Query;
        var caller = await callers.AuthenticateAsync(request.HttpContext, query["api_key"]);
        if (caller is null)
        {
            return InvalidApiKey(format);
        }

        var (municipality, refusal) = await Open311Endpoints.JurisdictionAsync(query["jurisdiction_id"], format, request.HttpContext);
        if (municipality is null)
        {
            return refusal!;
        }

        var errors = new List<string>();
        var ids = ListOf(query["service_request_id"]);
        var wantedIds = ids.Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).ToList();
        if (wantedIds.Contains(null))
        {
            errors.Add("service_request_id: each must be a service_request_id this endpoint gave out.");
        }

        var start = Instant(query["start_date"], "start_date", errors);
        var end = Instant(query["end_date"], "end_date", errors);
        var (limit, offset) = (Open311Endpoints.Count(query["limit"], "limit", errors), Open311Endpoints.Count(query["offset"], "offset", errors));
        var statuses = ListOf(query["status"]);
        if (statuses.Except(Statuses).Any())
        {
            errors.Add("status: must be open, closed or both, comma-delimited.");
        }

        if (errors.Count > 0)
        {
            return Open311Document.Errors(format, StatusCodes.Status400BadRequest, errors);
        }

        var services = await ServiceVersionsAsync(municipality.Id, ct);
        var codes = services.Keys.Select(k => k.Key).Distinct().ToList();
        var matching = db.Submissions.VisibleTo(caller).Where(s => s.TenantId == municipality.Id && codes.Contains(s.FormKey));
        if (ids.Count > 0)
        {
            // Per the spec, naming requests by id overrides every other filter.
            var guids = wantedIds.Select(id => id!.Value).ToList();
            matching = matching.Where(s => guids.Contains(s.Id));
        }
        else
        {
            if (ListOf(query["service_code"]) is { Count: > 0 } serviceCodes)
            {
                matching = matching.Where(s => serviceCodes.Contains(s.FormKey));
            }

            var (from, until) = (start, end) switch
            {
                (null, null) => (DateTimeOffset.UtcNow - DefaultSpan, (DateTimeOffset?)null),
                (null, { } e) => (e - DefaultSpan, e),
                _ => (start!.Value, end),
            };
            matching = matching.Where(s => s.SubmittedAt >= from);
            if (until is { } last)
            {
                matching = matching.Where(s => s.SubmittedAt <= last);
            }
        }

        var submissions = await matching.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id)
            .PageAsync(limit, offset, request.HttpContext, ct, @default: MaxRequests, max: MaxRequests);
        var views = await ViewsAsync(submissions, services, municipality, ct);
        if (views is null)
        {
            return CasesUnavailable(format);
        }

        return new Open311Document("service_requests",
            new JsonArray([.. views.Where(v => ids.Count > 0 || statuses.Count == 0 || statuses.Contains((string)v["status"]!))]), format);
    }

    public async Task<IResult> GetAsync(string serviceRequestId, string extension, HttpRequest request)
    {
        if (Open311Endpoints.FormatOf(extension) is not { } format)
        {
            return Open311Endpoints.UnknownFormat(extension);
        }

        var ct = request.HttpContext.RequestAborted;
        var caller = await callers.AuthenticateAsync(request.HttpContext, request.Query["api_key"]);
        if (caller is null)
        {
            return InvalidApiKey(format);
        }

        var (municipality, refusal) = await Open311Endpoints.JurisdictionAsync(request.Query["jurisdiction_id"], format, request.HttpContext);
        if (municipality is null)
        {
            return refusal!;
        }

        var services = await ServiceVersionsAsync(municipality.Id, ct);
        var codes = services.Keys.Select(k => k.Key).Distinct().ToList();
        var submission = Guid.TryParse(serviceRequestId, out var id)
            ? await db.Submissions.VisibleTo(caller).FirstOrDefaultAsync(s => s.TenantId == municipality.Id && s.Id == id && codes.Contains(s.FormKey), ct)
            : null;
        if (submission is null)
        {
            return Open311Document.Errors(format, StatusCodes.Status404NotFound,
                $"'{municipality.Id}' has no service request '{serviceRequestId}' that you may read.");
        }

        var views = await ViewsAsync([submission], services, municipality, ct);
        return views is null ? CasesUnavailable(format) : new Open311Document("service_requests", new JsonArray([.. views]), format);
    }

    /// <summary>Every published version of the municipality's location-based forms, to read each request against the form it answered.</summary>
    private async Task<Dictionary<(string Key, int Version), FormDefinition>> ServiceVersionsAsync(string tenantId, CancellationToken ct) =>
        await db.Definitions.Where(d => d.TenantId == tenantId && d.IsLocationBased).ToDictionaryAsync(d => (d.Key, d.Version), ct);

    /// <summary>The requests as the spec shows them, with each one's case; null when the cases service could not say.</summary>
    private async Task<List<JsonObject>?> ViewsAsync(
        List<Submission> submissions, Dictionary<(string Key, int Version), FormDefinition> services, Jurisdiction.Municipality municipality, CancellationToken ct)
    {
        var found = new CaseSummary?[submissions.Count];
        var unavailable = false;
        await Parallel.ForAsync(0, submissions.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var response = await cases.FindBySubmissionAsync(municipality.Id, submissions[i].Id, token);
            if (response.IsSuccessful && response.Content is { } matching)
            {
                found[i] = matching.FirstOrDefault();
            }
            else
            {
                unavailable = true;
            }
        });

        return unavailable ? null : [.. submissions.Select((s, i) => View(s, found[i], services[(s.FormKey, s.FormVersion)], municipality))];
    }

    private static JsonObject View(Submission submission, CaseSummary? @case, FormDefinition form, Jurisdiction.Municipality municipality)
    {
        var shape = ServiceShape.Of(form);
        var answers = JsonNode.Parse(submission.Data)!.AsObject();
        var location = shape.Location is { } property ? answers[property] as JsonObject : null;
        var closed = @case is not null && ClosedStages.Contains(@case.Status);
        return new JsonObject
        {
            ["service_request_id"] = submission.Id.ToString(),
            ["status"] = closed ? "closed" : "open",
            // Until the cases service has opened the case (it follows the submission within moments), the request is received.
            ["status_notes"] = @case is null ? "Received; the case is being opened." : $"Case {@case.CaseNumber}: {@case.Status}.",
            ["service_name"] = form.Title,
            ["service_code"] = form.Key,
            ["description"] = shape.Description is { } d ? answers[d]?.DeepClone() : null,
            ["agency_responsible"] = municipality.Name,
            ["service_notice"] = Notice(form),
            ["requested_datetime"] = Open311Endpoints.Timestamp(submission.SubmittedAt),
            ["updated_datetime"] = Open311Endpoints.Timestamp(@case?.OpenedAt ?? submission.SubmittedAt),
            ["expected_datetime"] = form.ExpectedProcessingDays > 0 ? Open311Endpoints.Timestamp(submission.SubmittedAt.AddDays(form.ExpectedProcessingDays)) : null,
            ["address"] = shape.Address is { } address ? AnswerAt(answers, address) : null,
            ["address_id"] = null,
            ["zipcode"] = null,
            ["lat"] = location?["latitude"]?.DeepClone(),
            ["long"] = location?["longitude"]?.DeepClone(),
            ["media_url"] = null,
        };
    }

    /// <summary>
    /// The form's answers from the posted arguments: lat/long (and address_string) into the location property, description,
    /// and attribute[code] into the property named code. Whatever the form does not ask (email, names, device_id, media_url)
    /// is not kept: the citizen is account_id, whose profile the platform already holds.
    /// </summary>
    private static (JsonObject Answers, List<string> Errors) AnswersFrom(IFormCollection form, ServiceShape shape)
    {
        var answers = new JsonObject();
        var errors = new List<string>();
        string? Argument(string name) => form[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

        var (lat, lon, address) = (Argument("lat"), Argument("long"), Argument("address_string"));
        if ((lat is null || lon is null) && address is null)
        {
            errors.Add("lat and long, or address_string, are required: say where the problem is.");
        }
        else if ((lat is null) != (lon is null))
        {
            errors.Add("lat and long go together: send both.");
        }

        if (shape.Location is { } location)
        {
            var place = new JsonObject();
            if (lat is not null && lon is not null)
            {
                place["latitude"] = Coordinate(lat, "lat", errors);
                place["longitude"] = Coordinate(lon, "long", errors);
            }

            answers[location] = place;
        }

        if (address is not null && shape.Address is { } addressAt)
        {
            var segments = addressAt.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var parent = segments.Length > 1 ? answers[segments[0]]!.AsObject() : answers;
            parent[segments[^1]] = address;
        }

        if (Argument("description") is { } description && shape.Description is { } describedIn)
        {
            answers[describedIn] = description;
        }

        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal))
            {
                continue;
            }

            // attribute[code] once, attribute[code][] (or attribute[code] repeated) for each value of a multivaluelist.
            var code = key["attribute[".Length..].Replace("[]", "").TrimEnd(']');
            var attribute = shape.Attributes.FirstOrDefault(a => a.Code == code);
            if (attribute is null)
            {
                errors.Add($"attribute[{code}]: the service has no attribute '{code}'.");
                continue;
            }

            var answer = attribute.Answer([.. values.OfType<string>()], out var error);
            if (error is not null)
            {
                errors.Add($"attribute[{code}]: {error}");
            }
            else
            {
                answers[code] = answer;
            }
        }

        return (answers, errors);
    }

    private static JsonNode? Coordinate(string sent, string name, List<string> errors)
    {
        if (decimal.TryParse(sent, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees))
        {
            return JsonValue.Create(degrees);
        }

        errors.Add($"{name}: must be a decimal number of degrees (WGS84).");
        return null;
    }

    /// <summary>The spec's argument for a field the form's validation names by its JSON pointer.</summary>
    private static string FieldOf(string pointer, ServiceShape shape)
    {
        var path = pointer.StartsWith("/data", StringComparison.Ordinal) ? pointer["/data".Length..] : pointer;
        var top = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return path switch
        {
            "/citizenId" => "account_id",
            "" => "request",
            _ when shape.Address is { } address && path.StartsWith(address, StringComparison.Ordinal) => "address_string",
            _ when top == shape.Location => path.EndsWith("/longitude", StringComparison.Ordinal) ? "long"
                : path.EndsWith("/latitude", StringComparison.Ordinal) ? "lat" : "lat/long",
            _ when top == shape.Description => "description",
            _ => $"attribute[{top}]",
        };
    }

    private static JsonNode? AnswerAt(JsonObject answers, string pointer)
    {
        JsonNode? node = answers;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject fields ? fields[segment] : null;
        }

        return node?.DeepClone();
    }

    private static string? Notice(FormDefinition form) =>
        form.ExpectedProcessingDays > 0 ? $"{form.Title}: usually handled within {form.ExpectedProcessingDays} days." : null;

    private static DateTimeOffset? Instant(string? sent, string name, List<string> errors)
    {
        if (string.IsNullOrEmpty(sent))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(sent, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        errors.Add($"{name}: must be an ISO 8601 date and time, e.g. 2026-01-31T08:00:00Z.");
        return null;
    }

    private static List<string> ListOf(string? commaDelimited) =>
        [.. (commaDelimited ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Open311Document InvalidApiKey(Open311Format format) =>
        Open311Document.Errors(format, StatusCodes.Status403Forbidden,
            "api_key is missing or not valid: send an access token from the identity service with the scope forms.submit.");

    private static Open311Document CasesUnavailable(Open311Format format) =>
        Open311Document.Errors(format, StatusCodes.Status503ServiceUnavailable, "The state of the requests' cases could not be read; try again shortly.");
}

/// <summary>Which service requests a caller may read, as with submissions: a citizen their own, a partner those it made for citizens.</summary>
internal static class RequestVisibility
{
    public static IQueryable<Submission> VisibleTo(this IQueryable<Submission> submissions, ClaimsPrincipal caller)
    {
        if (caller.CitizenId() is { } citizen)
        {
            return submissions.Where(s => s.CitizenId == citizen);
        }

        return caller.IsPartner() && caller.OrganisationId() is { } partner
            ? submissions.Where(s => s.SubmittedVia == partner)
            : submissions.Where(_ => false);
    }
}
