using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

namespace SweepCluster.GpuNode.Tests.Node;

/// <summary>
/// Reports epoch 1, then trains until its test releases it (or the node stops it). A trial named "bad"
/// throws, "native" throws a libtorch error, "oom" runs out of CUDA memory. Each trial needs 100 MB.
/// </summary>
internal sealed class GatedRunner : ITrialRunner
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();
    private int _running;

    public ConcurrentBag<string> Started { get; } = [];

    public int MaxConcurrent { get; private set; }

    /// <summary>Trials inside <see cref="Run"/> now.</summary>
    public int Running => Volatile.Read(ref _running);

    public void Release(string trialId) => Gate(trialId).Release();

    public long MemoryNeed(INodeMessage assignment) => 100L << 20;

    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        Started.Add(assignment.TrialId);
        var now = Interlocked.Increment(ref _running);
        lock (_gates)
            MaxConcurrent = Math.Max(MaxConcurrent, now);
        try
        {
            if (assignment.TrialId == "bad")
                throw new InvalidOperationException("scripted failure");
            if (assignment.TrialId == "oom")
                throw new ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.10 GiB total capacity)");
            if (assignment.TrialId == "native")
                throw new ExternalException("Expected false to be true, but got false. Exception raised from toDouble at c10/core/Scalar.h:140");
            onEpoch(new EpochMetrics(1, 0.5, 0.8, 0.6, 0.7, 1e-3, 1, 100));
            try
            {
                Gate(assignment.TrialId).Wait(cancel);
            }
            catch (OperationCanceledException)
            {
                return new TrialOutcome(TrialStatus.Cancelled, null, null, null, "stopped");
            }
            return new TrialOutcome(TrialStatus.Completed, 1, null, null, null);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private SemaphoreSlim Gate(string trialId) => _gates.GetOrAdd(trialId, _ => new SemaphoreSlim(0));
}
