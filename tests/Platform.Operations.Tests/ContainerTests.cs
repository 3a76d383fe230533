using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Platform.Operations.Tests;

/// <summary>
/// There is no Docker engine on these machines, so the Dockerfile and docker-compose.yml are held to their promises
/// by reading them: every host of the repository is built and run, from a pinned image, as an unprivileged user,
/// health-checked, started after what it needs, and published on loopback only.
/// </summary>
public sealed partial class ContainerTests
{
    private static readonly Dictionary<string, Dictionary<object, object>> Compose = ReadCompose();

    [Fact]
    public void The_Dockerfile_builds_with_the_SDK_and_runs_in_a_pinned_runtime_image_as_an_unprivileged_user()
    {
        var lines = File.ReadAllLines(Repository.PathOf("Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.True(stages.Count >= 2, "A multi-stage build: the SDK builds, a runtime image runs.");
        Assert.All(stages, from => Assert.Matches(PinnedImage(), from[1]));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0][1]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[^1][1]);

        var runtime = lines.SkipWhile(l => !l.StartsWith($"FROM {stages[^1][1]}", StringComparison.Ordinal)).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal))[5..].Split(':')[0];
        Assert.DoesNotContain(user, new[] { "root", "0" });
        Assert.Contains(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Contains("http://127.0.0.1:8080/health/ready"));
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_the_repository_history()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore"));
        Assert.All(new[] { "**/bin/", "**/obj/", ".git/" }, pattern => Assert.Contains(pattern, ignored));
    }

    [Fact]
    public void Compose_builds_every_host_of_the_repository_from_a_project_that_exists()
    {
        var built = Compose.Where(s => s.Value.ContainsKey("build")).ToDictionary(s => s.Key, s => Map(s.Value["build"]));
        foreach (var (service, build) in built)
        {
            var dockerfile = Path.Combine(Repository.PathOf((string)build["context"]), build.TryGetValue("dockerfile", out var file) ? (string)file : "Dockerfile");
            Assert.True(File.Exists(dockerfile), $"{service} builds with {dockerfile}, which does not exist");
            var project = (string)Map(build["args"])["PROJECT"];
            Assert.True(Directory.Exists(Repository.PathOf(project)) && Directory.GetFiles(Repository.PathOf(project), "*.csproj").Length == 1,
                $"{service} builds {project}, which holds no project");
        }

        var projects = built.Values.Select(b => (string)Map(b["args"])["PROJECT"]).ToHashSet();
        var hosts = Directory.GetFiles(Repository.PathOf("services"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Repository.PathOf("gateway"), "*.csproj", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Repository.PathOf("web"), "*.csproj", SearchOption.AllDirectories))
            .Where(csproj => File.ReadAllText(csproj).Contains("Sdk=\"Microsoft.NET.Sdk.Web\""))
            .Select(csproj => Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(csproj)!).Replace('\\', '/'));
        Assert.All(hosts, host => Assert.Contains(host, projects));
    }

    [Fact]
    public void Every_compose_image_is_pinned_and_every_port_is_published_on_loopback_only()
    {
        foreach (var (service, definition) in Compose)
        {
            var image = (string)definition["image"];
            Assert.Matches(TaggedNotLatest(), image);
            foreach (var port in definition.TryGetValue("ports", out var ports) ? (List<object>)ports : [])
            {
                Assert.True(((string)port).StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{service} publishes {port} beyond loopback");
            }
        }
    }

    [Fact]
    public void Every_service_others_wait_for_has_a_health_check_and_every_host_starts_after_the_broker_and_its_database()
    {
        foreach (var (service, definition) in Compose)
        {
            var dependencies = definition.TryGetValue("depends_on", out var dependsOn) ? Map(dependsOn) : [];
            foreach (var (dependency, condition) in dependencies.Select(d => ((string)d.Key, (string)Map(d.Value)["condition"])))
            {
                Assert.True(Compose.ContainsKey(dependency), $"{service} depends on {dependency}, which compose does not run");
                Assert.Equal("service_healthy", condition);
                Assert.True(Compose[dependency].ContainsKey("healthcheck"), $"{service} waits for {dependency} to be healthy, which has no health check");
            }

            if (definition.ContainsKey("build"))
            {
                Assert.True(definition.ContainsKey("healthcheck"), $"{service} has no health check");
            }

            if (definition.TryGetValue("environment", out var environment) && Map(environment).Keys.Cast<string>().Any(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                Assert.Contains("rabbitmq", dependencies.Keys.Cast<string>());
                Assert.Contains("postgres", dependencies.Keys.Cast<string>());
            }
        }

        Assert.Equal(["cases", "channels", "forms", "identity", "notifications", "web"], Map(Compose["gateway"]["depends_on"]).Keys.Cast<string>().Order());
    }

    private static Dictionary<string, Dictionary<object, object>> ReadCompose()
    {
        using var reader = new StringReader(File.ReadAllText(Repository.PathOf("docker-compose.yml")));
        // The file shares blocks through YAML anchors and merge keys (<<: *service).
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return Map(document["services"]).ToDictionary(s => (string)s.Key, s => Map(s.Value));
    }

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    // A patch release (10.0.11-alpine3.23) or a digest: a rebuild gets the same base.
    [GeneratedRegex(@"^[\w./-]+(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"^[\w./-]+:(?!latest$)[\w.-]+$")]
    private static partial Regex TaggedNotLatest();
}
