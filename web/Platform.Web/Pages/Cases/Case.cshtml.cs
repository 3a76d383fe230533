using Platform.Contracts.Cases;

namespace Platform.Web.Pages.Cases;

/// <summary>One of the citizen's cases: where it stands.</summary>
public sealed class CaseModel(ICaseHandlingApi cases) : CitizenPage
{
    public CaseSummary? Case { get; private set; }

    public async Task OnGetAsync(string tenantId, Guid caseId, CancellationToken ct)
    {
        var found = await cases.GetAsync(tenantId, caseId, ct);
        Case = Succeeded(found) ? found.Content : null;
    }
}
