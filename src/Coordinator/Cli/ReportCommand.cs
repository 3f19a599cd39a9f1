using System.CommandLine;
using Serilog;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Ranking;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Reports;
using SweepCluster.GpuNode.Runtime;
using SweepCluster.Messages.Results;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>sweep report SWEEP</c>: the sweep's tables and figures as HTML, Markdown, PNG and SVG, from what is recorded.</summary>
public sealed class ReportCommand : Command
{
    public ReportCommand(CliServices services)
        : base("report", "Write a sweep's report (HTML, Markdown, PNG and SVG figures); works while it runs and after.")
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep id (see ./sweep list)." };
        var output = new Option<string?>("--out") { Description = "Folder to write into (default ./reports/SWEEP)." };
        var metric = new Option<string?>("--metric") { Description = "Rank and group by this metric (default test_accuracy, or val_accuracy without a test set)." };
        metric.AcceptOnlyFromAmong([.. MetricRegistry.Names]);
        var trials = new Option<string[]>("--trial") { Description = "Also show this trial's confusion matrix and class report (repeatable)." };
        var embedding = new Option<string?>("--embedding")
        {
            Description = "With --trial: a 2-D t-SNE of this layer's activations on the trial's test images (block0.., flatten, dense0.., logits).",
        };
        var sample = new Option<int>("--embedding-sample")
        {
            Description = $"How many test images the t-SNE embeds (a stratified sample; {TrialEmbedding.DefaultSample} by default, at most {TrialEmbedding.MaxSample}).",
            DefaultValueFactory = _ => TrialEmbedding.DefaultSample,
        };
        sample.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<int>(r, out var value) && value is < 50 or > TrialEmbedding.MaxSample)
                r.AddError($"--embedding-sample must be 50 to {TrialEmbedding.MaxSample} (t-SNE's cost grows with its square).");
        });
        var database = SharedOptions.Database();
        var checkpoints = SharedOptions.Checkpoints();
        var device = SharedOptions.Device();
        var torchLib = SharedOptions.TorchLib();
        foreach (var option in new Option[] { output, metric, trials, embedding, sample, database, checkpoints, device, torchLib })
            Add(option);
        Add(sweep);
        var coordinator = new CoordinatorAccess(this, required: false);
        SetAction((parse, _) => services.GuardAsync(async () =>
        {
            var settings = services.Start(SharedOptions.Overrides(parse,
                (database, "Store:Database"), (checkpoints, "Store:Checkpoints"), (device, "Torch:Device"), (torchLib, "Torch:LibDirectory")));
            var sweepId = parse.GetValue(sweep)!;
            var detailed = parse.GetValue(trials) ?? [];
            var layer = parse.GetValue(embedding);
            if (coordinator.IsGiven(parse))
            {
                if (detailed.Length > 0)
                    throw new SettingsException("--trial and --embedding read checkpoints, which live on the cluster's disks: run ./sweep report there, or leave them out to download the report.");
                await using var client = coordinator.Connect(parse);
                var into = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("reports", sweepId));
                var (html, markdown) = ReportArchive.Extract(await client.ReportAsync(sweepId, parse.GetValue(metric)), into);
                services.Output.WriteLine(html);
                services.Output.WriteLine(markdown);
                return ExitCodes.Success;
            }
            if (layer is not null && detailed.Length == 0)
                throw new SettingsException("--embedding needs --trial ID: the trial whose layer to embed.");
            var data = await ReportData.LoadAsync(settings, sweepId, parse.GetValue(metric));
            // Unknown trial ids fail before anything is computed or written.
            var asked = detailed.Select(data.Trial).ToList();
            var embeddings = layer is null ? [] : Embed(settings, data.CheckpointFolder, asked, layer, parse.GetValue(sample));
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("reports", sweepId));
            var files = SweepReport.Write(data, folder, detailed, embeddings);
            // The paths alone, one a line, so a script can open them.
            services.Output.WriteLine(files.Html);
            services.Output.WriteLine(files.Markdown);
            Log.Information("Report of {SweepId}: {Figures} figures in {Folder}", sweepId, files.Figures.Count, Path.Combine(folder, "figures"));
            return ExitCodes.Success;
        }));
    }

    private static List<TrialEmbedding> Embed(SweepSettings settings, string sweepFolder, IReadOnlyList<TrialRecord> trials, string layer, int sample)
    {
        var runtime = TorchRuntime.Initialize(settings.Torch.RuntimeOptions());
        return [.. trials.Select(trial => TrialEmbedding.Compute(settings, sweepFolder, trial, layer, sample, runtime.Device))];
    }
}
