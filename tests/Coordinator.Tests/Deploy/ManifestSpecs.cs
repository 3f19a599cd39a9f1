using System.CommandLine;
using System.Reflection;
using k8s;
using k8s.Models;
using Spectre.Console;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>
/// deploy/k8s as an API server would see it (every file loaded strictly: a misspelled field fails),
/// and the invariants that make the pieces meet: selectors, seed names, ports, probes, GPUs, and
/// options and settings that the application really has.
/// </summary>
public sealed class ManifestSpecs
{
    private static readonly string Root = Path.Combine(RepositoryPaths.Root(), "deploy", "k8s");

    /// <summary>The manifests of one deployable folder: base, or base plus an overlay.</summary>
    private static List<object> Load(string folder)
    {
        var kustomization = File.ReadAllText(Path.Combine(Root, folder, "kustomization.yaml"));
        var objects = new List<object>();
        foreach (var entry in Entries(kustomization))
        {
            var path = Path.GetFullPath(Path.Combine(Root, folder, entry));
            objects.AddRange(Directory.Exists(path)
                ? Load(Path.GetRelativePath(Root, path))
                : KubernetesYaml.LoadAllFromString(File.ReadAllText(path), strict: true));
        }
        return objects;
    }

    /// <summary>The files and folders a kustomization lists (resources, and patches by path).</summary>
    private static IEnumerable<string> Entries(string kustomization) => kustomization.Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.Contains(':'))
        .Select(l => l[2..].Trim())
        .Concat(kustomization.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- path: ", StringComparison.Ordinal)).Select(l => l["- path: ".Length..]));

    public static TheoryData<string> Deployables => new("base", "overlays/postgres", "overlays/seq", "overlays/ingress");

    private static IEnumerable<(string Name, V1PodTemplateSpec Pod, V1LabelSelector Selector)> Workloads(List<object> objects) =>
        objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template, s.Spec.Selector))
            .Concat(objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template, d.Spec.Selector)));

    private static string? Arg(V1Container container, string option) =>
        container.Args.FirstOrDefault(a => a.StartsWith(option + "=", StringComparison.Ordinal))?[(option.Length + 1)..];

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_file_loads_strictly_and_every_selector_matches_pod_labels(string folder)
    {
        var objects = Load(folder);
        var podLabels = Workloads(objects).Select(w => w.Pod.Metadata.Labels).ToList();
        static bool Matches(IDictionary<string, string> selector, IDictionary<string, string> labels) => selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

        Assert.All(Workloads(objects), w => Assert.True(Matches(w.Selector.MatchLabels, w.Pod.Metadata.Labels), $"{w.Name}: selector does not match its pods"));
        Assert.All(objects.OfType<V1Service>(), s => Assert.Contains(podLabels, l => Matches(s.Spec.Selector, l)));
        Assert.All(objects.OfType<V1PodDisruptionBudget>(), b => Assert.Contains(podLabels, l => Matches(b.Spec.Selector.MatchLabels, l)));
    }

    [Fact]
    public void The_seed_list_names_the_coordinator_pods_through_their_headless_service_on_the_remoting_port()
    {
        var objects = Load("base");
        var coordinators = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "sweep-coordinator");
        var headless = objects.OfType<V1Service>().Single(s => s.Metadata.Name == coordinators.Spec.ServiceName);
        var container = coordinators.Spec.Template.Spec.Containers.Single();
        var port = int.Parse(Arg(container, "--port")!);
        var expected = Enumerable.Range(0, coordinators.Spec.Replicas!.Value).Select(i => $"--seed={coordinators.Metadata.Name}-{i}.{headless.Metadata.Name}:{port}").ToList();

        Assert.Equal(("None", true), (headless.Spec.ClusterIP, headless.Spec.PublishNotReadyAddresses));
        Assert.Equal(port, headless.Spec.Ports.Single(p => p.Name == "remoting").Port);
        Assert.Equal(port, container.Ports.Single(p => p.Name == "remoting").ContainerPort);
        Assert.Equal($"$(POD_NAME).{headless.Metadata.Name}", Arg(container, "--public-host"));
        Assert.All(Workloads(objects), w => Assert.Equal(expected, w.Pod.Spec.Containers.Single().Args.Where(a => a.StartsWith("--seed=", StringComparison.Ordinal))));
    }

    [Fact]
    public void Probes_and_metrics_point_at_the_port_each_process_serves_them_on()
    {
        foreach (var (name, pod, _) in Workloads(Load("base")))
        {
            var container = pod.Spec.Containers.Single();
            var http = int.Parse(Arg(container, "--http-port") ?? throw new InvalidOperationException($"{name} serves no probes"));
            Assert.Equal(http, container.Ports.Single(p => p.Name == "http").ContainerPort);
            Assert.Equal(("/healthz/ready", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
            Assert.Equal(("/healthz/live", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
            Assert.Equal(http.ToString(), pod.Metadata.Annotations["prometheus.io/port"]);
            Assert.True(pod.Spec.TerminationGracePeriodSeconds >= 60, $"{name}: no time to leave the cluster gracefully");
        }
    }

    [Fact]
    public void The_API_Service_and_the_Ingress_reach_the_coordinators_API_port_which_a_mounted_token_guards()
    {
        var objects = Load("overlays/ingress");
        var coordinators = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "sweep-coordinator").Spec.Template.Spec;
        var container = coordinators.Containers.Single();
        var api = objects.OfType<V1Service>().Single(s => s.Metadata.Name == "sweep-api").Spec.Ports.Single();
        var paths = objects.OfType<V1Ingress>().Single().Spec.Rules.Single().Http.Paths;
        var token = Arg(container, "--token-file")!;
        var mount = container.VolumeMounts.Single(m => token.StartsWith(m.MountPath + "/", StringComparison.Ordinal));

        Assert.Equal(int.Parse(Arg(container, "--api-port")!), container.Ports.Single(p => p.Name == api.TargetPort.Value).ContainerPort);
        Assert.NotEqual(Arg(container, "--api-port"), Arg(container, "--http-port"));
        Assert.Equal("0.0.0.0", Arg(container, "--api-address"));
        Assert.NotNull(coordinators.Volumes.Single(v => v.Name == mount.Name).Secret);
        // The API and the dashboard's pages, nothing else of the port.
        Assert.Equal(["/api", "/ui"], paths.Select(p => p.Path));
        Assert.All(paths, p => Assert.Equal(("sweep-api", api.Name, "Prefix"), (p.Backend.Service.Name, p.Backend.Service.Port.Name, p.PathType)));
    }

    [Fact]
    public void GPU_nodes_ask_for_a_GPU_and_tolerate_the_GPU_pool()
    {
        var node = Workloads(Load("base")).Single(w => w.Name == "sweep-gpu-node").Pod.Spec;
        var resources = node.Containers.Single().Resources;

        Assert.Equal("1", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal(resources.Limits["nvidia.com/gpu"], resources.Requests["nvidia.com/gpu"]);
        Assert.Contains(node.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.NotEmpty(node.NodeSelector);
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_option_and_setting_a_manifest_passes_exists_in_the_application(string folder)
    {
        var objects = Load(folder);
        var cli = SweepCli.Build(new CliServices(AnsiConsole.Create(new AnsiConsoleSettings()), TextWriter.Null));
        foreach (var (name, pod, _) in Workloads(objects).Where(w => w.Pod.Spec.Containers.Single().Image.Contains("sweepcluster")))
        {
            var args = pod.Spec.Containers.Single().Args;
            var command = cli.Subcommands.Single(c => c.Name == args[0]);
            var options = command.Options.Select(o => o.Name).ToHashSet();
            Assert.All(args.Skip(1), a => Assert.True(options.Contains(a.Split('=')[0]), $"{name}: `sweep {args[0]}` has no option {a.Split('=')[0]}"));
        }
        var settings = objects.OfType<V1ConfigMap>().SelectMany(c => c.Data.Keys).Where(k => k.StartsWith(SettingsLoader.EnvironmentPrefix, StringComparison.Ordinal));
        Assert.All(settings, key => Assert.True(IsSetting(key), $"{key} is no setting of SweepSettings"));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void No_ConfigMap_holds_a_secret(string folder)
    {
        foreach (var (key, value) in Load(folder).OfType<V1ConfigMap>().SelectMany(c => c.Data))
        {
            Assert.False(StorePasswords.HasPassword(value), $"{key} carries a password");
            var secretish = new[] { "password", "apikey", "secret", "token" }.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));
            Assert.True(!secretish || key.EndsWith("File", StringComparison.Ordinal) && value.StartsWith('/'), $"{key} looks like a secret; mount it from a Secret and name the file instead");
        }
    }

    /// <summary>SWEEP_Section__Key names a property path of <see cref="SweepSettings"/> (or one of the short aliases).</summary>
    private static bool IsSetting(string variable)
    {
        if (variable is "SWEEP_DEVICE" or "SWEEP_TORCH_LIB")
            return true;
        var type = typeof(SweepSettings);
        foreach (var part in variable[SettingsLoader.EnvironmentPrefix.Length..].Split("__"))
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
                return false;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return true;
    }
}
