using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Notifications;

namespace Platform.Web.Pages;

/// <summary>What the municipalities told the citizen, newest first.</summary>
public sealed class InboxModel(IInboxApi inbox) : CitizenPage
{
    public IReadOnlyList<InboxEntry> Notices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var notices = await inbox.ListAsync(cancellationToken: ct);
        Notices = Succeeded(notices) ? notices.Content! : [];
    }

    public async Task<IActionResult> OnPostReadAsync(Guid noticeId, CancellationToken ct)
    {
        if (Succeeded(await inbox.MarkReadAsync(noticeId, ct)))
        {
            return Redirect("/inbox");
        }

        await OnGetAsync(ct);
        return Page();
    }
}
