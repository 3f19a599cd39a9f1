using System.Text.Json;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;
using TorchSharp;
using TorchSharp.Modules;

namespace SweepCluster.GpuNode.Training;

/// <summary>
/// A trial's checkpoints. <c>epoch-NNNN/</c> holds the model, the optimizer and a state naming the
/// best folder so far; <c>best-NNNN/</c> holds the best weights with the spec beside them. One pointer
/// file (<c>latest</c>) names the current epoch folder and is replaced atomically after everything it
/// refers to is written, so after a crash at any point the published checkpoint, its best weights and
/// its history agree; a folder being rewritten is never the published one.
/// </summary>
/// <param name="keepEvery">Epoch checkpoints whose epoch is a multiple of this are kept for other trials to start from (PBT); 0 keeps none.</param>
public sealed class CheckpointStore(string directory, int keepEvery = 0)
{
    private const string Pointer = "latest";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private const string SpecFile = "spec.json";

    public string Directory { get; } = directory;

    /// <summary>The published best weights, or null before any improvement.</summary>
    public string? BestModelPath => Load() is { State.BestFolder: { } best } ? Path.Combine(Directory, best, ModelFile) : null;

    /// <summary>The saved weights of <paramref name="epoch"/>: its best-weights folder or its epoch folder, whichever was kept; null when neither was.</summary>
    public string? ModelOfEpoch(int epoch) =>
        new[] { $"best-{epoch:D4}", $"epoch-{epoch:D4}" }.Select(f => Path.Combine(Directory, f, ModelFile)).FirstOrDefault(File.Exists);

    /// <summary>Writes epoch <paramref name="epoch"/> (and, when it improved, its best weights), publishes it and returns the published state.</summary>
    public CheckpointState SaveEpoch(int epoch, torch.nn.Module network, OptimizerHelper optimizer, CheckpointState state, bool improved, ModelSpec model, TrainingSpec training)
    {
        if (improved)
        {
            var best = Prepare($"best-{epoch:D4}");
            network.save(Path.Combine(best, ModelFile));
            File.WriteAllText(Path.Combine(best, SpecFile), JsonSerializer.Serialize(new { model, training }, SpecJson.Options));
            state = state with { BestEpoch = epoch, BestFolder = Path.GetFileName(best) };
        }
        var folder = Prepare($"epoch-{epoch:D4}");
        network.save(Path.Combine(folder, ModelFile));
        optimizer.save_state_dict(Path.Combine(folder, OptimizerFile));
        WriteState(folder, state);
        Publish(folder, state);
        return state;
    }

    /// <summary>Records that the trial ended, so running it again returns this result instead of training on.</summary>
    public void MarkFinished(TrialStatus status, string? detail)
    {
        var current = Load();
        var state = (current?.State ?? new CheckpointState([], null, null)) with { Finished = status, Detail = detail };
        var folder = current?.Folder ?? Prepare("epoch-0000");
        WriteState(folder, state);
        Publish(folder, state);
    }

    /// <summary>
    /// PBT: when this store holds no checkpoint yet, publishes a copy of another trial's epoch checkpoint
    /// (weights, optimizer state, history up to that epoch) as its own, so training goes on from there.
    /// A store that already has one (a later attempt of the same generation) keeps it.
    /// </summary>
    public void StartFrom(CheckpointOrigin origin)
    {
        if (Load() is not null)
            return;
        var source = Path.Combine(origin.Directory, $"epoch-{origin.Epoch:D4}");
        if (!File.Exists(Path.Combine(source, StateFile)))
            throw new InvalidOperationException($"The checkpoint of epoch {origin.Epoch} to start from is not in {origin.Directory}: was the donor's directory removed?");
        var folder = Prepare($"epoch-{origin.Epoch:D4}");
        foreach (var file in new[] { ModelFile, OptimizerFile })
            File.Copy(Path.Combine(source, file), Path.Combine(folder, file));
        var donor = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(source, StateFile)), SpecJson.Options)!;
        var state = new CheckpointState(donor.History, null, null);
        WriteState(folder, state);
        Publish(folder, state);
    }

    /// <summary>The published state; when it has weights, loads them into <paramref name="network"/> (before the optimizer exists).</summary>
    public CheckpointState? TryLoad(torch.nn.Module network)
    {
        if (Load() is not { } current)
            return null;
        var weights = Path.Combine(current.Folder, ModelFile);
        if (File.Exists(weights))
            network.load(weights);
        return current.State;
    }

    /// <summary>Loads the optimizer state saved with the published epoch.</summary>
    public void LoadOptimizer(OptimizerHelper optimizer) =>
        optimizer.load_state_dict(Path.Combine(Load()!.Value.Folder, OptimizerFile));

    private bool KeptForOthers(string folder) =>
        keepEvery > 0 && folder.StartsWith("epoch-", StringComparison.Ordinal) && int.TryParse(folder[6..], out var epoch) && epoch % keepEvery == 0;

    private (string Folder, CheckpointState State)? Load()
    {
        var pointer = Path.Combine(Directory, Pointer);
        if (!File.Exists(pointer))
            return null;
        var folder = Path.Combine(Directory, File.ReadAllText(pointer).Trim());
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(folder, StateFile)), SpecJson.Options)!;
        return (folder, state);
    }

    private string Prepare(string name)
    {
        var folder = Path.Combine(Directory, name);
        if (System.IO.Directory.Exists(folder))
            System.IO.Directory.Delete(folder, recursive: true);
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private static void WriteState(string folder, CheckpointState state)
    {
        var target = Path.Combine(folder, StateFile);
        File.WriteAllText(target + ".tmp", JsonSerializer.Serialize(state, SpecJson.Options));
        File.Move(target + ".tmp", target, overwrite: true);
    }

    private void Publish(string folder, CheckpointState state)
    {
        var pointer = Path.Combine(Directory, Pointer);
        File.WriteAllText(pointer + ".tmp", Path.GetFileName(folder));
        File.Move(pointer + ".tmp", pointer, overwrite: true);
        var keep = new HashSet<string?> { Path.GetFileName(folder), state.BestFolder };
        foreach (var stale in System.IO.Directory.GetDirectories(Directory).Where(d => !keep.Contains(Path.GetFileName(d)) && !KeptForOthers(Path.GetFileName(d))))
            System.IO.Directory.Delete(stale, recursive: true);
    }
}
