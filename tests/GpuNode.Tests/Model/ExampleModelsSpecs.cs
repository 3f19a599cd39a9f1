using SweepCluster.GpuNode.Model;
using SweepCluster.Messages.Shapes;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport;
using TorchSharp;

namespace SweepCluster.GpuNode.Tests.Model;

/// <summary>Shape inference (plain C#, used by the coordinator) and the engine agree on every example trial.</summary>
[Collection(nameof(GlobalGeneratorCollection))]
public sealed class ExampleModelsSpecs
{
    public ExampleModelsSpecs() => TestRuntime.EnsureLoaded();

    public static TheoryData<string> Examples() => new(Directory.GetFiles(RepositoryPaths.Examples(), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_trial_builds_with_exactly_the_counted_parameters(string example)
    {
        var plan = SweepExpander.ExpandFile(Path.Combine(RepositoryPaths.Examples(), example));

        foreach (var trial in plan.Trials)
        {
            var dataset = Datasets.Get(trial.Spec.Dataset.Name);
            using var built = ModelBuilder.Build(trial.Spec.Model, dataset.Input(), dataset.Classes, trial.Spec.Training.Conventions, trial.Spec.Seed, new torch.Generator(1));
            var trainable = built.Network.parameters().Sum(p => p.numel());
            var statistics = built.Network.named_buffers().Where(b => !b.name.EndsWith("num_batches_tracked")).Sum(b => b.buffer.numel());

            Assert.True((trial.Summary.Trainable, trial.Summary.NonTrainable) == (trainable, statistics),
                $"{example} trial {trial.Index} ({trial.Label}): counted {trial.Summary.Trainable} + {trial.Summary.NonTrainable}, built {trainable} + {statistics}");
        }
    }
}
