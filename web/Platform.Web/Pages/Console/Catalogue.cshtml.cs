using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Forms;

namespace Platform.Web.Pages.Console;

/// <summary>The inter-municipal catalogue: find a form another municipality shares and adopt it as a draft of one's own.</summary>
public sealed class CatalogueModel(IFormDesignApi design) : ConsolePage
{
    public IReadOnlyList<CatalogueListing> Entries { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAdoptAsync(string sourceTenantId, string formKey, int version, string? newKey, CancellationToken ct)
    {
        var adopted = await design.AdoptAsync(TenantId, new AdoptionBody(sourceTenantId, formKey, version, string.IsNullOrWhiteSpace(newKey) ? null : newKey.Trim()), ct);
        if (Succeeded(adopted))
        {
            return Redirect($"/console/forms/{adopted.Content!.Key}");
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var entries = await design.BrowseCatalogueAsync(Search, ct);
        Entries = Succeeded(entries) ? entries.Content! : [];
    }
}
