using System.CommandLine;
using Akka.Actor;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep coordinator</c>: the coordinator side of a cluster, until SIGINT or SIGTERM.</summary>
public sealed class CoordinatorCommand : Command
{
    public CoordinatorCommand(CliServices services)
        : base("coordinator", "Run the coordinator side of a cluster (work broker and sweep coordinators, a singleton across coordinator processes).")
    {
        var member = new MemberOptions(this, 4053, "The remoting port.", seedsRequired: false);
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(database);
        Add(checkpoints);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, [.. member.Settings, (database, "Store:Database"), (checkpoints, "Store:Checkpoints")]));
            var tls = ClusterTls.From(settings.Cluster.Tls);
            var remoting = member.Remoting(parse);
            var self = remoting.Address;
            // A coordinator given no seed starts a cluster of its own.
            var seedList = member.Seeds(parse) is { Length: > 0 } given ? given : [self];
            ActorSystem? current = null;
            await using var health = settings.Http.Port is { } http ? await ClusterHosts.ServeHealth(http, () => current) : null;
            if (health is not null)
                CoordinatorMetrics.ReadTrialsFrom(settings.Store.Database);
            for (var first = true; ; first = false)
            {
                var coordinator = ClusterHosts.StartCoordinator(settings.Store.Database, CoordinatorSettings.From(settings.Coordinator, Path.GetFullPath(settings.Store.Checkpoints)), settings.SweepFiles.Limits(),
                    remoting, seedList, tls);
                current = coordinator.System;
                if (first)
                    services.Output.WriteLine(ClusterConfig.Address(self, tls is not null));
                services.Console.MarkupLineInterpolated($"Coordinator at {ClusterConfig.Address(self, tls is not null)}, store {StoreName.Of(settings.Store.Database)}; seeds {string.Join(", ", seedList)}");
                if (await ClusterHosts.RunCoordinator(coordinator, stop))
                    break;
                // Downed or quarantined (peers that still knew a previous process at this address): join again.
                services.Console.MarkupLineInterpolated($"[yellow]Removed from the cluster:[/] joining again at the seeds in {settings.Coordinator.Rejoin.TotalSeconds:F0} s.");
                await Task.Delay(settings.Coordinator.Rejoin, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stop.IsCancellationRequested)
                    break;
            }
            return ExitCodes.Success;
        }));
    }
}
