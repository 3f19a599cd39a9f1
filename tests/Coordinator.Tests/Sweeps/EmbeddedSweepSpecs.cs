using Akka.Actor;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Sweeps;

/// <summary>The real actors on a real SQLite journal, with a scripted trainer.</summary>
public sealed class EmbeddedSweepSpecs : IDisposable
{
    private readonly TemporaryFolder _folder = new("sweep-embedded-");

    public void Dispose() => _folder.Dispose();

    private string Database => Path.Combine(_folder.Path, "sweeps.db");

    private EmbeddedHost Host(ScriptedRunner runner, int slots = 2) =>
        EmbeddedHost.Start(Database, CoordinatorSettings.Default(Path.Combine(_folder.Path, "checkpoints")), slots, "cpu", runner, TimeSpan.FromMilliseconds(200));

    private static SubmitSweep Submit(int trials) => new("s", "sweep", "s.yaml", "name: sweep",
        [.. Enumerable.Range(0, trials).Select(i => new TrialDefinition($"t{i}", i, $"trial {i}", new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), i), 1, 0))]);

    private static async Task<SweepState> WaitFor(EmbeddedHost host, Func<SweepState, bool> done)
    {
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep("s"), TimeSpan.FromSeconds(5));
        return await Poll.Until(() => sweep.Ask<SweepState>(new GetSweepState("s"), TimeSpan.FromSeconds(5)), done,
            TimeSpan.FromSeconds(15), "the sweep did not reach the expected state", TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Every_trial_runs_once_and_never_more_than_the_slots_at_a_time()
    {
        var runner = new ScriptedRunner();
        await using var host = Host(runner, slots: 2);

        host.Broker.Tell(Submit(5));
        var state = await WaitFor(host, s => s.Phase == SweepPhase.Completed);

        Assert.Equal(5, state.Done);
        Assert.All(state.Trials.Values, t => Assert.Equal((TrialPhase.Finished, 1, 2), (t.Phase, t.Attempt, t.LastEpoch)));
        Assert.Equal(5, runner.Calls.Count);
        Assert.Equal(2, runner.MaxConcurrent);
    }

    [Fact]
    public async Task A_trial_that_throws_is_failed_with_its_error_and_the_sweep_goes_on()
    {
        var runner = new ScriptedRunner(throws: a => a.TrialId == "t1");
        await using var host = Host(runner);

        host.Broker.Tell(Submit(3));
        var state = await WaitFor(host, s => s.Phase == SweepPhase.Completed);

        Assert.Equal(TrialPhase.Failed, state.Trials["t1"].Phase);
        Assert.Contains("scripted failure of t1", state.Trials["t1"].Error);
        Assert.Equal(2, state.Trials.Values.Count(t => t.Phase == TrialPhase.Finished));
    }

    [Fact]
    public async Task Cancelling_stops_running_trials_and_leases_nothing_more()
    {
        var runner = new ScriptedRunner(epochs: 50, epochTime: TimeSpan.FromMilliseconds(50));
        await using var host = Host(runner, slots: 1);
        host.Broker.Tell(Submit(3));
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep("s"));
        await WaitFor(host, s => s.Running == 1 && s.Trials["t0"].LastEpoch >= 1);

        sweep.Tell(new CancelSweep("s"));
        var state = await WaitFor(host, s => s.Phase == SweepPhase.Cancelled);
        await Task.Delay(500);

        Assert.Single(runner.Calls);
        Assert.Equal(2, state.Queued);
    }

    [Fact]
    public async Task A_restarted_coordinator_recovers_from_the_journal_and_reruns_only_what_was_running()
    {
        var slow = new ScriptedRunner(epochs: 40, epochTime: TimeSpan.FromMilliseconds(50));
        await using (var first = Host(slow, slots: 1))
        {
            first.Broker.Tell(Submit(3));
            await WaitFor(first, s => s.Running == 1 && s.Trials["t0"].LastEpoch >= 2);
        }

        var fast = new ScriptedRunner();
        await using var second = Host(fast, slots: 1);
        var state = await WaitFor(second, s => s.Phase == SweepPhase.Completed);

        Assert.Equal(("t0", 2), fast.Calls.First());
        Assert.Equal(3, fast.Calls.Count);
        Assert.Equal(2, state.Trials["t0"].Attempt);
        Assert.All(state.Trials.Values, t => Assert.Equal(TrialPhase.Finished, t.Phase));
    }
}
