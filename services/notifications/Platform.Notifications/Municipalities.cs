namespace Platform.Notifications;

/// <summary>How one municipality speaks to its citizens: the <c>Notifications:Municipalities:{tenantId}</c> section.</summary>
public sealed class MunicipalitySettings
{
    /// <summary>The language of its notices when the citizen has chosen none.</summary>
    public string Language { get; set; } = Languages.English;

    /// <summary>The IANA time zone its dates are written in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The sender of its e-mails, e.g. <c>Fjordby kommune &lt;no-reply@fjordby.no&gt;</c>; the network's when unset.</summary>
    public string? EmailFrom { get; set; }

    /// <summary>The shared mailbox of its caseworkers (postmottak), told about overdue cases nobody is assigned to.</summary>
    public string? QueueEmail { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

public sealed class NotificationsOptions
{
    public Dictionary<string, MunicipalitySettings> Municipalities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sender of e-mail for a municipality that names none of its own.</summary>
    public string EmailFrom { get; set; } = "Public e-services <no-reply@platform.example>";

    /// <summary>Who e-mails on behalf of <paramref name="tenantId"/>, whichever way the e-mail leaves.</summary>
    public string SenderFor(string tenantId) => For(tenantId).EmailFrom ?? EmailFrom;

    /// <summary>A municipality without a section of its own speaks English in UTC.</summary>
    public MunicipalitySettings For(string tenantId) => Municipalities.GetValueOrDefault(tenantId) ?? new MunicipalitySettings();
}

/// <summary>The languages notices are written in (ISO 639-1); templates ship in English, Norwegian bokmål and Swedish.</summary>
public static class Languages
{
    public const string English = "en";

    public static readonly IReadOnlyList<string> Supported = [English, "nb", "nn", "sv", "da", "fi"];

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);
}
