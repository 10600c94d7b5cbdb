using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Emulators.KeyVault;

public sealed partial class KeyVaultServer
{
    private const string TenantId = "00000000-0000-4000-8000-00000000fa4e";
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private int _reads;

    private void MapIdentity(WebApplication identity)
    {
        // App Service managed identity (2019-08-01): GET {IDENTITY_ENDPOINT}?resource=...&api-version=... with X-IDENTITY-HEADER.
        identity.MapGet("/msi/token", (HttpContext context) =>
        {
            var token = "kv-standin-token-" + Guid.NewGuid().ToString("N");
            _tokens[token] = 0;
            var resource = context.Request.Query["resource"].ToString();
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = "00000000-0000-4000-8000-0000000c11e7",
            });
        });
        identity.MapPost("/_emulator/keyvault/mode", (string value) => { Mode = value; return Results.Ok(); });
        identity.MapGet("/_emulator/keyvault/count", () => Results.Json(new JsonObject { ["reads"] = Volatile.Read(ref _reads), ["mode"] = Mode }));
    }

    private async Task VaultAsync(HttpContext context)
    {
        if (Mode == "down")
        {
            context.Abort();
            return;
        }
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsGet(context.Request.Method) || segments is not ["secrets", _] and not ["secrets", _, _])
        {
            await ErrorAsync(context, 400, "BadParameter", "GET /secrets/{name}[/{version}] only.");
            return;
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            // Key Vault's challenge; the resource is https://localhost, so the SDK's check that the vault's host is under
            // the challenge's domain passes for vault.localhost.
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://localhost\"";
            await ErrorAsync(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }
        if (Mode == "503")
        {
            await ErrorAsync(context, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
            return;
        }
        Interlocked.Increment(ref _reads);
        if (!_secrets.TryGetValue(segments[1], out var value))
        {
            await ErrorAsync(context, 404, "SecretNotFound", $"A secret with (name/id) {segments[1]} was not found in this key vault.");
            return;
        }
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["value"] = value,
            ["id"] = $"{context.Request.Scheme}://{context.Request.Host}/secrets/{segments[1]}/0123456789abcdef0123456789abcdef",
            ["attributes"] = new JsonObject { ["enabled"] = true, ["created"] = created, ["updated"] = created, ["recoveryLevel"] = "Recoverable+Purgeable" },
            ["tags"] = new JsonObject(),
        });
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }
}
