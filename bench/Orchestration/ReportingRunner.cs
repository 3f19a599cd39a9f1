using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;

/// <summary>
/// Finishes at once like <see cref="NoOpRunner"/>, but records what a real 10-class trial records (a
/// validation and a test report, each with its confusion matrix and per-class metrics) with an accuracy
/// of its own: the read model then holds rows of their real size, and a leaderboard has something to rank.
/// </summary>
/// <param name="duration">How long each trial takes: a paced sweep, whose events come as slowly as real trials' do.</param>
internal sealed class ReportingRunner(TimeSpan duration) : ITrialRunner
{
    private const int Classes = 10;

    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        if (duration > TimeSpan.Zero)
            Thread.Sleep(duration);
        var accuracy = 0.70 + (0.25 * Fraction(assignment.TrialId));
        onEpoch(new EpochMetrics(1, 1 - accuracy, accuracy, 1 - accuracy, accuracy, 1e-3, 0.001, 1));
        return new TrialOutcome(TrialStatus.Completed, 1, Report(accuracy, 1000), Report(accuracy - 0.01, 10000), null);
    }

    /// <summary>A stable number in [0, 1) per trial (FNV-1a of its id).</summary>
    private static double Fraction(string trialId)
    {
        var hash = 2166136261u;
        foreach (var c in trialId)
            hash = (hash ^ c) * 16777619u;
        return hash / (uint.MaxValue + 1.0);
    }

    /// <summary>Every class equally common and equally well predicted; the misses spread over the other classes.</summary>
    private static ClassificationReport Report(double accuracy, int count)
    {
        var support = count / Classes;
        var hits = (int)Math.Round(support * accuracy);
        var matrix = Enumerable.Range(0, Classes).Select(t => Enumerable.Range(0, Classes)
            .Select(p => p == t ? hits : ((support - hits) / (Classes - 1)) + (p == (t + 1) % Classes ? (support - hits) % (Classes - 1) : 0))
            .ToArray()).ToArray();
        var perClass = Enumerable.Range(0, Classes).Select(c => new ClassMetrics(c, accuracy, accuracy, accuracy, support)).ToList();
        var averages = new AveragedMetrics(accuracy, accuracy, accuracy);
        return new ClassificationReport(count, (double)hits / support, -Math.Log(accuracy), matrix, perClass, averages, averages, 0.5 + (accuracy / 2));
    }
}
