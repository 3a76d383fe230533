namespace Platform.Operations.Tests;

/// <summary>
/// Every kustomize overlay renders with kubectl, offline, and every object it renders passes the Kubernetes schemas
/// and the platform's invariants, as k8s/validate/validate.js checks them (its npm packages come from `npm ci` in
/// k8s/validate, which .ci/run does). A failure shows the script's own list of what is wrong.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Validator = Repository.PathOf("k8s/validate/validate.js");

    [Fact]
    public async Task Every_overlay_renders_and_every_object_passes_the_schemas_and_the_invariants()
    {
        RequireValidatorPackages();

        var (exitCode, output) = await Repository.RunAsync("node", Validator);

        Assert.True(exitCode == 0, output);
        Assert.Contains("in 4 overlays (demo, municipality, partner, shared)", output);
    }

    [Fact]
    public async Task The_validator_refuses_a_latest_image_a_wrong_probe_a_writable_root_a_service_selecting_nothing_and_a_tenant_route_to_nowhere()
    {
        RequireValidatorPackages();
        var copy = CopyOfManifests();
        Edit(copy, "overlays/partner/kustomization.yaml", "newTag: 0.1.0", "newTag: latest");
        Edit(copy, "base/cases/deployment.yaml", "path: /health/ready", "path: /healthz");
        Edit(copy, "base/forms/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        Edit(copy, "base/channels/service.yaml", "app.kubernetes.io/name: channels", "app.kubernetes.io/name: channel");
        Edit(copy, "overlays/shared/tenants.json", "forms.fjordby.svc", "forms.skogsberg.svc");

        var (exitCode, output) = await Repository.RunAsync("node", [Validator, .. Directory.GetDirectories(Path.Combine(copy, "overlays"))]);

        Assert.Equal(1, exitCode);
        Assert.Contains("partner: Deployment/partner-adapter: container partner-adapter image ghcr.io/example-platform/partner-adapter:latest uses the latest tag", output);
        Assert.Contains("shared: Deployment/cases: container cases readinessProbe must GET /health/ready, not /healthz", output);
        Assert.Contains("municipality: Deployment/cases: container cases readinessProbe must GET /health/ready, not /healthz", output);
        Assert.Contains("shared: Deployment/forms: container forms must set readOnlyRootFilesystem: true", output);
        Assert.Contains("shared: Service/channels: selector {\"app.kubernetes.io/name\":\"channel\"} matches no Deployment's pods", output);
        Assert.Contains("tenant fjordby's forms is http://forms.skogsberg.svc.cluster.local:8080/, but no overlay deploys Service forms", output);
        Directory.Delete(copy, recursive: true);
    }

    [Fact]
    public async Task The_validator_refuses_a_network_policy_for_pods_nobody_deploys()
    {
        RequireValidatorPackages();
        var copy = CopyOfManifests();
        Edit(copy, "base/notifications/network-policy.yaml", "app.kubernetes.io/name: notifications", "app.kubernetes.io/name: notification");

        var (exitCode, output) = await Repository.RunAsync("node", [Validator, Path.Combine(copy, "overlays", "shared")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("shared: NetworkPolicy/notifications: selector {\"app.kubernetes.io/name\":\"notification\"} matches no pods in namespace platform", output);
        Directory.Delete(copy, recursive: true);
    }

    [Theory]
    [InlineData("k8s/base")]
    [InlineData("k8s/overlays/shared")]
    [InlineData("k8s/overlays/municipality")]
    [InlineData("k8s/overlays/partner")]
    public async Task Outside_the_demo_overlay_the_manifests_render_no_demo_data_no_demo_secret_and_no_test_eid(string folder)
    {
        var (exitCode, rendered) = await Repository.RunAsync("kubectl", "kustomize", Repository.PathOf(folder));

        Assert.True(exitCode == 0, rendered);
        foreach (var demo in new[] { "demo-secret", "demo-password", "Demo__SeedData", "SeedDemoData", "Eid__Test", "Development" })
        {
            Assert.DoesNotContain(demo, rendered);
        }
    }

    [Fact]
    public async Task The_demo_overlay_runs_the_demo_and_holds_the_secrets_an_operator_creates_for_a_real_network()
    {
        var (exitCode, rendered) = await Repository.RunAsync("kubectl", "kustomize", Repository.PathOf("k8s/overlays/demo"));

        Assert.True(exitCode == 0, rendered);
        Assert.Contains("ASPNETCORE_ENVIRONMENT: Development", rendered);
        foreach (var service in new[] { "forms", "cases", "channels", "notifications" })
        {
            Assert.Contains($"name: {service}-oidc", rendered);
        }
    }

    [Fact]
    public async Task The_validator_refuses_demo_values_outside_the_demo_overlay()
    {
        RequireValidatorPackages();
        var copy = CopyOfManifests();
        Edit(copy, "base/platform/kustomization.yaml", "      - Dapr__Enabled=true", "      - Dapr__Enabled=true\n      - Demo__SeedData=true");

        var (exitCode, output) = await Repository.RunAsync("node", [Validator, .. Directory.GetDirectories(Path.Combine(copy, "overlays"))]);

        Assert.Equal(1, exitCode);
        Assert.Matches(@"shared: ConfigMap/platform-settings\S*: seeds the demo data \(Demo__SeedData\); only k8s/overlays/demo may", output);
        Assert.Matches(@"municipality: ConfigMap/platform-settings\S*: seeds the demo data", output);
        Assert.DoesNotContain("demo: ConfigMap/platform-settings", output);
        Directory.Delete(copy, recursive: true);
    }

    private static void RequireValidatorPackages() =>
        Assert.True(Directory.Exists(Repository.PathOf("k8s/validate/node_modules/kubernetes-models")),
            "The manifest validator's packages are missing: run `npm ci --prefix k8s/validate` (.ci/run does).");

    // The overlays refer to the base by relative path, so both are copied side by side.
    private static string CopyOfManifests()
    {
        var copy = Directory.CreateTempSubdirectory("k8s-").FullName;
        foreach (var folder in new[] { "base", "overlays" })
        {
            var source = Repository.PathOf(Path.Combine("k8s", folder));
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, folder, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return copy;
    }

    private static void Edit(string root, string file, string from, string to)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }
}
