using SweepCluster.Search.Samplers;

namespace SweepCluster.Search.Tests;

/// <summary>The Tree-structured Parzen Estimator on small seeded problems.</summary>
public sealed class TpeSpecs
{
    private static readonly SearchDimension Unit = new(DimensionKind.Uniform, 0, 1);

    [Fact]
    public void Startup_points_are_prior_draws_within_the_bounds_and_repeat_with_the_seed()
    {
        SearchDimension[] space = [new(DimensionKind.LogUniform, 1e-4, 1e-1), new(DimensionKind.Integer, 2, 5), SearchDimension.Choice(3)];
        var tpe = new TreeParzenEstimator(space, new TpeOptions(StartupTrials: 5));

        var first = Enumerable.Range(0, 5).Select(i => tpe.Propose([], new Random(i))).ToList();
        var again = Enumerable.Range(0, 5).Select(i => tpe.Propose([], new Random(i))).ToList();

        Assert.Equal(first, again);
        Assert.All(first, p =>
        {
            Assert.InRange(p[0], 1e-4, 1e-1);
            Assert.True(p[1] is 2 or 3 or 4 or 5, $"{p[1]}");
            Assert.True(p[2] is 0 or 1 or 2, $"{p[2]}");
        });
    }

    [Fact]
    public void It_concentrates_where_the_loss_is_low()
    {
        var tpe = new TreeParzenEstimator([Unit], new TpeOptions());
        var observed = new List<Observation>();
        var random = new Random(3);
        for (var i = 0; i < 60; i++)
        {
            var x = tpe.Propose(observed, random);
            observed.Add(new Observation([x[0]], Math.Pow(x[0] - 0.3, 2)));
        }

        var late = observed.Skip(40).Select(o => o.Point[0]!.Value).Order().ToList();
        Assert.InRange(late[late.Count / 2], 0.2, 0.4);
        Assert.True(observed.Min(o => o.Loss!.Value) < 1e-3, $"best {observed.Min(o => o.Loss)}");
    }

    [Fact]
    public void A_choice_that_wins_is_proposed_most()
    {
        var tpe = new TreeParzenEstimator([SearchDimension.Choice(4)], new TpeOptions(StartupTrials: 8));
        var observed = new List<Observation>();
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            var c = tpe.Propose(observed, random)[0];
            observed.Add(new Observation([c], c == 2 ? 0.1 : 1.0 + c));
        }

        Assert.True(observed.Skip(20).Count(o => o.Point[0] == 2) >= 14, string.Join(",", observed.Select(o => o.Point[0])));
    }

    [Fact]
    public void Pending_points_push_the_next_proposals_away_from_each_other()
    {
        var tpe = new TreeParzenEstimator([Unit, Unit], new TpeOptions());
        var random = new Random(11);
        var observed = Enumerable.Range(0, 20).Select(_ => new[] { random.NextDouble(), random.NextDouble() })
            .Select(p => new Observation([p[0], p[1]], Math.Pow(p[0] - 0.5, 2) + Math.Pow(p[1] - 0.5, 2))).ToList();

        double Spread(bool liar)
        {
            var batch = new List<Observation>(observed);
            var proposals = new List<double[]>();
            var draws = new Random(17);
            for (var i = 0; i < 8; i++)
            {
                var p = tpe.Propose(batch, draws);
                proposals.Add(p);
                if (liar)
                    batch.Add(new Observation([p[0], p[1]], null));
            }
            return proposals.SelectMany((a, i) => proposals.Skip(i + 1).Select(b => Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2)))).Min();
        }

        // Without liars every proposal of the batch models the same data; with them, each one avoids the pending ones.
        Assert.True(Spread(liar: true) > Spread(liar: false), $"{Spread(true)} vs {Spread(false)}");
    }

    [Fact]
    public void A_dimension_is_modelled_only_from_the_points_that_have_it()
    {
        var tpe = new TreeParzenEstimator([SearchDimension.Choice(2), Unit], new TpeOptions(StartupTrials: 4));
        // The second dimension exists only when the first is 1 (a conditional parameter); its good values lie near 0.9.
        var observed = Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? new Observation([0, null], 1.0)
            : new Observation([1, i / 30.0], Math.Abs((i / 30.0) - 0.9))).ToList();

        var proposals = Enumerable.Range(0, 10).Select(s => tpe.Propose(observed, new Random(s))).ToList();

        Assert.All(proposals, p => Assert.InRange(p[1], 0, 1));
        Assert.True(proposals.Count(p => p[0] == 1) >= 8);
        Assert.InRange(proposals.Select(p => p[1]).Order().ElementAt(5), 0.6, 1.0);
    }
}
