using Platform.Contracts.Cases;

namespace Platform.Web.Pages.Console;

/// <summary>One case of the municipality, as its caseworker handles it.</summary>
public sealed class CaseModel(ICaseHandlingApi cases) : ConsolePage
{
    public CaseSummary? Case { get; private set; }

    public async Task OnGetAsync(Guid caseId, CancellationToken ct)
    {
        var found = await cases.GetAsync(TenantId, caseId, ct);
        Case = Succeeded(found) ? found.Content : null;
    }
}
