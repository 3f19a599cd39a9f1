using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;

namespace SweepCluster.Coordinator.Ranking;

/// <summary>What exports show beside a row's rank: the class-report metrics, the trial's times and the metric ranked by.</summary>
public static class LeaderboardDetails
{
    public static LeaderboardRow Add(LeaderboardRow row, TrialResult result, TrialTimes? times, string metric) => row with
    {
        ValMacroF1 = result.ValMacroF1,
        TestMacroF1 = result.TestMacroF1,
        ValRocAuc = result.ValRocAuc,
        TestRocAuc = result.TestRocAuc,
        TrainingSeconds = times?.TrainingSeconds,
        WallSeconds = times?.WallSeconds,
        RankedBy = metric,
    };
}
