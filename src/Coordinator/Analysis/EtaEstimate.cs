namespace SweepCluster.Coordinator.Analysis;

/// <summary>
/// Time left from measured epoch times: the epochs still to train, times the mean seconds an epoch
/// took, shared over the slots training at once. Steadier than extrapolating the wall time since
/// submission, which swings with every trial that finishes or a scheduler stops.
/// </summary>
public static class EtaEstimate
{
    /// <returns>Null before any epoch was measured; zero when nothing is left.</returns>
    public static TimeSpan? Remaining(int epochsLeft, double? secondsPerEpoch, int slots)
    {
        if (epochsLeft <= 0)
            return TimeSpan.Zero;
        if (secondsPerEpoch is not { } seconds || double.IsNaN(seconds))
            return null;
        return TimeSpan.FromSeconds(Math.Round(epochsLeft * seconds / Math.Max(1, slots)));
    }
}
