using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SweepCluster.Coordinator.Dashboard;

/// <summary>
/// The dashboard's pages under <c>/ui/</c>, on the API's listener. They hold no data, so they are
/// served without the token; the page asks the API for everything, sending the token the user gives it.
/// </summary>
public static class DashboardEndpoints
{
    public const string Prefix = "/ui";

    // Scripts and styles from this origin alone: a sweep or trial name that reached the page as
    // markup could run nothing.
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect(Prefix + "/")).ExcludeFromDescription();
        app.MapGet(Prefix + "/{file?}", Serve).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string? file)
    {
        // Routing matches /ui and /ui/ alike; the page's relative links need the slash.
        if (file is null && !context.Request.Path.Value!.EndsWith('/'))
            return Results.Redirect(Prefix + "/");
        file ??= "index.html";
        if (DashboardAssets.Find(file) is not var (body, type))
            return Results.Problem($"The dashboard has no file '{file}'; open {Prefix}/.", statusCode: 404, title: "Not found");
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(body, type);
    }
}
