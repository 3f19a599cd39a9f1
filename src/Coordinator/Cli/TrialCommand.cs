using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Messages.Serialization;

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
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse, (database, "Store:Database"), (checkpoints, "Store:Checkpoints")));
            var id = parse.GetValue(trial)!;
            await using var store = StoreAccess.Open(settings);
            var view = await store.FindTrialAsync(id)
                ?? throw new GpuNode.Data.DatasetException($"No trial '{id}' in {settings.Store.Database}; see ./sweep leaderboard SWEEP for trial ids.");
            var state = view.State.Trials[id];
            var folder = Path.Combine(Path.GetFullPath(settings.Store.Checkpoints), view.State.SweepId, id);
            var report = new JsonObject
            {
                ["trial_id"] = id,
                ["sweep_id"] = view.State.SweepId,
                ["label"] = state.Definition.Label,
                ["state"] = state.Phase.ToString().ToLowerInvariant(),
                ["attempt"] = state.Attempt,
                ["node"] = state.Node,
                ["error"] = state.Error,
                ["trainable_parameters"] = state.Definition.TrainableParameters,
                ["non_trainable_parameters"] = state.Definition.NonTrainableParameters,
                ["checkpoint_path"] = folder,
                ["spec"] = JsonSerializer.SerializeToNode(state.Definition.Spec, SpecJson.Options),
                ["history"] = JsonSerializer.SerializeToNode(view.History(id), SpecJson.Options),
                ["outcome"] = JsonSerializer.SerializeToNode(state.Outcome, SpecJson.Options),
            };
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(report.ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            services.Console.MarkupLineInterpolated($"[bold]{id}[/] of {view.State.SweepId}: {state.Definition.Label}, {state.Phase.ToString().ToLowerInvariant()}, attempt {state.Attempt}, {state.Definition.TrainableParameters:N0} + {state.Definition.NonTrainableParameters:N0} parameters");
            var epochs = new Table().AddColumns("epoch", "train loss", "train acc", "val loss", "val acc", "lr", "s", "img/s");
            foreach (var e in view.History(id))
                epochs.AddRow(e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValLoss), F(e.ValAccuracy), e.LearningRate.ToString("G3", CultureInfo.InvariantCulture), e.Seconds.ToString("F1", CultureInfo.InvariantCulture), e.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture));
            services.Console.Write(epochs);
            if ((state.Outcome?.Test ?? state.Outcome?.Validation) is { } final)
            {
                services.Console.MarkupLineInterpolated($"{(state.Outcome!.Test is null ? "validation" : "test")}: accuracy {final.Accuracy:P2}, log loss {final.LogLoss:F4}, macro F1 {final.MacroAverage.F1:F4}, ROC AUC {final.RocAucMacro:F4}");
                var confusion = new Table().AddColumn("true \\ predicted");
                for (var c = 0; c < final.ConfusionMatrix.Length; c++)
                    confusion.AddColumn(c.ToString(CultureInfo.InvariantCulture));
                for (var r = 0; r < final.ConfusionMatrix.Length; r++)
                    confusion.AddRow([r.ToString(CultureInfo.InvariantCulture), .. final.ConfusionMatrix[r].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
                services.Console.Write(confusion);
            }
            services.Console.MarkupLineInterpolated($"checkpoints: {folder}");
            return ExitCodes.Success;
        }));
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
