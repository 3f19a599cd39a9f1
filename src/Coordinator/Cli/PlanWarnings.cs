using Serilog;
using Spectre.Console;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary>What is allowed in a plan but likely to mislead, said before anything runs.</summary>
internal static class PlanWarnings
{
    /// <param name="json">Standard output carries JSON: the warning goes to the log, which writes warnings to standard error.</param>
    public static void Show(CliServices services, SweepPlan plan, bool json = false)
    {
        if (KerasBatchNormWarning.For(plan.Trials) is not { } warning)
            return;
        if (json)
            Log.Warning("{Warning}", warning);
        else
            services.Console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
    }
}
