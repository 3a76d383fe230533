using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.Contracts.Identity;
using Platform.Contracts.Notifications;
using Microsoft.Extensions.Http.Resilience;
using Platform.Web.SignIn;
using Refit;

namespace Platform.Web.Apis;

/// <summary>
/// The services' public APIs, as typed Refit clients carrying the person's token. Addresses are <c>Services:{service}</c>,
/// through the gateway by default (http://127.0.0.1:8080/api/forms/), so the portals see exactly what any other client sees.
/// </summary>
public static class ServiceApis
{
    public static IHostApplicationBuilder AddServiceApis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<UserAccessTokenHandler>();
        builder.AddUserClient<IPublishedFormsApi>("forms");
        builder.AddUserClient<IFormsApi>("forms");
        builder.AddUserClient<IFormDesignApi>("forms");
        builder.AddUserClient<ICaseHandlingApi>("cases");
        builder.AddUserClient<IInboxApi>("notifications");
        builder.AddUserClient<ICitizenConsentsApi>("identity");
        builder.AddUserClient<IOrganisationsApi>("identity");
        builder.AddUserClient<INetworkAdministrationApi>("identity");
        builder.AddUserClient<IStaffApi>("identity");
        return builder;
    }

    private static void AddUserClient<TApi>(this IHostApplicationBuilder builder, string service) where TApi : class
    {
        var address = builder.Configuration[$"Services:{service}"]
            ?? throw new InvalidOperationException($"Set Services:{service} to the {service} API's base address, e.g. http://127.0.0.1:8080/api/{service}/.");
        builder.Services.AddRefitGeneratedClient<TApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(address))
            .AddHttpMessageHandler<UserAccessTokenHandler>()
            // A person's command (take a case, decide it) must not be sent twice by a retry; reads may be retried.
            .AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
    }
}
