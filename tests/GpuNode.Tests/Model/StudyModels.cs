using SweepCluster.Messages.Specs;

namespace SweepCluster.GpuNode.Tests.Model;

/// <summary>Model specs of the seed studies (../shared/reference/seed-studies.md), for tests.</summary>
internal static class StudyModels
{
    /// <summary>Study A: conv 32 -> ReLU -> max-pool -> BN -> conv 64 -> ReLU -> max-pool -> BN -> dense 128 -> 10.</summary>
    public static ModelSpec BaselineA() => new()
    {
        Blocks =
        [
            new ConvBlockSpec { Filters = 32, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
            new ConvBlockSpec { Filters = 64, Pool = new PoolSpec(), BatchNorm = BatchNormPlacement.AfterPool },
        ],
        Head = new HeadSpec { Dense = [new DenseSpec { Units = 128 }] },
    };
}
