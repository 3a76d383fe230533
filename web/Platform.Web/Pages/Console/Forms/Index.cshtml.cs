using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Forms;

namespace Platform.Web.Pages.Console.Forms;

/// <summary>The municipality's forms, and starting a new one.</summary>
public sealed class IndexModel(IPublishedFormsApi forms, IFormDesignApi design) : ConsolePage
{
    public IReadOnlyList<PublishedFormSummary> Published { get; private set; } = [];

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>A new form starts as a draft with one question, for the designer to shape on its page.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var draft = new FormDraftBody(Key?.Trim(), new Dictionary<string, string> { [T.Current] = Title?.Trim() ?? "" }, [],
            FormDrafts.StarterSchema, null, 10, false);
        var created = await design.CreateDraftAsync(TenantId, draft, ct);
        if (!Succeeded(created))
        {
            await LoadAsync(ct);
            return Page();
        }

        return Redirect($"/console/forms/{created.Content!.Key}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var published = await forms.ListAsync(TenantId, ct);
        Published = Succeeded(published) ? published.Content! : [];
    }
}
