using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Catalogue;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Forms.Authoring;

public static class Publishing
{
    /// <summary>
    /// Turns the draft into the next immutable version and queues FormPublished; a form its municipality shares in the
    /// catalogue shares the new version too, so adopters hear of it. The caller commits.
    /// </summary>
    public static async Task<FormDefinition> PublishAsync(FormsDb db, FormDraft draft, TimeProvider clock, CancellationToken ct)
    {
        var latest = await db.Definitions.LatestAsync(draft.TenantId, draft.Key, ct);
        var titles = Texts.Parse(draft.Titles);
        var now = clock.GetUtcNow();
        var published = new FormDefinition
        {
            TenantId = draft.TenantId,
            Key = draft.Key,
            Version = (latest?.Version ?? 0) + 1,
            Title = Texts.MainText(titles),
            Description = Texts.MainText(Texts.Parse(draft.Descriptions)),
            Titles = draft.Titles,
            Descriptions = draft.Descriptions,
            Schema = draft.Schema,
            UiHints = draft.UiHints,
            IsLocationBased = draft.IsLocationBased,
            ExpectedProcessingDays = draft.ExpectedProcessingDays,
            PublishedAt = now,
            // An owned value belongs to one row, so the version gets its own copy of the lineage.
            Lineage = draft.Lineage is { } lineage ? lineage with { } : null,
        };
        db.Definitions.Add(published);
        db.Drafts.Remove(draft);
        db.Publish(new FormPublished(published.TenantId, published.Key, published.Version, published.Title, published.IsLocationBased,
            published.ExpectedProcessingDays, now, published.Lineage?.SourceTenantId, published.Lineage?.SourceFormKey, published.Lineage?.SourceVersion), clock);

        if (await db.SharedForms.AnyAsync(s => s.SourceTenantId == draft.TenantId && s.FormKey == draft.Key, ct))
        {
            await CatalogueShelf.ShareAsync(db, published, clock, ct);
        }

        return published;
    }
}
