using Akka.Actor;
using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Coordinator.Tests.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>An SQLite store in which the real actors ran two small sweeps, "broken" and "intact", to the end (scripted trainer), then closed.</summary>
internal static class TwoSweepStore
{
    public static readonly string[] SweepIds = ["broken", "intact"];

    public static async Task CreateAsync(string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        await using (var host = EmbeddedHost.Start(database, CoordinatorSettings.Default(Path.Combine(folder, "checkpoints")), 2, "cpu", new ScriptedRunner(), TimeSpan.FromMilliseconds(200)))
        {
            foreach (var sweepId in SweepIds)
            {
                host.Broker.Tell(Submit(sweepId));
                var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(sweepId), TimeSpan.FromSeconds(10));
                await Poll.Until(() => sweep.Ask<SweepState>(new GetSweepState(sweepId), TimeSpan.FromSeconds(10)), s => s.Phase == SweepPhase.Completed,
                    TimeSpan.FromSeconds(15), $"sweep {sweepId} did not complete", TimeSpan.FromMilliseconds(50));
            }
            await host.Projection.CatchUpAsync(SweepIds);
        }
        // Closing the last connection checkpoints the WAL and removes the -wal and -shm files, as a clean shutdown does.
        SqliteConnection.ClearAllPools();
    }

    private static SubmitSweep Submit(string sweepId) => new(sweepId, sweepId, sweepId + ".yaml", "name: " + sweepId,
        [.. Enumerable.Range(0, 2).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 1, 0))]);
}
