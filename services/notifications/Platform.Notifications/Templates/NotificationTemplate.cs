using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Templates;

/// <summary>A municipality's own wording of one kind of notification in one language, in place of the default.</summary>
public sealed class NotificationTemplate : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string Kind { get; init; }
    public required string Language { get; init; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public required string Sms { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The civil servant who saved this version.</summary>
    public string? UpdatedBy { get; set; }

    public TemplateText Text => new(Subject, Body, Sms);
}
