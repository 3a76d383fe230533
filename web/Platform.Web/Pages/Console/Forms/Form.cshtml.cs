using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Forms;

namespace Platform.Web.Pages.Console.Forms;

/// <summary>
/// One form as its designer works on it: the draft (texts in English and Norwegian, the questions as JSON Schema, layout
/// hints), publishing it as the next version, sharing it in the catalogue, and what citizens thought of each version.
/// </summary>
public sealed class FormModel(IPublishedFormsApi forms, IFormDesignApi design) : ConsolePage
{
    public string Key { get; private set; } = "";
    public bool HasDraft { get; private set; }
    public PublishedForm? Latest { get; private set; }
    public IReadOnlyList<FormVersionSummary> Versions { get; private set; } = [];
    public FormRatings? Feedback { get; private set; }
    public string? SchemaError { get; private set; }
    public string? UiHintsError { get; private set; }

    /// <summary>For an adopted form: its source shared a newer version than the one this copy was made from.</summary>
    public FormUpstream? Upstream { get; private set; }

    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? TitleNb { get; set; }
    [BindProperty] public string? DescriptionEn { get; set; }
    [BindProperty] public string? DescriptionNb { get; set; }
    [BindProperty] public string MainLanguage { get; set; } = "en";
    [BindProperty] public string Schema { get; set; } = "";
    [BindProperty] public string? UiHints { get; set; }
    [BindProperty] public int ExpectedProcessingDays { get; set; }
    [BindProperty] public bool IsLocationBased { get; set; }

    public async Task OnGetAsync(string formKey, CancellationToken ct)
    {
        Key = formKey;
        await LoadAsync(formKey, ct);
        var draft = await design.GetDraftAsync(TenantId, formKey, ct);
        if (draft.IsSuccessStatusCode)
        {
            HasDraft = true;
            var d = draft.Content!;
            Upstream = d.Upstream;
            Fill(d.Titles, d.Descriptions, d.Schema, d.UiHints, d.ExpectedProcessingDays, d.IsLocationBased);
        }
        else if (Latest is { } latest)
        {
            Fill(latest.Titles ?? new() { ["en"] = latest.Title }, latest.Descriptions ?? [], latest.Schema, latest.UiHints, latest.ExpectedProcessingDays,
                latest.IsLocationBased);
        }
        else if (draft.StatusCode != HttpStatusCode.NotFound)
        {
            Succeeded(draft);
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(string formKey, CancellationToken ct)
    {
        Key = formKey;
        var schema = Parse(Schema, required: true, out var schemaError);
        var hints = Parse(UiHints, required: false, out var hintsError);
        SchemaError = schemaError;
        UiHintsError = hintsError;
        if (schemaError is null && hintsError is null)
        {
            var saved = await design.SaveDraftAsync(TenantId, formKey, new FormDraftBody(null, Texts(TitleEn, TitleNb), Texts(DescriptionEn, DescriptionNb),
                schema!.Value, hints, ExpectedProcessingDays, IsLocationBased), ct);
            if (Succeeded(saved))
            {
                Done = T["forms.saved"];
                return Redirect($"/console/forms/{formKey}");
            }
        }

        HasDraft = true;
        await LoadAsync(formKey, ct);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string formKey, CancellationToken ct) =>
        ActAsync(formKey, design.PublishAsync(TenantId, formKey, ct), published => string.Format(T["forms.publishedok"], published.Version), ct);

    public Task<IActionResult> OnPostShareAsync(string formKey, CancellationToken ct) =>
        ActAsync(formKey, design.ShareAsync(TenantId, formKey, ct), _ => T["forms.sharedok"], ct);

    public Task<IActionResult> OnPostPullAsync(string formKey, CancellationToken ct) =>
        ActAsync(formKey, design.PullUpstreamAsync(TenantId, formKey, ct), _ => T["forms.saved"], ct);

    private async Task<IActionResult> ActAsync<TResult>(string formKey, Task<Refit.IApiResponse<TResult>> call, Func<TResult, string> done, CancellationToken ct) =>
        await ThenAsync(await call, $"/console/forms/{formKey}", () => OnGetAsync(formKey, ct), done);

    private async Task LoadAsync(string formKey, CancellationToken ct)
    {
        var latest = await forms.GetAsync(TenantId, formKey, ct);
        Latest = latest.IsSuccessStatusCode ? latest.Content : null;
        Upstream ??= Latest?.Upstream;
        var versions = await design.VersionsAsync(TenantId, formKey, ct);
        Versions = versions.IsSuccessStatusCode ? versions.Content! : [];
        var feedback = await design.FeedbackAsync(TenantId, formKey, ct);
        Feedback = feedback.IsSuccessStatusCode ? feedback.Content : null;
    }

    private void Fill(Dictionary<string, string> titles, Dictionary<string, string> descriptions, JsonElement schema, JsonElement? hints, int days, bool located)
    {
        MainLanguage = titles.Keys.FirstOrDefault() ?? "en";
        TitleEn = titles.GetValueOrDefault("en");
        TitleNb = titles.GetValueOrDefault("nb");
        DescriptionEn = descriptions.GetValueOrDefault("en");
        DescriptionNb = descriptions.GetValueOrDefault("nb");
        Schema = FormDrafts.Pretty(schema);
        UiHints = hints is { ValueKind: JsonValueKind.Object } h ? FormDrafts.Pretty(h) : "{}";
        ExpectedProcessingDays = days;
        IsLocationBased = located;
    }

    /// <summary>Texts by language, the main language first (the forms service takes the first as the main one); empty ones left out.</summary>
    private Dictionary<string, string> Texts(string? english, string? norwegian) =>
        new[] { ("en", english), ("nb", norwegian) }
            .Where(t => !string.IsNullOrWhiteSpace(t.Item2))
            .OrderBy(t => t.Item1 == MainLanguage ? 0 : 1)
            .ToDictionary(t => t.Item1, t => t.Item2!.Trim());

    private static JsonElement? Parse(string? json, bool required, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = required ? "Required." : null;
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = $"Not valid JSON: {ex.Message}";
            return null;
        }
    }
}
