using System.Collections.Concurrent;
using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Dashboard;

/// <summary>`sweep ui` over a test's store, as a child process, and the URL of its dashboard once it answers.</summary>
internal static class DashboardServer
{
    public static async Task<string> StartAsync(SweepChildren children)
    {
        var port = SweepChildren.FreePort();
        var ui = children.Sweep("ui", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Its output is read as it comes, so a chatty log never fills the pipe and blocks the server.
        var log = new ConcurrentQueue<string>();
        ui.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        ui.ErrorDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        ui.BeginOutputReadLine();
        ui.BeginErrorReadLine();
        var root = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.Until(async () =>
            {
                try
                {
                    return (await http.GetAsync($"{root}/api/v1/sweeps")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromMinutes(2), "sweep ui never answered", every: TimeSpan.FromMilliseconds(250), abandon: () => ui.HasExited);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"{e.Message}:\n{string.Join('\n', log)}", e);
        }
        return root;
    }

    /// <summary>The dashboard's URL for a route (#/sweeps/ID, ...).</summary>
    public static string Page(string root, string route) => $"{root}/ui/{route}";
}
