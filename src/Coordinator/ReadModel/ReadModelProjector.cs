using Akka.Actor;
using Akka.Event;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>
/// Published by a sweep coordinator on the event stream once a command's events are stored; the last
/// of them has <paramref name="LastSequenceNr"/>. Empty after recovery, to have the sweep caught up.
/// </summary>
/// <param name="WriteTime">How long the journal took to store them, from the write's start.</param>
public sealed record SweepEventsStored(string SweepId, long LastSequenceNr, IReadOnlyList<ISweepEvent> Events, TimeSpan WriteTime);

/// <summary>
/// Keeps the read model current while coordinators run: it collects <see cref="SweepEventsStored"/>
/// and projects them, one pass at a time and at most one pass per <see cref="Interval"/>, so a burst
/// of events becomes one transaction instead of competing with the journal for the database on every
/// event. Events it missed (it started late, a pass failed) are caught up from the journal, which is
/// the source: nothing is lost.
/// </summary>
public sealed class ReadModelProjector : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private const string Pause = "pause";
    private readonly JournalProjection _projection;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Dictionary<string, List<(long SequenceNr, ISweepEvent Event)>> _stored = [];
    private IReadOnlyCollection<string> _inFlight = [];

    public ReadModelProjector(JournalProjection projection)
    {
        _projection = projection;
        Receive<SweepEventsStored>(s =>
        {
            if (!_stored.TryGetValue(s.SweepId, out var events))
                _stored[s.SweepId] = events = [];
            var first = s.LastSequenceNr - s.Events.Count + 1;
            events.AddRange(s.Events.Select((e, i) => (first + i, e)));
            Next();
        });
        Receive<Projected>(_ =>
        {
            _inFlight = [];
            Timers.StartSingleTimer(Pause, Resume.Instance, Interval);
        });
        Receive<Status.Failure>(f =>
        {
            _log.Warning(f.Cause, "Projecting sweeps {SweepIds} failed; catching them up from the journal in {Delay}", string.Join(", ", _inFlight), RetryAfter);
            foreach (var sweepId in _inFlight)
                _stored.TryAdd(sweepId, []);
            _inFlight = [];
            Timers.StartSingleTimer(Pause, Resume.Instance, RetryAfter);
        });
        Receive<Resume>(_ => Next());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JournalProjection projection) => Akka.Actor.Props.Create(() => new ReadModelProjector(projection));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(SweepEventsStored));

    private void Next()
    {
        if (_inFlight.Count > 0 || _stored.Count == 0 || Timers.IsTimerActive(Pause))
            return;
        var batch = _stored;
        _stored = [];
        _inFlight = batch.Keys;
        _projection.ProjectAsync(batch).PipeTo(Self, success: _ => Projected.Instance);
    }

    private sealed class Projected
    {
        public static readonly Projected Instance = new();
    }

    private sealed class Resume
    {
        public static readonly Resume Instance = new();
    }
}
