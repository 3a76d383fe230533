namespace Platform.Identity.CivilServants;

/// <summary>
/// The platform's own operator. Not a civil servant of any municipality: no tenant claim, so no tenant policy lets
/// them into a municipality's data; the platform-admin role lets them manage the network itself.
/// </summary>
public sealed class PlatformAdministrator
{
    public Guid Id { get; init; }
    public required string Email { get; init; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";

    /// <summary>Set for the bootstrap administrator, whose initial password came from a deployment secret.</summary>
    public bool MustChangePassword { get; set; }
}
