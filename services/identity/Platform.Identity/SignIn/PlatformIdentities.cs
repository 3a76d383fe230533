using System.Security.Claims;
using OpenIddict.Abstractions;
using Platform.Identity.CivilServants;
using Platform.ServiceDefaults.Security;
using Oidc = OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.SignIn;

/// <summary>
/// The claims of each kind of caller, named as <see cref="PlatformClaims"/> so every service reads them alike. The
/// same identity serves the identity service's sign-in session and, with destinations set, the tokens it issues.
/// </summary>
public static class PlatformIdentities
{
    public static ClaimsIdentity Citizen(string authenticationType, string citizenId, string name) =>
        New(authenticationType, citizenId, Parties.Citizen, name);

    public static ClaimsIdentity CivilServant(string authenticationType, CivilServant servant)
    {
        var identity = New(authenticationType, servant.Id.ToString(), Parties.CivilServant, servant.DisplayName);
        identity.AddClaim(new Claim(PlatformClaims.Tenant, servant.TenantId));
        identity.AddClaim(new Claim(PlatformClaims.Organisation, servant.TenantId));
        foreach (var role in servant.Roles)
        {
            identity.AddClaim(new Claim(PlatformClaims.Role, role));
        }

        return identity;
    }

    /// <summary>A civil servant of the platform itself: no municipality, so no tenant claim opens any municipality's data.</summary>
    public static ClaimsIdentity PlatformAdministrator(string authenticationType, PlatformAdministrator administrator)
    {
        var identity = New(authenticationType, administrator.Id.ToString(), Parties.CivilServant, administrator.DisplayName);
        identity.AddClaim(new Claim(PlatformClaims.Role, Roles.PlatformAdmin));
        return identity;
    }

    /// <summary>A partner's or a service's own client-credentials identity: the client is its own subject.</summary>
    public static ClaimsIdentity Client(string authenticationType, string clientId, string party, string? organisation)
    {
        var identity = New(authenticationType, clientId, party, name: null);
        if (organisation is not null)
        {
            identity.AddClaim(new Claim(PlatformClaims.Organisation, organisation));
        }

        return identity;
    }

    /// <summary>
    /// OpenIddict puts a claim into a token only when told to: the platform claims go into the access token; the
    /// ID token (when openid was asked for) gets the subject and the display name.
    /// </summary>
    public static ClaimsIdentity WithTokenDestinations(this ClaimsIdentity identity) => identity.SetDestinations(claim => claim.Type switch
    {
        PlatformClaims.Subject => [Oidc.Destinations.AccessToken, Oidc.Destinations.IdentityToken],
        Oidc.Claims.Name => [Oidc.Destinations.IdentityToken],
        PlatformClaims.Party or PlatformClaims.Tenant or PlatformClaims.Organisation or PlatformClaims.Role => [Oidc.Destinations.AccessToken],
        _ => [],
    });

    private static ClaimsIdentity New(string authenticationType, string subject, string party, string? name)
    {
        var identity = new ClaimsIdentity(authenticationType, Oidc.Claims.Name, PlatformClaims.Role);
        identity.AddClaim(new Claim(PlatformClaims.Subject, subject));
        identity.AddClaim(new Claim(PlatformClaims.Party, party));
        if (name is not null)
        {
            identity.AddClaim(new Claim(Oidc.Claims.Name, name));
        }

        return identity;
    }
}
