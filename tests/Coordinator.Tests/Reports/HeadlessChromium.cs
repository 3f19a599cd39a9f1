using System.Diagnostics;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Reports;

/// <summary>Debian's Chromium, headless, with nothing that reaches for the network (the test machine has none).</summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Loads a page from the file system and returns what Chromium printed (the DOM for --dump-dom).</summary>
    public static async Task<string> RunAsync(string page, params string[] args)
    {
        using var profile = new TemporaryFolder("chromium-profile-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.Path}", "--virtual-time-budget=5000",
        ];
        foreach (var arg in flags.Concat(args).Append(new Uri(page).AbsoluteUri))
            start.ArgumentList.Add(arg);
        using var chromium = Process.Start(start)!;
        var output = chromium.StandardOutput.ReadToEndAsync();
        var errors = chromium.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await chromium.WaitForExitAsync(limit.Token);
        Assert.True(chromium.ExitCode == 0, $"chromium exited with {chromium.ExitCode}: {await errors}");
        return await output;
    }
}
