using System.Security.Claims;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The claims the identity service puts in every access token and every other service reads. Short
/// JWT names, kept as they travel (inbound claim mapping is off), so a token decoded by hand reads the same.
/// </summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Role = "role";

    /// <summary>Who the caller is in the network: one of <see cref="Parties"/>.</summary>
    public const string Party = "party";

    /// <summary>The municipality a civil servant works for; absent for everyone else.</summary>
    public const string Tenant = "tenant";

    /// <summary>The organisation behind a partner's or a civil servant's token.</summary>
    public const string Organisation = "org";
}

public static class Parties
{
    public const string Citizen = "citizen";
    public const string CivilServant = "civil-servant";
    public const string Partner = "partner";

    /// <summary>One of the network's own services, calling another with a client-credentials token.</summary>
    public const string Service = "service";
}

public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string FormDesigner = "form-designer";
    public const string TenantAdmin = "tenant-admin";
    public const string PlatformAdmin = "platform-admin";

    public static readonly IReadOnlyList<string> OfCivilServants = [Caseworker, FormDesigner, TenantAdmin];
}

/// <summary>What a client-credentials client may be granted; each belongs to one API (the token's audience).</summary>
public static class Scopes
{
    public const string FormsSubmit = "forms.submit";

    /// <summary>Reading published forms from another service (cases validating an answer against its form's schema).</summary>
    public const string FormsRead = "forms.read";
    public const string CasesRead = "cases.read";
    public const string WebhooksManage = "webhooks.manage";
    public const string DataWrite = "data.write";
    public const string ConsentsRead = "consents.read";
    public const string OrganisationsRead = "organisations.read";

    /// <summary>The API (audience) each scope is for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Audience = new Dictionary<string, string>
    {
        [FormsSubmit] = Audiences.Forms,
        [FormsRead] = Audiences.Forms,
        [CasesRead] = Audiences.Cases,
        [WebhooksManage] = Audiences.Channels,
        [DataWrite] = Audiences.Channels,
        [ConsentsRead] = Audiences.Identity,
        [OrganisationsRead] = Audiences.Identity,
    };
}

/// <summary>The APIs of the network, as they appear in a token's <c>aud</c> claim.</summary>
public static class Audiences
{
    public const string Identity = "identity";
    public const string Forms = "forms";
    public const string Cases = "cases";
    public const string Channels = "channels";
    public const string Notifications = "notifications";

    public static readonly IReadOnlyList<string> All = [Identity, Forms, Cases, Channels, Notifications];
}

/// <summary>Reading the caller out of a validated access token.</summary>
public static class Caller
{
    public static string? Party(this ClaimsPrincipal caller) => caller.FindFirstValue(PlatformClaims.Party);

    public static string? TenantId(this ClaimsPrincipal caller) => caller.FindFirstValue(PlatformClaims.Tenant);

    public static string? OrganisationId(this ClaimsPrincipal caller) => caller.FindFirstValue(PlatformClaims.Organisation);

    public static string? SubjectId(this ClaimsPrincipal caller) => caller.FindFirstValue(PlatformClaims.Subject);

    public static bool IsCitizen(this ClaimsPrincipal caller) => caller.Party() == Parties.Citizen;

    public static bool IsCivilServant(this ClaimsPrincipal caller) => caller.Party() == Parties.CivilServant;

    public static bool IsPartner(this ClaimsPrincipal caller) => caller.Party() == Parties.Partner;

    /// <summary>The citizen's own id when the caller is a citizen; null for every other party.</summary>
    public static string? CitizenId(this ClaimsPrincipal caller) => caller.IsCitizen() ? caller.SubjectId() : null;

    /// <summary>Scopes arrive as one space-separated claim (RFC 9068) or, from some issuers, one claim each.</summary>
    public static bool HasScope(this ClaimsPrincipal caller, string scope) =>
        caller.FindAll(PlatformClaims.Scope).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope));
}
