using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Reports;
using SweepCluster.Messages.Serialization;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// A client of coordinators' HTTP API: one ordinary connection (through NAT, a port-forward or an
/// ingress). Given several coordinators, it asks the next when one cannot be reached.
/// </summary>
public sealed class CoordinatorClient : ISweepSource
{
    private static readonly JsonSerializerOptions Json = new(SpecJson.Options) { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StartingGrace = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _coordinators;

    /// <param name="coordinators">Base URLs (http://host:port or https://...).</param>
    /// <param name="token">The bearer token, when the coordinator requires one.</param>
    /// <param name="authority">A private CA (PEM) that signed the coordinator's certificate.</param>
    public CoordinatorClient(IReadOnlyList<Uri> coordinators, string? token, X509Certificate2? authority)
    {
        _coordinators = coordinators;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (authority is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(authority, certificate, errors);
        // Answers wait for a command's effect for up to 30 s; reports take longer to draw. Event streams have no limit.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<(SweepDocument Sweep, bool Created)> SubmitAsync(string file, string text)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "sweeps") { Content = JsonContent.Create(new SubmitSweepRequest(file, text), options: Json) });
        return (await Read<SweepDocument>(response), response.StatusCode == HttpStatusCode.Created);
    }

    public async Task<IReadOnlyList<SweepDocument>> SweepsAsync() => await Get<List<SweepDocument>>("sweeps");

    public Task<SweepStatus> StatusAsync(string sweepId) => Get<SweepStatus>($"sweeps/{Escape(sweepId)}");

    public Task<LeaderboardDocument> LeaderboardAsync(string sweepId, string metric, int? top, string? state) =>
        Get<LeaderboardDocument>($"sweeps/{Escape(sweepId)}/trials?metric={Escape(metric)}{(top is { } n ? $"&top={n}" : "")}{(state is null ? "" : "&state=" + Escape(state))}");

    public Task<GroupTable> GroupsAsync(string sweepId, string by, string metric) =>
        Get<GroupTable>($"sweeps/{Escape(sweepId)}/groups?by={Escape(by)}&metric={Escape(metric)}");

    public Task<TrialDocument> TrialAsync(string trialId) => Get<TrialDocument>($"trials/{Escape(trialId)}");

    public Task<SweepDocument> CancelAsync(string sweepId) => Post<SweepDocument>($"sweeps/{Escape(sweepId)}/cancel");

    public Task<SweepDocument> ResumeAsync(string sweepId, bool allowChangedData = false) =>
        Post<SweepDocument>($"sweeps/{Escape(sweepId)}/resume" + (allowChangedData ? "?allow_changed_data=true" : ""));

    /// <summary>The report as a zip of its HTML, Markdown and figures.</summary>
    public async Task<byte[]> ReportAsync(string sweepId, string? metric)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"sweeps/{Escape(sweepId)}/report?format=zip{(metric is null ? "" : "&metric=" + Escape(metric))}"));
        await Succeeded(response);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// The sweep's events after <paramref name="after"/> until the one that ends it: when the stream
    /// drops (a coordinator restarts), it reconnects with the last id seen, so nothing is missed or repeated.
    /// </summary>
    public async IAsyncEnumerable<SweepEventDocument> EventsAsync(string sweepId, long after, [EnumeratorCancellation] CancellationToken cancel)
    {
        var last = after;
        while (true)
        {
            var (ended, received, dropped) = (false, false, false);
            await using (var events = StreamAsync(sweepId, last, cancel).GetAsyncEnumerator(cancel))
            {
                while (true)
                {
                    try
                    {
                        if (!await events.MoveNextAsync())
                            break;
                    }
                    catch (Exception x) when (!cancel.IsCancellationRequested && x is HttpRequestException or IOException or ApiRequestException { Retryable: true })
                    {
                        dropped = true; // or the coordinator is restarting: reconnect after the last event seen
                        break;
                    }
                    var e = events.Current;
                    (last, received) = (e.Id, true);
                    yield return e;
                    ended = e.Type is "sweep-completed" or "sweep-cancelled";
                }
            }
            // A stream that ended with nothing after the last id seen: the sweep had already ended there.
            if (ended || (!dropped && !received && await HasEndedAsync(sweepId)))
                yield break;
            await Task.Delay(Reconnect, cancel);
        }
    }

    private async Task<bool> HasEndedAsync(string sweepId)
    {
        try
        {
            return !(await StatusAsync(sweepId)).Sweep.IsRunning;
        }
        catch (ApiRequestException e) when (e.Retryable)
        {
            return false; // no coordinator to ask now: follow on when one is back
        }
    }

    private async IAsyncEnumerable<SweepEventDocument> StreamAsync(string sweepId, long after, [EnumeratorCancellation] CancellationToken cancel)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"sweeps/{Escape(sweepId)}/events");
            request.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            return request;
        }, HttpCompletionOption.ResponseHeadersRead, cancel);
        await Succeeded(response);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
        var fields = new Dictionary<string, string>();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0)
            {
                if (fields.TryGetValue("id", out var id) && fields.TryGetValue("event", out var type) && fields.TryGetValue("data", out var data))
                    yield return new SweepEventDocument(long.Parse(id, CultureInfo.InvariantCulture), type, JsonNode.Parse(data)!);
                fields.Clear();
            }
            else if (!line.StartsWith(':') && line.IndexOf(':') is > 0 and var colon)
            {
                fields[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
            }
        }
    }

    private async Task<T> Get<T>(string path)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path));
        return await Read<T>(response);
    }

    private async Task<T> Post<T>(string path)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path));
        return await Read<T>(response);
    }

    /// <summary>
    /// Sends to the first coordinator that can be reached. One that answers 503 (starting, or joining
    /// its cluster again) is asked again, the others first, for up to <see cref="StartingGrace"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + StartingGrace;
        while (true)
        {
            var failures = new List<string>();
            HttpResponseMessage? starting = null;
            foreach (var coordinator in _coordinators)
            {
                using var message = request();
                message.RequestUri = new Uri(coordinator, ApiEndpoints.Prefix.TrimStart('/') + "/" + message.RequestUri);
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(message, completion, cancel);
                }
                catch (HttpRequestException e) when (!cancel.IsCancellationRequested)
                {
                    failures.Add($"{coordinator}: {e.Message}");
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    starting?.Dispose();
                    return response;
                }
                starting?.Dispose();
                starting = response;
            }
            if (starting is not null && DateTime.UtcNow < deadline)
            {
                starting.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1), cancel);
                continue;
            }
            return starting ?? throw new ApiRequestException(
                $"No coordinator could be reached ({string.Join("; ", failures)}): is one running there, with --api-port, and does the URL's scheme (http or https) match?", [], retryable: true);
        }
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        await Succeeded(response);
        return await response.Content.ReadFromJsonAsync<T>(Json)
            ?? throw new ApiRequestException($"The coordinator answered {response.RequestMessage?.RequestUri} with an empty body.", []);
    }

    /// <summary>Turns an error answer (a problem document) into an exception that says what the coordinator said.</summary>
    private static async Task Succeeded(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
            return;
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? problem = null;
        try
        {
            problem = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }
        var detail = (string?)problem?["detail"] ?? (string?)problem?["title"] ?? (text.Length > 0 && text.Length < 500 ? text : response.ReasonPhrase);
        var errors = problem?["errors"] is JsonArray list
            ? [.. list.Select(e => $"{e?["file"]}:{e?["line"]}:{e?["column"]}: {e?["path"]}: {e?["message"]}")]
            : Array.Empty<string>();
        throw new ApiRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}", errors, retryable: response.StatusCode == HttpStatusCode.ServiceUnavailable);
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static bool TrustedBy(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true; // the system's CAs trust it
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A coordinator refused a request or could not be reached; <see cref="Details"/> lists the particulars (a sweep file's errors).</summary>
/// <param name="retryable">No coordinator could be reached, or it was starting: the same request may succeed later.</param>
public sealed class ApiRequestException(string message, IReadOnlyList<string> details, bool retryable = false) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details;

    public bool Retryable { get; } = retryable;
}
