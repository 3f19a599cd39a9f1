using System.CommandLine;
using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>sweep cancel SWEEP</c>: ends a sweep for good. Finished trials are kept, queued ones never run.
/// The cancel is a request left in the store, carried out by whoever runs the sweep
/// (<see cref="SweepCancellation"/>): here, under the sweep's lock, when no process runs it; else the
/// running process, which stops its trials. With <c>--coordinator</c>, the coordinator's API leaves it.
/// </summary>
public sealed class CancelCommand : Command
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public CancelCommand(CliServices services)
        : base("cancel", "Cancel a sweep: finished trials are kept, queued and running ones stop for good.")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id (see ./sweep list)." };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the process that runs the sweep to carry out the cancel (a coordinator asked with --coordinator waits up to 30 s itself).", DefaultValueFactory = _ => 60 };
        var database = SharedOptions.Database();
        Add(sweep);
        Add(wait);
        Add(database);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database")));
            var id = parse.GetValue(sweep)!;
            if (coordinator.IsGiven(parse))
            {
                await using var client = coordinator.Connect(parse);
                var cancelled = await client.CancelAsync(id);
                ProgressView.Line(services.Console, cancelled.ToProgress());
                return cancelled.IsRunning ? ExitCodes.Failure : ExitCodes.Success;
            }
            await using var session = await StoreAccess.OpenAsync(settings, readOnly: false);
            var summary = StoreAccess.Sweep(session, id, settings);
            if (!summary.IsRunning)
            {
                services.Console.MarkupLineInterpolated($"Sweep {id} is already {summary.State}; nothing to cancel.");
                return ExitCodes.Success;
            }
            SweepRequests.Post(settings.Store.Database, id, SweepRequests.Cancel, DateTimeOffset.UtcNow);
            using (var owner = SweepLock.TryAcquire(settings.Store.Database, id))
            {
                if (owner is not null && await SweepCancellation.CarryOutAsync(id, settings))
                {
                    await session.Projection.CatchUpAsync([id]);
                    summary = session.Reader.Sweep(id)!;
                    services.Console.MarkupLineInterpolated($"Cancelled sweep {id}: {summary.Done}/{summary.Total} trials had finished and are kept.");
                    return ExitCodes.Success;
                }
            }
            services.Console.MarkupLineInterpolated($"Sweep {id} is running in another process; asked it to cancel.");
            var deadline = DateTime.UtcNow.AddSeconds(parse.GetValue(wait));
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Poll);
                await session.Projection.CatchUpAsync([id]);
                summary = session.Reader.Sweep(id)!;
                if (!summary.IsRunning)
                {
                    services.Console.MarkupLineInterpolated($"Sweep {id} is {summary.State}: {summary.Done}/{summary.Total} trials had finished and are kept.");
                    return ExitCodes.Success;
                }
            }
            services.Console.MarkupLineInterpolated($"[yellow]The request is recorded but not yet carried out:[/] the process running {id} (or the next one to run it) will cancel it.");
            return ExitCodes.Failure;
        }));
    }
}
