using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Cases;
using Platform.Contracts.Identity;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Open311;

/// <summary>
/// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at /open311/v2, for clients that speak only that
/// specification: a municipality (jurisdiction_id) offers its published location-based forms as services, and a
/// service request is a submission of one. Every resource comes as .xml or .json, and every refusal is the spec's
/// error document. The service catalogue is public; requests need an api_key (see <see cref="Open311Callers"/>).
/// </summary>
public static class Open311Endpoints
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    private const string BasePath = "/open311/v2";

    public static IHostApplicationBuilder AddOpen311(this IHostApplicationBuilder builder)
    {
        builder.AddServiceClient<ICasesApi>("cases", Scopes.CasesRead);
        builder.AddServiceClient<IOrganisationsApi>("identity", Scopes.OrganisationsRead);
        builder.Services.AddScoped<Jurisdictions>();
        builder.Services.AddScoped<Open311Callers>();
        builder.Services.AddScoped<ServiceRequests>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder routes)
    {
        // Anonymous to the platform's Bearer scheme: GeoReport clients authenticate with api_key, checked by the endpoints that need it.
        var open311 = routes.MapGroup(BasePath).WithTags("Open311 GeoReport v2").AllowAnonymous();
        open311.MapGet("/discovery.{format}", Discovery);
        open311.MapGet("/services.{format}", Services);
        open311.MapGet("/services/{serviceCode}.{format}", Definition);
        open311.MapPost("/requests.{format}", (string format, HttpRequest request, ServiceRequests requests) => requests.PostAsync(format, request));
        open311.MapGet("/requests.{format}", (string format, HttpRequest request, ServiceRequests requests) => requests.ListAsync(format, request));
        open311.MapGet("/requests/{serviceRequestId}.{format}", (string serviceRequestId, string format, HttpRequest request, ServiceRequests requests) =>
            requests.GetAsync(serviceRequestId, format, request));
        return routes;
    }

    /// <summary>The format named by the resource's extension; null for one the spec does not know.</summary>
    public static Open311Format? FormatOf(string extension) => extension switch
    {
        "xml" => Open311Format.Xml,
        "json" => Open311Format.Json,
        _ => null,
    };

    /// <summary>Answered in XML, the format every GeoReport client reads.</summary>
    public static Open311Document UnknownFormat(string extension) =>
        Open311Document.Errors(Open311Format.Xml, StatusCodes.Status404NotFound, $"Format '{extension}' is not offered; use .xml or .json.");

    /// <summary>
    /// The municipality named by jurisdiction_id, which this endpoint requires because it serves every municipality of
    /// the network; from here on the request sees only that municipality's rows. Otherwise the error document to answer.
    /// </summary>
    public static async Task<(Jurisdiction.Municipality? Municipality, Open311Document? Refusal)> JurisdictionAsync(
        string? jurisdictionId, Open311Format format, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(jurisdictionId))
        {
            return (null, Open311Document.Errors(format, StatusCodes.Status400BadRequest,
                "jurisdiction_id is required: this endpoint serves several municipalities; name one by its id (e.g. fjordby)."));
        }

        var found = await http.RequestServices.GetRequiredService<Jurisdictions>().FindAsync(jurisdictionId, http.RequestAborted);
        switch (found)
        {
            case Jurisdiction.Municipality municipality:
                http.RequestServices.GetRequiredService<TenantContext>().RestrictTo(municipality.Id);
                return (municipality, null);
            case Jurisdiction.Unknown:
                return (null, Open311Document.Errors(format, StatusCodes.Status404NotFound, $"jurisdiction_id '{jurisdictionId}' is not a municipality of this network."));
            default:
                return (null, Open311Document.Errors(format, StatusCodes.Status503ServiceUnavailable,
                    "The municipality register could not be reached; try again shortly."));
        }
    }

    /// <summary>The municipality's Open311 services: the latest published version of each of its location-based forms.</summary>
    public static async Task<List<FormDefinition>> ServicesOfAsync(this FormsDb db, string tenantId, CancellationToken ct)
    {
        var versions = await db.Definitions.Where(d => d.TenantId == tenantId && d.IsLocationBased).ToListAsync(ct);
        return [.. versions.GroupBy(d => d.Key).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Title, StringComparer.Ordinal)];
    }

    /// <summary>A paging parameter (limit, offset) as a whole number, or null when it is not sent.</summary>
    internal static int? Count(string? sent, string name, List<string> errors)
    {
        if (string.IsNullOrEmpty(sent))
        {
            return null;
        }

        if (int.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        errors.Add($"{name}: must be a whole number.");
        return null;
    }

    /// <summary>The spec's ISO 8601 subset, always with the offset.</summary>
    public static string Timestamp(DateTimeOffset instant) => instant.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'sszzz", CultureInfo.InvariantCulture);

    private static async Task<IResult> Discovery(string format, HttpRequest request, FormsDb db, IConfiguration configuration, CancellationToken ct)
    {
        if (FormatOf(format) is not { } chosen)
        {
            return UnknownFormat(format);
        }

        // Discovery spans every municipality, before any jurisdiction is named: the latest publication of any location-based
        // form (public information) tells clients when to refresh their cached service lists and definitions.
        var published = await db.Definitions.IgnoreQueryFilters().Where(d => d.IsLocationBased).Select(d => d.PublishedAt).ToListAsync(ct);
        var changeset = Timestamp(published.Count == 0 ? DateTimeOffset.UnixEpoch : published.Max());
        var issuer = configuration["Identity:Issuer"];
        return new Open311Document("discovery", new JsonObject
        {
            ["changeset"] = changeset,
            ["contact"] = "Each municipality answers for its own services; the network's platform team runs this endpoint.",
            ["key_service"] = $"An api_key is an access token from the identity service ({issuer}): a partner asks its token endpoint, " +
                "found in .well-known/openid-configuration, for client credentials with the scope forms.submit.",
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["specification"] = Specification,
                ["url"] = PublicBaseUrl(request),
                ["changeset"] = changeset,
                ["type"] = "production",
                ["formats"] = new JsonArray("text/xml", "application/json"),
            }),
        }, chosen);
    }

    private static async Task<IResult> Services(string format, HttpRequest request, FormsDb db, CancellationToken ct)
    {
        if (FormatOf(format) is not { } chosen)
        {
            return UnknownFormat(format);
        }

        var (municipality, refusal) = await JurisdictionAsync(request.Query["jurisdiction_id"], chosen, request.HttpContext);
        if (municipality is null)
        {
            return refusal!;
        }

        var errors = new List<string>();
        var (limit, offset) = (Count(request.Query["limit"], "limit", errors), Count(request.Query["offset"], "offset", errors));
        if (errors.Count > 0)
        {
            return Open311Document.Errors(chosen, StatusCodes.Status400BadRequest, errors);
        }

        var services = (await db.ServicesOfAsync(municipality.Id, ct)).Page(limit, offset, request.HttpContext, ServiceRequests.MaxRequests, ServiceRequests.MaxRequests);
        return new Open311Document("services", new JsonArray([.. services.Select(form => new JsonObject
        {
            ["service_code"] = form.Key,
            ["service_name"] = form.Title,
            ["description"] = form.Description,
            ["metadata"] = ServiceShape.Of(form).Attributes.Count > 0,
            // A request gets its service_request_id at once (no token to redeem later).
            ["type"] = "realtime",
            ["keywords"] = "",
            ["group"] = "",
        })]), chosen);
    }

    private static async Task<IResult> Definition(string serviceCode, string format, HttpRequest request, FormsDb db, CancellationToken ct)
    {
        if (FormatOf(format) is not { } chosen)
        {
            return UnknownFormat(format);
        }

        var (municipality, refusal) = await JurisdictionAsync(request.Query["jurisdiction_id"], chosen, request.HttpContext);
        if (municipality is null)
        {
            return refusal!;
        }

        var form = (await db.ServicesOfAsync(municipality.Id, ct)).FirstOrDefault(s => s.Key == serviceCode);
        if (form is null)
        {
            return Open311Document.Errors(chosen, StatusCodes.Status404NotFound, $"service_code '{serviceCode}' is not a service of '{municipality.Id}'.");
        }

        return new Open311Document("service_definition", new JsonObject
        {
            ["service_code"] = form.Key,
            ["attributes"] = new JsonArray([.. ServiceShape.Of(form).Attributes.Select(attribute => new JsonObject
            {
                ["variable"] = true,
                ["code"] = attribute.Code,
                ["datatype"] = attribute.Datatype,
                ["required"] = attribute.Required,
                ["datatype_description"] = attribute.DatatypeDescription,
                ["order"] = attribute.Order,
                ["description"] = attribute.Description,
                ["values"] = new JsonArray([.. attribute.Values.Select(value => new JsonObject { ["key"] = value.Key, ["name"] = value.Name })]),
            })]),
        }, chosen);
    }

    /// <summary>Where clients reach this endpoint: through the gateway, as its forwarded headers say, else as called.</summary>
    private static string PublicBaseUrl(HttpRequest request)
    {
        var scheme = request.Headers["X-Forwarded-Proto"].FirstOrDefault() ?? request.Scheme;
        var host = request.Headers["X-Forwarded-Host"].FirstOrDefault() ?? request.Host.Value;
        return $"{scheme}://{host}{BasePath}";
    }
}
