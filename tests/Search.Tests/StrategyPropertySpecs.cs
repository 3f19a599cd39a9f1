using CsCheck;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

/// <summary>Strategy laws checked on generated searches (CsCheck shrinks any failure to a small case).</summary>
public sealed class StrategyPropertySpecs
{
    // Paths whose base values (32, 2, 8, 32) the generated values (100 and up) never equal.
    private static readonly string[] Paths = ["training.batch_size", "training.epochs", "model.blocks[0].filters", "model.head.dense[0].units"];

    private static string ValueList(int count) => "[" + string.Join(", ", Enumerable.Range(100, count)) + "]";

    private static string Mapping(int[] counts) =>
        string.Join("\n", counts.Select((n, i) => $"    {Paths[i]}: {ValueList(n)}"));

    [Fact]
    public void Grid_trial_count_is_the_product_of_the_value_counts_and_every_id_differs()
    {
        Gen.Int[1, 4].Array[1, 4].Sample(counts =>
        {
            var plan = Sweeps.Expand("search:\n  strategy: grid\n  parameters:\n" + Mapping(counts));

            return plan.Trials.Count == counts.Aggregate(1, (a, b) => a * b)
                && plan.Trials.Select(t => t.Id).Distinct().Count() == plan.Trials.Count;
        }, iter: 60);
    }

    [Fact]
    public void Ablation_trial_count_is_one_plus_the_sum_of_the_value_counts()
    {
        Gen.Int[1, 5].Array[1, 4].Sample(counts =>
        {
            var plan = Sweeps.Expand("search:\n  strategy: ablation\n  factors:\n" + Mapping(counts));

            return plan.Trials.Count == 1 + counts.Sum() && plan.Trials.Skip(1).All(t => t.Overrides.Count == 1);
        }, iter: 60);
    }

    [Fact]
    public void Random_samples_stay_within_any_bounds()
    {
        Gen.Select(Gen.Double[1e-6, 1e-2], Gen.Double[1.5, 100], Gen.Int[0, 1000], Gen.Int[1, 64]).Sample((low, ratio, seed, samples) =>
        {
            var high = low * ratio;
            var text = Sweeps.Base.Replace("seed: 3", $"seed: {seed}") + $$"""

                search:
                  strategy: random
                  samples: {{samples}}
                  parameters:
                    training.optimizer.learning_rate: {loguniform: [{{low:R}}, {{high:R}}]}
                    training.batch_size: {int: [{{seed % 7 + 1}}, {{seed % 7 + 9}}]}
                """;

            var plan = SweepExpander.Expand("p.yaml", text);

            return plan.Trials.Count <= samples
                && plan.Trials.All(t => t.Spec.Training.Optimizer.LearningRate >= low && t.Spec.Training.Optimizer.LearningRate <= high
                    && t.Spec.Training.BatchSize >= seed % 7 + 1 && t.Spec.Training.BatchSize <= seed % 7 + 9);
        }, iter: 60);
    }

    [Fact]
    public void Ids_are_equal_exactly_when_the_resolved_specs_are_equal()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[0, 3], Gen.Int[0, 3]).Sample((batchA, batchB, seedA, seedB) =>
        {
            TrialSpec Spec(int batch, int seed) => new(new DatasetSpec(), new ModelSpec(), new TrainingSpec { BatchSize = batch * 8 }, seed);

            return (TrialIds.For(Spec(batchA, seedA)) == TrialIds.For(Spec(batchB, seedB))) == (batchA == batchB && seedA == seedB);
        });
    }
}
