using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Web.Pages.Console;

/// <summary>
/// A tenant admin's page: invite colleagues (their initial password shown once, on the answering page), give and take
/// their roles, remove them. Identity decides; its refusal (the last tenant admin, an address in use) is shown as it says it.
/// </summary>
public sealed class StaffModel(IStaffApi staff) : ConsolePage
{
    public bool IsTenantAdmin => User.IsInRole(Roles.TenantAdmin);

    public IReadOnlyList<CivilServantView> People { get; private set; } = [];

    /// <summary>An invited colleague's initial password, shown once in the answer to the invitation.</summary>
    public string? ShownOnce { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(string? email, string? displayName, List<string> roles, CancellationToken ct)
    {
        var invited = await staff.InviteAsync(TenantId, new StaffInvite(email?.Trim(), displayName?.Trim(), roles), ct);
        if (Succeeded(invited))
        {
            ShownOnce = string.Format(T["network.invited"], invited.Content!.Email, invited.Content.InitialPassword);
        }

        var failure = Failure;
        await LoadAsync(ct);
        Failure ??= failure;
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(Guid id, List<string> roles, CancellationToken ct) =>
        await ThenAsync(await staff.SetRolesAsync(TenantId, id, new RoleChange(roles), ct), "/console/staff", () => LoadAsync(ct),
            person => string.Format(T["staff.saved"], person.Email));

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string email, CancellationToken ct)
    {
        var removed = await staff.RemoveAsync(TenantId, id, ct);
        if (Succeeded(removed))
        {
            Done = string.Format(T["staff.removed"], email);
            return Redirect("/console/staff");
        }

        var failure = Failure;
        await LoadAsync(ct);
        Failure = failure;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!IsTenantAdmin)
        {
            return;
        }

        var found = await staff.ListAsync(TenantId, ct);
        People = Succeeded(found) ? found.Content! : [];
    }
}
