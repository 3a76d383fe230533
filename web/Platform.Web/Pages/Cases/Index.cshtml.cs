using Platform.Contracts.Cases;
using Platform.Contracts.Identity;

namespace Platform.Web.Pages.Cases;

/// <summary>The citizen's cases in every municipality, newest first.</summary>
public sealed class IndexModel(IOrganisationsApi organisations, ICaseHandlingApi cases) : CitizenPage
{
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Municipalities { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var mine = await cases.MyCasesAsync(cancellationToken: ct);
        Cases = Succeeded(mine) ? mine.Content! : [];
        var municipalities = await organisations.ListAsync(OrganisationKind.Municipality, ct);
        Municipalities = municipalities.IsSuccessStatusCode ? municipalities.Content!.ToDictionary(m => m.Id, m => m.Name) : new Dictionary<string, string>();
    }
}
