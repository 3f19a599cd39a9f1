using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Npgsql;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Coordinator.Tests.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Persistence;

/// <summary>The same code path on a real PostgreSQL server: journal, snapshots, read model, locks and requests.</summary>
public sealed class PostgreSqlSpecs : IDisposable
{
    private readonly PostgresDatabase _database = new();
    private readonly TemporaryFolder _folder = new("sweep-postgres-");

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    private string Database => _database.ConnectionString;

    private EmbeddedHost Host(ScriptedRunner runner, string? database = null) => EmbeddedHost.Start(
        database ?? Database, CoordinatorSettings.Default(Path.Combine(_folder.Path, "checkpoints")) with { SnapshotEvery = 5 }, 1, "cpu", runner, TimeSpan.FromMilliseconds(200));

    private static SubmitSweep Submit(int trials) => new("pg", "postgres sweep", "pg.yaml", "name: postgres sweep",
        [.. Enumerable.Range(0, trials).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 1, 0))]);

    private static async Task<SweepState> WaitFor(EmbeddedHost host, Func<SweepState, bool> reached)
    {
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep("pg"), TimeSpan.FromSeconds(10));
        return await Poll.Until(() => sweep.Ask<SweepState>(new GetSweepState("pg"), TimeSpan.FromSeconds(10)), reached,
            TimeSpan.FromSeconds(30), "the sweep did not reach the expected state", TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_sweep_stops_resumes_completes_and_is_ranked_from_the_read_model()
    {
        await using (var first = Host(new ScriptedRunner(epochs: 30, epochTime: TimeSpan.FromMilliseconds(30))))
        {
            first.Broker.Tell(Submit(3));
            await WaitFor(first, s => s.Running == 1 && s.Trials["t0"].LastEpoch >= 3);
        }
        var fast = new ScriptedRunner();
        await using (var second = Host(fast))
            await WaitFor(second, s => s.Phase == SweepPhase.Completed);

        await using var session = await StoreSession.OpenAsync(Database);
        var sweep = session.Reader.Sweep("pg")!;
        Assert.Equal((States.Completed, 3, 3), (sweep.State, sweep.Total, sweep.Done));
        var trials = session.Reader.Trials("pg");
        Assert.Equal(2, trials.Single(t => t.TrialId == "t0").Attempt);
        Assert.Equal(("t0", 2), fast.Calls.First());
        Assert.All(Leaderboard.Rows(trials.Select(t => t.ToResult()), "train_loss"), r => Assert.Equal((TrialLifecycle.Completed.Text(), 2), (r.State, r.Epochs)));
        Assert.Equal([1.0, 0.5], session.Reader.Epochs("pg", "t1").Select(e => e.TrainLoss));
        using var connection = StoreConnections.Open(Database);
        using var snapshots = connection.Command(null, "SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'sweep-pg'");
        Assert.True(Convert.ToInt64(snapshots.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= 1, "no snapshot was stored");
    }

    [Fact]
    public async Task A_store_given_as_a_postgresql_uri_runs_a_sweep_through_the_journal_with_every_part_of_the_uri()
    {
        var server = new NpgsqlConnectionStringBuilder(Database);
        var uri = $"postgresql://{server.Username}:{server.Password}@{server.Host}:{server.Port}/{server.Database}?application_name=uri-spec";
        var settings = SettingsLoader.Bind(new ConfigurationBuilder().AddInMemoryCollection([new("Store:Database", uri)]).Build());

        long journalConnections;
        await using (var host = Host(new ScriptedRunner(), settings.Store.Database))
        {
            host.Broker.Tell(Submit(2));
            await WaitFor(host, s => s.Phase == SweepPhase.Completed);
            using var connection = StoreConnections.Open(Database);
            using var named = connection.Command(null, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'uri-spec'");
            journalConnections = Convert.ToInt64(named.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.True(journalConnections >= 1, "no connection carried the URI's application_name");
        await using var session = await StoreSession.OpenAsync(settings.Store.Database);
        Assert.Equal((States.Completed, 2), (session.Reader.Sweep("pg")!.State, session.Reader.Sweep("pg")!.Done));
    }

    [Fact]
    public void A_sweeps_lock_is_a_session_advisory_lock_exclusive_until_released() => SweepLockAssertions.ExclusivePerSweepUntilReleased(Database);

    [Fact]
    public Task A_sweeps_lock_taken_asynchronously_is_the_same_advisory_lock() => SweepLockAssertions.TakenAsynchronouslyIsTheSameLock(Database);

    [Fact]
    public void A_cancel_request_waits_in_the_store_until_removed()
    {
        SweepRequests.Post(Database, "pg", SweepRequests.Cancel, DateTimeOffset.UtcNow);
        SweepRequests.Post(Database, "pg", SweepRequests.Cancel, DateTimeOffset.UtcNow);

        Assert.True(SweepRequests.IsPending(Database, "pg", SweepRequests.Cancel));
        Assert.False(SweepRequests.IsPending(Database, "other", SweepRequests.Cancel));
        SweepRequests.Remove(Database, "pg", SweepRequests.Cancel);
        Assert.False(SweepRequests.IsPending(Database, "pg", SweepRequests.Cancel));
    }

    [Fact]
    public async Task A_cancel_request_is_read_and_removed_asynchronously_as_synchronously()
    {
        Assert.Empty(await SweepRequests.PendingAsync(Database, SweepRequests.Cancel));
        SweepRequests.Post(Database, "pg", SweepRequests.Cancel, DateTimeOffset.UtcNow);
        SweepRequests.Post(Database, "other", SweepRequests.Cancel, DateTimeOffset.UtcNow);

        Assert.Equal(["pg", "other"], await SweepRequests.PendingAsync(Database, SweepRequests.Cancel));
        await SweepRequests.RemoveAsync(Database, "pg", SweepRequests.Cancel);
        Assert.Equal(["other"], SweepRequests.Pending(Database, SweepRequests.Cancel));
    }
}
