using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;

namespace Platform.Web.Pages.Console;

/// <summary>The municipality's case queue, most urgent first, narrowed by the caseworker's filters.</summary>
public sealed class IndexModel(ICaseHandlingApi cases, IPublishedFormsApi forms) : ConsolePage
{
    public static readonly IReadOnlyList<string> States = ["Received", "UnderReview", "AwaitingCitizen", "Decided", "Closed", "Withdrawn"];

    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];
    public IReadOnlyList<PublishedFormSummary> Forms { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? FormKey { get; set; }

    /// <summary>me, none, or empty for everyone's.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The platform admin belongs to no municipality, so has no queue: their work is the network's members.
        if (User.IsInRole(Roles.PlatformAdmin))
        {
            return Redirect("/console/network");
        }

        var published = await forms.ListAsync(TenantId, ct);
        Forms = published.IsSuccessStatusCode ? published.Content! : [];
        if (!IsCaseworker)
        {
            return Page();
        }

        var queue = await cases.ListAsync(TenantId, state: Blank(State), formKey: Blank(FormKey), assignee: Blank(Assignee), overdue: Overdue ? true : null,
            cancellationToken: ct);
        Cases = Succeeded(queue) ? queue.Content! : [];
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
