using Akka.Actor;
using Spectre.Console;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Data.Fingerprints;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Runs one sweep in the embedded deployment until it ends, is cancelled (<c>sweep cancel</c> from
/// anywhere) or the user stops it (Ctrl+C). Holds the sweep's lock meanwhile, so no second process
/// runs it at the same time; what it shows comes from the read model.
/// </summary>
public sealed class SweepRunner(CliServices services, SweepSettings settings)
{
    public const int Interrupted = 130;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <param name="submit">The sweep to submit, or null to resume <paramref name="sweepId"/> from the store.</param>
    /// <param name="live">Show progress as a table redrawn in place (a terminal) rather than as lines.</param>
    /// <param name="allowChangedData">Go on when the data changed since the sweep recorded it (--allow-changed-data); else that is refused, naming what changed.</param>
    public async Task<int> RunAsync(string sweepId, SubmitSweep? submit, NodeCapacity capacity, bool live, CancellationToken stop, bool allowChangedData = false)
    {
        var database = settings.Store.Database;
        if (submit is null && !EventStore.IsPostgreSql(database) && !File.Exists(database))
            throw new StoreException($"No sweep store at {StoreName.Of(database)}: nothing to resume; run a sweep first, or pass --db.");
        EventStore.RequireFolder(database);
        using var owner = SweepLock.TryAcquire(database, sweepId)
            ?? throw new StoreException($"Sweep {sweepId} is being run by another process; watch it with ./sweep status {sweepId} or stop it with ./sweep cancel {sweepId}.");
        // Cancelled while no process ran it: carried out before any node can lease a queued trial.
        await SweepCancellation.CarryOutAsync(sweepId, settings);
        var (device, runner) = LocalTrainer.Create(settings, capacity);
        var packing = capacity.Packing(device);
        services.Console.MarkupLineInterpolated($"Training on {device} with {capacity.Describe(device)}");
        var coordinator = CoordinatorSettings.From(settings.Coordinator, Path.GetFullPath(settings.Store.Checkpoints));
        await using var host = EmbeddedHost.Start(database, coordinator, capacity.Threads(device), device, runner, packing: packing, node: settings.Node);
        // Subscribed before the sweep opens, so no failure to store its events slips by.
        var failure = new TaskCompletionSource<SweepStoreFailed>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.System.EventStream.Subscribe(host.System.ActorOf(StoreFailureListener.Props(sweepId, failure)), typeof(SweepStoreFailed));
        var storeFailed = failure.Task;
        var accepted = await CheckDataAsync(host, sweepId, allowChangedData);
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(sweepId), TimeSpan.FromSeconds(30));
        foreach (var change in accepted)
        {
            services.Console.MarkupLineInterpolated($"[yellow]Going on with changed data[/] (--allow-changed-data): {change.Message}");
            await sweep.Ask<SweepState>(new AcceptChangedData(sweepId, change.From, change.To!), TimeSpan.FromSeconds(60));
        }
        if (submit is not null)
            await sweep.Ask<SweepState>(submit, TimeSpan.FromSeconds(60));
        // Running a sweep again, or resuming it, retries what failed through no fault of its own (a full disk since freed).
        await sweep.Ask<SweepState>(new RetryFailedTrials(sweepId), TimeSpan.FromSeconds(60));
        await host.Projection.CatchUpAsync([sweepId]);
        using var connection = StoreConnections.Open(database);
        var reader = new ReadModelReader(connection);
        var summary = reader.Sweep(sweepId)
            ?? throw new StoreException($"No sweep '{sweepId}' in {StoreName.Of(database)}; list them with ./sweep list.");
        var view = new ProgressView(services.Console, new ProgressBoard(sweepId, summary.Name), live);
        var progress = new LocalProgress(reader, view);
        summary = await view.RunAsync(async () =>
        {
            progress.Show(reader.Trials(sweepId));
            while (summary.IsRunning && !stop.IsCancellationRequested && !storeFailed.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(Poll, CancellationToken.None), storeFailed);
                if (SweepRequests.IsPending(database, sweepId, SweepRequests.Cancel))
                {
                    await sweep.Ask<SweepState>(new CancelSweep(sweepId), TimeSpan.FromSeconds(30));
                    await host.Projection.CatchUpAsync([sweepId]);
                    SweepRequests.Remove(database, sweepId, SweepRequests.Cancel);
                }
                summary = reader.Sweep(sweepId)!;
                progress.Show(reader.Trials(sweepId));
            }
            return summary;
        });

        var resume = ResumeHint.For(sweepId, settings);
        if (storeFailed.IsCompleted)
        {
            var failed = await storeFailed;
            throw new StoreException(
                $"The store {StoreName.Of(database)} could not record event {failed.SequenceNr} ({failed.Event}) of sweep {sweepId} " +
                $"(persistence id {failed.PersistenceId}): {failed.Error.TrimEnd('.')}. Everything recorded before it is kept; fix the store (free space?) and go on with: {resume}");
        }
        if (summary.IsRunning)
        {
            services.Console.MarkupLine("Stopped. Finished trials are kept; running ones resume from their last epoch checkpoint with:");
            ResumeHint.Write(services.Console, resume);
            return Interrupted;
        }
        var trials = reader.Trials(sweepId);
        LeaderboardTable.Write(services.Console, summary.ToProgress(), Leaderboard.Rows(trials.Select(t => t.ToResult()), MetricRegistry.TestAccuracy.Name), MetricRegistry.TestAccuracy.Name);
        if (summary.State == States.Cancelled)
            services.Console.MarkupLineInterpolated($"Sweep {sweepId} was cancelled: finished trials are kept, the others will not run.");
        var failedTrials = trials.Where(t => t.State == TrialLifecycle.Failed).ToList();
        foreach (var trial in failedTrials)
            services.Console.MarkupLineInterpolated($"[red]Trial {trial.TrialId} failed[/] (attempt {trial.Attempt}): {trial.Error}");
        if (failedTrials.Count > 0)
        {
            services.Console.MarkupLineInterpolated($"{failedTrials.Count} trial(s) failed; failures that were not the trial's own (disk, dataset, checkpoint, libtorch) are tried again by:");
            ResumeHint.Write(services.Console, resume);
        }
        return summary.State == States.Completed && failedTrials.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The recorded data that changed and may be trained on anyway; throws for changes that were not allowed, before any trial runs.</summary>
    private async Task<IReadOnlyList<DataChange>> CheckDataAsync(EmbeddedHost host, string sweepId, bool allowed)
    {
        await host.Projection.CatchUpAsync([sweepId]);
        using var connection = StoreConnections.Open(settings.Store.Database);
        var recorded = new ReadModelReader(connection).Trials(sweepId).Select(t => t.Spec.Dataset);
        var changes = RecordedData.Changes(recorded, new DatasetResolver(settings.Datasets.Local()));
        return RecordedData.Refused(changes, allowed) is { Count: > 0 } refused
            ? throw new DatasetException(RecordedData.Refusal(sweepId, refused))
            : changes;
    }
}
