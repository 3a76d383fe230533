using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.Web.SchemaForms;

namespace Platform.Web.Pages.Cases;

/// <summary>
/// One of the citizen's cases: where it stands, the decision when there is one, the thread with the municipality, and
/// its questions, which the citizen answers here (correcting their answers to the form when asked to).
/// </summary>
public sealed class CaseModel(ICaseHandlingApi cases, IFormsApi forms) : CitizenPage
{
    public CitizenCase? Details { get; private set; }

    /// <summary>The form's questions with the case's current answers, for correcting them with an answer.</summary>
    public SchemaForm? Answers { get; private set; }

    /// <summary>The open question the answer form is for.</summary>
    public CaseInformationRequest? OpenRequest => Details?.InformationRequests.FirstOrDefault(r => r.AnsweredAt is null);

    public bool IsOpen => Details?.Case.Status is "Received" or "UnderReview" or "AwaitingCitizen";

    public bool ThreadOpen => Details?.Case.Status is not ("Closed" or "Withdrawn");

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public bool CorrectAnswers { get; set; }

    public async Task OnGetAsync(string tenantId, Guid caseId, CancellationToken ct) => await LoadAsync(caseId, null, null, ct);

    public async Task<IActionResult> OnPostMessageAsync(string tenantId, Guid caseId, CancellationToken ct) =>
        await ThenAsync(await cases.PostMessageAsync(tenantId, caseId, new CaseMessageBody(Text ?? ""), ct), $"/cases/{tenantId}/{caseId}",
            () => LoadAsync(caseId, null, null, ct));

    public async Task<IActionResult> OnPostWithdrawAsync(string tenantId, Guid caseId, CancellationToken ct) =>
        await ThenAsync(await cases.WithdrawAsync(tenantId, caseId, new CaseWithdrawal(null), ct), $"/cases/{tenantId}/{caseId}",
            () => LoadAsync(caseId, null, null, ct));

    public async Task<IActionResult> OnPostAnswerAsync(string tenantId, Guid caseId, Guid requestId, CancellationToken ct)
    {
        var posted = Request.Form.Where(f => f.Key.StartsWith('/')).ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        JsonElement? data = null;
        if (CorrectAnswers && await SchemaOfAsync(tenantId, caseId, ct) is { } schema)
        {
            data = JsonSerializer.SerializeToElement(SchemaForm.Answers(schema.Schema, posted));
        }

        var answered = await cases.AnswerAsync(tenantId, caseId, requestId, new CaseInformationAnswer(Text ?? "", data), ct);
        if (answered.IsSuccessStatusCode)
        {
            return Redirect($"/cases/{tenantId}/{caseId}");
        }

        Succeeded(answered);
        var errors = answered.StatusCode == HttpStatusCode.BadRequest ? SchemaForm.ErrorsOf(ProblemOf(answered)) : [];
        await LoadAsync(caseId, posted, errors, ct);
        return Page();
    }

    private async Task LoadAsync(Guid caseId, Dictionary<string, string[]>? posted, Dictionary<string, string[]>? errors, CancellationToken ct)
    {
        var found = await cases.MyCaseAsync(caseId, ct);
        if (!found.IsSuccessStatusCode)
        {
            Succeeded(found);
            return;
        }

        Details = found.Content!;
        if (OpenRequest is not null && await SchemaOfAsync(Details.Case.TenantId, caseId, ct) is { } form)
        {
            if (posted is null)
            {
                var current = await cases.AnswersAsync(Details.Case.TenantId, caseId, ct);
                posted = current.IsSuccessStatusCode ? SchemaForm.Posted(current.Content!.Data) : [];
            }

            Answers = SchemaForm.Render(form.Schema, form.UiHints, posted, errors ?? []);
        }
    }

    /// <summary>The version of the form the case was opened with: its answers are checked against that version.</summary>
    private async Task<PublishedForm?> SchemaOfAsync(string tenantId, Guid caseId, CancellationToken ct)
    {
        var @case = Details?.Case ?? (await cases.GetAsync(tenantId, caseId, ct)).Content;
        if (@case is null)
        {
            return null;
        }

        var version = await forms.GetVersionAsync(tenantId, @case.FormKey, @case.FormVersion, ct);
        return version.IsSuccessStatusCode ? version.Content : null;
    }
}
