using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>
/// deploy/k8s/base as podman runs it: a workload's pod template becomes the arguments of `podman run`
/// (its command and args with $(VAR) expanded as the kubelet does, its env and ConfigMaps, volumes as
/// folders of this machine, its security context; <c>extra</c>: the test's own podman options), so the manifests are what the container specs test.
/// </summary>
public sealed partial class ManifestPods
{
    /// <summary>deploy/k8s/base as kustomize builds it (namespace, labels, images): what `kubectl apply -k` would create.</summary>
    private readonly List<object> _objects = Deploy.Kustomize.Build(Path.Combine(RepositoryPaths.Root(), "deploy", "k8s", "base")).Objects;

    public V1PodTemplateSpec Coordinator => _objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "sweep-coordinator").Spec.Template;

    public V1PodTemplateSpec GpuNode => _objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "sweep-gpu-node").Spec.Template;

    /// <summary>The files of a Secret the manifests define (stringData), by key.</summary>
    public IDictionary<string, string>? SecretFiles(string name) => _objects.OfType<V1Secret>().FirstOrDefault(s => s.Metadata.Name == name)?.StringData;

    /// <summary>The container's environment as the kubelet makes it: ConfigMaps first, its own env over them, then the test's changes (null removes).</summary>
    public Dictionary<string, string> Environment(V1PodTemplateSpec pod, string podName, IReadOnlyDictionary<string, string?> changes)
    {
        var container = pod.Spec.Containers.Single();
        var env = new Dictionary<string, string>();
        foreach (var source in container.EnvFrom ?? [])
        {
            var map = _objects.OfType<V1ConfigMap>().Single(m => m.Metadata.Name == source.ConfigMapRef.Name);
            foreach (var (key, value) in map.Data)
                env[key] = value;
        }
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom?.FieldRef?.FieldPath switch
            {
                null => variable.Value,
                "metadata.name" => podName,
                var field => throw new NotSupportedException($"{container.Name}: env {variable.Name} from {field}: the container specs fill metadata.name only."),
            };
        }
        foreach (var (key, value) in changes)
        {
            if (value is null)
                env.Remove(key);
            else
                env[key] = value;
        }
        return env;
    }

    /// <summary>$(VAR) replaced by the variable's value where it is defined, left as written where not, $$ kept as $ (Kubernetes' rules).</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env) =>
        Reference().Replace(text, m => m.Value == "$$" ? "$" : env.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();

    /// <summary>
    /// The `podman run` arguments for pod <paramref name="podName"/> from <paramref name="pod"/>: its env,
    /// its volumes as folders <paramref name="volume"/> gives, its user, read-only root and capabilities,
    /// then the image and its expanded args.
    /// </summary>
    public IReadOnlyList<string> RunArguments(V1PodTemplateSpec pod, string podName, string image, IReadOnlyDictionary<string, string?> envChanges,
        Func<V1Volume, string> volume, IEnumerable<string> extra)
    {
        var container = pod.Spec.Containers.Single();
        var env = Environment(pod, podName, envChanges);
        var args = new List<string> { "run", "-d", "--name", podName, "--hostname", podName };
        args.AddRange(extra);
        var security = pod.Spec.SecurityContext;
        if (security?.RunAsUser is { } user)
            args.AddRange(["--user", string.Create(CultureInfo.InvariantCulture, $"{user}:{security.RunAsGroup ?? user}")]);
        if (security?.FsGroup is { } group)
            args.AddRange(["--group-add", group.ToString(CultureInfo.InvariantCulture)]);
        if (container.SecurityContext?.ReadOnlyRootFilesystem == true)
            args.AddRange(["--read-only", "--read-only-tmpfs=false"]);
        if (container.SecurityContext?.AllowPrivilegeEscalation == false)
            args.AddRange(["--security-opt", "no-new-privileges"]);
        foreach (var capability in container.SecurityContext?.Capabilities?.Drop ?? [])
            args.AddRange(["--cap-drop", capability]);
        if (pod.Spec.TerminationGracePeriodSeconds is { } grace)
            args.AddRange(["--stop-timeout", grace.ToString(CultureInfo.InvariantCulture)]);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var source = volume(pod.Spec.Volumes.Single(v => v.Name == mount.Name));
            args.AddRange(["-v", $"{source}:{mount.MountPath}{(mount.ReadOnlyProperty == true ? ":ro" : "")}"]);
        }
        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
            args.AddRange(["-e", $"{key}={value}"]);
        if (container.Command is { Count: > 0 } command)
            args.AddRange(["--entrypoint", command[0]]);
        args.Add(image);
        args.AddRange((container.Command?.Skip(1) ?? []).Concat(container.Args ?? []).Select(a => Expand(a, env)));
        return args;
    }

    /// <summary>The container port named <paramref name="name"/>.</summary>
    public static int Port(V1PodTemplateSpec pod, string name) => pod.Spec.Containers.Single().Ports.Single(p => p.Name == name).ContainerPort;
}
