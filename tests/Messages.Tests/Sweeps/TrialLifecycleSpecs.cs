using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Messages.Tests.Sweeps;

public sealed class TrialLifecycleSpecs
{
    [Fact]
    public void Every_state_has_the_text_the_read_model_has_always_stored()
    {
        Assert.Equal(
            ["queued", "running", "completed", "early-stopped", "diverged", "failed", "cancelled", "stopped"],
            Enum.GetValues<TrialLifecycle>().Select(s => s.Text()));
    }

    [Fact]
    public void Every_text_parses_back_to_its_state()
    {
        Assert.All(Enum.GetValues<TrialLifecycle>(), s => Assert.Equal(s, TrialLifecycles.Parse(s.Text())));
    }

    [Theory]
    [InlineData("Completed")]
    [InlineData("early_stopped")]
    [InlineData("")]
    public void An_unknown_text_is_refused_with_the_valid_ones(string text)
    {
        Assert.False(TrialLifecycles.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => TrialLifecycles.Parse(text));
        Assert.Equal($"Unknown trial state '{text}': it must be one of queued, running, completed, early-stopped, diverged, failed, cancelled, stopped.", error.Message);
    }

    [Theory]
    [InlineData(TrialStatus.Completed, TrialLifecycle.Completed)]
    [InlineData(TrialStatus.EarlyStopped, TrialLifecycle.EarlyStopped)]
    [InlineData(TrialStatus.Diverged, TrialLifecycle.Diverged)]
    [InlineData(TrialStatus.Stopped, TrialLifecycle.Stopped)]
    [InlineData(TrialStatus.Cancelled, TrialLifecycle.Completed)]
    public void How_training_ended_names_the_state_the_trial_ends_in(TrialStatus status, TrialLifecycle state)
    {
        Assert.Equal(state, TrialLifecycles.Of(status));
    }

    [Fact]
    public void Only_queued_and_running_trials_are_not_terminal_and_failed_or_cancelled_ones_are_not_finished()
    {
        Assert.Equal([TrialLifecycle.Queued, TrialLifecycle.Running], Enum.GetValues<TrialLifecycle>().Where(s => !s.IsTerminal()));
        Assert.Equal(
            [TrialLifecycle.Completed, TrialLifecycle.EarlyStopped, TrialLifecycle.Diverged, TrialLifecycle.Stopped],
            Enum.GetValues<TrialLifecycle>().Where(s => s.IsFinished()));
    }
}
