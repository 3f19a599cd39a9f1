using System.Diagnostics;
using Akka.Actor;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

// Usage: dotnet artifacts/bin/Orchestration/release/Orchestration.dll [trials=3000] [slots=64] [database=temp SQLite file]
var trials = args.Length > 0 ? int.Parse(args[0]) : 3000;
var slots = args.Length > 1 ? int.Parse(args[1]) : 64;
var folder = Directory.CreateTempSubdirectory("bench-orchestration-").FullName;
var database = args.Length > 2 ? args[2] : Path.Combine(folder, "sweeps.db");

// A sweep of its own on every run, so a reused database (PostgreSQL) measures this run alone.
var sweepId = "bench-" + Guid.NewGuid().ToString("N")[..8];
var spec = new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec { Epochs = 1 }, 0);
var submit = new SubmitSweep(sweepId, "bench", "bench.yaml", "name: bench",
    [.. Enumerable.Range(0, trials).Select(i => new TrialDefinition($"t{i:D6}", i, $"trial {i}", new Dictionary<string, string>(), spec with { Seed = i }, 1, 0))]);

await using var host = EmbeddedHost.Start(database, CoordinatorSettings.Default(Path.Combine(folder, "checkpoints")), slots, "cpu", new NoOpRunner(), TimeSpan.FromMilliseconds(100));
var clock = Stopwatch.StartNew();
host.Broker.Tell(submit);
var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(sweepId));
SweepState state;
do
{
    await Task.Delay(20);
    state = await sweep.Ask<SweepState>(new GetSweepState(sweepId));
}
while (state.Phase != SweepPhase.Completed);
var recorded = clock.Elapsed.TotalSeconds;

// Ranked: the read model (projected by the host's projector) holds every result and the leaderboard is built from it.
using var connection = StoreConnections.Open(database);
var reader = new ReadModelReader(connection);
while (reader.Sweep(sweepId)?.State != States.Completed)
    await Task.Delay(20);
var best = Leaderboard.Rows(reader.Trials(sweepId).Select(t => t.ToResult()), "val_accuracy")[0];
var ranked = clock.Elapsed.TotalSeconds;
Console.WriteLine($"| {trials:N0} | {slots} | {(database.Contains("Host=") ? "PostgreSQL" : "SQLite (WAL)")} | {recorded:F1} s | {ranked:F1} s | {trials / ranked:F0} | {3 * trials / recorded:F0} | (best {best.TrialId})");
Directory.Delete(folder, recursive: true);

/// <summary>Reports one epoch and finishes at once: only the orchestration is measured.</summary>
internal sealed class NoOpRunner : ITrialRunner
{
    private static readonly EpochMetrics Epoch = new(1, 0.5, 0.8, 0.5, 0.8, 1e-3, 0.001, 1);

    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        onEpoch(Epoch);
        return new TrialOutcome(TrialStatus.Completed, 1, null, null, null);
    }
}
