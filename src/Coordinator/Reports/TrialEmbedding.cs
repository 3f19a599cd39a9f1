using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Data;
using SweepCluster.GpuNode.Embedding;
using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Sweeps;
using TorchSharp;

namespace SweepCluster.Coordinator.Reports;

/// <summary>A 2-D t-SNE of one layer's activations for a sample of a trial's test images.</summary>
/// <param name="Agreement">Share of points whose 5 nearest neighbours in 2-D are mostly of their own class.</param>
public sealed record TrialEmbedding(
    string TrialId, string Layer, string Set, IReadOnlyList<(double X, double Y)> Points, IReadOnlyList<int> Labels,
    IReadOnlyList<string> ClassNames, double Perplexity, double Agreement)
{
    public const int DefaultSample = 1000;

    public const int MaxSample = 5000;

    public const int Neighbours = 5;

    /// <summary>Loads the weights the trial kept, runs a stratified sample of its test set (validation set without one) through them and embeds the layer.</summary>
    /// <param name="sweepFolder">The trial's sweep's checkpoint folder (<see cref="ReportData.CheckpointFolder"/>).</param>
    public static TrialEmbedding Compute(SweepSettings settings, string sweepFolder, TrialRecord trial, string layer, int sample, string device)
    {
        var spec = trial.Spec;
        if (spec.Dataset.Folds >= 2)
            throw new StoreException($"Trial {trial.TrialId} is a {spec.Dataset.Folds}-fold trial: it kept one model per fold, so there is no single network to embed.");
        if (!LayerActivations.Names(spec.Model).Contains(layer))
            throw new StoreException($"Trial {trial.TrialId} has no layer '{layer}'; its layers are {string.Join(", ", LayerActivations.Names(spec.Model))}.");
        var folder = TrialFolders.Latest(sweepFolder, trial.TrialId);
        var weights = (trial.Outcome?.BestEpoch is { } epoch ? new CheckpointStore(folder).ModelOfEpoch(epoch) : null)
            ?? throw new StoreException($"No kept weights of trial {trial.TrialId} under {folder} (it is {trial.State.Text()}): the checkpoint folder was moved or removed.");
        var datasets = settings.Datasets.Local();
        var parts = new DatasetCache(datasets.Fingerprints).Get(datasets.Source(spec.Dataset), spec.Dataset.Fingerprint);
        var test = TrialData.Test(parts, spec.Dataset, spec.Seed);
        var (set, images) = test is not null ? ("test", test) : ("validation", TrialData.Split(parts, spec.Dataset, spec.Seed).Validation);
        if (images.Count > sample)
            images = images.Select(StratifiedSplits.Subset(images.Labels, images.ClassNames.Count, sample, seed: 0));
        using var features = LayerActivations.Of(spec.Model, spec.Training.Conventions, weights, images, layer, torch.device(device));
        var options = new TsneOptions(Perplexity: Math.Min(30, (images.Count - 1) / 3.0));
        var points = Tsne.Embed(features, options);
        var labels = images.Labels.ToArray();
        return new TrialEmbedding(trial.TrialId, layer, set, points, labels, images.ClassNames, options.Perplexity, NeighbourAgreement.Of(points, labels, Neighbours));
    }
}
