using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Forms;
using Platform.Web.SchemaForms;

namespace Platform.Web.Pages;

/// <summary>
/// One service's form, rendered from its JSON Schema. The browser checks the answers against the schema's constraints
/// before sending; what the forms service still refuses comes back as errors by JSON pointer and is shown at its field.
/// </summary>
public sealed class ServiceModel(IPublishedFormsApi forms) : CitizenPage
{
    public string TenantId { get; private set; } = "";
    public PublishedForm? Form { get; private set; }
    public SchemaForm? Questions { get; private set; }

    /// <summary>Sent with the submission, so that sending the page twice (a double click, a retry) makes one submission.</summary>
    [BindProperty]
    public string IdempotencyKey { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(string tenantId, string formKey, CancellationToken ct)
    {
        if (!await LoadAsync(tenantId, formKey, ct))
        {
            return Page();
        }

        IdempotencyKey = Guid.NewGuid().ToString("N");
        Questions = SchemaForm.Render(Form!.Schema, Form.UiHints, new Dictionary<string, string[]>(), new Dictionary<string, string[]>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string tenantId, string formKey, CancellationToken ct)
    {
        if (!await LoadAsync(tenantId, formKey, ct))
        {
            return Page();
        }

        var posted = Request.Form.Where(f => f.Key.StartsWith('/')).ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        if (Request.Form["_add"].FirstOrDefault() is { } list)
        {
            Questions = SchemaForm.Render(Form!.Schema, Form.UiHints, posted, new Dictionary<string, string[]>(), new Dictionary<string, int> { [list] = 1 });
            return Page();
        }

        var answers = JsonSerializer.SerializeToElement(SchemaForm.Answers(Form!.Schema, posted));
        var key = string.IsNullOrEmpty(IdempotencyKey) ? Guid.NewGuid().ToString("N") : IdempotencyKey;
        var submitted = await forms.SubmitAsync(tenantId, formKey, new SubmissionBody(answers), key, ct);
        if (submitted.IsSuccessStatusCode)
        {
            return Redirect($"/municipalities/{tenantId}/submissions/{submitted.Content!.SubmissionId}");
        }

        if (submitted.StatusCode == HttpStatusCode.BadRequest)
        {
            Questions = SchemaForm.Render(Form.Schema, Form.UiHints, posted, SchemaForm.ErrorsOf(ProblemOf(submitted)));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Succeeded(submitted);
        Questions = SchemaForm.Render(Form.Schema, Form.UiHints, posted, new Dictionary<string, string[]>());
        return Page();
    }

    private async Task<bool> LoadAsync(string tenantId, string formKey, CancellationToken ct)
    {
        TenantId = tenantId;
        var form = await forms.GetAsync(tenantId, formKey, ct);
        Form = Succeeded(form) ? form.Content : null;
        return Form is not null;
    }
}
