using Akka.Actor;
using Akka.Event;

namespace SweepCluster.Coordinator.ReadModel;

/// <summary>Published by a sweep coordinator on the event stream once new events of its sweep are stored.</summary>
public sealed record SweepJournalChanged(string SweepId);

/// <summary>
/// Keeps the read model current while coordinators run: it listens for <see cref="SweepJournalChanged"/>
/// and catches the changed sweeps up, one pass at a time, so a burst of events becomes one
/// transaction. A failed pass is retried; nothing is lost since the journal is the source.
/// </summary>
public sealed class ReadModelProjector : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly JournalProjection _projection;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _changed = [];
    private IReadOnlyList<string> _inFlight = [];

    public ReadModelProjector(JournalProjection projection)
    {
        _projection = projection;
        Receive<SweepJournalChanged>(c =>
        {
            _changed.Add(c.SweepId);
            Next();
        });
        Receive<Projected>(_ =>
        {
            _inFlight = [];
            Next();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Warning(f.Cause, "Projecting sweeps {SweepIds} failed; retrying in {Delay}", string.Join(", ", _inFlight), RetryAfter);
            _changed.UnionWith(_inFlight);
            _inFlight = [];
            Timers.StartSingleTimer("retry", Retry.Instance, RetryAfter);
        });
        Receive<Retry>(_ => Next());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JournalProjection projection) => Akka.Actor.Props.Create(() => new ReadModelProjector(projection));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(SweepJournalChanged));

    private void Next()
    {
        if (_inFlight.Count > 0 || _changed.Count == 0 || Timers.IsTimerActive("retry"))
            return;
        _inFlight = [.. _changed];
        _changed.Clear();
        _projection.CatchUpAsync(_inFlight).PipeTo(Self, success: _ => Projected.Instance);
    }

    private sealed class Projected
    {
        public static readonly Projected Instance = new();
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }
}
