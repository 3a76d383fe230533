using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Security;
using Platform.Web.SchemaForms;

namespace Platform.Web.Pages.Console;

/// <summary>
/// One case as its caseworker handles it: the answers, taking or assigning it, reviewing, asking the citizen, deciding,
/// closing, the message thread, and the audit trail of everything done to it. What may be done now is the cases
/// service's rule; the page offers what fits the case's stage and shows the service's reason when it refuses.
/// </summary>
public sealed class CaseModel(ICaseHandlingApi cases) : ConsolePage
{
    public CaseSummary? Case { get; private set; }
    public IReadOnlyDictionary<string, string[]> Answers { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<CaseThreadMessage> Messages { get; private set; } = [];
    public IReadOnlyList<CaseInformationRequest> InformationRequests { get; private set; } = [];
    public IReadOnlyList<CaseAuditEntry> Audit { get; private set; } = [];

    public string? Me => User.SubjectId();
    public bool IsOpen => Case?.Status is "Received" or "UnderReview" or "AwaitingCitizen";

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? AssigneeId { get; set; }

    public async Task OnGetAsync(Guid caseId, CancellationToken ct) => await LoadAsync(caseId, ct);

    public Task<IActionResult> OnPostTakeAsync(Guid caseId, CancellationToken ct) => ActAsync(caseId, cases.AssignAsync(TenantId, caseId, new CaseAssignment(null), ct), ct);

    public Task<IActionResult> OnPostAssignAsync(Guid caseId, CancellationToken ct) =>
        ActAsync(caseId, cases.AssignAsync(TenantId, caseId, new CaseAssignment(AssigneeId?.Trim() ?? ""), ct), ct);

    public Task<IActionResult> OnPostReviewAsync(Guid caseId, CancellationToken ct) => ActAsync(caseId, cases.StartReviewAsync(TenantId, caseId, ct), ct);

    public Task<IActionResult> OnPostDecideAsync(Guid caseId, CancellationToken ct) =>
        ActAsync(caseId, cases.DecideAsync(TenantId, caseId, new CaseDecision(Outcome ?? "", Text ?? ""), ct), ct);

    public Task<IActionResult> OnPostCloseAsync(Guid caseId, CancellationToken ct) => ActAsync(caseId, cases.CloseAsync(TenantId, caseId, ct), ct);

    public Task<IActionResult> OnPostAskAsync(Guid caseId, CancellationToken ct) =>
        ActAsync(caseId, cases.RequestInformationAsync(TenantId, caseId, new CaseQuestion(Text ?? ""), ct), ct);

    public Task<IActionResult> OnPostMessageAsync(Guid caseId, CancellationToken ct) =>
        ActAsync(caseId, cases.PostMessageAsync(TenantId, caseId, new CaseMessageBody(Text ?? ""), ct), ct);

    private async Task<IActionResult> ActAsync<TResult>(Guid caseId, Task<Refit.IApiResponse<TResult>> call, CancellationToken ct) =>
        await ThenAsync(await call, $"/console/cases/{caseId}", () => LoadAsync(caseId, ct));

    private async Task LoadAsync(Guid caseId, CancellationToken ct)
    {
        var found = await cases.GetAsync(TenantId, caseId, ct);
        if (!Succeeded(found))
        {
            return;
        }

        Case = found.Content!;
        var answers = await cases.AnswersAsync(TenantId, caseId, ct);
        Answers = answers.IsSuccessStatusCode ? SchemaForm.Posted(answers.Content!.Data) : new Dictionary<string, string[]>();
        var messages = await cases.MessagesAsync(TenantId, caseId, ct);
        Messages = messages.IsSuccessStatusCode ? messages.Content! : [];
        var requests = await cases.InformationRequestsAsync(TenantId, caseId, ct);
        InformationRequests = requests.IsSuccessStatusCode ? requests.Content! : [];
        var audit = await cases.AuditAsync(TenantId, caseId, cancellationToken: ct);
        Audit = audit.IsSuccessStatusCode ? audit.Content! : [];
    }

    /// <summary>The stage a change moved the case between, read from the audit entry's before and after; empty when it stayed.</summary>
    public static string StageChange(CaseAuditEntry entry)
    {
        static string? Status(JsonElement? state) =>
            state is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("status", out var status) ? status.ToString() : null;

        var (before, after) = (Status(entry.Before), Status(entry.After));
        return before == after || after is null ? "" : $"{before ?? "–"} → {after}";
    }
}
