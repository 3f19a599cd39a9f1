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

    /// <summary>What kustomize makes of one deployable folder (base, or an overlay), every object loaded strictly.</summary>
    private static List<object> Load(string folder) => Kustomize.Build(Path.Combine(Root, folder)).Objects;

    /// <summary>Every folder an operator applies: the base and each overlay.</summary>
    public static TheoryData<string> Deployables => new(["base", .. Overlays()]);

    private static IEnumerable<string> Overlays() => Directory.GetDirectories(Path.Combine(Root, "overlays")).Order(StringComparer.Ordinal).Select(d => "overlays/" + Path.GetFileName(d));

    /// <summary>The workloads that run SweepCluster's own images (not PostgreSQL or Seq).</summary>
    private static IEnumerable<(string Name, V1PodTemplateSpec Pod, V1LabelSelector Selector)> SweepWorkloads(List<object> objects) =>
        Workloads(objects).Where(w => w.Pod.Spec.Containers.Single().Image.Contains("/sweepcluster/", StringComparison.Ordinal));

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
        var objects = Load("overlays/production");
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
        foreach (var (name, pod, _) in SweepWorkloads(objects))
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

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_pod_runs_as_a_non_root_user_on_a_read_only_root_file_system_with_writable_work_and_tmp(string folder)
    {
        foreach (var (name, pod, _) in SweepWorkloads(Load(folder)))
        {
            var security = pod.Spec.SecurityContext;
            var container = pod.Spec.Containers.Single();
            Assert.True(security.RunAsNonRoot == true && security.RunAsUser > 0 && security.RunAsGroup > 0, $"{name}: not a non-root user");
            Assert.Equal((security.RunAsGroup, "OnRootMismatch", "RuntimeDefault"), (security.FsGroup, security.FsGroupChangePolicy, security.SeccompProfile?.Type));
            Assert.Equal((true, false), (container.SecurityContext.ReadOnlyRootFilesystem, container.SecurityContext.AllowPrivilegeEscalation));
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            foreach (var path in new[] { "/work", "/tmp" })
            {
                var mount = container.VolumeMounts.SingleOrDefault(m => m.MountPath == path) ?? throw new InvalidOperationException($"{name}: nothing writable at {path}");
                Assert.True(pod.Spec.Volumes.Single(v => v.Name == mount.Name).EmptyDir is not null && mount.ReadOnlyProperty != true, $"{name}: {path} is no writable emptyDir");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Manifests_name_images_by_the_short_names_the_kustomization_maps_to_a_registry_and_a_tag(string folder)
    {
        var build = Kustomize.Build(Path.Combine(Root, folder));
        var names = build.Images.Select(i => i.Name).ToHashSet();
        var mapped = build.Images.Select(i => $"{i.NewName ?? i.Name}:{i.NewTag}").ToHashSet();

        Assert.All(build.SourceImages, i => Assert.True(names.Contains(i), $"{i}: not a name in any images: list (registry and tag belong there)"));
        Assert.All(Workloads(build.Objects), w => Assert.Contains(w.Pod.Spec.Containers.Single().Image, mapped));
        Assert.All(build.Images, i => Assert.False(string.IsNullOrEmpty(i.NewTag) || i.NewTag == "latest", $"{i.Name}: no fixed tag"));
        Assert.Equal(["ghcr.io/sweepcluster/sweep-gpu-node:0.1.0", "ghcr.io/sweepcluster/sweep:0.1.0"], SweepWorkloads(build.Objects).Select(w => w.Pod.Spec.Containers.Single().Image).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_object_is_in_the_namespace_the_kustomization_creates(string folder)
    {
        var build = Kustomize.Build(Path.Combine(Root, folder));
        var ns = build.Objects.OfType<V1Namespace>().Single().Metadata.Name;

        Assert.All(build.Documents.Where(d => (string)d["kind"] != "Namespace"), d => Assert.Equal(ns, ((Dictionary<object, object>)d["metadata"]).GetValueOrDefault("namespace")));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void The_data_volume_is_mounted_read_only_where_Datasets_Root_says_in_coordinators_and_GPU_nodes(string folder)
    {
        var objects = Load(folder);
        var settings = objects.OfType<V1ConfigMap>().SelectMany(c => c.Data).ToLookup(p => p.Key, p => p.Value);
        var root = settings["SWEEP_Datasets__Root"].Single();
        var claims = objects.OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToHashSet();
        var workloads = SweepWorkloads(objects).ToList();

        Assert.Equal(["sweep-coordinator", "sweep-gpu-node"], workloads.Select(w => w.Name).Order(StringComparer.Ordinal));
        foreach (var (name, pod, _) in workloads)
        {
            var container = pod.Spec.Containers.Single();
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == "sweep-settings");
            var mount = container.VolumeMounts.Single(m => m.MountPath == root);
            var claim = pod.Spec.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim;
            Assert.True(mount.ReadOnlyProperty == true && claim?.ReadOnlyProperty == true, $"{name}: {root} is not mounted read-only");
            Assert.Contains(claim.ClaimName, claims);
            // Checkpoints at the same path everywhere: nodes take it from the coordinator.
            Assert.Equal(settings["SWEEP_Store__Checkpoints"].Single(), container.VolumeMounts.Single(m => pod.Spec.Volumes.Single(v => v.Name == m.Name).PersistentVolumeClaim?.ClaimName == "sweep-checkpoints").MountPath);
        }
    }

    [Fact]
    public void Args_name_only_variables_of_their_container_and_GPU_nodes_advertise_the_address_their_host_name_resolves_to()
    {
        var objects = Load("base");
        foreach (var (name, pod, _) in SweepWorkloads(objects))
        {
            var container = pod.Spec.Containers.Single();
            var variables = container.Env.Select(e => e.Name).Concat(objects.OfType<V1ConfigMap>().SelectMany(c => c.Data.Keys)).ToHashSet();
            // podman kube play, which the container test runs, knows metadata fields only (no status.podIP).
            Assert.All(container.Env.Where(e => e.ValueFrom?.FieldRef is not null), e => Assert.StartsWith("metadata.", e.ValueFrom.FieldRef.FieldPath, StringComparison.Ordinal));
            Assert.All(container.Args.SelectMany(a => System.Text.RegularExpressions.Regex.Matches(a, @"\$\((\w+)\)")).Select(m => m.Groups[1].Value), v => Assert.True(variables.Contains(v), $"{name}: $({v}) names no variable of the container"));
            if (name == "sweep-gpu-node")
                Assert.Null(Arg(container, "--public-host"));
        }
    }

    [Theory]
    [MemberData(nameof(TlsDeployables))]
    public void Members_present_the_certificate_cert_manager_issues_from_the_clusters_own_CA(string folder)
    {
        var objects = Load(folder);
        var certificates = objects.OfType<CertManager.Certificate>().ToList();
        var issuers = objects.OfType<CertManager.Issuer>().ToList();
        var member = certificates.Single(c => !c.Spec.IsCa);
        var caIssuer = issuers.Single(i => i.Metadata.Name == member.Spec.IssuerRef.Name);
        var ca = certificates.Single(c => c.Spec.SecretName == caIssuer.Spec.Ca!.SecretName);

        Assert.True(ca.Spec.IsCa);
        Assert.NotNull(issuers.Single(i => i.Metadata.Name == ca.Spec.IssuerRef.Name).Spec.SelfSigned);
        Assert.Subset(member.Spec.Usages.ToHashSet(), new HashSet<string> { "server auth", "client auth" });
        Assert.Equal(("ECDSA", 256), (member.Spec.PrivateKey?.Algorithm, member.Spec.PrivateKey?.Size));
        static int Hours(string? duration) => int.Parse(duration!.TrimEnd('h'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Hours(member.Spec.RenewBefore) < Hours(member.Spec.Duration), "renewBefore leaves no time before expiry");
        var workloads = SweepWorkloads(objects).ToList();
        Assert.Equal(2, workloads.Count);
        foreach (var (name, pod, _) in workloads)
        {
            var container = pod.Spec.Containers.Single();
            foreach (var (option, key) in new[] { ("--tls-cert", "tls.crt"), ("--tls-key", "tls.key"), ("--tls-ca", "ca.crt") })
            {
                var file = Arg(container, option) ?? throw new InvalidOperationException($"{name}: no {option}");
                var mount = container.VolumeMounts.Single(m => file.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
                Assert.Equal((member.Spec.SecretName, key, true), (pod.Spec.Volumes.Single(v => v.Name == mount.Name).Secret?.SecretName, file[(mount.MountPath.Length + 1)..], mount.ReadOnlyProperty));
            }
        }
    }

    /// <summary>The overlays that turn mutual TLS on (the component tls); at least one also runs PostgreSQL and Seq.</summary>
    public static TheoryData<string> TlsDeployables => new(Overlays().Where(o => Load(o).OfType<CertManager.Certificate>().Any()));

    [Fact]
    public void Every_component_is_used_and_one_overlay_runs_PostgreSQL_Seq_and_TLS_together()
    {
        var uses = Overlays().ToDictionary(o => o, o => Kustomize.Documents(File.ReadAllText(Path.Combine(Root, o, "kustomization.yaml"))).Single()
            .GetValueOrDefault("components") is List<object> list ? list.Select(c => Path.GetFileName((string)c)).ToHashSet() : []);
        var components = Directory.GetDirectories(Path.Combine(Root, "components")).Select(Path.GetFileName).ToList();

        Assert.All(components, c => Assert.True(uses.Values.Any(u => u.Contains(c!)), $"components/{c} is in no overlay"));
        Assert.Contains(uses.Values, u => u.IsSupersetOf(["postgres", "seq", "tls"]));
    }

    [KubectlTheory]
    [MemberData(nameof(Deployables))]
    public void Kubectl_kustomize_renders_every_deployable_to_strictly_loading_objects_equal_to_the_specs_build(string folder)
    {
        var rendered = Kubectl.Kustomize(Path.Combine(Root, folder));
        var objects = KubernetesYaml.LoadAllFromString(rendered, CertManager.TypeMap, strict: true);
        static string Key(Dictionary<object, object> d) => $"{d["kind"]}/{((Dictionary<object, object>)d["metadata"])["name"]}";
        var theirs = Kustomize.Documents(rendered).ToDictionary(Key, Canonical);
        var ours = Kustomize.Build(Path.Combine(Root, folder)).Documents.ToDictionary(Key, Canonical);

        Assert.Equal(theirs.Count, objects.Count);
        Assert.Equal(theirs.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        Assert.All(theirs, p => Assert.Equal(p.Value, ours[p.Key]));
    }

    /// <summary>A generic tree as text with map keys sorted: equal trees, equal text.</summary>
    private static string Canonical(object? node) => node switch
    {
        Dictionary<object, object> map => "{" + string.Join(",", map.OrderBy(p => (string)p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Canonical(p.Value)}")) + "}",
        List<object> list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        _ => System.Text.Json.JsonSerializer.Serialize(node?.ToString()),
    };

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
