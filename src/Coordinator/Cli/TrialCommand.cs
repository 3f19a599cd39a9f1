using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep trial ID</c>: one trial in full: spec, epochs, final metrics, confusion matrix, checkpoints.</summary>
public sealed class TrialCommand : Command
{
    public TrialCommand(CliServices services)
        : base("trial", "Show one trial: its spec, per-epoch history, final metrics, confusion matrix and checkpoint folder.")
    {
        var trial = new Argument<string>("id") { Description = "The trial id (see the leaderboard)." };
        var json = SharedOptions.Json();
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        Add(trial);
        Add(json);
        Add(database);
        Add(checkpoints);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database"), (checkpoints, "Store:Checkpoints")));
            await using var source = await coordinator.OpenAsync(parse, settings, warnings: null);
            var t = await source.TrialAsync(parse.GetValue(trial)!);
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(JsonSerializer.Serialize(t, SpecJson.Options));
                return ExitCodes.Success;
            }
            services.Console.MarkupLineInterpolated($"[bold]{t.TrialId}[/] of {t.SweepId}: {t.Label}, {t.State}, attempt {t.Attempt}, {t.TrainableParameters:N0} + {t.NonTrainableParameters:N0} parameters");
            if (t.Error is not null)
                services.Console.MarkupLineInterpolated($"[red]error:[/] {t.Error}");
            foreach (var group in t.Fused)
                services.Console.MarkupLineInterpolated($"attempt {group.Attempt}: trained fused in group {group.GroupId} with {group.Members} members");
            if (t.Outcome?.Detail is { } detail)
                services.Console.MarkupLineInterpolated($"{t.State}: {detail}");
            var epochs = new Table().AddColumns("epoch", "train loss", "train acc", "val loss", "val acc", "lr", "s", "img/s");
            foreach (var e in t.History)
                epochs.AddRow(e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValLoss), F(e.ValAccuracy), e.LearningRate.ToString("G3", CultureInfo.InvariantCulture), e.Seconds.ToString("F1", CultureInfo.InvariantCulture), e.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture));
            services.Console.Write(epochs);
            if ((t.Outcome?.Test ?? t.Outcome?.Validation) is { } final)
            {
                services.Console.MarkupLineInterpolated($"{(t.Outcome!.Test is null ? "validation" : "test")}: accuracy {final.Accuracy:P2}, log loss {final.LogLoss:F4}, macro F1 {final.MacroAverage.F1:F4}, ROC AUC {final.RocAucMacro:F4}");
                services.Console.Write(ConfusionTable(final.ConfusionMatrix, Datasets.ClassNames(t.Spec.Dataset)));
            }
            var where = coordinator.IsGiven(parse) ? " (on the coordinator's or a node's disk)" : Directory.Exists(t.CheckpointPath) ? "" : " (not on this machine: removed, or on a node's disk)";
            services.Console.MarkupLineInterpolated($"checkpoints: {t.CheckpointPath}{where}");
            return ExitCodes.Success;
        }));
    }

    /// <summary>True classes as rows, predicted as columns, each named as the dataset names it (the report does the same).</summary>
    internal static Table ConfusionTable(int[][] matrix, IReadOnlyList<string> classNames)
    {
        string Name(int i) => Markup.Escape(i < classNames.Count ? classNames[i] : i.ToString(CultureInfo.InvariantCulture));
        var table = new Table().AddColumn("true \\ predicted");
        for (var c = 0; c < matrix.Length; c++)
            table.AddColumn(new TableColumn(Name(c)).RightAligned());
        for (var r = 0; r < matrix.Length; r++)
            table.AddRow([Name(r), .. matrix[r].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        return table;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
