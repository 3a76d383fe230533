using Microsoft.AspNetCore.Authorization;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Cases;

/// <summary>
/// Who may take part in a case beyond reading its status (<see cref="Policies.ReadCases"/>, which partners and the
/// network's services hold too): the thread, the answers and the partner data are between the citizen and the
/// municipality's caseworkers; the audit log is for the municipality's caseworkers and its tenant admin.
/// </summary>
public static class CasePolicies
{
    public const string CaseParties = "case-parties";
    public const string ReadAudit = "read-case-audit";

    public static IServiceCollection AddCasePolicies(this IServiceCollection services) => services.AddAuthorization(options =>
    {
        options.AddPolicy(CaseParties, p => p.RequireAssertion(c => c.User.IsCitizen() || IsCivilServantWith(c, Roles.Caseworker)));
        options.AddPolicy(ReadAudit, p => p.RequireAssertion(c => IsCivilServantWith(c, Roles.Caseworker) || IsCivilServantWith(c, Roles.TenantAdmin)));
    });

    private static bool IsCivilServantWith(AuthorizationHandlerContext context, string role) =>
        context.User.IsCivilServant() && context.User.TenantId() is not null && context.User.IsInRole(role);
}
