using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
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
/// refers to is written and forced to disk, so after a crash or a power cut at any point the published
/// checkpoint, its best weights and its history agree; a folder being rewritten is never the published
/// one. The state holds each file's SHA-256, checked before the file is loaded: a checkpoint changed,
/// truncated or half-written behind our back is never trained on.
/// </summary>
/// <param name="keepEvery">Epoch checkpoints whose epoch is a multiple of this are kept for other trials to start from (PBT); 0 keeps none.</param>
public sealed partial class CheckpointStore(string directory, int keepEvery = 0)
{
    private const string Pointer = "latest";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private const string SpecFile = "spec.json";

    public string Directory { get; } = directory;

    /// <summary>The published best weights (checked against their checksum), or null before any improvement.</summary>
    public string? BestModelPath => Load() is { State: { BestFolder: { } best } state } ? Verified(Relative(best, ModelFile), state) : null;

    /// <summary>The saved weights of <paramref name="epoch"/>: its best-weights folder or its epoch folder, whichever was kept; null when neither was.</summary>
    public string? ModelOfEpoch(int epoch)
    {
        var kept = new[] { $"best-{epoch:D4}", $"epoch-{epoch:D4}" }.Select(f => Relative(f, ModelFile)).FirstOrDefault(f => File.Exists(Path.Combine(Directory, f)));
        if (kept is null)
            return null;
        var ownState = Path.Combine(Directory, Path.GetDirectoryName(kept)!, StateFile);
        return Verified(kept, Load()?.State is { Checksums: { } sums } published && sums.ContainsKey(kept) ? published : File.Exists(ownState) ? ReadState(ownState) : null);
    }

    /// <summary>
    /// The published checkpoint with every file it refers to checked. One that cannot be trusted (see
    /// <see cref="CheckpointUnreadableException"/>) is moved aside whole and null comes back with a
    /// notice saying so: the trial then trains from scratch instead of from bad weights.
    /// </summary>
    public (CheckpointState? State, string? Notice) Recover()
    {
        try
        {
            if (Load() is not { } current)
                return (null, null);
            foreach (var (file, sum) in current.State.Checksums ?? new Dictionary<string, string>())
                Verify(file, sum);
            return (current.State, null);
        }
        catch (CheckpointUnreadableException e)
        {
            return (null, $"{e.Message}; its checkpoints were moved to {MoveAside()} and it trained from scratch");
        }
    }

    /// <summary>Writes epoch <paramref name="epoch"/> (and, when it improved, its best weights), publishes it and returns the published state.</summary>
    public CheckpointState SaveEpoch(int epoch, torch.nn.Module network, OptimizerHelper optimizer, CheckpointState state, bool improved, ModelSpec model, TrainingSpec training)
    {
        var sums = new Dictionary<string, string>();
        if (improved)
        {
            var best = Prepare($"best-{epoch:D4}");
            sums[Relative(best, ModelFile)] = Write(best, ModelFile, path => network.save(path));
            File.WriteAllText(Path.Combine(best, SpecFile), JsonSerializer.Serialize(new { model, training }, SpecJson.Options));
            DurableFiles.Sync(Path.Combine(best, SpecFile));
            DurableFiles.Sync(best);
            state = state with { BestEpoch = epoch, BestFolder = Path.GetFileName(best) };
        }
        else if (state.BestFolder is { } kept && state.Checksums?.GetValueOrDefault(Relative(kept, ModelFile)) is { } sum)
        {
            sums[Relative(kept, ModelFile)] = sum;
        }
        var folder = Prepare($"epoch-{epoch:D4}");
        sums[Relative(folder, ModelFile)] = Write(folder, ModelFile, path => network.save(path));
        sums[Relative(folder, OptimizerFile)] = Write(folder, OptimizerFile, path => optimizer.save_state_dict(path));
        state = state with { Checksums = sums };
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
    /// (weights, optimizer state, history up to that epoch, each checked against the donor's checksums)
    /// as its own, so training goes on from there. A store that already has one (a later attempt of the
    /// same generation) keeps it.
    /// </summary>
    public void StartFrom(CheckpointOrigin origin)
    {
        if (Load() is not null)
            return;
        var name = $"epoch-{origin.Epoch:D4}";
        var source = Path.Combine(origin.Directory, name);
        var donorState = Path.Combine(source, StateFile);
        if (!File.Exists(donorState))
            throw new CheckpointUnreadableException(donorState, $"is missing: the checkpoint of epoch {origin.Epoch} to start from is gone (was the donor's folder removed?)");
        var donor = ReadState(donorState);
        var donorStore = new CheckpointStore(origin.Directory);
        var folder = Prepare(name);
        var sums = new Dictionary<string, string>();
        foreach (var file in new[] { ModelFile, OptimizerFile })
        {
            var relative = Relative(name, file);
            File.Copy(donorStore.Verified(relative, donor), Path.Combine(folder, file));
            sums[relative] = Write(folder, file, _ => { });
        }
        var state = new CheckpointState(donor.History, null, null, Checksums: sums);
        WriteState(folder, state);
        Publish(folder, state);
    }

    /// <summary>Loads the published weights into <paramref name="network"/> (before the optimizer exists).</summary>
    public void LoadWeights(torch.nn.Module network) => LoadInto(ModelFile, path => network.load(path));

    /// <summary>Loads the optimizer state saved with the published epoch.</summary>
    public void LoadOptimizer(OptimizerHelper optimizer) => LoadInto(OptimizerFile, path => optimizer.load_state_dict(path));

    /// <summary>A file that passed its checksum but does not load (a checkpoint from before checksums, a spec that changed) is moved aside with the rest.</summary>
    private void LoadInto(string file, Action<string> load)
    {
        var current = Load() ?? throw new InvalidOperationException($"No published checkpoint in {Directory}.");
        var relative = Relative(current.Folder, file);
        // A trial that ended before its first epoch (diverged at once) published a state without weights.
        if (current.State.Checksums?.ContainsKey(relative) != true && !File.Exists(Path.Combine(Directory, relative)))
            return;
        var path = Verified(relative, current.State);
        try
        {
            load(path);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new CheckpointUnreadableException(path, $"does not load ({e.Message}); its checkpoints were moved to {MoveAside()} and the next attempt trains from scratch", e);
        }
    }

    private bool KeptForOthers(string folder) =>
        keepEvery > 0 && folder.StartsWith("epoch-", StringComparison.Ordinal) && int.TryParse(folder[6..], out var epoch) && epoch % keepEvery == 0;

    private (string Folder, CheckpointState State)? Load()
    {
        var pointer = Path.Combine(Directory, Pointer);
        if (!File.Exists(pointer))
            return null;
        var name = File.ReadAllText(pointer).Trim();
        if (!EpochFolder().IsMatch(name))
            throw new CheckpointUnreadableException(pointer, $"names '{(name.Length > 40 ? name[..40] + "..." : name)}', which is not an epoch folder of this trial");
        var stateFile = Path.Combine(Directory, name, StateFile);
        var state = ReadState(stateFile);
        if (state.BestFolder is { } best && !BestFolder().IsMatch(best))
            throw new CheckpointUnreadableException(stateFile, $"names '{best}' as its best folder, which is not a best folder of this trial");
        return (Path.Combine(Directory, name), state);
    }

    private static CheckpointState ReadState(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointUnreadableException(path, "is missing: the published pointer names a folder that is not there");
        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path), SpecJson.Options);
        }
        catch (JsonException e)
        {
            throw new CheckpointUnreadableException(path, "is not a checkpoint state: " + e.Message, e);
        }
        return state is { History: not null } ? state : throw new CheckpointUnreadableException(path, "is not a checkpoint state: it has no history");
    }

    /// <summary>The file's full path, once it matches the checksum <paramref name="state"/> recorded for it (unchecked when none was).</summary>
    private string Verified(string relative, CheckpointState? state)
    {
        if (state?.Checksums?.GetValueOrDefault(relative) is { } sum)
            Verify(relative, sum);
        return Path.Combine(Directory, relative);
    }

    private void Verify(string relative, string expected)
    {
        if (!ChecksummedFile().IsMatch(relative))
            throw new CheckpointUnreadableException(Path.Combine(Directory, StateFile), $"lists '{relative}', which is not a checkpoint file of this trial");
        var path = Path.Combine(Directory, relative);
        if (!File.Exists(path))
            throw new CheckpointUnreadableException(path, "is missing");
        if (Checksum(path) != expected)
            throw new CheckpointUnreadableException(path, "does not match its checksum: it was changed or truncated after it was written");
    }

    /// <summary>Writes one file through <paramref name="write"/>, forces it to disk and returns its checksum.</summary>
    private static string Write(string folder, string file, Action<string> write)
    {
        var path = Path.Combine(folder, file);
        write(path);
        DurableFiles.Sync(path);
        return Checksum(path);
    }

    private static string Checksum(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Relative(string folder, string file) => Path.GetFileName(folder) + "/" + file;

    /// <summary>Moves the whole trial folder aside (<c>folder.unreadable-TIME</c>), kept for a post-mortem; the trial starts over in an empty folder.</summary>
    private string MoveAside()
    {
        var aside = $"{Directory}.unreadable-{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}";
        System.IO.Directory.Move(Directory, aside);
        return aside;
    }

    private string Prepare(string name)
    {
        var folder = Path.Combine(Directory, name);
        if (System.IO.Directory.Exists(folder))
            System.IO.Directory.Delete(folder, recursive: true);
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private static void WriteState(string folder, CheckpointState state) =>
        DurableFiles.ReplaceText(Path.Combine(folder, StateFile), JsonSerializer.Serialize(state, SpecJson.Options));

    private void Publish(string folder, CheckpointState state)
    {
        DurableFiles.ReplaceText(Path.Combine(Directory, Pointer), Path.GetFileName(folder));
        var keep = new HashSet<string?> { Path.GetFileName(folder), state.BestFolder };
        foreach (var stale in System.IO.Directory.GetDirectories(Directory).Where(d => !keep.Contains(Path.GetFileName(d)) && !KeptForOthers(Path.GetFileName(d))))
            System.IO.Directory.Delete(stale, recursive: true);
    }

    [GeneratedRegex(@"^epoch-[0-9]{4,}$")]
    private static partial Regex EpochFolder();

    [GeneratedRegex(@"^best-[0-9]{4,}$")]
    private static partial Regex BestFolder();

    [GeneratedRegex(@"^(epoch|best)-[0-9]{4,}/(model|optimizer)\.bin$")]
    private static partial Regex ChecksummedFile();
}
