namespace Platform.Notifications.Preferences;

/// <summary>
/// How a citizen wants to be told, whichever municipality tells them: the in-app inbox always, e-mail and SMS when
/// chosen, in their language. The citizen's own across the network, so not a municipality's row.
/// </summary>
public sealed class CitizenPreferences
{
    public required string CitizenId { get; init; }

    /// <summary>Null: each municipality's own language.</summary>
    public string? Language { get; set; }

    public bool ByEmail { get; set; }
    public string? Email { get; set; }
    public bool BySms { get; set; }

    /// <summary>E.164, e.g. +4791234567.</summary>
    public string? Phone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
