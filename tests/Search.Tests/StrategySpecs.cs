using System.Text.Json.Nodes;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Search.Tests;

public sealed class StrategySpecs
{
    [Fact]
    public void A_file_without_search_is_one_trial()
    {
        var plan = Sweeps.Expand();

        var trial = Assert.Single(plan.Trials);
        Assert.Empty(trial.Overrides);
        Assert.Equal(3, trial.Spec.Seed);
    }

    [Theory]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 1, 4, 2 })]
    [InlineData(new[] { 5 })]
    public void Grid_yields_the_product_of_its_value_counts(int[] counts)
    {
        var paths = new[] { "training.batch_size", "model.blocks[0].filters", "training.epochs" };
        var lines = counts.Select((n, i) => $"    {paths[i]}: [{string.Join(", ", Enumerable.Range(1, n))}]");

        var plan = Sweeps.Expand("search:\n  strategy: grid\n  parameters:\n" + string.Join("\n", lines));

        Assert.Equal(counts.Aggregate(1, (a, b) => a * b), plan.Trials.Count);
        Assert.Equal(plan.Trials.Count, plan.Trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Grid_varies_the_last_path_fastest()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: grid
              parameters:
                training.batch_size: [16, 32]
                model.blocks[0].filters: [4, 8]
            """);

        Assert.Equal([(16, 4), (16, 8), (32, 4), (32, 8)], plan.Trials.Select(t => (t.Spec.Training.BatchSize, ((SweepCluster.Messages.Specs.ConvBlockSpec)t.Spec.Model.Blocks[0]).Filters)));
    }

    [Theory]
    [InlineData(new[] { 3 }, 0)]
    [InlineData(new[] { 3, 2, 4 }, 2)]
    [InlineData(new[] { 1, 1 }, 1)]
    public void Ablation_yields_the_base_plus_each_value_of_each_factor_plus_the_variants(int[] counts, int variants)
    {
        var paths = new[] { "training.batch_size", "model.blocks[1].filters", "training.epochs" };
        var factors = counts.Select((n, i) => $"    {paths[i]}: [{string.Join(", ", Enumerable.Range(100, n))}]");
        // Flow mappings reserve brackets: the dotted index form model.head.dense.0 is the way to write a path there.
        var extra = Enumerable.Range(0, variants).Select(v => $"    - name: v{v}\n      set: {{model.head.dense.0.units: {v + 1}, training.epochs: {v + 1}}}");
        var variantSection = variants == 0 ? "" : "\n  variants:\n" + string.Join("\n", extra);

        var plan = Sweeps.Expand("search:\n  strategy: ablation\n  factors:\n" + string.Join("\n", factors) + variantSection);

        Assert.Equal(1 + counts.Sum() + variants, plan.Trials.Count);
        Assert.Empty(plan.Trials[0].Overrides);
        Assert.All(plan.Trials.Skip(1).Take(counts.Sum()), t => Assert.Single(t.Overrides));
    }

    [Fact]
    public void A_factor_value_equal_to_the_base_is_the_base_trial_once()
    {
        var plan = Sweeps.Expand("search:\n  strategy: ablation\n  factors:\n    model.blocks[0].filters: [8, 12]");

        Assert.Equal(2, plan.Trials.Count);
    }

    [Fact]
    public void Cumulative_variants_carry_every_earlier_change()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: variants
              cumulative: true
              variants:
                - {name: small-batch, set: {training.batch_size: 8}}
                - {name: more-epochs, set: {training.epochs: 3}}
                - {name: smaller-batch, set: {training.batch_size: 4}}
            """);

        Assert.Equal(["base", "small-batch", "more-epochs", "smaller-batch"], plan.Trials.Select(t => t.Label));
        Assert.Equal((4, 3), (plan.Trials[3].Spec.Training.BatchSize, plan.Trials[3].Spec.Training.Epochs));
        Assert.Equal(2, plan.Trials[3].Overrides.Count);
    }

    [Fact]
    public void Independent_variants_each_start_from_the_base_and_the_base_can_be_left_out()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: variants
              include_base: false
              variants:
                - {name: a, set: {training.batch_size: 8}}
                - {name: b, set: {training.epochs: 3}}
            """);

        Assert.Equal(["a", "b"], plan.Trials.Select(t => t.Label));
        Assert.Equal(32, plan.Trials[1].Spec.Training.BatchSize);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(123456)]
    public void Random_samples_stay_within_their_bounds_and_repeat_for_a_seed(int seed)
    {
        var search = $$"""
            search:
              strategy: random
              samples: 40
              parameters:
                training.optimizer.learning_rate: {loguniform: [1.0e-4, 1.0e-2]}
                model.head.dense[0].dropout: {uniform: [0.1, 0.5]}
                model.blocks[0].filters: {int: [4, 9]}
                training.optimizer.kind: {choice: [adam, sgd]}
            """;
        var text = Sweeps.Base.Replace("seed: 3", $"seed: {seed}") + "\n" + search;

        var plan = SweepExpander.Expand("r.yaml", text);
        var again = SweepExpander.Expand("r.yaml", text);

        Assert.Equal(40, plan.Trials.Count);
        Assert.Equal(plan.Trials.Select(t => t.Id), again.Trials.Select(t => t.Id));
        Assert.All(plan.Trials, t =>
        {
            Assert.InRange(t.Spec.Training.Optimizer.LearningRate!.Value, 1e-4, 1e-2);
            Assert.InRange(t.Spec.Model.Head.Dense[0].Dropout, 0.1, 0.5);
            Assert.InRange(((SweepCluster.Messages.Specs.ConvBlockSpec)t.Spec.Model.Blocks[0]).Filters, 4, 9);
        });
        Assert.Equal(6, plan.Trials.Select(t => ((SweepCluster.Messages.Specs.ConvBlockSpec)t.Spec.Model.Blocks[0]).Filters).Distinct().Count());
    }

    [Fact]
    public void A_conditional_parameter_applies_only_when_its_condition_holds()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: random
              samples: 30
              parameters:
                training.optimizer.kind: {choice: [adam, sgd]}
                training.optimizer.momentum: {uniform: [0.5, 0.9], when: {training.optimizer.kind: sgd}}
            """);

        Assert.All(plan.Trials, t =>
            Assert.Equal(t.Spec.Training.Optimizer.Kind == SweepCluster.Messages.Specs.OptimizerKind.Sgd, t.Overrides.ContainsKey("training.optimizer.momentum")));
        Assert.Contains(plan.Trials, t => t.Overrides.ContainsKey("training.optimizer.momentum"));
    }

    [Fact]
    public void A_condition_on_a_value_left_at_its_default_matches()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: random
              samples: 5
              parameters:
                training.optimizer.beta1: {uniform: [0.8, 0.95], when: {training.optimizer.kind: adam}}
            """);

        Assert.All(plan.Trials, t => Assert.True(t.Overrides.ContainsKey("training.optimizer.beta1")));
    }

    [Fact]
    public void Quasi_random_samples_fill_every_cell_of_a_grid_once_where_independent_draws_clump()
    {
        static int[,] Cells(SweepPlan plan)
        {
            var cells = new int[4, 9];
            foreach (var trial in plan.Trials)
            {
                var dropout = trial.Spec.Model.Head.Dense[0].Dropout;
                var momentum = trial.Spec.Training.Optimizer.Beta1!.Value;
                cells[(int)(dropout * 4), (int)((momentum - 0.5) / 0.5 * 9)]++;
            }
            return cells;
        }
        string Search(string sampler, int seed) => Sweeps.Base.Replace("seed: 3", $"seed: {seed}") + $$"""

            search:
              strategy: random
              sampler: {{sampler}}
              samples: 36
              parameters:
                model.head.dense[0].dropout: {uniform: [0.0, 1.0]}
                training.optimizer.beta1: {uniform: [0.5, 1.0]}
            """;

        foreach (var seed in new[] { 1, 2, 3 })
        {
            // 36 = 2^2 * 3^2 points of the bases 2 and 3: one in each of the 4 x 9 cells, whatever the seed's scrambling.
            var quasi = Cells(SweepExpander.Expand("q.yaml", Search("quasi_random", seed)));
            Assert.All(quasi.Cast<int>(), count => Assert.Equal(1, count));
        }
        Assert.NotEqual(
            SweepExpander.Expand("q.yaml", Search("quasi_random", 1)).Trials.Select(t => t.Id),
            SweepExpander.Expand("q.yaml", Search("quasi_random", 2)).Trials.Select(t => t.Id));
        Assert.Contains(Cells(SweepExpander.Expand("q.yaml", Search("random", 1))).Cast<int>(), count => count == 0);
    }

    [Fact]
    public void A_sampler_outside_random_search_is_refused()
    {
        var error = Assert.Throws<SweepFileException>(() => Sweeps.Expand("search:\n  strategy: grid\n  sampler: quasi_random\n  parameters:\n    training.batch_size: [8, 16]"));

        Assert.Contains(error.Errors, e => e.Path == "search.sampler" && e.Message.Contains("not used by the grid strategy"));
    }

    [Fact]
    public void Repeats_give_each_trial_consecutive_seeds()
    {
        var plan = Sweeps.Expand("search:\n  strategy: grid\n  repeats: 3\n  parameters:\n    training.batch_size: [8, 16]");

        Assert.Equal(6, plan.Trials.Count);
        Assert.Equal([3L, 4, 5, 3, 4, 5], plan.Trials.Select(t => t.Spec.Seed));
        Assert.Equal(6, plan.Trials.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Stages_expand_the_first_stage_and_list_the_rest_as_pending()
    {
        var plan = Sweeps.Expand("""
            search:
              strategy: stages
              metric: val_accuracy
              stages:
                - name: width
                  strategy: grid
                  parameters: {model.blocks.0.filters: [4, 16]}
                - name: batch
                  strategy: grid
                  parameters: {training.batch_size: [8, 64]}
            """);

        Assert.Equal(2, plan.Trials.Count);
        Assert.Equal(["batch"], plan.PendingStages);
        Assert.Equal(["model.blocks[0].filters"], plan.Trials[1].Overrides.Keys);
    }

    [Fact]
    public void A_later_stage_builds_on_the_best_trial_of_the_stage_before()
    {
        var search = """
            search:
              strategy: stages
              stages:
                - name: width
                  strategy: grid
                  parameters: {model.blocks.0.filters: [4, 16]}
                - name: batch
                  strategy: grid
                  parameters: {training.batch_size: [8, 64]}
            """;
        var text = Sweeps.Base + "\n" + search;
        var first = SweepExpander.Expand("s.yaml", text);

        var second = SweepExpander.ExpandStage(first.Design!.Stages!, 1, first.Trials[1].Spec);

        Assert.Equal(2, second.Trials.Count);
        Assert.Empty(second.PendingStages);
        Assert.All(second.Trials, t => Assert.Equal(16, ((SweepCluster.Messages.Specs.ConvBlockSpec)t.Spec.Model.Blocks[0]).Filters));
        Assert.Equal([8, 64], second.Trials.Select(t => t.Spec.Training.BatchSize));
        Assert.Equal(["training.batch_size"], second.Trials[0].Overrides.Keys);
    }

    [Fact]
    public void A_recorded_stage_plan_that_no_longer_reads_is_a_located_error_not_a_crash()
    {
        var plan = new StageDesign("val_accuracy", ["a", "b"], new JsonObject { ["stages"] = "not a list" }, 1);
        var best = SweepExpander.Expand("s.yaml", Sweeps.Base).Trials[0].Spec;

        var error = Assert.Throws<SweepFileException>(() => SweepExpander.ExpandStage(plan, 1, best));

        Assert.Contains("the recorded stage plan cannot be read", error.Errors.Single().Message);
    }

    [Fact]
    public void Ids_depend_on_the_resolved_spec_only()
    {
        var viaGrid = Sweeps.Expand("search:\n  strategy: grid\n  parameters:\n    training.batch_size: [8]");
        var written = SweepExpander.Expand("other-name.yaml", Sweeps.Base.Replace("  epochs: 2", "  epochs: 2\n  batch_size: 8"));

        Assert.Equal(viaGrid.Trials[0].Id, written.Trials[0].Id);
        Assert.Matches("^[0-9a-f]{12}$", viaGrid.Trials[0].Id);
        Assert.Equal(JsonValue.Create(8)!.ToJsonString(), viaGrid.Trials[0].Overrides["training.batch_size"]!.ToJsonString());
    }
}
