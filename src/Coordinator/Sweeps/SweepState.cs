using System.Collections.Immutable;
using System.Text.Json.Nodes;
using SweepCluster.Messages.Fusion;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.Samplers;
using SweepCluster.Search.Schedulers;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Sweeps;

public enum SweepPhase
{
    New,
    Running,
    Completed,
    Cancelled,
}

/// <summary>
/// A sweep's state as a pure value: <see cref="Decide"/> turns a command into events (never
/// changing anything), <see cref="Apply"/> folds an event in. The persistent actor is glue
/// around these two, and recovery is <see cref="Apply"/> over the journal.
/// </summary>
/// <remarks>
/// The queue (positions in plan order) and the running and done counts are kept up to date by
/// <see cref="Apply"/>: deciding a command never scans all trials, which made large sweeps quadratic
/// (a scheduler, when the sweep has one, looks at every trial that recorded an epoch).
/// </remarks>
public sealed record SweepState(
    string SweepId,
    string Name,
    string File,
    string Source,
    SweepPhase Phase,
    ImmutableList<string> Order,
    ImmutableDictionary<string, TrialState> Trials,
    ImmutableSortedSet<int> QueuedPositions,
    int Running,
    int Done,
    int Stage = 0,
    ImmutableList<string>? StageMembers = null,
    SweepDesign? Design = null,
    bool ProposalsEnded = false,
    SweepCheckpoints? Checkpoints = null,
    ImmutableSortedSet<int>? WaitingPositions = null)
{
    public static SweepState New(string sweepId) =>
        new(sweepId, "", "", "", SweepPhase.New, [], ImmutableDictionary<string, TrialState>.Empty, [], 0, 0);

    /// <summary>The trials of the running stage: every trial until a second stage starts.</summary>
    public IReadOnlyList<string> CurrentStage => StageMembers ?? Order;

    public int Queued => QueuedPositions.Count;

    /// <summary>The scheduler that judges every epoch; null when trials run to their end.</summary>
    public SchedulerSpec? Scheduler => Design?.Scheduler;

    /// <summary>Set when TPE proposes trials as results arrive.</summary>
    public TpeDesign? Sampling => Design?.Sampler;

    /// <summary>Trials the sampler will still propose (TPE proposes one whenever a node asks and none is queued).</summary>
    public int Proposable => Phase == SweepPhase.Running && Sampling is { } sampling && !ProposalsEnded ? Math.Max(0, sampling.Samples - Trials.Count) : 0;

    /// <summary>How many more trials a node may lease: the queued ones and the ones still to be proposed.</summary>
    public int Available => Queued + Proposable;

    public SweepSnapshot ToSnapshot() => new(
        SweepId, Name, File, Source, Phase.ToString(),
        [.. Order.Select(id => Trials[id]).Select(t => new TrialSnapshot(t.Definition, t.Phase.ToString(), t.Attempt, t.Node, t.LastEpoch, t.Retries, t.Outcome, t.Error, t.Latest, t.Recorded?.Values.ToList(), t.Generation, t.Origin, t.Retryable, t.NotBefore))],
        Stage, StageMembers, ProposalsEnded, Checkpoints, Design);

    /// <summary>A snapshot's state; one saved before version 2 must have its design resolved first (see <c>LegacySubmissions</c>).</summary>
    public static SweepState From(SweepSnapshot snapshot)
    {
        var trials = snapshot.Trials.Select(t => new TrialState(
            t.Definition, Enum.Parse<TrialPhase>(t.Phase), t.Attempt, t.Node, t.LastEpoch, t.Retries, t.Outcome, t.Error, t.Latest,
            t.Epochs?.ToImmutableSortedDictionary(e => e.Epoch, e => e), t.Generation, t.Origin, t.Retryable, t.NotBefore)).ToList();
        return new SweepState(
            snapshot.SweepId, snapshot.Name, snapshot.File, snapshot.Source, Enum.Parse<SweepPhase>(snapshot.Phase),
            [.. trials.Select(t => t.Definition.TrialId)],
            trials.ToImmutableDictionary(t => t.Definition.TrialId),
            [.. trials.Select((t, position) => (t, position)).Where(p => p.t.Phase == TrialPhase.Queued).Select(p => p.position)],
            trials.Count(t => t.Phase == TrialPhase.Running),
            trials.Count(t => t.IsTerminal),
            snapshot.Stage,
            snapshot.StageMembers?.ToImmutableList(),
            Design: snapshot.Design ?? throw new ArgumentException($"The snapshot of sweep {snapshot.SweepId} has no design: upcast it first.", nameof(snapshot)),
            ProposalsEnded: snapshot.SamplingEnded,
            Checkpoints: snapshot.Checkpoints,
            WaitingPositions: [.. trials.Select((t, position) => (t, position)).Where(p => p.t.Phase == TrialPhase.Queued && p.t.NotBefore is not null).Select(p => p.position)]);
    }

    public SweepState Apply(ISweepEvent e) => e switch
    {
        SweepSubmitted s => this with
        {
            Name = s.Name,
            File = s.File,
            Source = s.Source,
            Checkpoints = s.Checkpoints,
            Design = s.Design ?? throw new ArgumentException($"The submission of sweep {s.SweepId} has no design: upcast it first.", nameof(e)),
            Phase = SweepPhase.Running,
            Order = [.. s.Trials.Select(t => t.TrialId)],
            Trials = s.Trials.ToImmutableDictionary(t => t.TrialId, TrialState.Queued),
            QueuedPositions = [.. Enumerable.Range(0, s.Trials.Count)],
        },
        TrialProposed p => this with
        {
            Order = Order.Add(p.Trial.TrialId),
            Trials = Trials.Add(p.Trial.TrialId, TrialState.Queued(p.Trial)),
            QueuedPositions = QueuedPositions.Add(Order.Count),
        },
        SamplingEnded => this with { ProposalsEnded = true },
        TrialDispatched d => Update(d.TrialId, t => t with { Phase = TrialPhase.Running, Attempt = d.Attempt, Node = d.Node, LastEpoch = 0, Latest = null }),
        // Every epoch is kept only for a scheduler to judge: other sweeps' state (and snapshots) stay small.
        EpochRecorded r => Update(r.TrialId, t => t with
        {
            LastEpoch = r.Metrics.Epoch,
            Latest = r.Metrics,
            Recorded = Scheduler is null ? t.Recorded : t.Epochs.SetItem(r.Metrics.Epoch, r.Metrics),
        }),
        TrialFinished f => Update(f.TrialId, t => t with { Phase = TrialPhase.Finished, Outcome = f.Outcome, Node = null }),
        TrialFailed f when f.WillRetry => Update(f.TrialId, t => t with
        {
            Phase = TrialPhase.Queued,
            Retries = t.Retries + 1,
            Error = f.Error,
            Node = null,
            NotBefore = f.At + TrialState.Backoff(t.Retries + 1),
        }),
        // Events from before TrialsFault was kept do not say: such a failure is tried again on resume (a deterministic one just fails again).
        TrialFailed f => Update(f.TrialId, t => t with { Phase = TrialPhase.Failed, Error = f.Error, Node = null, Retryable = f.TrialsFault != true }),
        TrialsRetried r => r.TrialIds.Aggregate(this, (state, id) => state.Update(id, t => t with
        {
            Phase = TrialPhase.Queued,
            Retries = 0,
            Retryable = false,
            Node = null,
            NotBefore = null,
        })) with
        { Phase = SweepPhase.Running },
        TrialStopped s => Update(s.TrialId, t => t with { Phase = TrialPhase.Stopped, Node = null, Outcome = new TrialOutcome(TrialStatus.Stopped, s.Epoch, null, null, s.Reason) }),
        TrialExploited x => Update(x.TrialId, t => t with { Definition = x.Definition, Phase = TrialPhase.Queued, Node = null, Generation = t.Generation + 1, Origin = x.Origin }),
        TrialRequeued r => Update(r.TrialId, t => t with { Phase = TrialPhase.Queued, Node = null, Retries = t.Retries + (r.CountsAsRetry ? 1 : 0) }),
        StageStarted s => this with
        {
            Order = Order.AddRange(s.Trials.Select(t => t.TrialId)),
            Trials = Trials.AddRange(s.Trials.Select(t => KeyValuePair.Create(t.TrialId, TrialState.Queued(t)))),
            QueuedPositions = QueuedPositions.Union(Enumerable.Range(Order.Count, s.Trials.Count)),
            Stage = s.Stage,
            StageMembers = [.. s.Reused, .. s.Trials.Select(t => t.TrialId)],
        },
        ChangedDataAccepted a => WithData(a.From, a.To),
        SweepCancelled => this with { Phase = SweepPhase.Cancelled },
        SweepCompleted => this with { Phase = SweepPhase.Completed },
        _ => this,
    };

    /// <param name="maxRetries">New attempts allowed after failures that were not the trial's own.</param>
    public IReadOnlyList<ISweepEvent> Decide(ISweepCommand command, DateTimeOffset now, int maxRetries) => command switch
    {
        SubmitSweep s when Phase == SweepPhase.New => [Submitted(s, now)],
        CancelSweep when Phase == SweepPhase.Running => [new SweepCancelled(SweepId, now)],
        AcceptChangedData a when Phase != SweepPhase.New && a.From != a.To && Trials.Values.Any(t => t.Definition.Spec.Dataset.Fingerprint == a.From) =>
            [new ChangedDataAccepted(SweepId, a.From, a.To, now)],
        RetryFailedTrials when Phase is SweepPhase.Running or SweepPhase.Completed && Retryable() is { Count: > 0 } retryable => [new TrialsRetried(SweepId, retryable, now)],
        LeaseTrial l when Phase == SweepPhase.Running && NextQueued(now) is { } next => Dispatch(next, l, now),
        LeaseTrial l when Proposable > 0 => Propose(l, now),
        RecordEpoch r when Current(r.TrialId, r.Attempt) is { } t && r.Metrics.Epoch > t.LastEpoch =>
            Scheduled(new EpochRecorded(SweepId, r.TrialId, r.Attempt, r.Metrics), t, now),
        RecordFinish f when Current(f.TrialId, f.Attempt) is not null =>
            ThenMaybeComplete(new TrialFinished(SweepId, f.TrialId, f.Attempt, f.Outcome, now), now),
        RecordFailure { OutOfMemory: true } f when Phase == SweepPhase.Running && Current(f.TrialId, f.Attempt) is not null =>
            [new TrialRequeued(SweepId, f.TrialId, f.Attempt, "out of memory beside other trials: " + f.Error, CountsAsRetry: false, now)],
        RecordFailure f when Current(f.TrialId, f.Attempt) is { } t =>
            ThenMaybeComplete(new TrialFailed(SweepId, f.TrialId, f.Attempt, f.Error, Phase == SweepPhase.Running && !f.TrialsFault && t.Retries < maxRetries, now, f.TrialsFault), now),
        ReleaseNode n when Phase == SweepPhase.Running => Release(n, now, maxRetries),
        _ => [],
    };

    /// <summary>Every trial, and TPE's base for proposals to come, names the data fingerprinted <paramref name="to"/> where it named <paramref name="from"/>.</summary>
    private SweepState WithData(string from, string to)
    {
        TrialDefinition Moved(TrialDefinition d) => d.Spec.Dataset.Fingerprint == from ? d with { Spec = d.Spec with { Dataset = d.Spec.Dataset with { Fingerprint = to } } } : d;
        var design = Design;
        if (design?.Sampler is { Base: var tree } sampler && tree["dataset"] is JsonObject data && (string?)data["fingerprint"] == from)
        {
            var moved = (JsonObject)tree.DeepClone();
            moved["dataset"]!["fingerprint"] = to;
            design = design with { Sampler = sampler with { Base = moved } };
        }
        return this with { Trials = Trials.ToImmutableDictionary(t => t.Key, t => t.Value with { Definition = Moved(t.Value.Definition) }), Design = design };
    }

    /// <summary>The submission, with the number of trials planned in all when a sampler will propose more.</summary>
    private SweepSubmitted Submitted(SubmitSweep submit, DateTimeOffset now)
    {
        var design = submit.Design ?? SweepDesign.None;
        var submitted = new SweepSubmitted(SweepId, submit.Name, submit.File, submit.Source, submit.Trials, now, Checkpoints: submit.Checkpoints, Design: design);
        return design.Sampler is { } sampling && sampling.Samples > submit.Trials.Count ? submitted with { Planned = sampling.Samples } : submitted;
    }

    /// <summary>Requeues the node's running trials; one that has lost its node too often fails instead.</summary>
    private IReadOnlyList<ISweepEvent> Release(ReleaseNode release, DateTimeOffset now, int maxRetries)
    {
        var events = new List<ISweepEvent>();
        var state = this;
        foreach (var trial in Trials.Values.Where(t => t.Phase == TrialPhase.Running && t.Node == release.Node).OrderBy(t => t.Definition.Index))
        {
            ISweepEvent e = release.CountsAsRetry && trial.Retries >= maxRetries
                ? new TrialFailed(SweepId, trial.Definition.TrialId, trial.Attempt, $"lost its node {trial.Retries + 1} times ({release.Reason})", false, now)
                : new TrialRequeued(SweepId, trial.Definition.TrialId, trial.Attempt, release.Reason, release.CountsAsRetry, now);
            events.Add(e);
            state = state.Apply(e);
        }
        if (events.Count > 0 && state.AllEnded)
            events.AddRange(state.Ending(now));
        return events;
    }

    /// <summary>
    /// The epoch, and what the scheduler decides on it. Only an epoch the trial records for the first
    /// time is judged: one recorded again by a later attempt was decided on already.
    /// </summary>
    private IReadOnlyList<ISweepEvent> Scheduled(EpochRecorded recorded, TrialState before, DateTimeOffset now)
    {
        var epoch = recorded.Metrics.Epoch;
        if (Scheduler is null || Phase != SweepPhase.Running || before.Epochs.ContainsKey(epoch))
            return [recorded];
        var after = Apply(recorded);
        var trial = after.Trials[recorded.TrialId];
        var others = after.Trials.Values.Where(o => o.Epochs.Count > 0 && !ReferenceEquals(o, trial)).Select(Progress).ToList();
        return SchedulerSettings.Create(Scheduler).Decide(Progress(trial), epoch, others) switch
        {
            StopDecision stop => [recorded, .. after.ThenMaybeComplete(
                new TrialStopped(SweepId, recorded.TrialId, recorded.Attempt, epoch, Scheduler.Type.ToString().ToLowerInvariant(), stop.Rung, stop.Reason, now), now)],
            ExploitDecision exploit when after.Exploited(trial, epoch, exploit, now) is { } exploited => [recorded, exploited],
            _ => [recorded],
        };
    }

    /// <summary>PBT's exploit and explore: the trial keeps its id and place and takes the donor's spec with the changes.</summary>
    /// <returns>Null when the changes make no valid trial (the sweep file's check makes that rare): the trial then goes on as it is.</returns>
    private TrialExploited? Exploited(TrialState trial, int epoch, ExploitDecision exploit, DateTimeOffset now)
    {
        var donor = Trials[exploit.DonorId].Definition;
        TrialSpec spec;
        IReadOnlyDictionary<string, JsonNode?> overrides;
        try
        {
            (spec, overrides) = SweepExpander.Mutate(donor.Spec, donor.Overrides.ToDictionary(o => o.Key, o => JsonNode.Parse(o.Value)), exploit.Changes, trial.Definition.Spec.Seed);
        }
        catch (SweepFileException)
        {
            return null;
        }
        var definition = trial.Definition with
        {
            Spec = spec,
            Overrides = overrides.ToDictionary(o => o.Key, o => o.Value?.ToJsonString() ?? "null"),
        };
        return new TrialExploited(SweepId, trial.Definition.TrialId, trial.Attempt, epoch, definition,
            new PbtOrigin(exploit.DonorId, Trials[exploit.DonorId].Generation, exploit.DonorEpoch), exploit.Reason, now);
    }

    private static TrialProgress Progress(TrialState t) => new(t.Definition.TrialId, t.Definition.Index, t.Epochs, t.Definition.Spec);

    /// <summary>Every trial has ended and the sampler will propose none.</summary>
    private bool AllEnded => Done == Trials.Count && Proposable == 0;

    /// <summary>
    /// TPE's next trial, leased at once to the node that asked: proposed only now, so it learns from
    /// every result so far, and with the trials still running as constant liars.
    /// </summary>
    private IReadOnlyList<ISweepEvent> Propose(LeaseTrial lease, DateTimeOffset now)
    {
        var sampled = Order.Select(id => Trials[id]).Select(t => new SampledTrial(
            t.Definition.TrialId,
            t.Definition.Overrides.ToDictionary(o => o.Key, o => JsonNode.Parse(o.Value)),
            t.IsTerminal ? t.Metric(Sampling!.Metric) : null,
            Pending: !t.IsTerminal,
            Stopped: t.Phase == TrialPhase.Stopped)).ToList();
        PlannedTrial? next;
        try
        {
            next = SweepExpander.Propose(Sampling!, sampled);
        }
        catch (SweepFileException e)
        {
            return ThenMaybeComplete(new SamplingEnded(SweepId, "the recorded search no longer resolves: " + string.Join("; ", e.Errors), now), now);
        }
        if (next is null)
            return ThenMaybeComplete(new SamplingEnded(SweepId, "20 proposals in a row were invalid or already tried: the search space looks used up", now), now);
        var proposed = new TrialProposed(SweepId, Definitions.Of(next), now);
        return [proposed, new TrialDispatched(SweepId, next.Id, 1, lease.Node, now)];
    }

    /// <summary>
    /// The next queued trial, with up to <see cref="LeaseTrial.MaxGroup"/> - 1 later queued trials that
    /// can train fused with it (equal <see cref="FusionKey"/>), taken in plan order.
    /// </summary>
    private IReadOnlyList<ISweepEvent> Dispatch(TrialState next, LeaseTrial lease, DateTimeOffset now)
    {
        var members = new List<TrialState> { next };
        if (lease.MaxGroup > 1 && FusionKey.Of(next.Definition.Spec) is { } key)
        {
            members.AddRange(QueuedPositions.Select(p => Trials[Order[p]])
                .Where(t => t != next && t.IsDue(now) && FusionKey.Of(t.Definition.Spec) == key)
                .Take(lease.MaxGroup - 1));
        }
        var group = members.Count > 1 ? new FusedGroup($"{next.Definition.TrialId}#{next.Attempt + 1}", members.Count) : null;
        return [.. members.Select(t => new TrialDispatched(SweepId, t.Definition.TrialId, t.Attempt + 1, lease.Node, now, group))];
    }

    private TrialState? NextQueued(DateTimeOffset now) => QueuedPositions.Select(p => Trials[Order[p]]).FirstOrDefault(t => t.IsDue(now));

    /// <summary>
    /// Why a node training <paramref name="attempt"/> of a trial should stop it after an epoch: the sweep
    /// was cancelled, the scheduler stopped the trial, or PBT moved it on to a new generation; null
    /// when it goes on.
    /// </summary>
    public string? StopReason(string trialId, int attempt) =>
        Phase == SweepPhase.Cancelled ? "sweep cancelled"
        : !Trials.TryGetValue(trialId, out var trial) ? null
        : trial is { Phase: TrialPhase.Stopped } && trial.Attempt == attempt ? trial.Outcome?.Detail ?? "stopped by the scheduler"
        : trial is { Generation: > 0 } && (trial.Attempt != attempt || trial.Phase == TrialPhase.Queued) ? "PBT: the trial goes on from another trial's weights"
        : null;

    /// <summary>When the first queued trial waiting out a back-off may be leased; null when none waits.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset now) =>
        Waiting.Select(p => Trials[Order[p]].NotBefore).Where(at => at > now).Min();

    /// <summary>Positions of the queued trials that carry a back-off: kept so the queue announced after every write is not scanned whole.</summary>
    private ImmutableSortedSet<int> Waiting => WaitingPositions ?? [];

    /// <summary>The running stage's trials that failed through no fault of their own, in plan order.</summary>
    private List<string> Retryable() => [.. CurrentStage.Where(id => Trials[id] is { Phase: TrialPhase.Failed, Retryable: true })];

    private TrialState? Current(string trialId, int attempt) =>
        Trials.TryGetValue(trialId, out var trial) && trial.Accepts(attempt) ? trial : null;

    /// <summary>The event, and the next stage or the sweep's end too when it ends the last unfinished trial of a running sweep.</summary>
    private IReadOnlyList<ISweepEvent> ThenMaybeComplete(ISweepEvent e, DateTimeOffset now)
    {
        var after = Apply(e);
        return Phase == SweepPhase.Running && after.AllEnded ? [e, .. after.Ending(now)] : [e];
    }

    /// <summary>
    /// What follows when every trial has ended: the next stage of a stages sweep, else the end. A stage
    /// whose trials all ran before (its base alone) ends as it starts, so the one after follows at once.
    /// </summary>
    private List<ISweepEvent> Ending(DateTimeOffset now)
    {
        var events = new List<ISweepEvent>();
        for (var state = this; ;)
        {
            var (next, note) = StagePlanner.Next(state, now);
            if (next is null)
            {
                events.Add(new SweepCompleted(SweepId, now, note));
                return events;
            }
            events.Add(next);
            if (next.Trials.Count > 0)
                return events;
            state = state.Apply(next);
        }
    }

    private SweepState Update(string trialId, Func<TrialState, TrialState> change)
    {
        if (!Trials.TryGetValue(trialId, out var before))
            return this;
        var after = change(before);
        var position = after.Definition.Index < Order.Count && Order[after.Definition.Index] == trialId ? after.Definition.Index : Order.IndexOf(trialId);
        var queued = before.Phase == TrialPhase.Queued ? QueuedPositions.Remove(position) : QueuedPositions;
        var waits = after.Phase == TrialPhase.Queued && after.NotBefore is not null;
        return this with
        {
            Trials = Trials.SetItem(trialId, after),
            QueuedPositions = after.Phase == TrialPhase.Queued ? queued.Add(position) : queued,
            WaitingPositions = waits == Waiting.Contains(position) ? WaitingPositions : waits ? Waiting.Add(position) : Waiting.Remove(position),
            Running = Running + Count(after.Phase == TrialPhase.Running) - Count(before.Phase == TrialPhase.Running),
            Done = Done + Count(after.IsTerminal) - Count(before.IsTerminal),
        };
    }

    private static int Count(bool condition) => condition ? 1 : 0;
}
