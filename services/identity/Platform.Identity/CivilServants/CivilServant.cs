using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.CivilServants;

/// <summary>Someone who works for a municipality and signs in with e-mail and password to act in its name.</summary>
public sealed class CivilServant : ITenantOwned
{
    public Guid Id { get; init; }

    /// <summary>The municipality; also the <c>tenant</c> and <c>org</c> claims of their tokens.</summary>
    public required string TenantId { get; init; }

    /// <summary>Stored lower-case: e-mail addresses are compared without regard to case.</summary>
    public required string Email { get; init; }

    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public List<string> Roles { get; set; } = [];

    /// <summary>Set while the password is one someone else chose (an invitation's); the next sign-in must replace it first.</summary>
    public bool MustChangePassword { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public CivilServantView ToView() => new(Id, TenantId, Email, DisplayName, Roles);
}
