using System.CommandLine;
using System.Net;

namespace SweepCluster.Coordinator.Cli;

/// <summary>Options of the cluster commands: where this process listens, which seeds it joins.</summary>
public static class ClusterOptions
{
    public static Option<string> Host() => new("--host")
    {
        Description = "The interface remoting binds to (and the address other members reach this one at).",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public static Option<string?> PublicHost() => new("--public-host")
    {
        Description = "The name other members reach this one at, when not --host (a pod's DNS name). Left out while --host is 0.0.0.0: the address this machine's name resolves to (a pod's IP).",
    };

    public static Option<int> Port(int fallback, string description)
    {
        var option = new Option<int>("--port") { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<int>(r, out var port) && port is < 0 or > 65535)
                r.AddError("--port must be between 0 and 65535.");
        });
        return option;
    }

    public static Option<int?> HttpPort() => OptionalPort("--http-port",
        "Serve /healthz/live, /healthz/ready and /metrics (Prometheus) on this port, on every interface; off when left out. Setting Http:Port.");

    public static Option<int?> OptionalPort(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (ConvertedValue.TryGet<int?>(r, out var port) && port is < 1 or > 65535)
                r.AddError($"{name} must be between 1 and 65535.");
        });
        return option;
    }

    public static Option<string[]> Seeds(bool required) => HostPorts("--seed", required,
        "A seed node as HOST:PORT (repeat for several; the same list on every member).");

    /// <summary>The mutual TLS files, each with the setting it overrides; adds them to <paramref name="command"/>.</summary>
    public static (Option Option, string Key)[] AddTls(Command command)
    {
        (Option, string)[] options =
        [
            (new Option<string?>("--tls-cert") { Description = "This process's certificate (PEM) for mutual TLS; TLS is off without it. Setting Cluster:Tls:Certificate." }, "Cluster:Tls:Certificate"),
            (new Option<string?>("--tls-key") { Description = "Its private key (PEM), when not in the certificate's file. Setting Cluster:Tls:Key." }, "Cluster:Tls:Key"),
            (new Option<string?>("--tls-ca") { Description = "The cluster's CA certificate (PEM): peers are accepted only when it signed theirs. Setting Cluster:Tls:Authority." }, "Cluster:Tls:Authority"),
        ];
        foreach (var (option, _) in options)
            command.Add(option);
        return options;
    }

    public static Option<string[]> HostPorts(string name, bool required, string description)
    {
        var option = new Option<string[]>(name) { Description = description, Required = required, AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(r =>
        {
            foreach (var value in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!IPEndPoint.TryParse(value, out _) && !(value.Split(':') is [{ Length: > 0 }, var port] && int.TryParse(port, out _)))
                    r.AddError($"{name} {value}: expected HOST:PORT, such as 127.0.0.1:4053.");
            }
        });
        return option;
    }
}
