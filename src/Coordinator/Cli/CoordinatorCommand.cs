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
        var host = ClusterOptions.Host();
        var port = ClusterOptions.Port(4053, "The remoting port.");
        var seeds = ClusterOptions.Seeds(required: false);
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(host);
        Add(port);
        Add(seeds);
        Add(database);
        Add(checkpoints);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database"), (checkpoints, "Store:Checkpoints")));
            var self = $"{parse.GetValue(host)}:{parse.GetValue(port)}";
            // A coordinator given no seed starts a cluster of its own.
            var seedList = parse.GetValue(seeds) is { Length: > 0 } given ? given : [self];
            var system = ClusterHosts.StartCoordinator(settings.Store.Database, CoordinatorSettings.Default(Path.GetFullPath(settings.Store.Checkpoints)),
                parse.GetValue(host)!, parse.GetValue(port), seedList);
            services.Output.WriteLine(ClusterConfig.Address(self));
            services.Console.MarkupLineInterpolated($"Coordinator at {ClusterConfig.Address(self)}, store {EventStore.Describe(settings.Store.Database)}; seeds {string.Join(", ", seedList)}");
            await ClusterHosts.RunUntilStopped(system, stop);
            return ExitCodes.Success;
        }));
    }
}
