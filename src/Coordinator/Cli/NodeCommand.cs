using System.CommandLine;
using Akka.Actor;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep node</c>: a GPU node that joins the cluster and pulls trials, until SIGINT or SIGTERM.</summary>
public sealed class NodeCommand : Command
{
    public NodeCommand(CliServices services)
        : base("node", "Run a GPU node: join the cluster at its seeds, announce the slots and device, train what the coordinator leases.")
    {
        var member = new MemberOptions(this, 0, "The remoting port (0: any free one).", seedsRequired: true);
        var name = new Option<string?>("--name") { Description = "The node's name in results (default HOST:PORT). Setting Node:Name (a pod's name, from its metadata)." };
        var device = SharedOptions.Device();
        var torchLib = SharedOptions.TorchLib();
        var capacity = new CapacityOptions(this, "Trials trained at once on this node.");
        Add(name);
        Add(device);
        Add(torchLib);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, [.. member.Settings, .. capacity.Settings, (name, "Node:Name"), (device, "Torch:Device"), (torchLib, "Torch:LibDirectory")]));
            var tls = ClusterTls.From(settings.Cluster.Tls);
            var remoting = member.Remoting(parse);
            var seeds = member.Seeds(parse);
            var nodeCapacity = capacity.Read(parse, settings.Node);
            var (trainingDevice, runner) = LocalTrainer.Create(settings, nodeCapacity);
            var packing = nodeCapacity.Packing(trainingDevice);
            ActorSystem? current = null;
            await using var health = settings.Http.Port is { } http ? await ClusterHosts.ServeHealth(http, () => current) : null;
            while (true)
            {
                var node = ClusterHosts.StartNode(string.IsNullOrWhiteSpace(settings.Node.Name) ? null : settings.Node.Name, nodeCapacity.Threads(trainingDevice), trainingDevice, runner, remoting, seeds, tls, packing, settings.Node);
                current = node.System;
                services.Console.MarkupLineInterpolated($"Node {node.Name} with {nodeCapacity.Describe(trainingDevice)} on {trainingDevice}; seeds {string.Join(", ", seeds)}");
                if (await ClusterHosts.RunNode(node, stop))
                    break;
                services.Console.MarkupLineInterpolated($"[yellow]No coordinator for {settings.Node.CoordinatorGrace.TotalSeconds:F0} s:[/] stopped the trials (they resume from their checkpoints) and joining again at the seeds.");
            }
            return ExitCodes.Success;
        }));
    }
}
