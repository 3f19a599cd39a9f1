using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

// Usage (dotnet artifacts/bin/Orchestration/release/Orchestration.dll ...):
//   [trials=3000] [slots=64] [database=temp SQLite file]           embedded: broker, coordinator and node in this process
//   cluster [trials=10000] [slots per node=32] [database] [nodes=2]  a coordinator here, node processes beside it
//   api [trials=10000] [clients=50] [requests per client=20] [seconds=60] [trial ms=0] [slots per node=32]  the HTTP API's latency (ApiBench.cs)
//   node SEED SLOTS NAME [noop|reports]                              one node process (started by cluster and api)
//   coordinator DATABASE CHECKPOINTS PORT API-PORT                   the coordinator and its API in a process of their own (started by api)
//   tpe [trials=1000]                                                a TPE sweep's leases decided by the state alone
//   dashboard-store DATABASE [trials=10000]                         a random search run by a no-op trainer, for the dashboard (DashboardBench.cs)
//   dashboard URL [runs=5]                                           a dashboard page of it (sweep ui): time to its ready mark, median
//   dashboard-shots ROOT FOLDER ROUTE=NAME...                        screenshots of dashboard pages (docs/dashboard/)
return args.FirstOrDefault() switch
{
    "tpe" => TpeLeaseBench.Run(args[1..]),
    "dashboard-store" => await DashboardBench.Store(args[1], DashboardBench.Int(args, 2, 10000)),
    "dashboard" => await DashboardBench.Load(args[1], DashboardBench.Int(args, 2, 5)),
    "dashboard-shots" => await DashboardBench.Shots(args[1], args[2], args[3..]),
    "cluster" => await ClusterBench.Run(args[1..]),
    "api" => await ApiBench.Run(args[1..]),
    "coordinator" => await LoopbackCluster.Coordinator(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)),
    "node" => await LoopbackCluster.Node(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args.ElementAtOrDefault(4)),
    _ => await EmbeddedBench.Run(args),
};

internal static class EmbeddedBench
{
    public static async Task<int> Run(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
        var slots = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
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
        var (ranked, best) = await Ranked.Wait(database, sweepId, clock);
        Console.WriteLine($"| {trials:N0} | {slots} | {Ranked.Store(database)} | {recorded:F1} s | {ranked:F1} s | {trials / ranked:F0} | {3 * trials / recorded:F0} | (best {best})");
        Directory.Delete(folder, recursive: true);
        return 0;
    }
}

/// <summary>
/// The cluster deployment end to end: a coordinator process (this one) with the broker singleton,
/// sweep coordinators and projector; node processes with no-op trainers pulling work over remoting;
/// the sweep submitted as a file through the cluster client, as <c>sweep submit</c> does.
/// </summary>
internal static class ClusterBench
{
    public static async Task<int> Run(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10000;
        var slots = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var folder = Directory.CreateTempSubdirectory("bench-cluster-").FullName;
        var database = args.Length > 2 && args[2] != "-" ? args[2] : Path.Combine(folder, "sweeps.db");
        var nodeCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        const int Widths = 100;
        if (trials % Widths != 0)
            throw new ArgumentException($"trials must be a multiple of {Widths}");

        var cluster = await LoopbackCluster.StartAsync(folder, database);
        try
        {
            cluster.StartNodes(nodeCount, slots, LoopbackCluster.NoOp);
            await using var client = new CoordinatorClient([cluster.Api], token: null, authority: null);
            await Task.Delay(TimeSpan.FromSeconds(5)); // the nodes join and ask for work
            var clock = Stopwatch.StartNew();
            var (progress, _) = await client.SubmitAsync("bench.yaml", SweepFile(trials / Widths, Widths));
            var accepted = clock.Elapsed.TotalSeconds; // expanded, validated and stored by the coordinator
            var (ranked, best) = await Ranked.Wait(database, progress.SweepId, clock);
            Console.WriteLine($"| {progress.TrialsTotal:N0} | {nodeCount} x {slots} | {Ranked.Store(database)} | {accepted:F1} s | {ranked:F1} s | {trials / ranked:F0} | {trials / (ranked - accepted):F0} | (best {best})");
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <summary>A grid of <paramref name="rates"/> x <paramref name="widths"/> trials (each a distinct spec, so a distinct trial).</summary>
    public static string SweepFile(int rates, int widths) => $"""
        name: bench-cluster-{Guid.NewGuid().ToString("N")[..8]}
        dataset: {"{"}name: fashion-mnist, subset: 1000{"}"}
        model:
          blocks:
            - {"{"}type: conv, filters: 8{"}"}
        training: {"{"}epochs: 1{"}"}
        search:
          strategy: grid
          parameters:
            training.optimizer.learning_rate: [{string.Join(", ", Enumerable.Range(1, rates).Select(i => (i * 1e-5).ToString("R", CultureInfo.InvariantCulture)))}]
            model.blocks.0.filters: [{string.Join(", ", Enumerable.Range(1, widths))}]
        """;
}

/// <summary>Ranked: the read model holds every result and the leaderboard is built from it, as <c>sweep leaderboard</c> does.</summary>
internal static class Ranked
{
    public static async Task<(double Seconds, string Best)> Wait(string database, string sweepId, Stopwatch clock, CancellationToken cancel = default)
    {
        using var connection = StoreConnections.Open(database);
        var reader = new ReadModelReader(connection);
        while (reader.Sweep(sweepId)?.State != States.Completed)
            await Task.Delay(20, cancel);
        var best = Leaderboard.Rows(reader.Trials(sweepId).Select(t => t.ToResult()), "val_accuracy")[0];
        return (clock.Elapsed.TotalSeconds, best.TrialId);
    }

    public static string Store(string database) => database.Contains("Host=") ? "PostgreSQL" : "SQLite (WAL)";
}

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

/// <summary>
/// What one lease of a TPE sweep costs the coordinator: the state decides every lease (each a fresh
/// proposal from every result so far) and records a made-up result at once; no actors, no store.
/// </summary>
internal static class TpeLeaseBench
{
    public static int Run(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var source = $$$"""
            name: tpe-bench
            seed: 7
            dataset: {name: fashion-mnist, subset: 600}
            model:
              blocks:
                - {type: conv, filters: 8, kernel: 3, pool: {kind: max, size: 2}}
              head: {dense: [{units: 32, dropout: 0.2}]}
            training: {epochs: 1, optimizer: {kind: adam, learning_rate: 0.001}}
            search:
              strategy: random
              sampler: tpe
              samples: {{{trials}}}
              startup_trials: 10
              parameters:
                training.optimizer.learning_rate: {loguniform: [0.00001, 0.1]}
                model.head.dense[0].dropout: {uniform: [0.0, 0.8]}
                model.head.dense[0].units: {int: [8, 512]}
                model.blocks[0].filters: {int: [4, 64]}
            """;
        var plan = SweepExpander.Expand("tpe-bench.yaml", source);
        var now = DateTimeOffset.UnixEpoch;
        var state = SweepState.New("tpe-bench");
        foreach (var e in state.Decide(Definitions.Submission("tpe-bench", plan, "tpe-bench.yaml", source), now, 2))
            state = state.Apply(e);
        var leases = new List<double>();
        while (state.Phase == SweepPhase.Running)
        {
            var clock = Stopwatch.StartNew();
            var leased = state.Decide(new LeaseTrial("tpe-bench", "node"), now, 2);
            foreach (var e in leased)
                state = state.Apply(e);
            leases.Add(clock.Elapsed.TotalMilliseconds);
            if (leased.OfType<TrialDispatched>().FirstOrDefault() is not { } dispatched)
                break;
            var rate = double.Parse(state.Trials[dispatched.TrialId].Definition.Overrides["training.optimizer.learning_rate"], CultureInfo.InvariantCulture);
            var accuracy = 0.9 - (0.05 * Math.Abs(Math.Log10(rate) + 3));
            var report = new ClassificationReport(100, accuracy, 1 - accuracy, [], [], new AveragedMetrics(0, 0, 0), new AveragedMetrics(0, 0, 0), null);
            foreach (var e in state.Decide(new RecordFinish("tpe-bench", dispatched.TrialId, dispatched.Attempt, new TrialOutcome(TrialStatus.Completed, 1, report, null, null)), now, 2))
                state = state.Apply(e);
        }
        var last = leases.Skip(leases.Count - 100).ToList();
        Console.WriteLine($"| {trials:N0} | {leases.Count:N0} | {leases.Average():F2} ms | {last.Average():F2} ms | {leases.Sum() / 1000:F1} s |");
        return 0;
    }
}
