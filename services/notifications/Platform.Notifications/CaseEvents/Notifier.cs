using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Cases;
using Platform.Notifications.Deliveries;
using Platform.Notifications.Templates;

namespace Platform.Notifications.CaseEvents;

/// <summary>Who is told, about which event.</summary>
/// <param name="EventKey">The event's own identity (not the broker's message id), e.g. case-message-posted/{messageId}.</param>
/// <param name="Data">The template's placeholders, named as <see cref="NotificationKind.Placeholders"/> lists them.</param>
public sealed record Announcement(NotificationKind Kind, string EventKey, string TenantId, Guid CaseId, string CaseNumber, IReadOnlyDictionary<string, object?> Data)
{
    public static Announcement About(NotificationKind kind, string eventKey, CaseReference reference, params (string Name, object? Value)[] values) =>
        Of(kind, eventKey, reference.TenantId, reference.CaseId, reference.CaseNumber, reference.FormTitle, values);

    /// <summary>With the placeholders every kind has (municipality, case_number, form_title) and <paramref name="values"/>.</summary>
    public static Announcement Of(NotificationKind kind, string eventKey, string tenantId, Guid caseId, string caseNumber, string formTitle,
        params (string Name, object? Value)[] values)
    {
        var data = new Dictionary<string, object?> { ["municipality"] = tenantId, ["case_number"] = caseNumber, ["form_title"] = formTitle };
        foreach (var (name, value) in values)
        {
            data[name] = value;
        }

        return new Announcement(kind, eventKey, tenantId, caseId, caseNumber, data);
    }
}

/// <summary>
/// Turns a case event into notifications: for each recipient, once, worded by the municipality's template in the
/// recipient's language, and queued on the inbox plus the channels the recipient chose. Nothing is sent here; the
/// <see cref="DeliveryDispatcher"/> does that, so the consumer's transaction holds only database work.
/// </summary>
public sealed partial class Notifier(NotificationsDb db, TemplateLibrary templates, IOptions<NotificationsOptions> options, TimeProvider clock,
    ILogger<Notifier> logger)
{
    public async Task TellCitizenAsync(Announcement announcement, string citizenId, CancellationToken cancellationToken)
    {
        var preferences = await db.Preferences.FindAsync([citizenId], cancellationToken);
        var channels = new List<(string, string?)> { (Channels.Inbox, null) };
        if (preferences is { ByEmail: true, Email: { } email })
        {
            channels.Add((Channels.Email, email));
        }

        if (preferences is { BySms: true, Phone: { } phone })
        {
            channels.Add((Channels.Sms, phone));
        }

        await TellAsync(announcement, RecipientKind.Citizen, citizenId, preferences?.Language, channels, cancellationToken);
    }

    /// <summary>Tells the assigned caseworker in their inbox, or, with nobody assigned, the municipality's queue and its shared mailbox.</summary>
    public async Task TellCaseworkersAsync(Announcement announcement, string? assigneeId, CancellationToken cancellationToken)
    {
        if (assigneeId is not null)
        {
            await TellAsync(announcement, RecipientKind.Caseworker, assigneeId, null, [(Channels.Inbox, null)], cancellationToken);
            return;
        }

        var channels = new List<(string, string?)> { (Channels.Inbox, null) };
        if (options.Value.For(announcement.TenantId).QueueEmail is { } queueEmail)
        {
            channels.Add((Channels.Email, queueEmail));
        }

        await TellAsync(announcement, RecipientKind.CaseworkerQueue, $"{announcement.TenantId}/queue", null, channels, cancellationToken);
    }

    private async Task TellAsync(Announcement announcement, RecipientKind recipientKind, string recipientId, string? language,
        IReadOnlyList<(string Channel, string? Address)> channels, CancellationToken cancellationToken)
    {
        // The same event under a new message id (a publisher's outbox sending again after a crash) finds its notification.
        if (await db.Notifications.AnyAsync(n => n.EventKey == announcement.EventKey && n.RecipientId == recipientId, cancellationToken))
        {
            return;
        }

        var municipality = options.Value.For(announcement.TenantId);
        var chosen = await templates.ChooseAsync(announcement.TenantId, announcement.Kind, language, cancellationToken);
        var message = Render(announcement, chosen, municipality);
        var now = clock.GetUtcNow();
        db.Notifications.Add(new Notification
        {
            TenantId = announcement.TenantId,
            Kind = announcement.Kind.Name,
            EventKey = announcement.EventKey,
            RecipientKind = recipientKind,
            RecipientId = recipientId,
            CaseId = announcement.CaseId,
            CaseNumber = announcement.CaseNumber,
            Language = chosen.Language,
            Subject = message.Subject,
            Body = message.Body,
            Sms = message.Sms,
            CreatedAt = now,
            Deliveries = [.. channels.Select(c => Delivery.Queue(announcement.TenantId, c.Channel, c.Address, now))],
        });
    }

    /// <summary>
    /// A municipality's template passed its check with sample data when it was saved; should a real value still trip it,
    /// the citizen gets the default wording rather than nothing.
    /// </summary>
    private RenderedMessage Render(Announcement announcement, ChosenTemplate chosen, MunicipalitySettings municipality)
    {
        try
        {
            return TemplateRenderer.Render(chosen.Text, announcement.Data, municipality.Zone);
        }
        catch (Exception ex) when (!chosen.IsDefault)
        {
            LogTemplateFellBack(ex, announcement.TenantId, announcement.Kind.Name, chosen.Language);
            var fallback = DefaultTemplates.Find(announcement.Kind, chosen.Language) ?? DefaultTemplates.Find(announcement.Kind, Languages.English)!;
            return TemplateRenderer.Render(fallback, announcement.Data, municipality.Zone);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The {TenantId} template {Kind}/{Language} failed to render; the default wording was used")]
    private partial void LogTemplateFellBack(Exception ex, string tenantId, string kind, string language);
}
