using System.Runtime.ExceptionServices;

namespace SweepCluster.GpuNode.Data;

/// <summary>Work on many files in parallel whose errors each name their file: the first error is rethrown as itself, not wrapped.</summary>
internal static class PerFile
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
