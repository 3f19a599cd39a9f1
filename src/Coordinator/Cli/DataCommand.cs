using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using SweepCluster.GpuNode.Data;
using SweepCluster.Messages.Specs;
using SweepCluster.Search.SweepFiles;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep data NAME</c>: loads a dataset as trials will and shows what is in it.</summary>
public sealed class DataCommand : Command
{
    public DataCommand(CliServices services)
        : base("data", "Load a dataset and show its sizes, image shape and images per class.")
    {
        var name = new Argument<string>("dataset")
        {
            Description = $"A built-in dataset ({string.Join(" or ", Datasets.Names)}), or a sweep file (.yaml) whose dataset section names your own data.",
            DefaultValueFactory = _ => Datasets.FashionMnist.Name,
        };
        name.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is var given && !IsSweepFile(given) && Datasets.Find(given) is null)
                r.AddError($"'{given}' is neither a built-in dataset ({Datasets.Allowed}) nor a sweep file (.yaml) whose dataset section names your own data.");
        });
        var path = new Option<string?>("--path") { Description = "Folder holding a built-in dataset's files (default: the Datasets setting)." };
        var json = SharedOptions.Json();
        Add(name);
        Add(path);
        Add(json);
        SetAction(parse => services.Guard(() =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse));
            var datasets = settings.Datasets.Local();
            var dataset = parse.GetValue(name)!;
            var clock = Stopwatch.StartNew();
            var spec = IsSweepFile(dataset)
                ? SweepExpander.ExpandFile(dataset, settings.SweepFiles.Limits(), new DatasetResolver(datasets)).Trials[0].Spec.Dataset
                : new DatasetSpec { Name = Datasets.Get(dataset).Name, Path = parse.GetValue(path) };
            // A --path is this machine's folder, as given; a sweep file's path is placed as nodes place it.
            var source = spec.IsOwnData || spec.Path is null ? datasets.Source(spec) : DatasetCatalog.Resolve(spec.Name, spec.Path);
            var fingerprint = spec.Fingerprint ?? datasets.Fingerprints.Of(source.Location, source.Files()).Fingerprint;
            var parts = new DatasetCache(datasets.Fingerprints).Get(source, fingerprint);
            var summary = DatasetSummary.Of(parts, fingerprint, clock.Elapsed);
            if (parse.GetValue(json))
                services.Output.WriteLine(JsonSerializer.Serialize(summary, CliJson.Options));
            else
                Print(services.Console, summary);
            return ExitCodes.Success;
        }));
    }

    private static bool IsSweepFile(string name) => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static void Print(IAnsiConsole console, DatasetSummary summary)
    {
        console.MarkupLineInterpolated($"[bold]{summary.Name}[/]: images {summary.Shape}, loaded in {summary.LoadSeconds:F1} s");
        console.MarkupLineInterpolated($"fingerprint {summary.Fingerprint}");
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
    string Fingerprint,
    double LoadSeconds)
{
    public static DatasetSummary Of(DatasetParts parts, string fingerprint, TimeSpan loadTime) => new(
        parts.Name,
        $"{parts.Train.Channels}x{parts.Train.Height}x{parts.Train.Width}",
        parts.Train.Count,
        parts.Test.Count,
        parts.Train.ClassNames,
        parts.Train.ClassCounts(),
        parts.Test.ClassCounts(),
        fingerprint,
        Math.Round(loadTime.TotalSeconds, 2));
}
