using System.Data.Common;
using Akka.Actor;
using Prometheus;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// A coordinator process's Prometheus metrics. Results recorded and journal write latency come from
/// what this process's sweep coordinators store (<see cref="SweepEventsStored"/>); the trials of
/// each running sweep by state are read from the read model when Prometheus scrapes.
/// </summary>
public sealed class CoordinatorMetrics : ReceiveActor
{
    private static readonly Counter Results = Metrics.CreateCounter("sweep_results_recorded_total", "Trial results stored by this process's sweep coordinators.");

    private static readonly Counter Events = Metrics.CreateCounter("sweep_journal_events_total", "Events stored in the journal by this process's sweep coordinators.");

    private static readonly Histogram JournalWrite = Metrics.CreateHistogram("sweep_journal_write_seconds", "Time from a write's start until the journal has stored it.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });

    private static readonly Gauge Trials = Metrics.CreateGauge("sweep_trials", "Trials of each running sweep by state (queued, running, completed, failed).", "sweep_id", "state");

    // Explicit, so the fields above are created (and exported at zero) when the process first uses this
    // type at start-up, not at the first result: dashboards and alerts see 0, not "no data".
    static CoordinatorMetrics()
    {
    }

    public CoordinatorMetrics()
    {
        Receive<SweepEventsStored>(s =>
        {
            if (s.Events.Count == 0)
                return; // a recovery, not a write
            Results.Inc(s.Events.Count(e => e is TrialFinished));
            Events.Inc(s.Events.Count);
            JournalWrite.Observe(s.WriteTime.TotalSeconds);
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new CoordinatorMetrics());

    /// <summary>
    /// Has each scrape read the running sweeps' trial counts from the read model. While the store is
    /// unreachable the gauges keep their last values and the rest of the scrape still answers.
    /// </summary>
    public static void ReadTrialsFrom(string database) => Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
    {
        try
        {
            UpdateTrials(database);
        }
        catch (DbException e)
        {
            Serilog.Log.Warning(e, "Metrics: could not read the sweeps' trial counts from the store");
        }
    });

    private static void UpdateTrials(string database)
    {
        using var connection = StoreConnections.Open(database);
        foreach (var s in new ReadModelReader(connection).Sweeps())
        {
            if (!s.IsRunning)
            {
                Trials.RemoveLabelled(s.SweepId, TrialLifecycle.Queued.Text());
                Trials.RemoveLabelled(s.SweepId, TrialLifecycle.Running.Text());
                Trials.RemoveLabelled(s.SweepId, TrialLifecycle.Completed.Text());
                Trials.RemoveLabelled(s.SweepId, TrialLifecycle.Failed.Text());
                continue;
            }
            Trials.WithLabels(s.SweepId, TrialLifecycle.Queued.Text()).Set(s.Queued);
            Trials.WithLabels(s.SweepId, TrialLifecycle.Running.Text()).Set(s.Running);
            Trials.WithLabels(s.SweepId, TrialLifecycle.Completed.Text()).Set(s.Finished);
            Trials.WithLabels(s.SweepId, TrialLifecycle.Failed.Text()).Set(s.Failed);
        }
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(SweepEventsStored));
}
