using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep submit FILE --coordinator HOST:PORT</c>: hand a sweep to a cluster; with --wait, follow it to the end.</summary>
public sealed class SubmitCommand : Command
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public SubmitCommand(CliServices services)
        : base("submit", "Submit a sweep file to a cluster's coordinator; prints the sweep id first. Submitting the same file again continues the same sweep.")
    {
        var file = new Argument<string>("file") { Description = "The sweep file (YAML)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the sweep until it ends; exit 0 only if it completed with no trial failed." };
        Add(file);
        Add(wait);
        var cluster = new ClusterAccess(this, required: true);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, cluster.Tls));
            var path = parse.GetValue(file)!;
            SweepExpander.ExpandFile(path, settings.SweepFiles.Limits()); // the file's errors, with lines, before anything is sent
            var submission = new SubmitSweepFile(Path.GetFullPath(path), File.ReadAllText(path));
            if (ClientRequests.Problem(submission) is { } problem)
                throw new ClusterRequestException(problem, []);
            await using var client = cluster.Connect(parse, settings);
            var progress = await client.Ask<SweepProgress>(submission);
            services.Output.WriteLine(progress.SweepId);
            ProgressView.Line(services.Console, progress);
            while (parse.GetValue(wait) && progress.State == States.Running && !stop.IsCancellationRequested)
            {
                await Task.Delay(Poll, CancellationToken.None);
                var next = await client.Ask<SweepProgress>(new GetSweepProgress(progress.SweepId));
                if (next != progress)
                    ProgressView.Line(services.Console, next);
                progress = next;
            }
            if (!parse.GetValue(wait))
                return ExitCodes.Success;
            if (progress.Failed > 0)
                services.Console.MarkupLineInterpolated($"{progress.Failed} trial(s) failed (./sweep leaderboard {progress.SweepId} --coordinator ... shows why); failures that were not the trial's own run again with ./sweep resume {progress.SweepId} --coordinator ...");
            return progress.State == States.Completed && progress.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }));
    }
}
