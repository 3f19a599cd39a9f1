using Akka.Actor;
using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Coordinator.Tests.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Queries over an SQLite store whose journal or read model was damaged after two sweeps ran to the end.</summary>
public sealed class DamagedStoreSpecs : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-damaged-").FullName;

    private string Database => Path.Combine(_folder, "sweeps.db");

    public async Task InitializeAsync()
    {
        await using var host = EmbeddedHost.Start(Database, CoordinatorSettings.Default(Path.Combine(_folder, "checkpoints")), 2, "cpu", new ScriptedRunner(), TimeSpan.FromMilliseconds(200));
        foreach (var sweepId in new[] { "broken", "intact" })
        {
            host.Broker.Tell(Submit(sweepId));
            var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(sweepId), TimeSpan.FromSeconds(10));
            for (var i = 0; (await sweep.Ask<SweepState>(new GetSweepState(sweepId), TimeSpan.FromSeconds(10))).Phase != SweepPhase.Completed; i++)
            {
                Assert.True(i < 300, $"sweep {sweepId} did not complete in 15 s");
                await Task.Delay(50);
            }
        }
        await host.Projection.CatchUpAsync(["broken", "intact"]);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static SubmitSweep Submit(string sweepId) => new(sweepId, sweepId, sweepId + ".yaml", "name: " + sweepId,
        [.. Enumerable.Range(0, 2).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 1, 0))]);

    private (int ExitCode, string Output) Query(params string[] args) => CliRunner.Run([.. args, "--db", Database]);

    /// <summary>Garbles one event's payload and drops the read model, so the next query must read that event again.</summary>
    private void DamageEvent(string sweepId, long sequenceNr)
    {
        using (var journal = StoreConnections.OpenJournalDatabase(Database))
        {
            var changed = journal.Execute(null, "UPDATE journal SET message = @p WHERE persistence_id = @id AND sequence_number = @n",
                ("@p", "{not json"u8.ToArray()), ("@id", JournalNames.PersistenceId(sweepId)), ("@n", sequenceNr));
            Assert.Equal(1, changed);
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder, "sweeps.read.db*"))
            File.Delete(file);
    }

    [Fact]
    public void A_damaged_event_is_named_by_store_sweep_persistence_id_and_sequence_number_and_the_other_sweeps_still_answer()
    {
        DamageEvent("broken", 3);

        var list = Query("list");
        var intact = Query("leaderboard", "intact");
        var status = Query("status", "intact");
        var broken = Query("leaderboard", "broken");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("intact", list.Output);
        Assert.Contains("warning: Sweep broken cannot be read: event 3 of sweep-broken", list.Output);
        Assert.Equal((0, 0), (intact.ExitCode, status.ExitCode));
        Assert.Contains("completed", status.Output);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains($"event 3 of sweep-broken in the journal of {Database}", broken.Output);
        Assert.DoesNotContain("unexpected", broken.Output);
    }

    [Fact]
    public void A_garbled_read_model_is_rebuilt_from_the_journal()
    {
        SqliteConnection.ClearAllPools();
        var readModel = StoreConnections.ReadModelFile(Database);
        foreach (var file in Directory.GetFiles(_folder, "sweeps.read.db-*"))
            File.Delete(file);
        var garbage = new byte[64 * 1024];
        new Random(19).NextBytes(garbage);
        File.WriteAllBytes(readModel, garbage);

        var (exitCode, output) = Query("status", "intact");

        Assert.Equal(0, exitCode);
        Assert.Contains("intact intact completed: 2/2 done", output);
    }
}
