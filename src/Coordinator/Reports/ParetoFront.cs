namespace SweepCluster.Coordinator.Reports;

/// <summary>A trial as a point of the accuracy-vs-size trade-off.</summary>
public sealed record SizePoint(string TrialId, long Parameters, double Accuracy);

/// <summary>The trials no other trial beats on both size and accuracy.</summary>
public static class ParetoFront
{
    /// <summary>The front from the smallest model up: each point more accurate than every smaller one.</summary>
    public static IReadOnlyList<SizePoint> Of(IEnumerable<SizePoint> points)
    {
        var front = new List<SizePoint>();
        // Among equal sizes the most accurate comes first, so only it can join the front.
        foreach (var p in points.OrderBy(p => p.Parameters).ThenByDescending(p => p.Accuracy).ThenBy(p => p.TrialId, StringComparer.Ordinal))
        {
            if (front.Count == 0 || p.Accuracy > front[^1].Accuracy)
                front.Add(p);
        }
        return front;
    }
}
