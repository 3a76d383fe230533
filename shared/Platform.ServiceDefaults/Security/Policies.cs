using Microsoft.AspNetCore.Authorization;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The network's named authorization policies, defined once so that "who may read cases" means the same
/// in every service. Endpoints say <c>.RequireAuthorization(Policies.ReadCases)</c>; an endpoint that names
/// none still needs a valid token (the fallback policy), so nothing is open by accident.
/// </summary>
public static class Policies
{
    public const string Citizen = "citizen";
    public const string Caseworker = "caseworker";
    public const string FormDesigner = "form-designer";
    public const string TenantAdmin = "tenant-admin";
    public const string PlatformAdmin = "platform-admin";

    /// <summary>A citizen for themself, or a partner or service holding forms.submit (and, for a citizen, their consent).</summary>
    public const string SubmitForms = "submit-forms";

    /// <summary>A caseworker of the tenant, the citizen whose case it is, or a client holding cases.read.</summary>
    public const string ReadCases = "read-cases";

    public const string ManageWebhooks = "manage-webhooks";
    public const string WriteData = "write-data";

    /// <summary>A service checking whether a partner may act for a citizen.</summary>
    public const string ReadConsents = "read-consents";

    internal static void AddPlatformPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Citizen, p => p.RequireClaim(PlatformClaims.Party, Parties.Citizen));
        options.AddPolicy(Caseworker, p => p.RequireCivilServantRole(Roles.Caseworker));
        options.AddPolicy(FormDesigner, p => p.RequireCivilServantRole(Roles.FormDesigner));
        options.AddPolicy(TenantAdmin, p => p.RequireCivilServantRole(Roles.TenantAdmin));
        options.AddPolicy(PlatformAdmin, p => p.RequireClaim(PlatformClaims.Role, Roles.PlatformAdmin));

        options.AddPolicy(SubmitForms, p => p.RequireAssertion(c => c.User.IsCitizen() || c.User.HasScope(Scopes.FormsSubmit)));
        options.AddPolicy(ReadCases, p => p.RequireAssertion(c =>
            c.User.IsCitizen() || c.User.HasScope(Scopes.CasesRead) || (c.User.IsCivilServant() && c.User.IsInRole(Roles.Caseworker))));
        options.AddPolicy(ManageWebhooks, p => p.RequireAssertion(c => c.User.HasScope(Scopes.WebhooksManage)));
        options.AddPolicy(WriteData, p => p.RequireAssertion(c => c.User.HasScope(Scopes.DataWrite)));
        options.AddPolicy(ReadConsents, p => p.RequireAssertion(c => c.User.HasScope(Scopes.ConsentsRead)));
    }

    private static AuthorizationPolicyBuilder RequireCivilServantRole(this AuthorizationPolicyBuilder policy, string role) => policy
        .RequireClaim(PlatformClaims.Party, Parties.CivilServant)
        .RequireClaim(PlatformClaims.Tenant)
        .RequireRole(role);
}
