using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Security;

/// <summary>A row that belongs to one municipality. Every service database filters such rows by the caller's tenant.</summary>
public interface ITenantOwned
{
    string TenantId { get; }
}

/// <summary>
/// The tenant whose rows a unit of work may see. An HTTP request sees no tenant's rows until a
/// <c>/tenants/{tenantId}</c> endpoint has checked the caller may act there; message consumers and background
/// work, which act for the network, are not restricted.
/// </summary>
public sealed class TenantContext
{
    public bool IsRestricted { get; private set; }

    public string? TenantId { get; private set; }

    public void RestrictTo(string? tenantId)
    {
        IsRestricted = true;
        TenantId = tenantId;
    }
}

public static class Tenancy
{
    /// <summary>Every request starts restricted to no tenant at all.</summary>
    public static IApplicationBuilder UseTenantRestriction(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.RequestServices.GetService<TenantContext>()?.RestrictTo(null);
        return next(context);
    });

    /// <summary>
    /// For a route group under <c>/tenants/{tenantId}</c>: a civil servant may act only in their own municipality;
    /// another municipality's resources answer 404, exactly as if they did not exist. Citizens, partners and
    /// services reach any municipality, and the endpoints narrow what they see (own cases, consented citizens).
    /// </summary>
    public static TBuilder ForTenant<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tenant = http.Request.RouteValues["tenantId"] as string;
            if (tenant is null || (http.User.IsCivilServant() && !string.Equals(http.User.TenantId(), tenant, StringComparison.Ordinal)))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: "There is no such resource in this municipality.");
            }

            http.RequestServices.GetRequiredService<TenantContext>().RestrictTo(tenant);
            return await next(context);
        });
}
