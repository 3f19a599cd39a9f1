using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Analysis;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Analysis;

public sealed class ParameterScalesSpecs
{
    private static readonly JsonNode?[] Numbers = [JsonValue.Create(0.1), JsonValue.Create(2)];

    private static SweepSubmitted Submitted(string source) => new("s", "s", "s.yaml", source, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_random_search_in_the_submitted_file_declares_log_linear_and_categorical_parameters()
    {
        var scales = ParameterScales.Of(Submitted("""
            name: s
            search:
              strategy: random
              parameters:
                training.optimizer.learning_rate: {loguniform: [1.0e-4, 1.0e-2]}
                model.head.dense.0.dropout: {uniform: [0.0, 0.5]}
                model.blocks[0].filters: {choice: [16, 32]}
            """));

        Assert.Equal(ParameterScale.Log, scales.Of("training.optimizer.learning_rate", Numbers));
        Assert.True(scales.IsLog("training.optimizer.learning_rate"));
        Assert.Equal(ParameterScale.Linear, scales.Of("model.head.dense[0].dropout", Numbers));
        Assert.Equal(ParameterScale.Categorical, scales.Of("model.blocks[0].filters", Numbers));
        Assert.Equal(ParameterScale.Linear, scales.Of("training.epochs", Numbers));
        Assert.Equal(ParameterScale.Categorical, scales.Of("training.epochs", [JsonValue.Create("x")]));
    }

    [Fact]
    public void A_stage_declares_its_parameters_and_an_unreadable_file_declares_nothing()
    {
        var scales = ParameterScales.FromSearch(JsonNode.Parse("""
            {"strategy": "stages", "stages": [
              {"strategy": "grid", "parameters": {"training.batch_size": [32, 64]}},
              {"strategy": "random", "parameters": {"training.optimizer.learning_rate": {"loguniform": [1.0e-4, 1.0e-2]}}}]}
            """)!.AsObject());

        Assert.True(scales.IsLog("training.optimizer.learning_rate"));
        Assert.Equal(ParameterScale.Categorical, scales.Of("training.batch_size", Numbers));
        Assert.False(ParameterScales.Of(Submitted("search: [unclosed")).IsLog("training.optimizer.learning_rate"));
        Assert.Same(ParameterScales.Unknown, ParameterScales.Of(null));
    }
}
