using SweepCluster.Messages.Results;

namespace SweepCluster.Messages.Sweeps;

/// <summary>The text form of <see cref="TrialLifecycle"/> (what the read model stores), and how other vocabularies map onto it.</summary>
public static class TrialLifecycles
{
    private static readonly (TrialLifecycle State, string Text)[] Table =
    [
        (TrialLifecycle.Queued, "queued"),
        (TrialLifecycle.Running, "running"),
        (TrialLifecycle.Completed, "completed"),
        (TrialLifecycle.EarlyStopped, "early-stopped"),
        (TrialLifecycle.Diverged, "diverged"),
        (TrialLifecycle.Failed, "failed"),
        (TrialLifecycle.Cancelled, "cancelled"),
        (TrialLifecycle.Stopped, "stopped"),
    ];

    /// <summary>Every state's text, in the enum's order.</summary>
    public static IReadOnlyList<string> Texts { get; } = [.. Table.Select(t => t.Text)];

    /// <summary>The lowercase text the read model stores and the CLI shows ("early-stopped").</summary>
    public static string Text(this TrialLifecycle state) => Table[(int)state].Text;

    /// <summary>The state a stored text names.</summary>
    /// <exception cref="FormatException">No state has that text; the message lists the texts.</exception>
    public static TrialLifecycle Parse(string text) => TryParse(text, out var state)
        ? state
        : throw new FormatException($"Unknown trial state '{text}': it must be one of {string.Join(", ", Texts)}.");

    public static bool TryParse(string? text, out TrialLifecycle state)
    {
        foreach (var (s, t) in Table)
        {
            if (t == text)
            {
                state = s;
                return true;
            }
        }
        state = default;
        return false;
    }

    /// <summary>The state a trial is in once its training ended this way (a training cancelled from outside kept what it had: completed).</summary>
    public static TrialLifecycle Of(TrialStatus status) => status switch
    {
        TrialStatus.EarlyStopped => TrialLifecycle.EarlyStopped,
        TrialStatus.Diverged => TrialLifecycle.Diverged,
        TrialStatus.Stopped => TrialLifecycle.Stopped,
        _ => TrialLifecycle.Completed,
    };

    /// <summary>It will not train again (short of resuming its sweep).</summary>
    public static bool IsTerminal(this TrialLifecycle state) => state is not (TrialLifecycle.Queued or TrialLifecycle.Running);

    /// <summary>It ended with a result: what a sweep counts as finished (failed and cancelled trials are not).</summary>
    public static bool IsFinished(this TrialLifecycle state) =>
        state is TrialLifecycle.Completed or TrialLifecycle.EarlyStopped or TrialLifecycle.Diverged or TrialLifecycle.Stopped;
}
