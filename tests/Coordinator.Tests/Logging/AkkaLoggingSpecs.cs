using SweepCluster.Coordinator.Tests.Cli;
using SweepCluster.TestSupport;

namespace SweepCluster.Coordinator.Tests.Logging;

/// <summary>Akka's own warnings go through Serilog (standard error, log file, Seq), never to standard output.</summary>
public sealed class AkkaLoggingSpecs : IDisposable
{
    private readonly SweepChildren _children = new();

    public void Dispose() => _children.Dispose();

    [Fact]
    public async Task Akka_warnings_reach_the_log_file_and_standard_error_not_standard_output()
    {
        // A node whose seed does not answer: remoting warns about the refused connection at once.
        var node = _children.Sweep("node", "--seed", $"127.0.0.1:{SweepChildren.FreePort()}", "--name", "lonely");
        var logs = Path.Combine(Path.GetDirectoryName(_children.WriteSweepFile("unused"))!, "logs");
        await Poll.Until(
            () => Directory.Exists(logs) && Directory.GetFiles(logs).SelectMany(Lines).Any(l => l.Contains("[WRN] akka.tcp://sweepcluster@") && l.Contains("Connection refused")),
            TimeSpan.FromMinutes(1), "no Akka warning reached the log file", TimeSpan.FromMilliseconds(250), () => node.HasExited);

        node.Kill(entireProcessTree: true);
        var (_, output, errors) = await SweepChildren.Finish(node, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("Connection refused", output);
        Assert.DoesNotContain("WARNING", output);
        Assert.Contains("Connection refused", errors);
    }

    /// <summary>A log file's lines, read while its writer still has it open.</summary>
    private static IEnumerable<string> Lines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }
}
