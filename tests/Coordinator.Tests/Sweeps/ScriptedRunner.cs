using System.Collections.Concurrent;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>A trial runner for protocol tests: a few fake epochs, optional failures, and a record of every call.</summary>
internal sealed class ScriptedRunner(int epochs = 2, TimeSpan? epochTime = null, Func<AssignTrial, bool>? throws = null) : ITrialRunner
{
    private int _concurrent;

    public ConcurrentQueue<(string TrialId, int Attempt)> Calls { get; } = new();

    public int MaxConcurrent { get; private set; }

    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        Calls.Enqueue((assignment.TrialId, assignment.Attempt));
        var now = Interlocked.Increment(ref _concurrent);
        lock (Calls)
            MaxConcurrent = Math.Max(MaxConcurrent, now);
        try
        {
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                if (cancel.WaitHandle.WaitOne(epochTime ?? TimeSpan.FromMilliseconds(20)))
                    return new TrialOutcome(TrialStatus.Cancelled, null, null, null, "stopped");
                if (throws?.Invoke(assignment) == true)
                    throw new InvalidOperationException($"scripted failure of {assignment.TrialId}");
                onEpoch(new EpochMetrics(epoch, 1.0 / epoch, 0.5, 1.0 / epoch, 0.5 + assignment.Spec.Seed / 100.0, 1e-3, 0.01, 1000));
            }
            return new TrialOutcome(TrialStatus.Completed, epochs, null, null, null);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }
}
