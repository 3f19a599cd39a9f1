using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Queries over an SQLite store whose journal or read model was damaged after two sweeps ran to the end.</summary>
public sealed class DamagedStoreSpecs : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new("sweep-damaged-");

    private string Database => Path.Combine(_folder.Path, "sweeps.db");

    public Task InitializeAsync() => TwoSweepStore.CreateAsync(Database);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

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
        foreach (var file in Directory.GetFiles(_folder.Path, "sweeps.read.db*"))
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
        foreach (var file in Directory.GetFiles(_folder.Path, "sweeps.read.db-*"))
            File.Delete(file);
        var garbage = new byte[64 * 1024];
        new Random(19).NextBytes(garbage);
        File.WriteAllBytes(readModel, garbage);

        var (exitCode, output) = Query("status", "intact");

        Assert.Equal(0, exitCode);
        Assert.Contains("intact intact completed: 2/2 done", output);
    }
}
