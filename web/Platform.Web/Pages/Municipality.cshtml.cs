using Platform.Contracts.Forms;
using Platform.Contracts.Identity;

namespace Platform.Web.Pages;

/// <summary>A municipality's services: its published forms.</summary>
public sealed class MunicipalityModel(IOrganisationsApi organisations, IPublishedFormsApi forms) : CitizenPage
{
    public string TenantId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public IReadOnlyList<PublishedFormSummary> Services { get; private set; } = [];

    public async Task OnGetAsync(string tenantId, CancellationToken ct)
    {
        TenantId = tenantId;
        var organisation = await organisations.GetAsync(tenantId, ct);
        Name = organisation.IsSuccessStatusCode ? organisation.Content!.Name : tenantId;
        var published = await forms.ListAsync(tenantId, ct);
        Services = Succeeded(published) ? published.Content! : [];
    }
}
