namespace SweepCluster.Coordinator.Reports;

/// <summary>One epoch of a group's curve: the median over its trials, and how many trials really reached that epoch.</summary>
public sealed record GroupEpoch(int Epoch, double Median, int Reached);

/// <summary>
/// The curve of a group of trials per epoch, as the median over all of them with a trial that stopped
/// earlier counted at its last value. A mean over the trials that reached each epoch rises only because
/// a scheduler stopped the weak ones; carried forward, a stopped trial keeps pulling the curve down.
/// </summary>
public static class GroupCurve
{
    public const string Rule = "median over the trials, a trial that stopped earlier counted at its last value";

    public static IReadOnlyList<GroupEpoch> Of(IReadOnlyList<IReadOnlyList<double>> trials)
    {
        var recorded = trials.Where(t => t.Count > 0).ToList();
        var epochs = recorded.Count == 0 ? 0 : recorded.Max(t => t.Count);
        var curve = new List<GroupEpoch>();
        for (var e = 0; e < epochs; e++)
        {
            var values = recorded.Select(t => t[Math.Min(e, t.Count - 1)]).Order().ToList();
            var middle = values.Count / 2;
            var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
            curve.Add(new GroupEpoch(e + 1, median, recorded.Count(t => t.Count > e)));
        }
        return curve;
    }
}
