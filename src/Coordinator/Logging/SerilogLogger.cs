using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Serilog.Events;

namespace SweepCluster.Coordinator.Logging;

/// <summary>
/// Akka's own log events (cluster membership, remoting, persistence) into Serilog, beside ours: on
/// standard error, in the log file and in Seq, never on standard output, where commands print JSON.
/// </summary>
public sealed class SerilogLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>The type name for <c>akka.loggers</c>.</summary>
    public static readonly string TypeName = $"{typeof(SerilogLogger).FullName}, {typeof(SerilogLogger).Assembly.GetName().Name}";

    public SerilogLogger()
    {
        Receive<Error>(e => Write(LogEventLevel.Error, e, e.Cause));
        Receive<Warning>(e => Write(LogEventLevel.Warning, e, null));
        Receive<Info>(e => Write(LogEventLevel.Information, e, null));
        Receive<Debug>(e => Write(LogEventLevel.Debug, e, null));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    private static void Write(LogEventLevel level, Akka.Event.LogEvent e, Exception? cause)
    {
        var message = e.Message?.ToString();
        // Upstream bug akkadotnet/akka.net#8568: every member warns this at start-up although the proxy finds
        // the singleton; warnings are for what an operator should act on, so it is kept at Debug.
        if (level == LogEventLevel.Warning && message?.StartsWith("ClusterSingletonProxy failed to find an associated singleton", StringComparison.Ordinal) == true)
            level = LogEventLevel.Debug;
        Serilog.Log.ForContext("SourceContext", e.LogSource).Write(level, cause, "{AkkaMessage}", message);
    }
}
