using System.Diagnostics;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class HelpSpecs
{
    [Fact]
    public void Help_lists_every_command()
    {
        var (exitCode, output) = CliRunner.Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("runtime", output);
        Assert.Contains("data <dataset>", output);
        Assert.Contains("--log-level", output);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var (exitCode, output) = CliRunner.Run("frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("frobnicate", output);
    }

    // A value that is not a number once crashed the validators that check ranges (an unhandled
    // exception from `sweep node --fuse $(NODE_FUSE)` when nothing expanded the variable).
    [Theory]
    [InlineData("node", "--fuse", "$(NODE_FUSE)")]
    [InlineData("node", "--memory-headroom", "most")]
    [InlineData("coordinator", "--port", "x")]
    [InlineData("coordinator", "--http-port", "x")]
    [InlineData("leaderboard", "--top", "ten")]
    [InlineData("report", "--embedding-sample", "many")]
    public void A_value_that_is_not_a_number_is_a_usage_error_naming_the_option(string command, string option, string value)
    {
        string[] args = command is "leaderboard" or "report" ? [command, "some-sweep", option, value] : [command, option, value];
        var (exitCode, output) = CliRunner.Run(args);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Cannot parse argument '{value}' for option '{option}'", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_top_below_one_is_a_usage_error(string top)
    {
        var (exitCode, output) = CliRunner.Run("leaderboard", "some-sweep", "--top", top);

        Assert.Equal(2, exitCode);
        Assert.Contains("--top must be 1 or more", output);
    }

    [Fact]
    public void An_unknown_log_level_is_a_usage_error_that_lists_the_levels()
    {
        var (exitCode, output) = CliRunner.Run("list", "--log-level", "bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("bogus", output);
        Assert.Contains("Warning", output);
    }

    [Fact]
    public void The_repository_launcher_runs_the_cli()
    {
        var launcher = Path.Combine(RepositoryPaths.Root(), "sweep");
        using var process = Process.Start(new ProcessStartInfo(launcher, "--help") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Commands:", output);
        Assert.Contains("runtime", output);
    }
}
