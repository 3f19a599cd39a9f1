namespace SweepCluster.GpuNode.Metrics;

/// <summary>
/// Early stopping on one monitored value, with the semantics of Keras's EarlyStopping callback: an
/// epoch improves only when it beats the best by more than min_delta, and training stops once
/// <c>patience</c> epochs in a row have not improved.
/// </summary>
public sealed class EarlyStoppingMonitor
{
    private readonly bool _maximize;
    private readonly int _patience;
    private readonly double _minDelta;
    private double _best;
    private int _sinceBest;
    private int? _lastEpoch;

    public EarlyStoppingMonitor(bool maximize, int patience, double minDelta)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!double.IsFinite(minDelta) || minDelta < 0)
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "min_delta must be a finite, non-negative number.");
        _maximize = maximize;
        _patience = patience;
        _minDelta = minDelta;
        // Starting from the worst value makes the first finite observation the best, as in Keras.
        _best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The epoch of the best value so far; null until some epoch has improved.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>The best value so far; null until some epoch has improved.</summary>
    public double? BestValue => BestEpoch is null ? null : _best;

    /// <summary>
    /// Records one epoch's value. An improving epoch never stops; otherwise training stops once the
    /// epochs since the best (counted as calls, like Keras's wait counter) reach patience, so patience 0
    /// stops at the first epoch that does not improve.
    /// </summary>
    public EpochDecision Observe(int epoch, double value)
    {
        if (epoch <= _lastEpoch)
            throw new ArgumentException($"Epoch {epoch} comes after epoch {_lastEpoch}; epochs must increase.", nameof(epoch));
        _lastEpoch = epoch;

        // Every comparison with NaN is false, so a NaN value is never an improvement.
        var improved = _maximize ? value > _best + _minDelta : value < _best - _minDelta;
        if (improved)
        {
            _best = value;
            BestEpoch = epoch;
            _sinceBest = 0;
            return new EpochDecision(Improved: true, Stop: false);
        }
        _sinceBest++;
        return new EpochDecision(Improved: false, Stop: _sinceBest >= _patience);
    }
}
