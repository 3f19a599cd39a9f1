using System.Text.Json;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// A trial's checkpoints: <c>epoch-NNNN/</c> (model, optimizer, history) for resuming and
/// <c>best-NNNN/</c> (model, spec) for the weights the trial keeps. A pointer file names the current
/// one of each and is replaced atomically, so a crash mid-write leaves the previous one usable.
/// </summary>
public sealed class CheckpointStore(string directory)
{
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private const string SpecFile = "spec.json";

    public string Directory { get; } = directory;

    /// <summary>The best weights, or null when none were saved yet.</summary>
    public string? BestModelPath => Current("best") is { } best ? Path.Combine(best, ModelFile) : null;

    public void SaveEpoch(int epoch, torch.nn.Module network, OptimizerHelper optimizer, IReadOnlyList<EpochMetrics> history)
    {
        var folder = Prepare($"epoch-{epoch:D4}");
        network.save(Path.Combine(folder, ModelFile));
        optimizer.save_state_dict(Path.Combine(folder, OptimizerFile));
        File.WriteAllText(Path.Combine(folder, StateFile), JsonSerializer.Serialize(history, SpecJson.Options));
        Publish("epoch", folder);
    }

    public void SaveBest(int epoch, torch.nn.Module network, ModelSpec model, TrainingSpec training)
    {
        var folder = Prepare($"best-{epoch:D4}");
        network.save(Path.Combine(folder, ModelFile));
        File.WriteAllText(Path.Combine(folder, SpecFile), JsonSerializer.Serialize(new { model, training }, SpecJson.Options));
        Publish("best", folder);
    }

    /// <summary>Loads the latest epoch checkpoint into the model (before the optimizer exists) and returns its history.</summary>
    public IReadOnlyList<EpochMetrics>? TryLoadEpoch(torch.nn.Module network)
    {
        if (Current("epoch") is not { } folder)
            return null;
        network.load(Path.Combine(folder, ModelFile));
        return JsonSerializer.Deserialize<List<EpochMetrics>>(File.ReadAllText(Path.Combine(folder, StateFile)), SpecJson.Options);
    }

    /// <summary>Loads the optimizer state saved with the latest epoch checkpoint.</summary>
    public void LoadOptimizer(OptimizerHelper optimizer) =>
        optimizer.load_state_dict(Path.Combine(Current("epoch")!, OptimizerFile));

    private string Prepare(string name)
    {
        var folder = Path.Combine(Directory, name);
        if (System.IO.Directory.Exists(folder))
            System.IO.Directory.Delete(folder, recursive: true);
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private void Publish(string kind, string folder)
    {
        var pointer = Path.Combine(Directory, kind);
        var temporary = pointer + ".tmp";
        File.WriteAllText(temporary, Path.GetFileName(folder));
        File.Move(temporary, pointer, overwrite: true);
        foreach (var stale in System.IO.Directory.GetDirectories(Directory, kind + "-*").Where(d => d != folder))
            System.IO.Directory.Delete(stale, recursive: true);
    }

    private string? Current(string kind)
    {
        var pointer = Path.Combine(Directory, kind);
        return File.Exists(pointer) ? Path.Combine(Directory, File.ReadAllText(pointer).Trim()) : null;
    }
}
