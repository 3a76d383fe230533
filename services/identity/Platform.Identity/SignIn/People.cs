using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.SignIn;

/// <summary>Who a signed-in session or an earlier token stands for, as they are now.</summary>
internal static class People
{
    /// <summary>
    /// The identity to issue tokens for: a citizen as the eID vouched for them, a civil servant (or the platform
    /// admin) as the database has them now, so removed staff and changed roles take effect at the next token.
    /// Null when that person can no longer sign in.
    /// </summary>
    public static async Task<ClaimsIdentity?> CurrentAsync(ClaimsPrincipal signedIn, IdentityDb db, string authenticationType, CancellationToken ct)
    {
        var subject = signedIn.SubjectId();
        switch (signedIn.Party())
        {
            case Parties.Citizen when subject is not null:
                return PlatformIdentities.Citizen(authenticationType, subject, signedIn.Identity?.Name ?? subject);

            case Parties.CivilServant when Guid.TryParse(subject, out var id):
                // Sign-in acts for the whole network, before any municipality is chosen: the tenant filter does not apply.
                var servant = await db.CivilServants.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == id, ct);
                if (servant is not null)
                {
                    return PlatformIdentities.CivilServant(authenticationType, servant);
                }

                var administrator = await db.PlatformAdministrators.FirstOrDefaultAsync(a => a.Id == id, ct);
                return administrator is null ? null : PlatformIdentities.PlatformAdministrator(authenticationType, administrator);

            default:
                return null;
        }
    }
}
