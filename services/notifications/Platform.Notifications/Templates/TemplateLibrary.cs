using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Platform.Notifications.Templates;

/// <summary>A template chosen for a notification: whose wording, in which language.</summary>
public sealed record ChosenTemplate(TemplateText Text, string Language, bool IsDefault);

/// <summary>
/// Chooses the wording of a notification: the municipality's own template in the recipient's language, else the
/// default in that language, then the same in the municipality's language, then in English. Only the
/// municipality's own templates are candidates, whoever else wrote one for the same kind and language.
/// </summary>
public sealed class TemplateLibrary(NotificationsDb db, IOptions<NotificationsOptions> options)
{
    public async Task<ChosenTemplate> ChooseAsync(string tenantId, NotificationKind kind, string? language, CancellationToken cancellationToken)
    {
        var languages = new[] { language, options.Value.For(tenantId).Language, Languages.English }.OfType<string>().Distinct().ToList();
        // Consumers see every municipality's rows, so the tenant is named here rather than left to the query filter.
        var own = await db.Templates.IgnoreQueryFilters()
            .Where(t => t.TenantId == tenantId && t.Kind == kind.Name && languages.Contains(t.Language))
            .ToListAsync(cancellationToken);

        foreach (var candidate in languages)
        {
            if (own.FirstOrDefault(t => t.Language == candidate) is { } template)
            {
                return new ChosenTemplate(template.Text, candidate, IsDefault: false);
            }

            if (DefaultTemplates.Find(kind, candidate) is { } text)
            {
                return new ChosenTemplate(text, candidate, IsDefault: true);
            }
        }

        throw new InvalidOperationException($"No English default template for {kind.Name}.");
    }
}
