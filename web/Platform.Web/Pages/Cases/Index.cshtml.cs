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
        var municipalities = await organisations.ListAsync(OrganisationKind.Municipality, ct);
        if (!Succeeded(municipalities))
        {
            return;
        }

        Municipalities = municipalities.Content!.ToDictionary(m => m.Id, m => m.Name);
        var found = new List<CaseSummary>();
        foreach (var tenant in Municipalities.Keys)
        {
            var mine = await cases.ListAsync(tenant, cancellationToken: ct);
            if (Succeeded(mine))
            {
                found.AddRange(mine.Content!);
            }
        }

        Cases = [.. found.OrderByDescending(c => c.OpenedAt)];
    }
}
