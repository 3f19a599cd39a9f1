using System.Globalization;
using System.Net.Http.Headers;

/// <summary>
/// One client of a sweep's event stream (its own connection): when each trial event arrived against
/// the time the coordinator gave it, and whether the ids came 1, 2, 3... each once, up to the end.
/// </summary>
internal sealed class EventFollower(Uri api, string sweepId)
{
    private const string AtField = "\"at\":\"";
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first event (the submission): the stream is open and the follower live.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Every trial-dispatched and trial-finished event: its id, its <c>at</c> and when it arrived here.</summary>
    public List<TrialEventArrival> Arrivals { get; } = [];

    public long Events { get; private set; }

    public long LastId { get; private set; }

    /// <summary>Events whose id was not the one after the previous (a gap, a repeat, a step back).</summary>
    public int Misordered { get; private set; }

    /// <summary>Whether the stream ended with the sweep's last event.</summary>
    public bool Ended { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Follows until the sweep ends or <paramref name="stop"/>; a failure is kept in <see cref="Error"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/events"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            (long Id, string? Kind, string? Data) current = (0, null, null);
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.Length > 0)
                {
                    current = line.StartsWith("id: ", StringComparison.Ordinal) ? current with { Id = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture) }
                        : line.StartsWith("event: ", StringComparison.Ordinal) ? current with { Kind = line[7..] }
                        : line.StartsWith("data: ", StringComparison.Ordinal) ? current with { Data = line[6..] }
                        : current; // a keep-alive comment
                    continue;
                }
                if (current is not (_, { } kind, { } data))
                    continue;
                var arrived = DateTimeOffset.UtcNow;
                Record(current.Id, kind, data, arrived);
                _connected.TrySetResult();
                if (kind is "sweep-completed" or "sweep-cancelled")
                {
                    Ended = true;
                    return;
                }
                current = (0, null, null);
            }
        }
        catch (Exception e)
        {
            Error = e is OperationCanceledException ? "stopped at the time bound" : e.Message;
            _connected.TrySetException(e);
        }
    }

    private void Record(long id, string kind, string data, DateTimeOffset arrived)
    {
        if (id != LastId + 1)
            Misordered++;
        LastId = id;
        Events++;
        if (kind is not ("trial-dispatched" or "trial-finished"))
            return;
        // The event's own time is its last "at" (reports nested before it have none); no full parse on
        // a client that shares two cores with the server it measures.
        var start = data.LastIndexOf(AtField, StringComparison.Ordinal) + AtField.Length;
        // The server's JSON escapes the offset's '+'.
        var at = DateTimeOffset.Parse(data[start..data.IndexOf('"', start)].Replace("\\u002B", "+", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Arrivals.Add(new TrialEventArrival(id, at, arrived));
    }
}

/// <param name="At">The time the coordinator gave the event when it decided it.</param>
internal sealed record TrialEventArrival(long Id, DateTimeOffset At, DateTimeOffset Arrived)
{
    public double DelayMs => (Arrived - At).TotalMilliseconds;
}
