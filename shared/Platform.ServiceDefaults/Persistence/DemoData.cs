using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// Demo data (made-up municipalities, people with a well-known password, clients with well-known secrets, forms) is
/// for a local run, the tests and the <c>k8s/overlays/demo</c> overlay only. Each service seeds its share when
/// <c>Demo:SeedData</c> is true, which the services' appsettings.Development.json sets and nothing else does by default,
/// so a network started from the images and the base manifests holds none of it.
/// </summary>
public static class DemoData
{
    public const string SeedSetting = "Demo:SeedData";

    public static bool IsSeeded(IConfiguration configuration) => configuration.GetValue<bool>(SeedSetting);

    public static IHostApplicationBuilder AddDemoSeeder<TContext, TSeeder>(this IHostApplicationBuilder builder)
        where TContext : DbContext
        where TSeeder : class, IDatabaseSeeder<TContext>
    {
        if (IsSeeded(builder.Configuration))
        {
            builder.Services.AddScoped<IDatabaseSeeder<TContext>, TSeeder>();
        }

        return builder;
    }
}
