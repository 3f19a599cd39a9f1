using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Spectre.Console;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Configuration;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// The options of a command that asks a coordinator's HTTP API instead of reading the store:
/// <c>--coordinator URL</c> (repeatable: the next is asked when one cannot be reached), the token
/// (<c>--token-file</c>, else the SWEEP_API_TOKEN variable; never the token itself on a command line)
/// and a private CA to trust (<c>--ca-file</c>).
/// </summary>
public sealed class CoordinatorAccess
{
    private readonly Option<string[]> _coordinators;
    private readonly Option<string?> _tokenFile = new("--token-file") { Description = $"A file holding the coordinator's API token (else the {ApiTokens.Variable} variable)." };
    private readonly Option<string?> _authority = new("--ca-file") { Description = "A CA certificate (PEM) to trust for the coordinator's HTTPS certificate, besides the system's CAs." };

    public CoordinatorAccess(Command command, bool required)
    {
        _coordinators = new Option<string[]>("--coordinator")
        {
            Description = required
                ? "A coordinator's API as http(s)://HOST:PORT (repeat for several)."
                : "Ask a coordinator's API at http(s)://HOST:PORT (repeat for several) instead of reading the store.",
            Required = required,
            AllowMultipleArgumentsPerToken = false,
        };
        _coordinators.Validators.Add(r =>
        {
            foreach (var value in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (Url(value) is null)
                    r.AddError($"--coordinator {value}: expected http://HOST:PORT or https://HOST:PORT, such as http://localhost:8080 (the coordinator's --api-port).");
            }
        });
        command.Add(_coordinators);
        command.Add(_tokenFile);
        command.Add(_authority);
    }

    public bool IsGiven(ParseResult parse) => parse.GetValue(_coordinators) is { Length: > 0 };

    /// <summary>The coordinator named by --coordinator, else the store read here.</summary>
    /// <param name="warnings">Where the store's reader says which sweeps it cannot read all of.</param>
    public async Task<ISweepSource> OpenAsync(ParseResult parse, SweepSettings settings, IAnsiConsole? warnings) =>
        IsGiven(parse) ? Connect(parse) : await StoreSource.OpenAsync(settings, warnings);

    public CoordinatorClient Connect(ParseResult parse)
    {
        var token = parse.GetValue(_tokenFile) is { } file ? ApiTokens.Read(file, "--token-file")
            : Environment.GetEnvironmentVariable(ApiTokens.Variable) is { Length: > 0 } variable ? variable.Trim()
            : null;
        return new CoordinatorClient([.. parse.GetValue(_coordinators)!.Select(c => Url(c)!)], token, Authority(parse.GetValue(_authority)));
    }

    private static Uri? Url(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 ? url : null;

    private static X509Certificate2? Authority(string? file)
    {
        if (file is null)
            return null;
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SettingsException($"--ca-file: cannot read {file} as a PEM certificate: {e.Message}");
        }
    }
}
