using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Serilog.Events;

namespace SweepCluster.Coordinator.Hosting;

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

    private static void Write(LogEventLevel level, Akka.Event.LogEvent e, Exception? cause) =>
        Serilog.Log.ForContext("SourceContext", e.LogSource).Write(level, cause, "{AkkaMessage}", e.Message?.ToString());
}
