using System.Net.Http.Json;
using System.Text.Json;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;
using SweepCluster.TestSupport.Browser;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>
/// A real sweep run to its end by `sweep run` (six small random trials, two parameters, ASHA stopping
/// some), `sweep ui` serving its store, and a headless Chromium: shared by the specs that only read.
/// </summary>
public sealed class FinishedSweepSite : IAsyncLifetime
{
    private readonly SweepChildren _children = new();

    public HeadlessBrowser Browser { get; private set; } = null!;

    public string Root { get; private set; } = "";

    public string SweepId { get; private set; } = "";

    /// <summary>The trials document (GET /sweeps/{id}/trials) and the curves document.</summary>
    public JsonElement Trials { get; private set; }

    public JsonElement Curves { get; private set; }

    /// <summary>The analysis document by val_accuracy.</summary>
    public JsonElement Analysis { get; private set; }

    public async Task InitializeAsync()
    {
        var file = _children.WriteFile("dash.yaml", new TinySweep("dash")
        {
            Seed = 4,
            Subset = 600,
            TestSubset = 100,
            Epochs = 3,
            Search = """
                strategy: random
                samples: 10
                parameters:
                  training.optimizer.learning_rate: {loguniform: [0.0003, 0.03]}
                  model.blocks[0].filters: {choice: [4, 8]}
                """,
            Scheduler = "{type: asha, grace_period: 1, reduction_factor: 2}",
        }.Yaml());
        var run = _children.Sweep("run", file);
        SweepId = (await run.StandardOutput.ReadLineAsync())!.Trim();
        var (code, _, errors) = await SweepChildren.Finish(run, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, errors);
        Root = await DashboardServer.StartAsync(_children);
        using var http = new HttpClient();
        Trials = await http.GetFromJsonAsync<JsonElement>($"{Root}/api/v1/sweeps/{SweepId}/trials");
        Curves = await http.GetFromJsonAsync<JsonElement>($"{Root}/api/v1/sweeps/{SweepId}/curves");
        Analysis = await http.GetFromJsonAsync<JsonElement>($"{Root}/api/v1/sweeps/{SweepId}/analysis");
        Browser = await HeadlessBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _children.Dispose();
    }
}
