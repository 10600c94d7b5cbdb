using System.Text.Json.Nodes;
using Emulators.Baidu;
using Emulators.MindIE;

namespace Emulators.Control;

/// <summary>
/// An emulator with a control surface under <c>/_emulator/</c>, for harnesses that run the emulators as a separate
/// process (<c>--control true</c>): what was received (<c>GET /_emulator/requests?after=N</c>, <c>GET /_emulator/count</c>),
/// and switches tests otherwise set in-process (Baidu's tokens, MindIE's stop). The emulator itself behaves as always.
/// </summary>
public sealed class ControlledEmulator(EmulatorBase inner) : EmulatorBase
{
    public const string Prefix = "/_emulator";

    public EmulatorBase Inner => inner;

    public override void Map(IEndpointRouteBuilder endpoints)
    {
        inner.Map(endpoints);
        endpoints.MapGet(Prefix + "/count", () => Results.Json(Counts()));
        endpoints.MapGet(Prefix + "/requests", (int? after) => Results.Json(RequestsAfter(after ?? 0)));
        if (inner is BaiduEmulator baidu) MapBaidu(endpoints, baidu);
        if (inner is MindIEEmulator mindie)
        {
            endpoints.MapPost(Prefix + "/mindie/stopped", (bool on) => { mindie.Stopped = on; return Results.Ok(); });
        }
    }

    private JsonObject Counts()
    {
        var counts = new JsonObject { ["requests"] = inner.RequestCount };
        if (inner is BaiduEmulator baidu)
        {
            counts["tokenRequests"] = baidu.TokenRequestCount;
            counts["tokenRejections"] = baidu.TokenRejections;
            counts["issuedTokens"] = new JsonArray([.. baidu.IssuedTokens.Select(t => (JsonNode)t)]);
        }
        return counts;
    }

    private JsonObject RequestsAfter(int after)
    {
        var all = inner.Requests.ToArray();
        var list = new JsonArray();
        for (var i = Math.Max(0, after); i < all.Length; i++)
        {
            var request = all[i];
            var headers = new JsonObject();
            foreach (var (name, value) in request.Headers) headers[name] = value;
            list.Add(new JsonObject { ["index"] = i, ["method"] = request.Method, ["path"] = request.PathAndQuery, ["headers"] = headers, ["body"] = request.Body });
        }
        return new JsonObject { ["total"] = all.Length, ["requests"] = list };
    }

    private static void MapBaidu(IEndpointRouteBuilder endpoints, BaiduEmulator baidu)
    {
        endpoints.MapPost(Prefix + "/baidu/expire-tokens", () => { baidu.ExpireAllTokens(); return Results.Ok(); });
        endpoints.MapPost(Prefix + "/baidu/revoke-tokens", () => { baidu.RevokeAllTokens(); return Results.Ok(); });
        endpoints.MapPost(Prefix + "/baidu/refuse-all", (bool on) => { baidu.RefuseAllTokens = on; return Results.Ok(); });
        endpoints.MapPost(Prefix + "/baidu/token-failure", (string? value) => { baidu.TokenFailure = string.IsNullOrEmpty(value) ? null : value; return Results.Ok(); });
    }
}
