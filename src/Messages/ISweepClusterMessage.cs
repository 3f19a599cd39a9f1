namespace SweepCluster.Messages;

/// <summary>Everything that crosses a process boundary or enters the journal; binds the versioned serializer.</summary>
public interface ISweepClusterMessage;

/// <summary>A message about one sweep, routed and persisted by its id.</summary>
public interface IWithSweepId : ISweepClusterMessage
{
    string SweepId { get; }
}
