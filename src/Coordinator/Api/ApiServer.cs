using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using SweepCluster.Coordinator.Configuration;
using SweepCluster.Coordinator.Dashboard;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The coordinator's HTTP API (<c>/api/v1</c>) on its own listener of the process's Kestrel server:
/// loopback unless a token guards it (or the operator says <c>--insecure-api</c>), HTTPS when given a
/// PEM certificate, a bearer token on every request when one is configured, bounded bodies and
/// header times, and every failure an RFC 7807 problem document.
/// </summary>
public sealed class ApiServer : IHttpEndpoints
{
    /// <summary>A sweep file at its character limit, every character escaped in JSON, fits.</summary>
    public const long MaxBodyBytes = 4L * 1024 * 1024;
    private readonly ApiSettings _settings;
    private readonly SweepService _service;
    private readonly IPAddress _address;
    private readonly byte[]? _token;
    private readonly X509Certificate2? _certificate;

    /// <exception cref="SettingsException">The address, token file or certificate is unusable, or a non-loopback address has no token.</exception>
    public ApiServer(ApiSettings settings, SweepService service)
    {
        _settings = settings;
        _service = service;
        _address = IPAddress.TryParse(settings.Address, out var address) ? address
            : throw new SettingsException($"Api:Address (--api-address) '{settings.Address}' is not an IP address; use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).");
        _token = settings.TokenFile is { } file ? Encoding.UTF8.GetBytes(ApiTokens.Read(file, "Api:TokenFile")) : null;
        if (_token is null && !IPAddress.IsLoopback(_address) && !settings.Insecure)
        {
            throw new SettingsException(
                $"The API would listen on {settings.Address} with no token: anyone who reaches it could submit and cancel sweeps. " +
                "Set Api:TokenFile (a file holding the token; SWEEP_Api__TokenFile) or listen on 127.0.0.1, or pass --insecure-api to accept that.");
        }
        _certificate = settings.Certificate is { } certificate ? ApiTokens.Certificate(certificate, settings.Key) : null;
        if (settings.Key is not null && _certificate is null)
            throw new SettingsException("Api:Key is set without Api:Certificate: give the certificate (PEM) too, or neither for plain HTTP.");
    }

    public int Port => _settings.Port ?? throw new InvalidOperationException("The API has no port.");

    /// <summary>Where clients reach it from this machine.</summary>
    public string Url => Root + ApiEndpoints.Prefix;

    /// <summary>Its scheme, host and port, as clients on this machine reach it.</summary>
    public string Root => $"{(_certificate is null ? "http" : "https")}://{(IPAddress.Any.Equals(_address) ? IPAddress.Loopback : _address)}:{Port}";

    public void Configure(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(_address, Port, listen =>
            {
                if (_certificate is not null)
                    listen.UseHttps(_certificate);
            });
            // A slow or idle client is cut off instead of holding a connection (and a thread of the pool) for good.
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MaxConcurrentConnections = 1000;
            kestrel.Limits.MinRequestBodyDataRate = new(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddProblemDetails();
        // The OpenAPI schemas and problem documents follow these: the names and enum texts of what is served.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in Messages.Serialization.SpecJson.Options.Converters)
                json.SerializerOptions.Converters.Add(converter);
            json.SerializerOptions.PropertyNamingPolicy = Messages.Serialization.SpecJson.Options.PropertyNamingPolicy;
        });
        builder.Services.AddOpenApi(ApiEndpoints.Version, ApiEndpoints.Describe);
    }

    public void Map(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(Guard);
        ApiEndpoints.Map(app, _service);
        DashboardEndpoints.Map(app);
    }

    /// <summary>The API only on its own listener, only with the token, and its failures as problem documents.</summary>
    private async Task Guard(HttpContext context, RequestDelegate next)
    {
        var onApiPort = context.Connection.LocalPort == Port;
        var path = context.Request.Path;
        if (path == "/" || path.StartsWithSegments(DashboardEndpoints.Prefix))
        {
            // The dashboard's files hold no data: the token guards what the page then asks the API.
            if (onApiPort)
                await next(context);
            else
                await Problem(context, new ApiProblem(404, "Not found", $"The dashboard is served on the API's port {Port}, not this one (health and metrics only)."));
            return;
        }
        if (!path.StartsWithSegments("/api"))
        {
            // Health and metrics stay on their own port: the API's may face the internet.
            if (onApiPort)
                await Problem(context, new ApiProblem(404, "Not found", $"This port serves the API under {ApiEndpoints.Prefix} and the dashboard under {DashboardEndpoints.Prefix}/ alone."));
            else
                await next(context);
            return;
        }
        if (!onApiPort)
        {
            await Problem(context, new ApiProblem(404, "Not found", $"The API is served on port {Port}, not this one (health and metrics only)."));
            return;
        }
        if (_token is not null && !Authorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem(context, new ApiProblem(401, "Unauthorized", "This API needs the header Authorization: Bearer TOKEN, with the coordinator's token."));
            return;
        }
        try
        {
            await next(context);
        }
        catch (ApiProblem problem) when (!context.Response.HasStarted)
        {
            await Problem(context, problem);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var detail = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body is over the API's limit of {MaxBodyBytes / (1024 * 1024)} MiB; sweep files are limited to {SweepService.MaxSourceLength:N0} characters."
                : "The request could not be read: " + e.Message;
            await Problem(context, new ApiProblem(e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), detail));
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            Log.Error(e, "The API could not answer {Method} {Path}", context.Request.Method, context.Request.Path.Value);
            await Problem(context, new ApiProblem(500, "Internal error", "The coordinator could not answer; its log has the details."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An answer already under way (an event stream) can only be cut: say why here, Kestrel logs nothing.
            Log.Warning(e, "The API's answer to {Method} {Path} broke off", context.Request.Method, context.Request.Path.Value);
            throw;
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _token);
    }

    public static Task Problem(HttpContext context, ApiProblem problem)
    {
        var errors = problem.Errors.Select(e => new Dictionary<string, object?>
        {
            ["file"] = e.File,
            ["line"] = e.Line,
            ["column"] = e.Column,
            ["path"] = e.Path,
            ["message"] = e.Message,
        }).ToList();
        return Results.Problem(problem.Message, context.Request.Path, problem.Status, problem.Title,
            extensions: errors.Count == 0 ? null : new Dictionary<string, object?> { ["errors"] = errors }).ExecuteAsync(context);
    }
}
