using System.Collections.Concurrent;
using System.Text.Json;

namespace SweepCluster.TestSupport.Browser;

/// <summary>
/// One tab: navigate, evaluate script, take screenshots, and every error the page reported (uncaught
/// exceptions, console.error, and the browser's log errors such as CSP violations and failed loads).
/// </summary>
public sealed class BrowserPage
{
    private readonly DevToolsConnection _connection;
    private readonly string _session;
    private readonly string _target;
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserPage(DevToolsConnection connection, string session, string target)
    {
        _connection = connection;
        _session = session;
        _target = target;
    }

    /// <summary>What went wrong in the page so far, one line each.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    internal static async Task<BrowserPage> OpenAsync(DevToolsConnection connection, string session, string target)
    {
        var page = new BrowserPage(connection, session, target);
        connection.EventReceived += page.Observe;
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
            await connection.SendAsync(domain, sessionId: session);
        return page;
    }

    private void Observe(string method, JsonElement parameters, string? session)
    {
        if (session != _session)
            return;
        switch (method)
        {
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                _errors.Enqueue($"exception: {(details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString() : details.GetProperty("text").GetString())}");
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                _errors.Enqueue($"console.error: {string.Join(' ', parameters.GetProperty("args").EnumerateArray().Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var t) ? t.GetString() : "?"))}");
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = parameters.GetProperty("entry");
                _errors.Enqueue($"log ({entry.GetProperty("source").GetString()}): {entry.GetProperty("text").GetString()} {(entry.TryGetProperty("url", out var u) ? u.GetString() : "")}");
                break;
        }
    }

    public async Task NavigateAsync(string url) =>
        await _connection.SendAsync("Page.navigate", new { url }, _session);

    /// <summary>The value of a script expression (a promise is awaited), as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await _connection.SendAsync("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, _session);
        if (result.TryGetProperty("exceptionDetails", out var failure))
            throw new InvalidOperationException($"{expression} threw: {failure}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Evaluates <paramref name="expression"/> until it is true, for at most <paramref name="within"/>.</summary>
    public Task WaitForAsync(string expression, TimeSpan within, string failure) =>
        Poll.Until(async () =>
        {
            try
            {
                return (await EvaluateAsync(expression)).ValueKind == JsonValueKind.True;
            }
            catch (InvalidOperationException)
            {
                return false; // a navigation replaced the context between two polls
            }
        }, within, failure);

    /// <summary>Closes the tab; its errors stay readable.</summary>
    public async Task CloseAsync()
    {
        _connection.EventReceived -= Observe;
        await _connection.SendAsync("Target.closeTarget", new { targetId = _target });
    }

    /// <summary>A PNG of the whole page, as long as its content.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await _connection.SendAsync("Page.getLayoutMetrics", sessionId: _session);
        var size = metrics.GetProperty("cssContentSize");
        var clip = new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 };
        var shot = await _connection.SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true, clip }, _session);
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }
}
