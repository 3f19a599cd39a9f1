using k8s;
using k8s.Models;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Containers;

/// <summary>
/// A second, independent reading of the manifests: `podman kube play` runs the GPU-node Deployment
/// with its ConfigMaps and claims as Kubernetes would (env, $(VAR) args, security context, volumes),
/// against a coordinator container. kube play has no StatefulSet or Service, hence the coordinator
/// comes from <see cref="ContainerCluster"/>.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class KubePlaySpecs(ContainerImages images)
{
    [Fact]
    public async Task The_GPU_node_Deployment_played_by_podman_joins_the_coordinator_and_trains_a_sweep()
    {
        Assert.NotEmpty(images.BuildLog);
        await using var cluster = new ContainerCluster();
        await cluster.Start();
        await cluster.StartCoordinator();
        var file = Path.Combine(Path.GetDirectoryName(cluster.Store)!, "gpu-node-play.yaml");
        await File.WriteAllTextAsync(file, PlayableNodes());
        try
        {
            await Podman.Try("kube", "down", file); // what a killed run left
            await Podman.Run("kube", "play", "--build=false", "--network", cluster.Network, file);
            var sweep = new TinySweep("played") { Seed = 3, Subset = 600, Epochs = 2, LearningRates = [0.001, 0.003] }.WriteTo(Path.GetDirectoryName(cluster.Store)!);
            var (exitCode, output, errors) = await SweepChildren.Finish(
                ContainerCluster.Client("submit", sweep, "--wait", "--coordinator", cluster.Api, "--token-file", cluster.TokenFile), TimeSpan.FromMinutes(5));

            Assert.True(exitCode == 0, $"{output} {errors}\n{await cluster.Logs("sweep-coordinator-0")}\n{await cluster.Logs("sweep-gpu-node-pod-0-gpu-node")}");
            Assert.Contains("completed, 2/2 done", output);
            // The node took its name from the pod (metadata.name through $(POD_NAME)) and advertised the pod's address.
            Assert.Contains("sweep-gpu-node-pod-0", output);
        }
        finally
        {
            await Podman.Try("kube", "down", file);
            await Podman.Try("volume", "rm", "-f", "sweep-checkpoints", "sweep-data");
        }
    }

    /// <summary>base's sweep-settings ConfigMap, its claims and the GPU-node Deployment (one replica), as kustomize builds them, with the image built here: the rest as written.</summary>
    private static string PlayableNodes()
    {
        var objects = Deploy.Kustomize.Build(Path.Combine(RepositoryPaths.Root(), "deploy", "k8s", "base")).Objects
            .Where(o => o is V1ConfigMap { Metadata.Name: "sweep-settings" } or V1PersistentVolumeClaim or V1Deployment { Metadata.Name: "sweep-gpu-node" })
            .ToList();
        var nodes = objects.OfType<V1Deployment>().Single();
        nodes.Spec.Replicas = 1;
        nodes.Spec.Template.Spec.Containers.Single().Image = ContainerImages.Sweep;
        return string.Join("\n---\n", objects.Select(o => KubernetesYaml.Serialize(o)));
    }
}
