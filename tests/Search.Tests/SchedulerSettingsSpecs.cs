using SweepCluster.Messages.Specs;
using SweepCluster.Search.Schedulers;

namespace SweepCluster.Search.Tests;

/// <summary>The scheduler section: defaults resolved from the base trial, and every refusal with its path.</summary>
public sealed class SchedulerSettingsSpecs
{
    [Fact]
    public void The_budget_and_mode_default_to_the_base_trial_and_the_metric()
    {
        var plan = Sweeps.Expand("scheduler:\n  type: asha\n  metric: val_loss\n");

        var scheduler = plan.Scheduler!;
        Assert.Equal((SchedulerKind.Asha, "val_loss", 2, MetricMode.Min), (scheduler.Type, scheduler.Metric, scheduler.MaxEpochs, scheduler.Mode));
        Assert.Null(Sweeps.Expand().Scheduler);
    }

    [Theory]
    [InlineData("  type: asha\n  min_trials: 3", "scheduler.min_trials", "is not used by the asha scheduler; it reads grace_period, max_epochs, metric, mode, reduction_factor, type")]
    [InlineData("  type: median\n  metric: test_accuracy", "scheduler.metric", "'test_accuracy' is not recorded after every epoch")]
    [InlineData("  type: median\n  metric: f1", "scheduler.metric", "'f1' is not recorded after every epoch; use one of val_accuracy, val_loss, train_accuracy, train_loss")]
    [InlineData("  type: asha\n  grace_period: 2", "scheduler.grace_period", "below the budget of 2 epochs")]
    [InlineData("  type: hyperband\n  reduction_factor: 1", "scheduler.reduction_factor", "at least 2")]
    [InlineData("  type: pbt\n  max_epochs: 6", "scheduler.mutations", "must name at least one hyperparameter")]
    [InlineData("  type: pbt\n  max_epochs: 6\n  mutations:\n    model.blocks[0].filters: {choice: [8, 16]}", "scheduler.mutations.model.blocks[0].filters", "only what leaves the weights and the optimizer's state as they are can mutate")]
    [InlineData("  type: pbt\n  max_epochs: 6\n  mutations:\n    training.optimizer.momentum: {uniform: [0.1]}", "scheduler.mutations.training.optimizer.momentum", "expected one distribution")]
    [InlineData("  type: pbt\n  max_epochs: 6\n  quantile: 0.7\n  mutations:\n    training.batch_size: {choice: [16, 32]}", "scheduler.quantile", "at most 0.5")]
    [InlineData("  type: pbt\n  max_epochs: 6\n  mutations:\n    model.head.dense[0].dropout: {uniform: [0.0, 1.5]}", "model.head.dense[0].dropout", "must be")]
    [InlineData("  type: bohb", "scheduler.type", "median, asha, hyperband, pbt")]
    public void A_bad_scheduler_names_the_field_and_what_is_valid(string section, string path, string message)
    {
        var error = Assert.Single(Sweeps.Errors(Sweeps.Base + "\nscheduler:\n" + section + "\n"));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }
}

/// <summary>The TPE sampler's keys: read only with sampler tpe, and not in a stage.</summary>
public sealed class TpeSettingsSpecs
{
    private const string Parameters = "  parameters:\n    training.optimizer.learning_rate: {loguniform: [0.0001, 0.1]}\n";

    [Fact]
    public void A_tpe_search_submits_its_startup_draws_and_names_what_it_optimises()
    {
        var plan = Sweeps.Expand("search:\n  strategy: random\n  sampler: tpe\n  samples: 30\n  startup_trials: 4\n  metric: val_loss\n" + Parameters);
        var random = Sweeps.Expand("search:\n  strategy: random\n  samples: 4\n" + Parameters);

        Assert.Equal(random.Trials.Select(t => t.Id), plan.Trials.Select(t => t.Id));
        Assert.Equal((30, "val_loss", false), (plan.Sampling!.Samples, plan.Sampling.Metric, plan.Sampling.Maximise));
        Assert.Null(random.Sampling);
    }

    [Theory]
    [InlineData("search:\n  strategy: random\n  startup_trials: 4\n" + Parameters, "search.startup_trials", "is read only with sampler: tpe")]
    [InlineData("search:\n  strategy: random\n  sampler: tpe\n  candidates: 0\n" + Parameters, "search.candidates", "at least 1")]
    [InlineData("search:\n  strategy: random\n  sampler: tpe\n  repeats: 2\n" + Parameters, "search.repeats", "must be 1 with sampler tpe")]
    [InlineData("search:\n  strategy: stages\n  stages:\n    - strategy: random\n      sampler: tpe\n      parameters: {training.batch_size: {choice: [16, 32]}}\n", "search.stages[0].sampler", "use random or quasi_random in a stage")]
    public void A_bad_tpe_setting_names_the_field(string search, string path, string message)
    {
        var error = Assert.Single(Sweeps.Errors(Sweeps.Base + "\n" + search));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }
}
