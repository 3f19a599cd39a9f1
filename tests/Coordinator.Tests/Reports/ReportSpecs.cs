using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Queries;
using SweepCluster.Coordinator.ReadModel;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Specs;
using SweepCluster.Messages.Sweeps;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Reports;

/// <summary>Two real sweeps in one store, run once for the report specs: the quickstart, and an ablation with repeats and a variant.</summary>
public sealed class ReportedSweeps : IDisposable
{
    public ReportedSweeps()
    {
        QuickstartId = Run(Path.Combine(RepositoryPaths.Root(), "examples", "quickstart.yaml"));
        var ablation = Path.Combine(Folder, "ablation.yaml");
        File.WriteAllText(ablation, """
            name: ablation
            seed: 3
            dataset: {name: fashion-mnist, subset: 600, validation: 0.2, test_subset: 200}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 2, batch_size: 32, conventions: pytorch, optimizer: {kind: adam, learning_rate: 0.003}}
            search:
              strategy: ablation
              repeats: 2
              factors:
                model.blocks[0].filters: [8]
                training.optimizer.learning_rate: [0.01, 0.0003]
              variants:
                - name: wider-and-slower
                  set:
                    model.blocks[0].filters: 8
                    training.optimizer.learning_rate: 0.001
            """);
        AblationId = Run(ablation);
        var folded = Path.Combine(Folder, "folded.yaml");
        File.WriteAllText(folded, """
            name: folded
            seed: 6
            dataset: {name: fashion-mnist, subset: 600, folds: 3, test_subset: 200}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training:
              epochs: 3
              batch_size: 32
              conventions: pytorch
              schedule: {kind: step, every: 1, factor: 0.5}
            """);
        FoldedId = Run(folded);
        var staged = Path.Combine(Folder, "staged.yaml");
        File.WriteAllText(staged, """
            name: staged
            seed: 8
            dataset: {name: fashion-mnist, subset: 600, validation: 0.2, test_subset: 200}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 2, batch_size: 32, conventions: pytorch, optimizer: {kind: adam, learning_rate: 0.003}}
            search:
              strategy: stages
              metric: val_accuracy
              stages:
                - name: width
                  strategy: grid
                  parameters:
                    model.blocks[0].filters: [4, 8]
                - name: rate
                  strategy: variants
                  variants:
                    - name: faster
                      set:
                        training.optimizer.learning_rate: 0.01
            """);
        StagedId = Run(staged);
        var searched = Path.Combine(Folder, "searched.yaml");
        File.WriteAllText(searched, """
            name: searched
            seed: 5
            dataset: {name: fashion-mnist, subset: 600, validation: 0.2, test_subset: 200}
            model:
              blocks:
                - {type: conv, filters: 4, pool: {kind: max, size: 2}}
            training: {epochs: 3, batch_size: 32, conventions: pytorch, optimizer: {kind: adam, learning_rate: 0.003}}
            search:
              strategy: random
              samples: 6
              parameters:
                training.optimizer.learning_rate: {loguniform: [0.0001, 0.03]}
                model.blocks[0].filters: {choice: [4, 8]}
            scheduler: {type: asha, metric: val_accuracy, grace_period: 1, reduction_factor: 3}
            """);
        SearchedId = Run(searched);
    }

    private readonly TemporaryFolder _folder = new("sweep-reports-");

    public string Folder => _folder.Path;

    public string Database => Path.Combine(Folder, "sweeps.db");

    public string QuickstartId { get; }

    public string AblationId { get; }

    /// <summary>One 3-fold trial with a step schedule.</summary>
    public string FoldedId { get; }

    /// <summary>Two stages: the width, then the learning rate on the widest-scoring trial.</summary>
    public string StagedId { get; }

    /// <summary>A random search with ASHA: a log-sampled learning rate, a choice of widths, and trials stopped after their first epoch.</summary>
    public string SearchedId { get; }

    public (int ExitCode, string Output) Sweep(params string[] args) => CliRunner.Run([.. args, "--db", Database]);

    public async Task<IReadOnlyList<TrialRecord>> Trials(string sweepId)
    {
        await using var session = await StoreSession.OpenAsync(Database);
        return session.Reader.Trials(sweepId);
    }

    public void Dispose() => _folder.Dispose();

    private string Run(string file)
    {
        var (exitCode, output) = Sweep("run", file, "--device", "cpu", "--checkpoints", Path.Combine(Folder, "checkpoints"));
        if (exitCode != 0)
            throw new InvalidOperationException($"the sweep {file} failed: {output}");
        return output.Split('\n')[0].Trim();
    }
}

public sealed partial class ReportSpecs(ReportedSweeps sweeps) : IClassFixture<ReportedSweeps>
{
    private (string Html, string Markdown, string Folder) Report(string sweepId, params string[] options)
    {
        var folder = Path.Combine(sweeps.Folder, "report-" + sweepId + string.Concat(options));
        var (exitCode, output) = sweeps.Sweep(["report", sweepId, "--out", folder, .. options]);
        Assert.True(exitCode == 0, output);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Path.Combine(folder, "report.html"), Path.Combine(folder, "report.md")], printed);
        return (File.ReadAllText(printed[0]), File.ReadAllText(printed[1]), folder);
    }

    [Fact]
    public async Task The_quickstart_report_shows_every_trial_and_every_figure_is_a_valid_image_of_the_documented_size()
    {
        var (html, markdown, folder) = Report(sweeps.QuickstartId);

        var trials = await sweeps.Trials(sweeps.QuickstartId);
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Contains(t.TrialId, html));
        Assert.All(trials, t => Assert.Contains($"| {t.TrialId} |", markdown));
        var figures = FigureLinks().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        // Per trial curves, two factor overlays, the best trial's confusion matrix, size, time, all curves together,
        // the best so far and a slice per varied parameter.
        Assert.Equal(trials.Count + 9, figures.Count);
        Assert.All(trials, t => Assert.Contains($"figures/curves-{t.TrialId}.png", figures));
        Assert.Contains("figures/accuracy-vs-parameters.png", figures);
        AssertValidFigures(folder, figures);
        // The HTML draws every figure itself (and parallel coordinates besides), so it works copied alone.
        Assert.Equal(figures.Count + 1, Regex.Count(html, "<div class=\"chart\""));
        Assert.Equal(figures.Count, Regex.Count(html, "<figcaption>[^<]*\\(<a href=\"figures/[^\"]+\\.png\">PNG</a>"));
    }

    [Fact]
    public async Task The_ablation_reports_grouped_numbers_equal_to_those_computed_from_the_read_model()
    {
        var trials = await sweeps.Trials(sweeps.AblationId);
        Assert.Equal(10, trials.Count);
        var (_, markdown, folder) = Report(sweeps.AblationId);
        var figures = FigureLinks().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        // Ten trials' curves, three overlays (two factors, the variants), confusion matrix, size, time, all curves
        // together, the best so far, two slices, and the parameter importance (ten trials with the metric: enough).
        Assert.Equal(10 + 11, figures.Count);
        Assert.Contains("figures/parameter-importance.png", figures);
        AssertValidFigures(folder, figures);
        Assert.All(trials, t => Assert.Contains($"| {t.TrialId} |", markdown));

        double[] Accuracies(string label) => [.. trials.Where(t => t.Label == label).Select(t => t.Outcome!.Test!.Accuracy)];
        static double Std(double[] v) => Math.Sqrt(v.Sum(x => (x - v.Average()) * (x - v.Average())) / (v.Length - 1));
        var baseMean = Accuracies("base").Average();
        foreach (var (factor, values) in new[] { ("model.blocks[0].filters", new[] { "8" }), ("training.optimizer.learning_rate", ["0.01", "0.0003"]) })
        {
            var (exitCode, output) = sweeps.Sweep("leaderboard", sweeps.AblationId, "--by", factor, "--json");
            Assert.True(exitCode == 0, output);
            var table = JsonDocument.Parse(output).RootElement;
            var rows = table.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(values.Length + 1, rows.Count);
            Assert.EndsWith("(base)", rows[0].GetProperty("value").GetString());
            Assert.Equal(baseMean, rows[0].GetProperty("mean").GetDouble(), 12);
            for (var i = 0; i < values.Length; i++)
            {
                var row = rows[i + 1];
                var accuracies = Accuracies($"{factor}={values[i]}");
                Assert.Equal((values[i], 2), (row.GetProperty("value").GetString(), row.GetProperty("count").GetInt32()));
                Assert.Equal(accuracies.Average(), row.GetProperty("mean").GetDouble(), 12);
                Assert.Equal(Std(accuracies), row.GetProperty("std").GetDouble(), 12);
                Assert.Equal(accuracies.Average() - baseMean, row.GetProperty("diff_to_base").GetDouble(), 12);
                // The report prints the same numbers: value | n | mean | std | vs base.
                Assert.Contains($"| {values[i]} | 2 | {accuracies.Average() * 100:F2}% | {Std(accuracies) * 100:F2}% | {(accuracies.Average() - baseMean) * 100:+0.00;-0.00} pt |", markdown);
            }
        }
        var wider = Accuracies("wider-and-slower");
        Assert.Contains($"| wider-and-slower | model.blocks[0].filters=8, training.optimizer.learning_rate=0.001 | 2 | {wider.Average() * 100:F2}% |", markdown);
    }

    [Fact]
    public async Task The_html_renders_in_headless_chromium_with_no_script_error_and_sorts_its_leaderboard()
    {
        var (html, _, folder) = Report(sweeps.AblationId);
        // A copy with a probe that runs first: it records script errors, then on load sorts a column.
        var probe = Path.Combine(folder, "probe.html");
        File.WriteAllText(probe, html.Replace("<head>", "<head>\n<script>" + Probe + "</script>", StringComparison.Ordinal));
        var dom = await HeadlessChromium.RunAsync(probe, "--dump-dom");
        var result = JsonDocument.Parse(WebUtility.HtmlDecode(ProbeResult().Match(dom).Groups[1].Value)).RootElement;
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var sorted = result.GetProperty("testLoss").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(10, sorted.Count);
        Assert.Equal(sorted.Order(), sorted);

        var screenshot = Path.Combine(folder, "screenshot.png");
        await HeadlessChromium.RunAsync(Path.Combine(folder, "report.html"), $"--screenshot={screenshot}", "--window-size=1280,2000");
        using var shot = SKBitmap.Decode(screenshot);
        var colours = new HashSet<SKColor>();
        var ink = 0;
        for (var y = 0; y < shot.Height; y += 4)
        {
            for (var x = 0; x < shot.Width; x += 4)
            {
                var pixel = shot.GetPixel(x, y);
                colours.Add(pixel);
                ink += pixel.Red + pixel.Green + pixel.Blue < 600 ? 1 : 0;
            }
        }
        Assert.True(colours.Count > 50 && ink > shot.Width * shot.Height / 16 / 50, $"the page looks blank: {colours.Count} colours, {ink} inked samples");
    }

    [Fact]
    public async Task Every_chart_of_a_searched_sweeps_report_renders_in_headless_chromium_with_a_series_per_trial_mark()
    {
        var trials = await sweeps.Trials(sweeps.SearchedId);
        Assert.Contains(trials, t => t.State == TrialLifecycle.Stopped);
        var epochs = new Dictionary<string, IReadOnlyList<EpochMetrics>>();
        foreach (var trial in trials)
            epochs[trial.TrialId] = await Epochs(sweeps.SearchedId, trial.TrialId);
        Assert.Contains(trials, t => epochs[t.TrialId].Count == 1);
        var (_, markdown, folder) = Report(sweeps.SearchedId, "--metric", "val_accuracy");

        var dom = await HeadlessChromium.RunAsync(Path.Combine(folder, "report.html"), "--dump-dom");

        Assert.Matches("<html[^>]* data-errors=\"0\"", dom);
        var charts = ChartBoxes().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => ChartData().Matches(m.Value).ToDictionary(d => d.Groups[1].Value, d => d.Groups[2].Value));
        // Every trial here has a validation accuracy; the stopped ones at the epoch they were stopped after.
        var marks = trials.Select(t => TrialMarks.Of(t.State)).Distinct().Count();
        var best = trials.MaxBy(t => t.Outcome?.Validation?.Accuracy ?? -1)!;
        var expected = new Dictionary<string, int>
        {
            ["learning-curves"] = 2 * trials.Count,
            ["best-so-far"] = marks + 1,
            ["slice-training-optimizer-learning-rate"] = marks,
            ["slice-model-blocks-0-filters"] = marks,
            ["parallel-coordinates"] = marks,
            ["accuracy-vs-parameters"] = marks + 1,
            ["epoch-time"] = 1,
            [$"confusion-{best.TrialId}"] = 1,
        };
        foreach (var trial in trials)
            expected[$"curves-{trial.TrialId}"] = 4;
        // The marginal tables' overlays: a line per value.
        foreach (var factor in trials.SelectMany(t => t.Overrides.Keys).Distinct())
            expected[$"by-{ReportBuilder.Slug(factor)}"] = trials.Select(t => t.Overrides[factor]).Distinct().Count();
        Assert.Equal(expected.Keys.Order(), charts.Keys.Order());
        foreach (var (name, data) in charts)
        {
            Assert.False(data.ContainsKey("failed"), $"{name}: {data.GetValueOrDefault("failed")}");
            Assert.Equal((name, expected[name]), (name, int.Parse(data["series"], System.Globalization.CultureInfo.InvariantCulture)));
            var (items, shapes) = (int.Parse(data["items"], System.Globalization.CultureInfo.InvariantCulture), int.Parse(data["shapes"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(items > 0 && shapes >= items, $"{name}: {shapes} shapes drawn for {items} points");
        }
        // The log-sampled rate is drawn on a log axis; stopped trials are marked in the leaderboard too.
        Assert.Contains("\"type\":\"log\",\"name\":\"training.optimizer.learning_rate\"", File.ReadAllText(Path.Combine(folder, "report.html")));
        Assert.Contains("| ▲ stopped |", markdown);
        Assert.Contains("| rank | trial | label | state | training.optimizer.learning_rate | model.blocks[0].filters | epochs |", markdown);
    }

    [Fact]
    public async Task A_k_fold_trial_is_ranked_by_its_fold_means_and_reported_with_per_epoch_bands_and_its_learning_rate()
    {
        var trial = Assert.Single(await sweeps.Trials(sweeps.FoldedId));
        var (exitCode, output) = sweeps.Sweep("leaderboard", sweeps.FoldedId, "--json");
        Assert.True(exitCode == 0, output);
        var row = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        var folds = trial.Outcome!.Folds!;
        Assert.Equal(3, folds.Folds);
        Assert.Equal(folds.ValAccuracy.Mean, row.GetProperty("val_accuracy").GetDouble());
        Assert.Equal(folds.TestAccuracy!.Mean, row.GetProperty("test_accuracy").GetDouble());
        // The detail line was written from the same means.
        Assert.Contains($"val_accuracy {folds.ValAccuracy.Mean:F4} ± {folds.ValAccuracy.Std:F4}", trial.Outcome.Detail);

        var (_, markdown, folder) = Report(sweeps.FoldedId);
        var history = await Epochs(sweeps.FoldedId, trial.TrialId);
        Assert.Equal(9, history.Count);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            double[] accuracies = [.. history.Where(e => (e.Epoch - 1) % 3 + 1 == epoch).Select(e => e.ValAccuracy)];
            var mean = accuracies.Average();
            var std = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / 2);
            Assert.Contains($"| {epoch} | 3 | {mean * 100:F2}% | {std * 100:F2}% |", markdown);
        }
        Assert.True(File.Exists(Path.Combine(folder, "figures", $"folds-{trial.TrialId}.png")));
        Assert.True(File.Exists(Path.Combine(folder, "figures", "learning-rate.png")));
        Assert.Equal([0.001, 0.0005, 0.00025], history.Take(3).Select(e => e.LearningRate));
    }

    [Fact]
    public async Task An_embedding_of_a_trained_layer_keeps_the_classes_apart_and_an_unknown_layer_names_the_real_ones()
    {
        var trials = await sweeps.Trials(sweeps.QuickstartId);
        Assert.All(trials, t => Assert.True(t.Outcome?.Test is not null, $"{t.TrialId} {t.State} attempt {t.Attempt}: {t.Outcome?.Detail} {t.Error}"));
        var best = trials.MaxBy(t => t.Outcome!.Test!.Accuracy)!;
        var checkpoints = Path.Combine(sweeps.Folder, "checkpoints");

        var (_, markdown, folder) = Report(sweeps.QuickstartId, "--trial", best.TrialId, "--embedding", "dense0", "--embedding-sample", "300", "--checkpoints", checkpoints, "--device", "cpu");

        using var figure = SKBitmap.Decode(Path.Combine(folder, "figures", $"embedding-{best.TrialId}-dense0.png"));
        Assert.Equal((ReportFigures.Width, ReportFigures.Height), (figure.Width, figure.Height));
        var agreement = EmbeddingAgreement().Match(markdown);
        Assert.True(agreement.Success, markdown);
        // Ten classes: a layer that learned nothing would agree about one time in ten.
        Assert.InRange(double.Parse(agreement.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 60, 100);
        Assert.Contains("dense0 activations of 300 test images", markdown);

        var (exitCode, output) = sweeps.Sweep("report", sweeps.QuickstartId, "--out", Path.Combine(sweeps.Folder, "no-layer"), "--trial", best.TrialId,
            "--embedding", "conv9", "--checkpoints", checkpoints, "--device", "cpu");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("has no layer 'conv9'; its layers are block0, block1, flatten, dense0, logits", output);
    }

    private async Task<IReadOnlyList<EpochMetrics>> Epochs(string sweepId, string trialId)
    {
        await using var session = await StoreSession.OpenAsync(sweeps.Database);
        return session.Reader.Epochs(sweepId, trialId);
    }

    [Fact]
    public async Task A_running_sweeps_snapshot_reports_what_is_recorded_and_lists_the_trials_still_to_come()
    {
        var finished = await sweeps.Trials(sweeps.AblationId);
        var data = await ReportData.LoadAsync(Settings(), sweeps.AblationId, metric: null);
        // The same sweep as if caught mid-run: two trials running (one epoch so far), three not started.
        var running = finished.Skip(5).Take(2).Select(t => t.TrialId).ToHashSet();
        var queued = finished.Skip(7).Select(t => t.TrialId).ToHashSet();
        var snapshot = data with
        {
            Sweep = data.Sweep with { State = States.Running, EndedAt = null },
            Trials = [.. data.Trials.Select(t => running.Contains(t.TrialId) ? t with { State = TrialLifecycle.Running, Outcome = null, LastEpoch = 1 }
                : queued.Contains(t.TrialId) ? t with { State = TrialLifecycle.Queued, Outcome = null, Attempt = 0, LastEpoch = 0, Latest = null } : t)],
            Epochs = data.Epochs.ToDictionary(e => e.Key, e => queued.Contains(e.Key) ? [] : running.Contains(e.Key) ? e.Value.Take(1).ToList() : e.Value),
        };
        var folder = Path.Combine(sweeps.Folder, "snapshot");

        var files = SweepReport.Write(snapshot, folder, [], []);

        var markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("10: 5 completed, 0 early-stopped, 0 stopped by the scheduler, 0 diverged, 0 failed, 2 running, 3 queued", markdown);
        Assert.All(finished, t => Assert.Contains($"| {t.TrialId} |", markdown));
        Assert.Equal(7, files.Figures.Count(f => f.Name.StartsWith("curves-", StringComparison.Ordinal)));
        AssertValidFigures(folder, files.Figures.Select(f => f.Png));
    }

    private SweepSettings Settings() => new() { Store = new StoreSettings { Database = sweeps.Database } };

    [Fact]
    public async Task A_stages_sweep_runs_its_second_stage_on_the_first_ones_winner_and_the_report_names_each_winner()
    {
        var trials = await sweeps.Trials(sweeps.StagedId);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialLifecycle.Completed, t.State));
        var width = trials.Where(t => t.Position < 2).ToList();
        var winner = width.OrderByDescending(t => t.Outcome!.Validation!.Accuracy).ThenBy(t => t.Position).First();
        var faster = trials.Single(t => t.Position == 2);
        Assert.Equal(("faster", ((ConvBlockSpec)winner.Spec.Model.Blocks[0]).Filters, 0.01), (faster.Label, ((ConvBlockSpec)faster.Spec.Model.Blocks[0]).Filters, faster.Spec.Training.Optimizer.LearningRate));

        var (_, markdown, _) = Report(sweeps.StagedId);

        Assert.Contains("## Stages", markdown);
        Assert.Contains($"| 1 | width | 2 | ended | {winner.TrialId} | {winner.Label} | {winner.Outcome!.Validation!.Accuracy * 100:F2}% |", markdown);
        var second = new[] { winner, faster }.OrderByDescending(t => t.Outcome!.Validation!.Accuracy).ThenBy(t => t.Position).First();
        Assert.Contains($"| 2 | rate | 2 | ended | {second.TrialId} | {second.Label} |", markdown);
    }

    [Fact]
    public void Grouping_by_a_factor_the_sweep_did_not_vary_names_the_ones_it_did()
    {
        var (exitCode, output) = sweeps.Sweep("leaderboard", sweeps.AblationId, "--by", "training.epochs");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("did not vary 'training.epochs'", output);
        Assert.Contains("model.blocks[0].filters, training.optimizer.learning_rate, variants", output);
    }

    [Fact]
    public async Task A_trial_asked_for_gets_its_own_class_report_and_an_unknown_one_is_an_error()
    {
        var worst = (await sweeps.Trials(sweeps.AblationId)).MinBy(t => t.Outcome!.Test!.Accuracy)!;
        var (_, markdown, folder) = Report(sweeps.AblationId, "--trial", worst.TrialId);

        Assert.Contains($"## Class report of the trial {worst.TrialId}", markdown);
        Assert.True(File.Exists(Path.Combine(folder, "figures", $"confusion-{worst.TrialId}.png")));
        Assert.Contains("| Ankle boot |", markdown);

        var (exitCode, output) = sweeps.Sweep("report", sweeps.AblationId, "--out", Path.Combine(sweeps.Folder, "unknown"), "--trial", "0123456789ab");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Trial '0123456789ab' is not in sweep", output);
    }

    /// <summary>Each figure is a PNG and an SVG of the documented size.</summary>
    private static void AssertValidFigures(string folder, IEnumerable<string> figures)
    {
        foreach (var figure in figures)
        {
            using var image = SKBitmap.Decode(Path.Combine(folder, figure));
            Assert.True(image is not null, $"{figure} is not a PNG");
            Assert.Equal((ReportFigures.Width, ReportFigures.Height), (image.Width, image.Height));
            var svg = XDocument.Load(Path.Combine(folder, Path.ChangeExtension(figure, ".svg"))).Root!;
            Assert.Equal(("svg", $"{ReportFigures.Width}", $"{ReportFigures.Height}"), (svg.Name.LocalName, (string?)svg.Attribute("width"), (string?)svg.Attribute("height")));
        }
    }

    private const string Probe = """
        window.probeErrors = [];
        window.addEventListener("error", e => window.probeErrors.push(String(e.message || (e.target && e.target.src) || "error")), true);
        window.addEventListener("load", () => {
          const board = document.querySelector("table.sortable");
          const column = [...board.tHead.rows[0].cells].findIndex(th => th.textContent === "test loss");
          board.tHead.rows[0].cells[column].click();
          const testLoss = [...board.tBodies[0].rows].map(r => Number(r.cells[column].dataset.v));
          const out = document.createElement("pre");
          out.id = "probe";
          out.textContent = JSON.stringify({ errors: window.probeErrors, testLoss });
          document.body.appendChild(out);
        });
        """;

    [GeneratedRegex("<div class=\"chart\" id=\"chart-([^\"]+)\"[^>]*>")]
    private static partial Regex ChartBoxes();

    [GeneratedRegex("data-([a-z]+)=\"([^\"]*)\"")]
    private static partial Regex ChartData();

    [GeneratedRegex(@"!\[(?:\\.|[^\]\\])*\]\((figures/[^)]+\.png)\)")]
    private static partial Regex FigureLinks();

    [GeneratedRegex(@"([0-9.]+)% of the images have mostly their own class")]
    private static partial Regex EmbeddingAgreement();

    [GeneratedRegex("<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeResult();
}
