using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Functions.Tests.TestInfrastructure;

internal sealed partial class KeyVaultFake
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue(request.Path + request.QueryString);
        var segments = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsGet(request.Method) || segments is not ["secrets", _] and not ["secrets", _, _])
        {
            await WriteErrorAsync(context, 400, "BadParameter", "The fake serves GET /secrets/{name}[/{version}] only.");
            return;
        }

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await WriteErrorAsync(context, 400, "BadParameter", "The api-version query parameter is missing.");
            return;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unauthenticatedRequests);
            await ChallengeAsync(context, "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        if (RejectTokens || !Credential.Issued(authorization["Bearer ".Length..]))
        {
            await ChallengeAsync(context, "AKV10022: Invalid audience.");
            return;
        }

        if (FailWithStatus is { } status)
        {
            var (code, message) = status switch
            {
                403 => ("Forbidden", "Caller is not authorized to perform action on resource."),
                429 => ("Throttled", "Request was not allowed because of throttling."),
                _ => ("ServiceUnavailable", "The service is temporarily unavailable."),
            };
            await WriteErrorAsync(context, status, code, message);
            return;
        }

        if (Hold is { } hold)
        {
            await hold;
        }

        Interlocked.Increment(ref _secretReads);
        var version = segments.Length == 3 ? segments[2] : null;
        var found = _secrets.TryGetValue(segments[1], out var versions)
            ? version is null ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version)
            : null;
        if (found is null)
        {
            await WriteErrorAsync(context, 404, "SecretNotFound",
                $"A secret with (name/id) {segments[1]} was not found in this key vault.");
            return;
        }

        await context.Response.WriteAsync(ToJson(segments[1], found).ToJsonString());
    }

    private JsonObject ToJson(string name, SecretVersion secret)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["value"] = secret.Value,
            ["id"] = new Uri(VaultUri, $"secrets/{name}/{secret.Version}").ToString(),
            ["attributes"] = new JsonObject
            {
                ["enabled"] = true,
                ["created"] = created,
                ["updated"] = created,
                ["recoveryLevel"] = "Recoverable+Purgeable",
                ["recoverableDays"] = 90,
            },
            ["tags"] = new JsonObject(),
        };
    }

    // The challenge Key Vault sends; the SDK reads the tenant from "authorization" (or "authorization_uri") and
    // the token scope from "resource" + "/.default" (or "scope"), then retries the request with a token.
    private static Task ChallengeAsync(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"{Resource}\"";
        return WriteErrorAsync(context, 401, "Unauthorized", message);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var error = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
        return context.Response.WriteAsync(error.ToJsonString());
    }
}
