using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Identity.CivilServants;

/// <summary>
/// The one-time bootstrap of a real network's first platform administrator, from <c>Identity:Bootstrap:AdminEmail</c>
/// and <c>Identity:Bootstrap:AdminPassword</c> (a Kubernetes Secret the operator creates). It acts only while no platform
/// administrator exists; the initial password must be changed at the first sign-in, after which the Secret can go.
/// </summary>
public sealed class FirstAdministrator(
    IConfiguration configuration, PasswordHasher<PlatformAdministrator> passwords, ILogger<FirstAdministrator> logger) : IDatabaseSeeder<IdentityDb>
{
    public const string EmailSetting = "Identity:Bootstrap:AdminEmail";
    public const string PasswordSetting = "Identity:Bootstrap:AdminPassword";

    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        var email = configuration[EmailSetting]?.Trim().ToLowerInvariant();
        var password = configuration[PasswordSetting];
        if (await db.PlatformAdministrators.AnyAsync(cancellationToken))
        {
            if (!string.IsNullOrEmpty(email))
            {
                logger.LogInformation("A platform administrator exists, so {Setting} is not used; its Secret can be deleted", EmailSetting);
            }

            return;
        }

        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            logger.LogWarning("There is no platform administrator yet: set {EmailSetting} and {PasswordSetting} to bootstrap the first one", EmailSetting, PasswordSetting);
            return;
        }

        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            throw new InvalidOperationException($"{EmailSetting} must be a plain e-mail address, such as 'operator@platform.example.org'.");
        }

        if (password.Length < CivilServantEndpoints.MinimumPasswordLength)
        {
            throw new InvalidOperationException($"{PasswordSetting} must have at least {CivilServantEndpoints.MinimumPasswordLength} characters.");
        }

        if (await db.CivilServants.IgnoreQueryFilters().AnyAsync(s => s.Email == email, cancellationToken))
        {
            throw new InvalidOperationException($"{EmailSetting} is '{email}', who already signs in as a municipality's civil servant.");
        }

        var administrator = new PlatformAdministrator { Id = Guid.NewGuid(), Email = email, DisplayName = "Platform administrator", MustChangePassword = true };
        administrator.PasswordHash = passwords.HashPassword(administrator, password);
        db.PlatformAdministrators.Add(administrator);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Bootstrapped the platform administrator {Email}; they must change the initial password at their first sign-in", email);
    }
}
