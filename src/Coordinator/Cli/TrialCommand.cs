using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using SweepCluster.Coordinator.Persistence;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Messages.Serialization;
using SweepCluster.Messages.Sweeps;

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
            await using var queries = await StoreAccess.OpenAsync(settings);
            var t = queries.Reader.Trial(id)
                ?? throw new StoreException($"No trial '{id}' in {StoreName.Of(settings.Store.Database)}; see ./sweep leaderboard SWEEP for trial ids.");
            StoreAccess.Sweep(queries, t.SweepId, settings);
            var history = queries.Reader.Epochs(t.SweepId, id);
            var fused = queries.Reader.FusedAttempts(t.SweepId, id);
            var submitted = await queries.Projection.SubmissionAsync(t.SweepId);
            var folder = TrialFolders.Latest(TrialFolders.Sweep(submitted?.Checkpoints, settings.Store.Checkpoints, t.SweepId), id);
            var report = new JsonObject
            {
                ["trial_id"] = id,
                ["sweep_id"] = t.SweepId,
                ["label"] = t.Label,
                ["state"] = t.State.Text(),
                ["attempt"] = t.Attempt,
                ["retries"] = t.Retries,
                ["node"] = t.Node,
                ["error"] = t.Error,
                ["trainable_parameters"] = t.TrainableParameters,
                ["non_trainable_parameters"] = t.NonTrainableParameters,
                ["checkpoint_path"] = folder,
                ["overrides"] = new JsonObject(t.Overrides.Select(o => KeyValuePair.Create(o.Key, JsonNode.Parse(o.Value)))),
                ["spec"] = JsonSerializer.SerializeToNode(t.Spec, SpecJson.Options),
                ["history"] = JsonSerializer.SerializeToNode(history, SpecJson.Options),
                ["outcome"] = JsonSerializer.SerializeToNode(t.Outcome, SpecJson.Options),
                ["fused"] = JsonSerializer.SerializeToNode(fused, SpecJson.Options),
            };
            if (parse.GetValue(json))
            {
                services.Output.WriteLine(report.ToJsonString(CliJson.Options));
                return ExitCodes.Success;
            }
            services.Console.MarkupLineInterpolated($"[bold]{id}[/] of {t.SweepId}: {t.Label}, {t.State.Text()}, attempt {t.Attempt}, {t.TrainableParameters:N0} + {t.NonTrainableParameters:N0} parameters");
            if (t.Error is not null)
                services.Console.MarkupLineInterpolated($"[red]error:[/] {t.Error}");
            foreach (var group in fused)
                services.Console.MarkupLineInterpolated($"attempt {group.Attempt}: trained fused in group {group.GroupId} with {group.Members} members");
            if (t.Outcome?.Detail is { } detail)
                services.Console.MarkupLineInterpolated($"{t.State.Text()}: {detail}");
            var epochs = new Table().AddColumns("epoch", "train loss", "train acc", "val loss", "val acc", "lr", "s", "img/s");
            foreach (var e in history)
                epochs.AddRow(e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValLoss), F(e.ValAccuracy), e.LearningRate.ToString("G3", CultureInfo.InvariantCulture), e.Seconds.ToString("F1", CultureInfo.InvariantCulture), e.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture));
            services.Console.Write(epochs);
            if ((t.Outcome?.Test ?? t.Outcome?.Validation) is { } final)
            {
                services.Console.MarkupLineInterpolated($"{(t.Outcome!.Test is null ? "validation" : "test")}: accuracy {final.Accuracy:P2}, log loss {final.LogLoss:F4}, macro F1 {final.MacroAverage.F1:F4}, ROC AUC {final.RocAucMacro:F4}");
                var confusion = new Table().AddColumn("true \\ predicted");
                for (var c = 0; c < final.ConfusionMatrix.Length; c++)
                    confusion.AddColumn(c.ToString(CultureInfo.InvariantCulture));
                for (var r = 0; r < final.ConfusionMatrix.Length; r++)
                    confusion.AddRow([r.ToString(CultureInfo.InvariantCulture), .. final.ConfusionMatrix[r].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
                services.Console.Write(confusion);
            }
            services.Console.MarkupLineInterpolated($"checkpoints: {folder}{(Directory.Exists(folder) ? "" : " (not on this machine: removed, or on a node's disk)")}");
            return ExitCodes.Success;
        }));
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
