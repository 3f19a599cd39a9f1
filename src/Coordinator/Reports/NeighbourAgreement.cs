namespace SweepCluster.Coordinator.Reports;

/// <summary>How well an embedding keeps classes together: the share of points whose k nearest neighbours' majority class is their own.</summary>
public static class NeighbourAgreement
{
    public static double Of(IReadOnlyList<(double X, double Y)> points, IReadOnlyList<int> labels, int k)
    {
        if (points.Count != labels.Count || points.Count <= k)
            throw new ArgumentException($"Need more than {k} points with one label each.");
        var agreeing = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            var majority = Enumerable.Range(0, points.Count).Where(j => j != i)
                .OrderBy(j => (points[j].X - x) * (points[j].X - x) + (points[j].Y - y) * (points[j].Y - y)).ThenBy(j => j)
                .Take(k).GroupBy(j => labels[j]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            agreeing += majority == labels[i] ? 1 : 0;
        }
        return (double)agreeing / points.Count;
    }
}
