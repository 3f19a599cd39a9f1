using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep submit FILE --coordinator URL</c>: hand a sweep to a cluster's API; with --wait, follow it to the end.</summary>
public sealed class SubmitCommand : Command
{
    public SubmitCommand(CliServices services)
        : base("submit", "Submit a sweep file to a cluster's coordinator; prints the sweep id first. Submitting the same file again continues the same sweep.")
    {
        var file = new Argument<string>("file") { Description = "The sweep file (YAML)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the sweep's events until it ends, then print its leaderboard; exit 0 only if it completed with no trial failed." };
        var plain = SharedOptions.Plain();
        Add(file);
        Add(wait);
        Add(plain);
        var coordinator = new CoordinatorAccess(this, required: true);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse));
            var path = parse.GetValue(file)!;
            CheckLocally(path, settings);
            var text = await File.ReadAllTextAsync(path, stop);
            if (text.Length > SweepService.MaxSourceLength)
                throw new ApiRequestException($"{path} has {text.Length:N0} characters; sweep files are limited to {SweepService.MaxSourceLength:N0}.", []);
            await using var client = coordinator.Connect(parse);
            var (sweep, created) = await client.SubmitAsync(Path.GetFileName(path), text);
            services.Output.WriteLine(sweep.SweepId);
            if (!created)
                services.Console.MarkupLineInterpolated($"The coordinator already had this sweep: {sweep.SweepId} goes on from where it is.");
            ProgressView.Line(services.Console, sweep.ToProgress());
            if (!parse.GetValue(wait))
                return ExitCodes.Success;
            var view = new ProgressView(services.Console, new ProgressBoard(sweep.SweepId, sweep.Name), ProgressView.CanRedraw(services.Console, parse.GetValue(plain)));
            var followed = sweep.SweepId;
            sweep = await view.RunAsync(() => new RemoteProgress(client, view).FollowAsync(followed, stop));
            if (sweep.IsRunning)
            {
                services.Console.MarkupLineInterpolated($"Stopped following; {sweep.SweepId} runs on in the cluster (./sweep status {sweep.SweepId} --coordinator ...).");
                return SweepRunner.Interrupted;
            }
            var board = await client.LeaderboardAsync(sweep.SweepId, MetricRegistry.TestAccuracy.Name, top: null, state: null);
            LeaderboardTable.Write(services.Console, board.Sweep.ToProgress(), board.Rows, board.Metric, board.Parameters);
            if (sweep.State == States.Cancelled)
                services.Console.MarkupLineInterpolated($"Sweep {sweep.SweepId} was cancelled: finished trials are kept, the others will not run.");
            foreach (var failed in board.Rows.Where(r => r.State == TrialLifecycle.Failed.Text()))
                services.Console.MarkupLineInterpolated($"[red]Trial {failed.TrialId} failed[/] (attempt {failed.Attempt}): {failed.Note}");
            if (sweep.TrialsFailed > 0)
                services.Console.MarkupLineInterpolated($"{sweep.TrialsFailed} trial(s) failed; failures that were not the trial's own are tried again by: ./sweep resume {sweep.SweepId} --coordinator ...");
            return sweep.State == States.Completed && sweep.TrialsFailed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }));
    }

    /// <summary>
    /// The file's errors, with lines, before anything is sent; a user's own data is read by the
    /// coordinator from its data root, so here its shape is left to the coordinator to check.
    /// </summary>
    private static void CheckLocally(string path, SweepSettings settings)
    {
        try
        {
            SweepExpander.ExpandFile(path, settings.SweepFiles.Limits());
        }
        catch (SweepFileException e) when (e.Errors.All(error => error.Message.EndsWith(SweepExpander.DataNotReadHere, StringComparison.Ordinal)))
        {
            // Everything but the data checked out: the coordinator reads the data and answers for it.
        }
    }
}
