using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.Schedulers;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// One sweep, event sourced: every command is decided by <see cref="SweepState"/> and its events are
/// applied at once (so the next command is decided on them) and persisted asynchronously, which lets
/// the journal batch many commands into one write; replies and node assignments go out only once
/// the events are stored, so nothing outside ever sees an unpersisted change. A failed write stops
/// the actor and recovery rebuilds the state from the journal. Leases held by a previous incarnation
/// are given back after recovery, so their trials run again as new attempts.
/// </summary>
/// <remarks>
/// A snapshot is taken when no write is pending (only then is the applied state the stored one) and
/// enough events have passed: at least <see cref="CoordinatorSettings.SnapshotEvery"/>, and at least
/// twice the trial count, since a snapshot holds every trial and its cost must stay a small share of
/// the events it saves replaying.
/// </remarks>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _broker;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SweepState _state;
    private int _pendingWrites;
    private long _snapshotAt;

    public SweepCoordinator(string sweepId, CoordinatorSettings settings, IActorRef broker)
    {
        PersistenceId = JournalNames.PersistenceId(sweepId);
        _settings = settings;
        _broker = broker;
        _state = SweepState.New(sweepId);

        Recover<SnapshotOffer>(o =>
        {
            _state = SweepState.From(LegacySubmissions.Upcast((SweepSnapshot)o.Snapshot));
            _snapshotAt = o.Metadata.SequenceNr;
        });
        Recover<ISweepEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => ReleasePreviousLeases());
        Command<LeaseTrial>(Lease);
        // Node reports get no reply (a node only listens for assignments and stops); commands get the state.
        Command<EpochDone>(d => Decide(new RecordEpoch(d.SweepId, d.TrialId, d.Attempt, d.Metrics), reply: false, StopIfEnded(d)));
        Command<TrialDone>(d => Decide(new RecordFinish(d.SweepId, d.TrialId, d.Attempt, d.Outcome), reply: false));
        Command<TrialCrashed>(c => Decide(new RecordFailure(c.SweepId, c.TrialId, c.Attempt, c.Error, c.TrialsFault, c.OutOfMemory), reply: false));
        // A new sweep's checkpoints are bound to this store: its root, and an instance drawn here (state stays pure).
        Command<SubmitSweep>(s => Decide(_state.Phase == SweepPhase.New ? s with { Checkpoints = SweepCheckpoints.Draw(_settings.CheckpointRoot) } : s, reply: true));
        Command<ISweepCommand>(c => Decide(c, reply: true));
        // Deferred until the writes before it are stored: no one outside sees an unpersisted change.
        Command<GetSweepState>(_ =>
        {
            var replyTo = Sender;
            DeferAsync(_state, state => ReplyState(replyTo, state));
        });
        Command<BackoffEnded>(_ => AnnounceQueue());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of sweep {SweepId} failed; recovery replays more events", _state.SweepId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Old snapshots of sweep {SweepId} were not deleted", _state.SweepId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(StoreFailed(cause, @event, sequenceNr));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(StoreFailed(cause, @event, sequenceNr));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    public static Props Props(string sweepId, CoordinatorSettings settings, IActorRef broker) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(sweepId, settings, broker));

    /// <summary>A lease is answered once its events are stored: the trial for the node (proposed first, with TPE), or no work.</summary>
    private void Lease(LeaseTrial lease)
    {
        var events = _state.Decide(lease, _settings.Clock.GetUtcNow(), _settings.MaxRetries);
        if (events.Count == 0)
        {
            Sender.Tell(new NoWork(_state.SweepId, lease.Node));
            return;
        }
        foreach (var e in events)
        {
            _state = _state.Apply(e);
            if (e is TrialProposed proposed)
                _log.Info("Sweep {SweepId}: TPE proposed trial {TrialId} ({Label})", _state.SweepId, proposed.Trial.TrialId, proposed.Trial.Label);
            if (e is TrialDispatched { Group: { } group } d && group.Id.StartsWith(d.TrialId + "#", StringComparison.Ordinal))
                _log.Info("Sweep {SweepId}: {Members} trials train fused as group {GroupId} on node {Node}", _state.SweepId, group.Members, group.Id, d.Node);
            if (e is SamplingEnded ended)
                _log.Warning("Sweep {SweepId}: TPE proposes no more trials: {Reason}", _state.SweepId, ended.Reason);
        }
        var dispatched = events.OfType<TrialDispatched>().Select(d => Assignment(_state.Trials[d.TrialId])).ToList();
        object reply = dispatched.Count switch
        {
            0 => new NoWork(_state.SweepId, lease.Node),
            1 => new LeaseGranted(lease.Node, dispatched[0]),
            _ => new LeaseGranted(lease.Node, new AssignGroup(_state.SweepId, ((TrialDispatched)events[^1]).Group!.Id, dispatched)),
        };
        var replyTo = Sender;
        var last = events[^1];
        _pendingWrites++;
        var writing = Stopwatch.GetTimestamp();
        PersistAllAsync(events, e =>
        {
            if (!ReferenceEquals(e, last))
                return;
            replyTo.Tell(reply);
            Stored(events, writing);
        });
    }

    /// <summary>The node's orders for a trial's current attempt; a new PBT generation starts from the donor's epoch checkpoint.</summary>
    private AssignTrial Assignment(TrialState trial)
    {
        var keepEvery = _state.Scheduler is { Type: SchedulerKind.Pbt } pbt ? pbt.Interval : 0;
        return new AssignTrial(_state.SweepId, trial.Definition.TrialId, trial.Attempt, trial.Definition.Spec,
            CheckpointDirectory(trial.Definition.TrialId, trial.Generation),
            trial.Origin is { } origin ? new CheckpointOrigin(CheckpointDirectory(origin.DonorId, origin.DonorGeneration), origin.Epoch) : null,
            keepEvery);
    }

    private SweepStoreFailed StoreFailed(Exception cause, object @event, long sequenceNr) =>
        new(_state.SweepId, PersistenceId, sequenceNr, @event.GetType().Name, string.Join(": ", Causes(cause).Select(e => e.Message).Distinct()));

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? at = e; at is not null; at = at.InnerException)
            yield return at;
    }

    private string CheckpointDirectory(string trialId, int generation) =>
        TrialFolders.Of(TrialFolders.Sweep(_state.Checkpoints, _settings.CheckpointRoot, _state.SweepId), trialId, generation);

    private void Decide(ISweepCommand command, bool reply, Action? afterwards = null)
    {
        var events = _state.Decide(command, _settings.Clock.GetUtcNow(), _settings.MaxRetries);
        if (events.Count == 0)
        {
            if (command is not SubmitSweep and not CancelSweep)
                _log.Info("Dropped {Command}: stale attempt, duplicate or not applicable in phase {Phase}", command.GetType().Name, _state.Phase);
            afterwards?.Invoke();
            if (reply)
                ReplyState(Sender);
            return;
        }
        foreach (var e in events)
        {
            _state = _state.Apply(e);
            if (e is SweepCompleted { Note: { } note })
                _log.Warning("Sweep {SweepId} ended early: {Note}", _state.SweepId, note);
            if (e is TrialStopped stopped)
                _log.Info("Sweep {SweepId}: {Scheduler} stopped trial {TrialId} after epoch {Epoch}: {Reason}", _state.SweepId, stopped.Scheduler, stopped.TrialId, stopped.Epoch, stopped.Reason);
            if (e is TrialExploited exploited)
                _log.Info("Sweep {SweepId}: PBT: trial {TrialId} after epoch {Epoch}: {Reason}", _state.SweepId, exploited.TrialId, exploited.Epoch, exploited.Reason);
            if (e is StageStarted stage)
                _log.Info("Sweep {SweepId}: stage {Stage} ('{Name}') starts from trial {BaseTrialId} with {Trials} new trial(s)", _state.SweepId, stage.Stage + 1, stage.Name, stage.BaseTrialId, stage.Trials.Count);
        }
        var replyTo = Sender;
        var decided = _state;
        var last = events[^1];
        _pendingWrites++;
        var writing = Stopwatch.GetTimestamp();
        PersistAllAsync(events, e =>
        {
            if (!ReferenceEquals(e, last))
                return;
            afterwards?.Invoke();
            if (reply)
                ReplyState(replyTo, decided);
            Stored(events, writing);
        });
    }

    /// <summary>After a command's events are stored: tell the broker and the read model, snapshot if due.</summary>
    private void Stored(IReadOnlyList<ISweepEvent> events, long writing)
    {
        _pendingWrites--;
        AnnounceQueue();
        Context.System.EventStream.Publish(new SweepEventsStored(_state.SweepId, LastSequenceNr, events, Stopwatch.GetElapsedTime(writing)));
        var due = Math.Max(_settings.SnapshotEvery, 2L * _state.Trials.Count);
        if (_pendingWrites == 0 && LastSequenceNr - _snapshotAt >= due)
        {
            SaveSnapshot(_state.ToSnapshot());
            _snapshotAt = LastSequenceNr;
        }
    }

    /// <summary>
    /// The state answers only senders in this process: it is not a network message (commands from
    /// other processes, such as the client API on another coordinator, come without waiting for it).
    /// </summary>
    private void ReplyState(IActorRef to, SweepState? state = null)
    {
        if (to.Path.Address.HasLocalScope)
            to.Tell(state ?? _state);
    }

    /// <summary>After an epoch: the node stops training the attempt when the state says it has ended (<see cref="SweepState.StopReason"/>).</summary>
    private Action StopIfEnded(EpochDone report)
    {
        var node = Sender;
        return () =>
        {
            if (_state.StopReason(report.TrialId, report.Attempt) is { } reason)
                node.Tell(new StopTrial(report.SweepId, report.TrialId, report.Attempt, reason));
        };
    }

    private void ReleasePreviousLeases()
    {
        foreach (var node in _state.Trials.Values.Where(t => t.Phase == TrialPhase.Running).Select(t => t.Node!).Distinct())
            Self.Tell(new ReleaseNode(_state.SweepId, node, "coordinator restarted", CountsAsRetry: false));
        AnnounceQueue();
        Context.System.EventStream.Publish(new SweepEventsStored(_state.SweepId, LastSequenceNr, [], TimeSpan.Zero));
    }

    /// <summary>
    /// Tells the broker how many trials may be leased. A trial waiting out a back-off is counted, but its
    /// lease is refused until then (the broker hears "no work" and stops asking): a timer announces the
    /// queue again when the first one is due.
    /// </summary>
    private void AnnounceQueue()
    {
        _broker.Tell(new QueueChanged(_state.SweepId, _state.Phase == SweepPhase.Running ? _state.Available : 0, _state.Phase is SweepPhase.Completed or SweepPhase.Cancelled));
        var now = _settings.Clock.GetUtcNow();
        if (_state.Phase == SweepPhase.Running && _state.NextDue(now) is { } due)
            Timers.StartSingleTimer(BackoffEnded.Instance, BackoffEnded.Instance, due - now);
    }

    private sealed class BackoffEnded
    {
        public static readonly BackoffEnded Instance = new();
    }
}
