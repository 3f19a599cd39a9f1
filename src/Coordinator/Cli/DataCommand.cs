using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep data NAME</c>: loads a dataset as trials will and shows what is in it.</summary>
public sealed class DataCommand : Command
{
    public DataCommand(CliServices services)
        : base("data", "Load a dataset and show its sizes, image shape and images per class.")
    {
        var name = new Argument<string>("name")
        {
            Description = $"Dataset: {string.Join(" or ", Datasets.Names)}.",
            DefaultValueFactory = _ => Datasets.FashionMnist.Name,
        };
        name.AcceptOnlyFromAmong([.. Datasets.Names]);
        var path = new Option<string?>("--path") { Description = "Folder holding the dataset files (default: the Datasets setting)." };
        var json = SharedOptions.Json();
        Add(name);
        Add(path);
        Add(json);
        SetAction(parse => services.Guard(() =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse));
            var dataset = parse.GetValue(name)!;
            var source = DatasetCatalog.Resolve(dataset, parse.GetValue(path) ?? settings.Datasets.Folder(dataset, null));
            var clock = Stopwatch.StartNew();
            var parts = source.Load();
            var summary = DatasetSummary.Of(parts, clock.Elapsed);
            if (parse.GetValue(json))
                services.Output.WriteLine(JsonSerializer.Serialize(summary, CliJson.Options));
            else
                Print(services.Console, summary);
            return ExitCodes.Success;
        }));
    }

    private static void Print(IAnsiConsole console, DatasetSummary summary)
    {
        console.MarkupLineInterpolated($"[bold]{summary.Name}[/]: images {summary.Shape}, loaded in {summary.LoadSeconds:F1} s");
        var table = new Table().AddColumns("class", "name", "train", "test");
        for (var c = 0; c < summary.ClassNames.Count; c++)
            table.AddRow(c.ToString(), Markup.Escape(summary.ClassNames[c]), summary.TrainPerClass[c].ToString(), summary.TestPerClass[c].ToString());
        table.AddRow("", "[bold]total[/]", summary.Train.ToString(), summary.Test.ToString());
        console.Write(table);
    }
}

/// <summary>What <c>sweep data</c> reports about a loaded dataset.</summary>
public sealed record DatasetSummary(
    string Name,
    string Shape,
    int Train,
    int Test,
    IReadOnlyList<string> ClassNames,
    int[] TrainPerClass,
    int[] TestPerClass,
    double LoadSeconds)
{
    public static DatasetSummary Of(DatasetParts parts, TimeSpan loadTime) => new(
        parts.Name,
        $"{parts.Train.Channels}x{parts.Train.Height}x{parts.Train.Width}",
        parts.Train.Count,
        parts.Test.Count,
        parts.Train.ClassNames,
        parts.Train.ClassCounts(),
        parts.Test.ClassCounts(),
        Math.Round(loadTime.TotalSeconds, 2));
}
