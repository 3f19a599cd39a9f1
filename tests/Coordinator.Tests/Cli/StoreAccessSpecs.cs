using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>Which commands may create a store, and queries on a store they cannot write.</summary>
public sealed class StoreAccessSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-access-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("list")]
    [InlineData("status")]
    [InlineData("leaderboard", "s")]
    [InlineData("trial", "t")]
    [InlineData("report", "s")]
    [InlineData("resume", "s")]
    [InlineData("cancel", "s")]
    public void A_query_on_a_store_in_a_missing_folder_says_the_store_does_not_exist_and_creates_nothing(params string[] command)
    {
        var database = Path.Combine(_folder.Path, "typo", "deeper", "sweeps.db");

        var (exitCode, output) = CliRunner.Run([.. command, "--db", database]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"No sweep store at {database}", output);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "typo")), "a folder was created");
    }

    [Fact]
    public void Run_refuses_a_store_in_a_missing_folder_naming_it_and_creates_nothing()
    {
        var file = new TinySweep("tiny").WriteTo(_folder.Path);
        var database = Path.Combine(_folder.Path, "typo", "sweeps.db");

        var (exitCode, output) = CliRunner.Run("run", file, "--device", "cpu", "--db", database, "--checkpoints", Path.Combine(_folder.Path, "checkpoints"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"no folder {Path.Combine(_folder.Path, "typo")}", output);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "typo")), "a folder was created");
    }

    [Fact]
    public async Task A_store_on_a_read_only_mount_can_be_queried()
    {
        var source = Directory.CreateDirectory(Path.Combine(_folder.Path, "store")).FullName;
        await TwoSweepStore.CreateAsync(Path.Combine(source, "sweeps.db"));
        // A read model that is not there must be projected somewhere: not beside the journal, which cannot be written.
        File.Delete(Path.Combine(source, "sweeps.read.db"));
        var mounted = Directory.CreateDirectory(Path.Combine(_folder.Path, "mounted")).FullName;
        Run("mount", "--bind", "-o", "ro", source, mounted);
        try
        {
            var list = CliRunner.Run("list", "--db", Path.Combine(mounted, "sweeps.db"));
            var status = CliRunner.Run("status", "intact", "--db", Path.Combine(mounted, "sweeps.db"));

            Assert.Equal(0, list.ExitCode);
            Assert.Contains("broken", list.Output);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("intact intact completed: 2/2 done", status.Output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Run("umount", "-l", mounted);
        }
    }

    /// <summary>A real read-only mount: file permissions do not stop root, which CI runs as.</summary>
    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed (it needs root): {error}");
    }
}
