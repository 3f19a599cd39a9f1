using System.Text.Json;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>PBT in a sweep: the weakest trial takes over a strong one's weights and perturbed hyperparameters, as an event.</summary>
public sealed class PbtStateSpecs
{
    private const string Source = """
        name: pbt
        seed: 5
        dataset: {name: fashion-mnist, subset: 600}
        model:
          blocks: [{type: conv, filters: 4, pool: {kind: max, size: 2}}]
          head: {dense: [{units: 8, dropout: 0.5}]}
        training: {epochs: 6, optimizer: {learning_rate: 0.001}}
        search:
          strategy: grid
          parameters:
            training.optimizer.learning_rate: [0.001, 0.002, 0.003, 0.004]
        scheduler:
          type: pbt
          interval: 2
          quantile: 0.25
          resample_probability: 0
          mutations:
            training.optimizer.learning_rate: {loguniform: [0.0001, 0.1]}
        """;

    [Fact]
    public void The_bottom_trial_is_requeued_with_the_top_trials_spec_perturbed_and_its_weights_as_origin()
    {
        var state = Submitted();
        while (Decide(ref state, new LeaseTrial("s", "n")) is [TrialDispatched])
        {
        }
        double[] accuracy = [0.6, 0.9, 0.7, 0.3];
        var journal = new List<ISweepEvent>();
        foreach (var epoch in new[] { 1, 2 })
        {
            foreach (var (id, i) in state.Order.Select((id, i) => (id, i)))
                journal.AddRange(Decide(ref state, new RecordEpoch("s", id, 1, Metrics(epoch, accuracy[i]))));
        }

        var exploited = Assert.Single(journal.OfType<TrialExploited>());
        var weakest = state.Order[3];
        Assert.Equal("PBT: the trial goes on from another trial's weights", state.StopReason(weakest, 1));
        Assert.Null(state.StopReason(state.Order[1], 1));
        var donor = state.Trials[state.Order[1]];
        Assert.Equal((weakest, 2, donor.Definition.TrialId, 0, 2), (exploited.TrialId, exploited.Epoch, exploited.Origin.DonorId, exploited.Origin.DonorGeneration, exploited.Origin.Epoch));
        var rate = exploited.Definition.Spec.Training.Optimizer.LearningRate!.Value;
        Assert.Contains(rate, new[] { 0.002 * 0.8, 0.002 * 1.2 });
        var expected = donor.Definition.Spec with
        {
            Training = donor.Definition.Spec.Training with { Optimizer = donor.Definition.Spec.Training.Optimizer with { LearningRate = rate } },
            Seed = state.Trials[weakest].Definition.Spec.Seed,
        };
        Assert.Equal(Json(expected), Json(exploited.Definition.Spec));
        Assert.Equal(rate.ToString(System.Globalization.CultureInfo.InvariantCulture), exploited.Definition.Overrides["training.optimizer.learning_rate"]);
        var trial = state.Trials[weakest];
        Assert.Equal((TrialPhase.Queued, 1, 2), (trial.Phase, trial.Generation, trial.Epochs.Count));

        var again = Assert.IsType<TrialDispatched>(Assert.Single(Decide(ref state, new LeaseTrial("s", "n"))));
        Assert.Equal((weakest, 2), (again.TrialId, again.Attempt));
        // The new attempt goes on at epoch 3; an epoch of the old attempt is dropped.
        Assert.Empty(Decide(ref state, new RecordEpoch("s", weakest, 1, Metrics(3, 0.5))));
        Assert.Single(Decide(ref state, new RecordEpoch("s", weakest, 2, Metrics(3, 0.8))));

        var replayed = journal.Aggregate(Submitted(), (s, e) => s.Apply(e));
        Assert.Equal(exploited.Definition.Spec, replayed.Trials[weakest].Definition.Spec);
        Assert.Equal(exploited.Origin, SweepState.From(replayed.ToSnapshot()).Trials[weakest].Origin);
    }

    private static string Json(TrialSpec spec) => JsonSerializer.Serialize(spec, SpecJson.Options);

    private static EpochMetrics Metrics(int epoch, double accuracy) => new(epoch, 1 - accuracy, accuracy, 1 - accuracy, accuracy, 0.001, 1, 100);

    private static SweepState Submitted() => FileSweeps.Submitted(Source);

    private static IReadOnlyList<ISweepEvent> Decide(ref SweepState state, ISweepCommand command) => FileSweeps.Decide(ref state, command);
}
