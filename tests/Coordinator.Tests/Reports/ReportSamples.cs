using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Tests.Reports;

/// <summary>Trials made up for specs of report parts that need no real sweep.</summary>
internal static class ReportSamples
{
    public static TrialRecord Trial(string trialId, TrialLifecycle state, int position = 0, string label = "base") =>
        new("sweep", trialId, position, label, new Dictionary<string, string>(), new TrialSpec(new DatasetSpec(), new ModelSpec(), new TrainingSpec(), 0),
            1000, 0, state, 1, 0, null, 1, null, null, null);
}
