using System.Diagnostics;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Deploy;

/// <summary>What a fresh clone holds: source, never state a run generates (a committed checkpoint once made the quickstart train nothing).</summary>
public sealed class RepositorySpecs
{
    [Fact]
    public void The_repository_tracks_no_checkpoints_reports_stores_or_logs()
    {
        using var git = Process.Start(new ProcessStartInfo("git", ["ls-files"]) { WorkingDirectory = RepositoryPaths.Root(), RedirectStandardOutput = true })!;
        var files = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();

        Assert.Equal(0, git.ExitCode);
        Assert.Contains("SweepCluster.sln", files);
        var generated = files.Where(f => f.StartsWith("checkpoints/", StringComparison.Ordinal) || f.StartsWith("reports/", StringComparison.Ordinal)
            || f.StartsWith("logs/", StringComparison.Ordinal) || f.EndsWith(".db", StringComparison.Ordinal) || f.Contains(".db-", StringComparison.Ordinal)).ToList();
        Assert.True(generated.Count == 0, "generated state is committed: " + string.Join(", ", generated));
    }
}
