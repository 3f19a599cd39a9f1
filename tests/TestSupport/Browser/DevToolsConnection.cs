using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SweepCluster.TestSupport.Browser;

/// <summary>
/// The Chrome DevTools protocol over one WebSocket: commands matched to their replies by id, and
/// events handed to <see cref="EventReceived"/> (method, params, session id) as they arrive.
/// </summary>
public sealed class DevToolsConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _pump = Task.CompletedTask;
    private int _nextId;

    public event Action<string, JsonElement, string?>? EventReceived;

    public static async Task<DevToolsConnection> ConnectAsync(Uri endpoint)
    {
        var connection = new DevToolsConnection();
        // Screenshots of a long page come back as one message of several MB.
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(endpoint, CancellationToken.None);
        connection._pump = Task.Run(connection.PumpAsync);
        return connection;
    }

    /// <summary>Sends a command (to a page's session when <paramref name="sessionId"/> is set) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null, TimeSpan? limit = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (sessionId is not null)
            message["sessionId"] = sessionId;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        return await reply.Task.WaitAsync(limit ?? TimeSpan.FromSeconds(60));
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                    continue;
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or we are closing: whoever still waits learns below.
        }
        foreach (var waiting in _pending.Values)
            waiting.TrySetException(new InvalidOperationException("The browser closed the DevTools connection."));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
        {
            if (message.TryGetProperty("error", out var error))
                reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
            else
                reply.TrySetResult(message.GetProperty("result").Clone());
        }
        else if (message.TryGetProperty("method", out var method))
        {
            var session = message.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
            EventReceived?.Invoke(method.GetString()!, message.TryGetProperty("params", out var p) ? p.Clone() : default, session);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _pump;
        _socket.Dispose();
        _closing.Dispose();
    }
}
