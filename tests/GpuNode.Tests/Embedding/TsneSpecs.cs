using SweepCluster.GpuNode.Embedding;
using TorchSharp;

namespace SweepCluster.GpuNode.Tests.Embedding;

public sealed class TsneSpecs
{
    /// <summary>Three well-separated Gaussian blobs in 10 dimensions, 40 points each.</summary>
    private static (torch.Tensor Features, int[] Labels) Blobs()
    {
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var labels = Enumerable.Range(0, 120).Select(i => i % 3).ToArray();
        var values = labels.SelectMany(label => Enumerable.Range(0, 10).Select(d => (d == label ? 8.0 : 0.0) + Normal())).ToArray();
        return (torch.tensor(values, [120, 10]), labels);
    }

    /// <summary>The share of points whose nearest other point in the plane has their label.</summary>
    private static double NearestAgreement((double X, double Y)[] points, int[] labels) =>
        Enumerable.Range(0, points.Length).Count(i => labels[Enumerable.Range(0, points.Length).Where(j => j != i)
            .MinBy(j => Math.Pow(points[j].X - points[i].X, 2) + Math.Pow(points[j].Y - points[i].Y, 2))] == labels[i]) / (double)points.Length;

    [Fact]
    public void Separated_clusters_stay_separated_in_the_plane()
    {
        TestRuntime.EnsureLoaded();
        var (features, labels) = Blobs();
        using (features)
        {
            var points = Tsne.Embed(features, new TsneOptions(Perplexity: 10, Iterations: 400));

            Assert.Equal(120, points.Length);
            Assert.True(NearestAgreement(points, labels) >= 0.97, $"nearest neighbours agree for {NearestAgreement(points, labels):P1}");
            // Clusters are far apart compared with their own size: every centre is further from the others than any member from its own.
            var centres = Enumerable.Range(0, 3).Select(c => (X: points.Where((_, i) => labels[i] == c).Average(p => p.X), Y: points.Where((_, i) => labels[i] == c).Average(p => p.Y))).ToArray();
            var spread = points.Select((p, i) => Math.Sqrt(Math.Pow(p.X - centres[labels[i]].X, 2) + Math.Pow(p.Y - centres[labels[i]].Y, 2))).Max();
            var gap = (from a in centres from b in centres where a != b select Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2))).Min();
            Assert.True(gap > spread, $"clusters overlap: nearest centres {gap:F1} apart, a member {spread:F1} from its centre");
        }
    }

    [Fact]
    public void The_embedding_is_a_function_of_the_input_alone()
    {
        TestRuntime.EnsureLoaded();
        var (features, _) = Blobs();
        using (features)
        {
            var first = Tsne.Embed(features, new TsneOptions(Perplexity: 10, Iterations: 100));
            var again = Tsne.Embed(features, new TsneOptions(Perplexity: 10, Iterations: 100));

            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void Too_few_points_for_the_perplexity_is_refused_with_both_numbers()
    {
        TestRuntime.EnsureLoaded();
        using var features = torch.zeros(20, 4);

        var error = Assert.Throws<ArgumentException>(() => Tsne.Embed(features, new TsneOptions(Perplexity: 30)));

        Assert.Contains("perplexity (30)", error.Message);
        Assert.Contains("given 20", error.Message);
    }
}
