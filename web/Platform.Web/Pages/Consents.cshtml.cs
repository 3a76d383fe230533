using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Identity;

namespace Platform.Web.Pages;

/// <summary>The consents the citizen gave partners: see them, withdraw one, give a new one.</summary>
public sealed class ConsentsModel(ICitizenConsentsApi consents, IOrganisationsApi organisations, TimeProvider clock) : CitizenPage
{
    public IReadOnlyList<CitizenConsent> Consents { get; private set; } = [];
    public IReadOnlyList<Organisation> Partners { get; private set; } = [];
    public IReadOnlyList<Organisation> Municipalities { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();

    [BindProperty]
    public string? PartnerId { get; set; }

    [BindProperty]
    public string? MunicipalityId { get; set; }

    [BindProperty]
    public string? FormKeys { get; set; }

    [BindProperty]
    public DateOnly? ValidUntil { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        var keys = (FormKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var until = ValidUntil is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero) : default;
        return await ThenAsync(await consents.GrantAsync(MunicipalityId ?? "", new ConsentGrant(PartnerId ?? "", keys, until), ct), "/consents", () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid consentId, CancellationToken ct) =>
        await ThenAsync(await consents.RevokeAsync(consentId, ct), "/consents", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var mine = await consents.ListAsync(ct);
        Consents = Succeeded(mine) ? mine.Content! : [];
        var partners = await organisations.ListAsync(OrganisationKind.Partner, ct);
        Partners = partners.IsSuccessStatusCode ? partners.Content! : [];
        var municipalities = await organisations.ListAsync(OrganisationKind.Municipality, ct);
        Municipalities = municipalities.IsSuccessStatusCode ? municipalities.Content! : [];
    }
}
