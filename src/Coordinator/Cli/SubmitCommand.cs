using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages;
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
        var coordinators = ClusterOptions.HostPorts("--coordinator", required: true, "A coordinator as HOST:PORT (repeat for several).");
        var wait = new Option<bool>("--wait") { Description = "Follow the sweep until it ends; exit 0 only if it completed." };
        Add(file);
        Add(coordinators);
        Add(wait);
        SetAction((parse, stop) => services.GuardAsync(async () =>
        {
            services.Start(SharedOptions.Overrides(parse));
            var path = parse.GetValue(file)!;
            SweepExpander.ExpandFile(path); // the file's errors, with lines, before anything is sent
            await using var client = new ClusterApiClient(parse.GetValue(coordinators)!);
            var submitted = await client.Ask(new SubmitSweepFile(Path.GetFullPath(path), File.ReadAllText(path)));
            if (submitted is not SweepProgress progress)
                return Refused(services, submitted);
            services.Output.WriteLine(progress.SweepId);
            Show(services, progress);
            while (parse.GetValue(wait) && progress.State == States.Running && !stop.IsCancellationRequested)
            {
                await Task.Delay(Poll, CancellationToken.None);
                var reply = await client.Ask(new GetSweepProgress(progress.SweepId));
                if (reply is not SweepProgress next)
                    return Refused(services, reply);
                if (next != progress)
                    Show(services, next);
                progress = next;
            }
            return !parse.GetValue(wait) || progress.State == States.Completed ? ExitCodes.Success : ExitCodes.Failure;
        }));
    }

    private static void Show(CliServices services, SweepProgress p) =>
        services.Console.MarkupLineInterpolated($"[blue]{p.SweepId} {p.State}: {p.Done}/{p.Total} done, {p.Running} running, {p.Queued} queued, {p.Failed} failed[/]");

    private static int Refused(CliServices services, ISweepClusterMessage reply)
    {
        if (reply is RequestRefused refused)
        {
            services.Console.MarkupLineInterpolated($"[red]error:[/] {refused.Reason}");
            foreach (var error in refused.Errors)
                services.Console.MarkupLineInterpolated($"  {error}");
        }
        return ExitCodes.Failure;
    }
}
