using System.Text.Json.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.Schedulers;

namespace SweepCluster.Search.Tests;

/// <summary>Schedulers on scripted learning curves: each report is decided on what was recorded before it.</summary>
public sealed class SchedulerSpecs
{
    private static readonly SchedulerMetric Accuracy = new("val_accuracy", MetricMode.Max);

    [Fact]
    public void A_scheduler_metric_must_be_one_recorded_after_every_epoch()
    {
        var error = Assert.Throws<UnknownMetricException>(() => new SchedulerMetric("test_accuracy", MetricMode.Max));

        Assert.Contains("must be one of val_accuracy, val_loss, train_accuracy, train_loss", error.Message);
    }

    [Fact]
    public void Asha_stops_and_promotes_rung_by_rung_as_the_published_rule_says()
    {
        // eta 3, grace 1, budget 9: rungs at epochs 1 and 3. A trial goes on when it is in the top floor(n/3) (at least 1) of the n at its rung so far.
        var asha = new AshaScheduler(Accuracy, gracePeriod: 1, reductionFactor: 3, maxEpochs: 9);
        Assert.Equal([1, 3], asha.Rungs);

        var decisions = Replay(asha, [
            ("t0", 1, .50), ("t1", 1, .60), ("t2", 1, .40), ("t3", 1, .55), ("t4", 1, .70),
            ("t5", 1, .65), ("t6", 1, .45), ("t7", 1, .62), ("t8", 1, .80),
            ("t0", 2, .55), ("t0", 3, .60), ("t1", 2, .65), ("t1", 3, .70), ("t4", 3, .75),
            ("t5", 3, .72), ("t8", 3, .85), ("t0", 4, .90), ("t8", 9, .86),
        ]);

        Assert.Equal(
            ["t2@1 rung 0", "t3@1 rung 0", "t6@1 rung 0", "t7@1 rung 0", "t5@3 rung 1"],
            decisions.Select(d => $"{d.Trial}@{d.Epoch} rung {((StopDecision)d.Decision).Rung}"));
        Assert.Contains("not in the top 2 of 8 trials at this rung (cut-off 0.65)", decisions[3].Decision.Reason);
    }

    [Fact]
    public void Asha_minimising_a_loss_keeps_the_lowest()
    {
        var asha = new AshaScheduler(new SchedulerMetric("val_loss", MetricMode.Min), gracePeriod: 2, reductionFactor: 2, maxEpochs: 8);

        // The scripted values are accuracies; val_loss is 1 - accuracy, so these losses are 0.9, 0.5, 0.7, 0.6, 0.4, 0.45.
        var decisions = Replay(asha, [("a", 2, 0.1), ("b", 2, 0.5), ("c", 2, 0.3), ("d", 2, 0.4), ("b", 4, 0.6), ("d", 4, 0.55)]);

        Assert.Equal(["c@2", "d@4"], decisions.Select(d => $"{d.Trial}@{d.Epoch}"));
    }

    [Fact]
    public void Median_rule_stops_the_trial_below_the_median_at_the_first_epoch_it_is_judged()
    {
        var median = new MedianStoppingScheduler(Accuracy, gracePeriod: 1, minTrials: 2, maxEpochs: 5);
        double[] a = [.5, .6, .7, .8], b = [.4, .5, .6, .7], c = [.3, .35, .4, .45], d = [.45, .55, .65, .6];
        var reports = Enumerable.Range(1, 4).SelectMany(e => new[] { ("a", e, a[e - 1]), ("b", e, b[e - 1]), ("c", e, c[e - 1]), ("d", e, d[e - 1]) });

        var decisions = Replay(median, [.. reports]);

        // Epoch 2: c's best 0.35 is below the median 0.55 of a and b. Epoch 4: d's best 0.65 is below the median 0.75 of a and b.
        Assert.Equal(["c@2", "d@4"], decisions.Select(x => $"{x.Trial}@{x.Epoch}"));
        Assert.Contains("best val_accuracy so far 0.65 is worse than the median 0.75 of 2 other trials", decisions[1].Decision.Reason);
    }

    [Fact]
    public void Median_rule_waits_for_its_warm_up_and_never_stops_at_the_budget()
    {
        var median = new MedianStoppingScheduler(Accuracy, gracePeriod: 2, minTrials: 1, maxEpochs: 3);

        Assert.Empty(Replay(median, [("a", 1, .9), ("b", 1, .1), ("a", 2, .9), ("b", 2, .1), ("a", 3, .9), ("b", 3, .1)]));
    }

    [Fact]
    public void Hyperband_brackets_have_the_sizes_of_the_published_table()
    {
        // Li et al. 2018, Table 1: R = 81, eta = 3.
        var hyperband = new HyperbandScheduler(Accuracy, gracePeriod: 1, reductionFactor: 3, maxEpochs: 81, brackets: null);

        Assert.Equal(
            [new(4, 1, 81), new(3, 3, 34), new(2, 9, 15), new(1, 27, 8), new HyperbandBracket(0, 81, 5)],
            hyperband.Brackets);
        var dealt = Enumerable.Range(0, 143).GroupBy(hyperband.BracketOf).OrderBy(g => g.Key).Select(g => g.Count());
        Assert.Equal([81, 34, 15, 8, 5], dealt);
        // Interleaved: the first 10 trials already reach most brackets.
        Assert.InRange(Enumerable.Range(0, 10).Select(hyperband.BracketOf).Distinct().Count(), 3, 5);
    }

    [Fact]
    public void Hyperband_runs_asha_inside_each_bracket_only()
    {
        var hyperband = new HyperbandScheduler(Accuracy, gracePeriod: 1, reductionFactor: 3, maxEpochs: 9, brackets: 2);
        Assert.Equal([new(2, 1, 9), new HyperbandBracket(1, 3, 5)], hyperband.Brackets);
        var aggressive = Enumerable.Range(0, 15).Where(i => hyperband.BracketOf(i) == 0).Take(3).ToList();
        var patient = Enumerable.Range(0, 15).First(i => hyperband.BracketOf(i) == 1);

        var trials = aggressive.Select(i => Trial($"t{i}", i)).Append(Trial("p", patient)).ToList();
        var decisions = Replay(hyperband, [(trials[0], 1, .9), (trials[3], 1, .1), (trials[1], 1, .5), (trials[2], 1, .4)]);

        // The patient bracket's trial has no rung at epoch 1; the aggressive bracket keeps 1 of 3.
        Assert.Equal([trials[1].TrialId, trials[2].TrialId], decisions.Select(d => d.Trial));
        Assert.StartsWith("bracket 2, rung 0", decisions[0].Decision.Reason);
    }

    [Fact]
    public void Pbt_replaces_the_bottom_quantile_with_a_perturbed_copy_of_the_top()
    {
        var spec = Pbt(resample: 0);
        var pbt = new PbtScheduler(Accuracy, spec, maxEpochs: 10, seed: 7);
        var trials = new[] { ("a", .9, 0.01), ("b", .8, 0.02), ("c", .7, 0.03), ("d", .2, 0.04) }
            .Select((t, i) => Trial(t.Item1, i, 0.5, t.Item3) with { Epochs = Curve(2, t.Item2) }).ToList();

        Assert.Null(pbt.Decide(trials[0], 2, trials[1..]));
        Assert.Null(pbt.Decide(trials[3] with { Epochs = Curve(3, .1) }, 3, trials[..3]));
        var decision = Assert.IsType<ExploitDecision>(pbt.Decide(trials[3], 2, trials[..3]));

        Assert.Equal(("a", 2), (decision.DonorId, decision.DonorEpoch));
        var rate = decision.Changes["training.optimizer.learning_rate"]!.GetValue<double>();
        Assert.Contains(rate, new[] { 0.01 * 0.8, 0.01 * 1.2 });
        var dropout = decision.Changes["model.head.dense[0].dropout"]!.GetValue<double>();
        Assert.Contains(dropout, new[] { 0.4, 0.6 });
        var again = Assert.IsType<ExploitDecision>(pbt.Decide(trials[3], 2, trials[..3]));
        Assert.Equal(decision.Changes.Select(c => $"{c.Key}={c.Value!.ToJsonString()}"), again.Changes.Select(c => $"{c.Key}={c.Value!.ToJsonString()}"));
    }

    [Fact]
    public void Pbt_resampling_draws_within_the_distribution_and_choices_move_to_a_neighbour()
    {
        var spec = Pbt(resample: 1) with
        {
            Mutations = new Dictionary<string, JsonNode?> { ["training.optimizer.learning_rate"] = JsonNode.Parse("{\"loguniform\": [0.0001, 0.1]}") },
        };
        var population = Enumerable.Range(0, 8).Select(i => Trial($"t{i}", i, 0.5, 0.01) with { Epochs = Curve(2, i / 10.0) }).ToList();
        var rates = Enumerable.Range(0, 2).Select(i => new PbtScheduler(Accuracy, spec, 10, seed: i).Decide(population[0], 2, population[1..]))
            .Select(d => Assert.IsType<ExploitDecision>(d).Changes["training.optimizer.learning_rate"]!.GetValue<double>()).ToList();
        Assert.All(rates, r => Assert.InRange(r, 0.0001, 0.1));
        Assert.NotEqual(rates[0], rates[1]);

        var choice = Pbt(resample: 0) with { Mutations = new Dictionary<string, JsonNode?> { ["training.batch_size"] = JsonNode.Parse("{\"choice\": [16, 32, 64]}") } };
        var sizes = Enumerable.Range(0, 6).Select(s => new PbtScheduler(Accuracy, choice, 10, s).Decide(population[0], 2, population[1..]))
            .Select(d => (long)Assert.IsType<ExploitDecision>(d).Changes["training.batch_size"]!).Distinct().Order();
        Assert.Equal([16L, 64L], sizes);
    }

    private static SchedulerSpec Pbt(double resample) => new()
    {
        Type = SchedulerKind.Pbt,
        Interval = 2,
        Quantile = 0.25,
        ResampleProbability = resample,
        Mutations = new Dictionary<string, JsonNode?>
        {
            ["training.optimizer.learning_rate"] = JsonNode.Parse("{\"loguniform\": [0.0001, 0.1]}"),
            ["model.head.dense[0].dropout"] = JsonNode.Parse("{\"uniform\": [0.0, 0.9]}"),
        },
    };

    private static TrialProgress Trial(string id, int index, double dropout = 0.5, double rate = 0.01) => new(
        id, index, new Dictionary<int, EpochMetrics>(),
        new TrialSpec(new DatasetSpec(), new ModelSpec { Head = new HeadSpec { Dense = [new DenseSpec { Units = 8, Dropout = dropout }] } },
            new TrainingSpec { Optimizer = new OptimizerSpec { LearningRate = rate } }, 0));

    private static Dictionary<int, EpochMetrics> Curve(int epochs, double last) =>
        Enumerable.Range(1, epochs).ToDictionary(e => e, e => Metrics(e, e == epochs ? last : last / 2));

    private static EpochMetrics Metrics(int epoch, double accuracy) => new(epoch, 1 - accuracy, accuracy, 1 - accuracy, accuracy, 0.001, 1, 100);

    private static List<(string Trial, int Epoch, SchedulerDecision Decision)> Replay(ITrialScheduler scheduler, (string Trial, int Epoch, double Value)[] reports)
    {
        var ids = reports.Select(r => r.Trial).Distinct().ToList();
        return Replay(scheduler, [.. reports.Select(r => (Trial(r.Trial, ids.IndexOf(r.Trial)), r.Epoch, r.Value))]);
    }

    /// <summary>Feeds reports in order; a stopped trial's later reports never arrive.</summary>
    private static List<(string Trial, int Epoch, SchedulerDecision Decision)> Replay(ITrialScheduler scheduler, (TrialProgress Trial, int Epoch, double Value)[] reports)
    {
        var progress = new Dictionary<string, TrialProgress>();
        var stopped = new HashSet<string>();
        var decisions = new List<(string, int, SchedulerDecision)>();
        foreach (var (trial, epoch, value) in reports)
        {
            if (stopped.Contains(trial.TrialId))
                continue;
            var before = progress.GetValueOrDefault(trial.TrialId, trial);
            var now = before with { Epochs = new Dictionary<int, EpochMetrics>(before.Epochs) { [epoch] = Metrics(epoch, value) } };
            progress[trial.TrialId] = now;
            if (scheduler.Decide(now, epoch, [.. progress.Values.Where(p => p.TrialId != trial.TrialId)]) is { } decision)
            {
                decisions.Add((trial.TrialId, epoch, decision));
                stopped.Add(trial.TrialId);
            }
        }
        return decisions;
    }
}
