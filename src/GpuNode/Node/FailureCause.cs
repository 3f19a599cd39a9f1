using System.Reflection;
using System.Runtime.InteropServices;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Node;

/// <summary>
/// Whose fault a trial's failure is. The trial's own (its spec does not build, a shape mismatch) fails
/// it; the environment's is retried and, once retries are spent, leaves it failed with the cause for
/// <c>resume</c> to try again: libtorch's errors (some transient: CUDA out of memory, a garbage scalar
/// seen under load), I/O (a full disk, a checkpoint that cannot be read or is locked by another run,
/// permissions) and datasets that are missing or damaged.
/// </summary>
public static class FailureCause
{
    public static bool IsTrialsFault(Exception e) => Unwrapped(e) is not (ExternalException or IOException or UnauthorizedAccessException or DatasetException);

    private static Exception Unwrapped(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrapped(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrapped(inner),
        _ => e,
    };
}
