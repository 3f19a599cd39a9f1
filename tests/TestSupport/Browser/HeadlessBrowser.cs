using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SweepCluster.TestSupport.Browser;

/// <summary>
/// Debian's Chromium, headless, driven through the DevTools protocol, with a profile of its own and
/// nothing that reaches for the network. Disposing it kills it and removes the profile.
/// </summary>
public sealed partial class HeadlessBrowser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly TemporaryFolder _profile;

    private HeadlessBrowser(Process process, TemporaryFolder profile, DevToolsConnection connection)
    {
        _process = process;
        _profile = profile;
        Connection = connection;
    }

    public DevToolsConnection Connection { get; }

    public static async Task<HeadlessBrowser> LaunchAsync(int width = 1400, int height = 1000)
    {
        var profile = new TemporaryFolder("chromium-cdp-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", $"--user-data-dir={profile.Path}",
            "--remote-debugging-port=0", "--remote-allow-origins=*", $"--window-size={width},{height}", "about:blank",
        ];
        foreach (var flag in flags)
            start.ArgumentList.Add(flag);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        try
        {
            var endpoint = await ReadEndpoint(process).WaitAsync(TimeSpan.FromSeconds(30));
            // The rest of standard error must still be drained, or Chromium blocks writing its log.
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            return new HeadlessBrowser(process, profile, await DevToolsConnection.ConnectAsync(endpoint));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    private static async Task<Uri> ReadEndpoint(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
                return new Uri(match.Groups[1].Value);
        }
        throw new InvalidOperationException($"chromium exited ({process.ExitCode}) before it listened for DevTools.");
    }

    /// <summary>A new tab, attached, with its console and log followed.</summary>
    public async Task<BrowserPage> NewPageAsync()
    {
        var target = await Connection.SendAsync("Target.createTarget", new { url = "about:blank" });
        var id = target.GetProperty("targetId").GetString()!;
        var attached = await Connection.SendAsync("Target.attachToTarget", new { targetId = id, flatten = true });
        return await BrowserPage.OpenAsync(Connection, attached.GetProperty("sessionId").GetString()!, id);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _profile.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();
}
