using Platform.Contracts.Forms;
using Platform.Web.SchemaForms;

namespace Platform.Web.Pages.Console.Forms;

/// <summary>The draft rendered exactly as citizens will get it, with the browser's checks live; it sends nothing.</summary>
public sealed class PreviewModel(IFormDesignApi design) : ConsolePage
{
    public FormDraftView? Draft { get; private set; }
    public SchemaForm? Questions { get; private set; }

    public async Task OnGetAsync(string formKey, CancellationToken ct)
    {
        var draft = await design.GetDraftAsync(TenantId, formKey, ct);
        if (Succeeded(draft))
        {
            Draft = draft.Content!;
            Questions = SchemaForm.Render(Draft.Schema, Draft.UiHints, new Dictionary<string, string[]>(), new Dictionary<string, string[]>());
        }
    }
}
