using Akka.Actor;
using Akka.Event;
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

    public SweepApi(IActorRef broker, JournalProjection projection, string database, SweepLimits limits)
    {
        _broker = broker;
        _projection = projection;
        _database = database;
        _limits = limits;
        ReceiveAsync<ISweepClusterMessage>(async request =>
        {
            var sender = Sender;
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
            sender.Tell(reply);
        });
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
                return await Progress(sweepId, until: p => p is SweepProgress);
            case ListSweeps:
                foreach (var unreadable in await _projection.CatchUpAllAsync())
                    _log.Warning(unreadable, "{0}", unreadable.Message);
                return Read(reader => new SweepList([.. reader.Sweeps().Select(s => s.ToProgress())]));
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
                _broker.Tell(c, ActorRefs.NoSender);
                return await Progress(c.SweepId, until: p => p is SweepProgress { State: not States.Running });
            default:
                return await Progress(((IWithSweepId)request).SweepId);
        }
    }

    /// <param name="until">Waits (up to the timeout) for the read model to show the effect of a command just sent.</param>
    private async Task<ISweepClusterMessage> Progress(string sweepId, Func<ISweepClusterMessage, bool>? until = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await _projection.CatchUpAsync([sweepId]);
            var progress = Read(reader => reader.Sweep(sweepId) is { } s ? s.ToProgress() : Unknown(sweepId));
            if (until is null || until(progress) || DateTime.UtcNow > deadline)
                return progress;
            await Task.Delay(100);
        }
    }

    private ISweepClusterMessage Read(Func<ReadModelReader, ISweepClusterMessage> query)
    {
        using var connection = StoreConnections.Open(_database);
        return query(new ReadModelReader(connection));
    }

    private static RequestRefused Unknown(string sweepId) => new($"No sweep '{sweepId}' in the coordinator's store.", []);
}
