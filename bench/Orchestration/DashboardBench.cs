using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.GpuNode.Node;
using SweepCluster.Messages.Nodes;
using SweepCluster.Messages.Results;
using SweepCluster.Messages.Sweeps;
using SweepCluster.Search.SweepFiles;
using SweepCluster.TestSupport.Browser;

/// <summary>
/// The dashboard of a large sweep (issue 22): <c>dashboard-store</c> records a random search of
/// 10,000 trials trained by a no-op trainer into a store; <c>dashboard</c> loads a page of it
/// (served by <c>sweep ui</c>) in headless Chromium several times and reports the time from
/// navigation start to the page's <c>dashboard-ready</c> mark; <c>dashboard-shots</c> takes the
/// screenshots in docs/dashboard/.
/// </summary>
internal static class DashboardBench
{
    public static async Task<int> Store(string database, int trials)
    {
        var source = $$$"""
            name: dashboard-bench
            seed: 7
            dataset: {name: fashion-mnist, subset: 600}
            model:
              blocks:
                - {type: conv, filters: 8, kernel: 3, pool: {kind: max, size: 2}}
              head: {dense: [{units: 32, dropout: 0.2}]}
            training: {epochs: 3, optimizer: {kind: adam, learning_rate: 0.001}}
            search:
              strategy: random
              samples: {{{trials}}}
              parameters:
                training.optimizer.learning_rate: {loguniform: [0.00001, 0.1]}
                model.head.dense[0].dropout: {uniform: [0.0, 0.8]}
                model.head.dense[0].units: {int: [8, 512]}
                model.blocks[0].filters: {choice: [8, 16, 32, 64]}
            """;
        var plan = SweepExpander.Expand("dashboard-bench.yaml", source);
        // An id of the API's form (NAME-8 hex digits), the same on every run.
        var submit = Definitions.Submission($"dashboard-bench-{trials:x8}", plan, "dashboard-bench.yaml", source);
        var folder = Directory.CreateTempSubdirectory("bench-dashboard-").FullName;
        await using var host = EmbeddedHost.Start(database, CoordinatorSettings.Default(Path.Combine(folder, "checkpoints")), 64, "cpu", new CurveRunner(), TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        host.Broker.Tell(submit);
        var sweep = await host.Broker.Ask<IActorRef>(new OpenSweep(submit.SweepId));
        while ((await sweep.Ask<SweepState>(new GetSweepState(submit.SweepId))).Phase != SweepPhase.Completed)
            await Task.Delay(200);
        await Ranked.Wait(database, submit.SweepId, clock);
        Console.WriteLine($"{submit.SweepId}: {trials:N0} trials recorded in {clock.Elapsed.TotalSeconds:F0} s into {database}");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>Loads <paramref name="url"/> <paramref name="runs"/> times, each in a fresh tab, and prints each time to the ready mark and the median.</summary>
    public static async Task<int> Load(string url, int runs)
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var page = await browser.NewPageAsync();
            await page.NavigateAsync(url);
            await page.WaitForAsync("performance.getEntriesByName('dashboard-ready').length > 0", TimeSpan.FromMinutes(2), "the page never became ready");
            var ready = (await page.EvaluateAsync("performance.getEntriesByName('dashboard-ready')[0].startTime")).GetDouble();
            times.Add(ready);
            // The steps on the way (data fetched and parsed, tables drawn), where the page marks them.
            var steps = await page.EvaluateAsync("performance.getEntriesByType('mark').map(m => `${m.name.replace('dashboard-', '')} ${Math.round(m.startTime)} ms`).join(', ')");
            // Interactive: sorting the whole trials table by a header's click, where the page has one.
            var sort = await page.EvaluateAsync("(() => { const th = document.querySelector('[data-table=trials] th[data-key=val_accuracy]'); if (!th) return ''; const t = performance.now(); th.click(); return `, sort ${Math.round(performance.now() - t)} ms`; })()");
            Console.WriteLine($"run {run + 1}: {steps.GetString()}{sort.GetString()}{(page.Errors.Count > 0 ? "; errors: " + string.Join(" | ", page.Errors) : "")}");
            await page.CloseAsync();
        }
        times.Sort();
        Console.WriteLine($"median {times[times.Count / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms over {runs} runs");
        return 0;
    }

    /// <summary>PNGs of each page (route=name pairs) of the dashboard at <paramref name="root"/> into <paramref name="folder"/>.</summary>
    public static async Task<int> Shots(string root, string folder, string[] pages)
    {
        Directory.CreateDirectory(folder);
        await using var browser = await HeadlessBrowser.LaunchAsync(1280, 900);
        foreach (var pair in pages)
        {
            var (route, name) = (pair[..pair.LastIndexOf('=')], pair[(pair.LastIndexOf('=') + 1)..]);
            var page = await browser.NewPageAsync();
            await page.NavigateAsync($"{root}/ui/{route}");
            await page.WaitForAsync("document.body.dataset.ready !== undefined", TimeSpan.FromMinutes(1), $"{route} never became ready");
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), await page.ScreenshotAsync());
            Console.WriteLine($"{name}.png: {route}{(page.Errors.Count > 0 ? "; errors: " + string.Join(" | ", page.Errors) : "")}");
            await page.CloseAsync();
        }
        return 0;
    }

    public static int Int(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Three epochs of made-up but varied curves and a validation report, at once: no training.</summary>
internal sealed class CurveRunner : ITrialRunner
{
    public TrialOutcome Run(AssignTrial assignment, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        var random = new Random((int)(assignment.Spec.Seed % int.MaxValue));
        var ceiling = 0.6 + (0.3 * random.NextDouble());
        var accuracy = 0.0;
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            accuracy = ceiling * (1 - (0.5 / (epoch + 1)));
            onEpoch(new EpochMetrics(epoch, 1.5 - accuracy, accuracy + 0.02, 1.6 - accuracy, accuracy, 1e-3, 0.01 + (0.01 * random.NextDouble()), 5000));
        }
        var report = new ClassificationReport(100, accuracy, 1.6 - accuracy, [], [], new AveragedMetrics(0, 0, 0), new AveragedMetrics(0, 0, 0), null);
        return new TrialOutcome(TrialStatus.Completed, 3, report, report, null);
    }
}
