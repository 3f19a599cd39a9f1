using Akka.Actor;
using Akka.Event;
using SweepCluster.Coordinator.Ownership;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// What clients outside the cluster may ask (through the cluster client receptionist): submit,
/// resume or cancel a sweep, list sweeps, ask a sweep's progress or results. Every request from the
/// network is checked by <see cref="ClientRequests"/> first, and whatever goes wrong answering it
/// becomes a <see cref="RequestRefused"/>, never a stopped API. Answers come from the read model, as
/// every user-visible view does; commands go to the broker singleton without waiting for its
/// internal reply (which may live on another coordinator process and is not a network message).
/// </summary>
public sealed class SweepApi : ReceiveActor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IActorRef _broker;
    private readonly JournalProjection _projection;
    private readonly string _database;
    private readonly SweepLimits _limits;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SemaphoreSlim _answering = new(1, 1);

    public SweepApi(IActorRef broker, JournalProjection projection, string database, SweepLimits limits)
    {
        _broker = broker;
        _projection = projection;
        _database = database;
        _limits = limits;
        // Answered off the actor: a request that waits for the read model never holds up the next one's arrival.
        Receive<ISweepClusterMessage>(request => Reply(request, Sender).PipeTo(Sender));
    }

    private async Task<ISweepClusterMessage> Reply(ISweepClusterMessage request, IActorRef sender)
    {
        ISweepClusterMessage reply;
        try
        {
            reply = ClientRequests.Problem(request) is { } problem ? new RequestRefused(problem, []) : await Answer(request);
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not answer {0}", request.GetType().Name);
            reply = new RequestRefused($"The coordinator could not answer: {e.Message}", []);
        }
        if (reply is RequestRefused refused)
            _log.Info("Refused {0} from {1}: {2}", request.GetType().Name, sender.Path.Address, refused.Reason);
        return reply;
    }

    public static Props Props(IActorRef broker, JournalProjection projection, string database, SweepLimits limits) =>
        Akka.Actor.Props.Create(() => new SweepApi(broker, projection, database, limits));

    private async Task<ISweepClusterMessage> Answer(ISweepClusterMessage request)
    {
        switch (request)
        {
            case SubmitSweepFile s:
                SweepPlan plan;
                try
                {
                    plan = SweepExpander.Expand(s.File, s.Source, _limits);
                }
                catch (SweepFileException e)
                {
                    return new RequestRefused($"{s.File} has {e.Errors.Count} error(s)", [.. e.Errors.Select(x => x.ToString())]);
                }
                var sweepId = SweepIds.For(plan);
                _broker.Tell(Definitions.Submission(sweepId, plan, s.File, s.Source), ActorRefs.NoSender);
                return await Progress(sweepId, until: e => e is SweepSubmitted);
            case ListSweeps:
                return await CaughtUp(async () =>
                {
                    foreach (var unreadable in await _projection.CatchUpAllAsync())
                        _log.Warning(unreadable, "{0}", unreadable.Message);
                    return Read(reader => new SweepList([.. reader.Sweeps().Select(s => s.ToProgress())]));
                });
            case GetSweepResults r:
                return await Progress(r.SweepId) is SweepProgress progress
                    ? Read(reader => new SweepResults(progress, [.. reader.Trials(r.SweepId).Select(t => t.ToResult())]))
                    : Unknown(r.SweepId);
            case ResumeSweep r:
                // A completed sweep resumes too: its trials that failed through no fault of their own run again.
                if (await Progress(r.SweepId) is not SweepProgress { State: States.Running or States.Completed } resumed)
                    return await Progress(r.SweepId);
                _broker.Tell(r, ActorRefs.NoSender);
                return resumed;
            case CancelSweep c:
                if (await Progress(c.SweepId) is not SweepProgress { State: States.Running })
                    return await Progress(c.SweepId);
                // Carried out by the coordinator's cancel-request poller, as every cancel is: one path, kept if this process dies.
                await Task.Run(() => SweepRequests.Post(_database, c.SweepId, SweepRequests.Cancel, DateTimeOffset.UtcNow));
                return await Progress(c.SweepId, until: e => e is SweepCancelled or SweepCompleted);
            default:
                return await Progress(((IWithSweepId)request).SweepId);
        }
    }

    /// <param name="until">
    /// The event that shows a command just sent took effect: waits (up to the timeout) until the journal
    /// holds one, then answers from the read model caught up to it.
    /// </param>
    private async Task<ISweepClusterMessage> Progress(string sweepId, Func<ISweepEvent, bool>? until = null)
    {
        if (until is not null)
            await _projection.WaitForAsync(sweepId, until, Timeout);
        return await CaughtUp(async () =>
        {
            await _projection.CatchUpAsync([sweepId]);
            return Read(reader => reader.Sweep(sweepId) is { } s ? s.ToProgress() : Unknown(sweepId));
        });
    }

    /// <summary>One catch-up and read at a time (two catch-ups of one sweep would race); waiting for a command's effect is outside it.</summary>
    private async Task<ISweepClusterMessage> CaughtUp(Func<Task<ISweepClusterMessage>> read)
    {
        await _answering.WaitAsync();
        try
        {
            return await read();
        }
        finally
        {
            _answering.Release();
        }
    }

    private ISweepClusterMessage Read(Func<ReadModelReader, ISweepClusterMessage> query)
    {
        using var connection = StoreConnections.Open(_database);
        return query(new ReadModelReader(connection));
    }

    private static RequestRefused Unknown(string sweepId) => new($"No sweep '{sweepId}' in the coordinator's store.", []);
}
