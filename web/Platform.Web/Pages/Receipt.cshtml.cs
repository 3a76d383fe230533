using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.Contracts.Identity;

namespace Platform.Web.Pages;

/// <summary>After sending: the receipt, the case it opened (once the cases service has it), and a chance to rate the service.</summary>
public sealed class ReceiptModel(IPublishedFormsApi forms, ICaseHandlingApi cases, IOrganisationsApi organisations) : CitizenPage
{
    public string TenantId { get; private set; } = "";
    public string MunicipalityName { get; private set; } = "";
    public SubmittedFormReceipt? Receipt { get; private set; }
    public string FormTitle { get; private set; } = "";
    public CaseSummary? Case { get; private set; }

    [BindProperty]
    public int? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task OnGetAsync(string tenantId, Guid submissionId, CancellationToken ct) => await LoadAsync(tenantId, submissionId, ct);

    public async Task<IActionResult> OnPostAsync(string tenantId, Guid submissionId, CancellationToken ct) =>
        await ThenAsync(await forms.RateAsync(tenantId, submissionId, new FeedbackBody(Rating, Comment), ct), $"/municipalities/{tenantId}/submissions/{submissionId}",
            () => LoadAsync(tenantId, submissionId, ct), _ => T["rate.thanks"]);

    private async Task LoadAsync(string tenantId, Guid submissionId, CancellationToken ct)
    {
        TenantId = tenantId;
        var receipt = await forms.GetSubmissionAsync(tenantId, submissionId, ct);
        if (!Succeeded(receipt))
        {
            return;
        }

        Receipt = receipt.Content!;
        var organisation = await organisations.GetAsync(tenantId, ct);
        MunicipalityName = organisation.IsSuccessStatusCode ? organisation.Content!.Name : tenantId;
        var form = await forms.GetAsync(tenantId, Receipt.FormKey, ct);
        FormTitle = form.IsSuccessStatusCode ? T.Pick(form.Content!.Titles, form.Content.Title) : Receipt.FormKey;
        var opened = await cases.ListAsync(tenantId, submissionId: submissionId, cancellationToken: ct);
        Case = opened.IsSuccessStatusCode ? opened.Content!.FirstOrDefault() : null;
    }
}
