using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Sweeps;

/// <summary>
/// One sweep, event sourced: every command is decided by <see cref="SweepState"/> and its events are
/// applied at once (so the next command is decided on them) and persisted asynchronously, which lets
/// the journal batch many commands into one write; replies and node assignments go out only once
/// the events are stored, so nothing outside ever sees an unpersisted change. A failed write stops
/// the actor and recovery rebuilds the state from the journal. Leases held by a previous incarnation
/// are given back after recovery, so their trials run again as new attempts.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _broker;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SweepState _state;

    public SweepCoordinator(string sweepId, CoordinatorSettings settings, IActorRef broker)
    {
        PersistenceId = "sweep-" + sweepId;
        _settings = settings;
        _broker = broker;
        _state = SweepState.New(sweepId);

        Recover<ISweepEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => ReleasePreviousLeases());
        Command<LeaseTrial>(Lease);
        // Node reports get no reply (a node only listens for assignments and stops); commands get the state.
        Command<EpochDone>(d => Decide(new RecordEpoch(d.SweepId, d.TrialId, d.Attempt, d.Metrics), reply: false, StopIfCancelled(d)));
        Command<TrialDone>(d => Decide(new RecordFinish(d.SweepId, d.TrialId, d.Attempt, d.Outcome), reply: false));
        Command<TrialCrashed>(c => Decide(new RecordFailure(c.SweepId, c.TrialId, c.Attempt, c.Error, c.TrialsFault), reply: false));
        Command<ISweepCommand>(c => Decide(c, reply: true));
        Command<GetSweepState>(_ => Sender.Tell(_state));
    }

    public override string PersistenceId { get; }

    public static Props Props(string sweepId, CoordinatorSettings settings, IActorRef broker) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(sweepId, settings, broker));

    private void Lease(LeaseTrial lease)
    {
        var events = _state.Decide(lease, _settings.Clock.GetUtcNow(), _settings.MaxRetries);
        if (events is not [TrialDispatched dispatched])
        {
            Sender.Tell(new NoWork(_state.SweepId, lease.Node));
            return;
        }
        _state = _state.Apply(dispatched);
        var replyTo = Sender;
        var spec = _state.Trials[dispatched.TrialId].Definition.Spec;
        var assignment = new AssignTrial(_state.SweepId, dispatched.TrialId, dispatched.Attempt, spec, Path.Combine(_settings.CheckpointRoot, _state.SweepId, dispatched.TrialId));
        PersistAsync(dispatched, _ =>
        {
            replyTo.Tell(new LeaseGranted(lease.Node, assignment));
            AnnounceQueue();
        });
    }

    private void Decide(ISweepCommand command, bool reply, Action? afterwards = null)
    {
        var events = _state.Decide(command, _settings.Clock.GetUtcNow(), _settings.MaxRetries);
        if (events.Count == 0)
        {
            if (command is not SubmitSweep and not CancelSweep)
                _log.Info("Dropped {Command}: stale attempt, duplicate or not applicable in phase {Phase}", command.GetType().Name, _state.Phase);
            afterwards?.Invoke();
            if (reply)
                Sender.Tell(_state);
            return;
        }
        foreach (var e in events)
            _state = _state.Apply(e);
        var replyTo = Sender;
        var decided = _state;
        var last = events[^1];
        PersistAllAsync(events, e =>
        {
            if (!ReferenceEquals(e, last))
                return;
            afterwards?.Invoke();
            if (reply)
                replyTo.Tell(decided);
            AnnounceQueue();
        });
    }

    private Action StopIfCancelled(EpochDone report)
    {
        var node = Sender;
        return () =>
        {
            if (_state.Phase == SweepPhase.Cancelled)
                node.Tell(new StopTrial(report.SweepId, report.TrialId, report.Attempt, "sweep cancelled"));
        };
    }

    private void ReleasePreviousLeases()
    {
        foreach (var node in _state.Trials.Values.Where(t => t.Phase == TrialPhase.Running).Select(t => t.Node!).Distinct())
            Self.Tell(new ReleaseNode(_state.SweepId, node, "coordinator restarted", CountsAsRetry: false));
        AnnounceQueue();
    }

    private void AnnounceQueue() =>
        _broker.Tell(new QueueChanged(_state.SweepId, _state.Phase == SweepPhase.Running ? _state.Queued : 0, _state.Phase is SweepPhase.Completed or SweepPhase.Cancelled));
}
