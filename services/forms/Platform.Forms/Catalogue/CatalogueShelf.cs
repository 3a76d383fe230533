using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Forms.Catalogue;

public static class CatalogueShelf
{
    /// <summary>
    /// Puts a published version on the shelf and tells every adopter of the form, in the same transaction: their copies
    /// show the new upstream version at once, and one UpstreamVersionAvailable per adopter goes out through the outbox for
    /// whoever acts on it (notifications, a municipality's own tooling). Doing both here, rather than consuming our own
    /// event, keeps the copy's "upstream has version N" exactly as current as the catalogue, with nothing to redeliver.
    /// The caller commits.
    /// </summary>
    public static async Task<SharedForm> ShareAsync(FormsDb db, FormDefinition published, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shared = new SharedForm
        {
            SourceTenantId = published.TenantId,
            FormKey = published.Key,
            Version = published.Version,
            Title = published.Title,
            Description = published.Description,
            IsLocationBased = published.IsLocationBased,
            SharedAt = now,
        };
        db.SharedForms.Add(shared);
        db.Publish(new FormSharedToCatalogue(shared.SourceTenantId, shared.FormKey, shared.Version, shared.Title, now), clock);

        // Adopters are other municipalities: their rows are reached past the tenant filter, and only to move their upstream marker.
        var behind = await db.Adoptions.IgnoreQueryFilters()
            .Where(a => a.SourceTenantId == published.TenantId && a.SourceFormKey == published.Key && a.UpstreamVersion < published.Version)
            .ToListAsync(ct);
        foreach (var adoption in behind)
        {
            adoption.UpstreamVersion = published.Version;
            db.Publish(new UpstreamVersionAvailable(adoption.TenantId, adoption.FormKey, adoption.SourceTenantId, adoption.SourceFormKey,
                adoption.UpstreamVersion, adoption.AdoptedVersion, now), clock);
        }

        return shared;
    }

    /// <summary>A shared version's full definition. Only what the source shared is reachable across municipalities.</summary>
    public static async Task<FormDefinition?> SharedDefinitionAsync(FormsDb db, string sourceTenantId, string formKey, int? version, CancellationToken ct)
    {
        var shared = await db.SharedForms.Where(s => s.SourceTenantId == sourceTenantId && s.FormKey == formKey && (version == null || s.Version == version))
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        return shared is null
            ? null
            : await db.Definitions.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.TenantId == sourceTenantId && d.Key == formKey && d.Version == shared.Version, ct);
    }
}
