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
    private static readonly TimeSpan Rejoin = TimeSpan.FromSeconds(2);

    public CoordinatorCommand(CliServices services)
        : base("coordinator", "Run the coordinator side of a cluster (work broker and sweep coordinators, a singleton across coordinator processes).")
    {
        var host = ClusterOptions.Host();
        var publicHost = ClusterOptions.PublicHost();
        var port = ClusterOptions.Port(4053, "The remoting port.");
        var seeds = ClusterOptions.Seeds(required: false);
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(host);
        Add(publicHost);
        Add(port);
        Add(seeds);
        Add(database);
        Add(checkpoints);
        var httpPort = ClusterOptions.HttpPort();
        Add(httpPort);
        var tlsOptions = ClusterOptions.AddTls(this);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, [.. tlsOptions, (httpPort, "Http:Port"), (database, "Store:Database"), (checkpoints, "Store:Checkpoints")]));
            var tls = ClusterTls.From(settings.Cluster.Tls);
            var remoting = new Remoting(parse.GetValue(host)!, parse.GetValue(publicHost) ?? parse.GetValue(host)!, parse.GetValue(port));
            var self = remoting.Address;
            // A coordinator given no seed starts a cluster of its own.
            var seedList = parse.GetValue(seeds) is { Length: > 0 } given ? given : [self];
            using var signals = new StopSignals(stop);
            ActorSystem? current = null;
            await using var health = settings.Http.Port is { } http ? await ClusterHosts.ServeHealth(http, () => current) : null;
            if (health is not null)
                CoordinatorMetrics.ReadTrialsFrom(settings.Store.Database);
            for (var first = true; ; first = false)
            {
                var system = current = ClusterHosts.StartCoordinator(settings.Store.Database, CoordinatorSettings.Default(Path.GetFullPath(settings.Store.Checkpoints)),
                    remoting, seedList, tls);
                if (first)
                    services.Output.WriteLine(ClusterConfig.Address(self, tls is not null));
                services.Console.MarkupLineInterpolated($"Coordinator at {ClusterConfig.Address(self, tls is not null)}, store {EventStore.Describe(settings.Store.Database)}; seeds {string.Join(", ", seedList)}");
                if (await ClusterHosts.RunCoordinator(system, signals.Token))
                    break;
                // Downed or quarantined (peers that still knew a previous process at this address): join again.
                services.Console.MarkupLineInterpolated($"[yellow]Removed from the cluster:[/] joining again at the seeds in {Rejoin.TotalSeconds:F0} s.");
                await Task.Delay(Rejoin, signals.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (signals.Token.IsCancellationRequested)
                    break;
            }
            return ExitCodes.Success;
        }));
    }
}
