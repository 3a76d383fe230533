using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;

namespace Platform.Web.Pages.Console;

/// <summary>The municipality's case queue, narrowed by the caseworker's filters.</summary>
public sealed class IndexModel(ICaseHandlingApi cases, IPublishedFormsApi forms) : ConsolePage
{
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];
    public IReadOnlyList<PublishedFormSummary> Forms { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? FormKey { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var published = await forms.ListAsync(TenantId, ct);
        Forms = published.IsSuccessStatusCode ? published.Content! : [];
        if (!IsCaseworker)
        {
            return;
        }

        var queue = await cases.ListAsync(TenantId, formKey: string.IsNullOrEmpty(FormKey) ? null : FormKey, cancellationToken: ct);
        Cases = Succeeded(queue) ? queue.Content! : [];
    }
}
