using SweepCluster.GpuNode.Node;
using SweepCluster.GpuNode.Tests.Model;
using SweepCluster.GpuNode.Training;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.TestSupport;

namespace SweepCluster.GpuNode.Tests.Training;

/// <summary>Checkpoints that cannot be trusted are never trained on: the trial starts over and says why.</summary>
[Collection(nameof(GlobalGeneratorCollection))]
public sealed class CheckpointRecoverySpecs(SmallFashionMnist data) : IClassFixture<SmallFashionMnist>, IDisposable
{
    private static readonly ModelSpec Tiny = new()
    {
        Blocks = [new ConvBlockSpec { Filters = 8, Pool = new PoolSpec() }],
        Head = new HeadSpec { Dense = [new DenseSpec { Units = 16 }] },
    };

    private static readonly TrainingSpec ThreeEpochs = new() { Epochs = 3 };

    private readonly TemporaryFolder _checkpoints = new("sweep-ckpt-");

    public void Dispose() => _checkpoints.Dispose();

    private TrainingResult Train(TrainingSpec training, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default, string? directory = null)
    {
        TestRuntime.EnsureLoaded();
        return Trainer.Run(new TrainingRun(Tiny, training, data.Take(400), Seed: 7, directory ?? _checkpoints.Path, Threads: 1), onEpoch, cancel);
    }

    /// <summary>Trains two of three epochs and stops, leaving epoch 2 published.</summary>
    private void TrainTwoEpochs()
    {
        var cancel = new CancellationTokenSource();
        Assert.Equal(TrialStatus.Cancelled, Train(ThreeEpochs, e => { if (e.Epoch == 2) cancel.Cancel(); }, cancel.Token).Status);
    }

    private string Published(string file) => Path.Combine(_checkpoints.Path, File.ReadAllText(Path.Combine(_checkpoints.Path, "latest")).Trim(), file);

    public static TheoryData<string> Damages() => ["garbled model", "truncated optimizer", "dangling pointer", "pointer outside the folder", "garbled state"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_checkpoint_is_moved_aside_and_the_trial_trains_from_scratch_saying_so(string damage)
    {
        using var straight = new TemporaryFolder("sweep-ckpt-");
        var uninterrupted = Train(ThreeEpochs, directory: straight.Path);
        TrainTwoEpochs();
        Damage(damage);

        var resumed = Train(ThreeEpochs);

        Assert.Equal(TrialStatus.Completed, resumed.Status);
        Assert.Equal(0, resumed.ResumedFromEpoch);
        Assert.Equal(uninterrupted.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Contains("trained from scratch", resumed.Detail);
        var aside = Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(_checkpoints.Path)!, Path.GetFileName(_checkpoints.Path) + ".unreadable-*"));
        Assert.Contains(aside, resumed.Detail);
    }

    private void Damage(string damage)
    {
        switch (damage)
        {
            case "garbled model":
                using (var model = File.OpenWrite(Published("model.bin")))
                    model.Write(Enumerable.Repeat((byte)0xff, 64).ToArray());
                break;
            case "truncated optimizer":
                using (var optimizer = File.OpenWrite(Published("optimizer.bin")))
                    optimizer.SetLength(optimizer.Length / 2);
                break;
            case "dangling pointer":
                File.WriteAllText(Path.Combine(_checkpoints.Path, "latest"), "epoch-0009");
                break;
            case "pointer outside the folder":
                File.WriteAllText(Path.Combine(_checkpoints.Path, "latest"), "../..");
                break;
            case "garbled state":
                File.WriteAllText(Published("state.json"), "{\"History\": [1, ");
                break;
        }
    }

    [Fact]
    public void A_checkpoint_file_that_fails_its_checksum_is_named_in_the_error()
    {
        TrainTwoEpochs();
        var model = Published("model.bin");
        File.AppendAllText(model, "x");

        var (state, notice) = new CheckpointStore(_checkpoints.Path).Recover();

        Assert.Null(state);
        Assert.Contains(model, notice);
        Assert.Contains("does not match its checksum", notice);
    }

    [Fact]
    public void A_resumed_trial_reports_the_epochs_of_its_checkpoint_before_training_on()
    {
        TrainTwoEpochs();
        var reported = new List<int>();

        var resumed = Train(ThreeEpochs, e => reported.Add(e.Epoch));

        Assert.Equal(2, resumed.ResumedFromEpoch);
        Assert.Equal([1, 2, 3], reported);
    }

    [Fact]
    public void A_checkpoint_folder_in_use_by_another_run_is_refused_as_the_environments_fault()
    {
        using var held = CheckpointLock.Acquire(_checkpoints.Path);

        var error = Assert.Throws<IOException>(() => Train(ThreeEpochs));

        Assert.Contains("in use by another process", error.Message);
        Assert.False(FailureCause.IsTrialsFault(error));
    }

    [Fact]
    public void The_lock_is_released_when_the_run_ends_so_the_next_attempt_goes_on()
    {
        TrainTwoEpochs();

        Assert.Equal(TrialStatus.Completed, Train(ThreeEpochs).Status);
    }
}
