using System.Text;
using System.Text.Json.Nodes;

namespace Reliability.Hostile;

/// <summary>Fixed probes of defects found before (lone surrogates, invalid UTF-8, 0xFF in tool_choice, duplicate keys on pass-through, CR/LF in paths, 405 bodies), on every route.</summary>
public sealed partial class HostileCaseGenerator
{
    /// <summary>The fixed probes, in a stable order (their ids are 0..n-1).</summary>
    public IReadOnlyList<HostileCase> Probes()
    {
        var probes = new List<HostileCase>();
        var targets = _targets.UnifiedModels.Select(ChatTarget.Unified).ToList();
        if (_targets.BaiduEndpoint is { } endpoint) targets.Add(ChatTarget.Baidu(endpoint));
        if (_targets.MindIEModel is { } mindie) targets.Add(ChatTarget.MindIE(mindie));
        void Add(string category, ChatTarget target, byte[] body, string description, HostileTags tags, List<KeyValuePair<string, string>>? headers = null, string? method = null, string? path = null) =>
            probes.Add(Make(probes.Count, category, target, body, description, tags | HostileTags.KnownProbe, headers, method, path));

        foreach (var target in targets)
        {
            foreach (var stream in new[] { false, true })
            {
                var content = new JsonPath([.. new object[] { "messages", 0, "content" }]);
                var mode = stream ? "stream" : "whole";
                Add("surrogate-escape", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.Splice(content, 0, "x\\ud800y "u8.ToArray())), $"lone high surrogate \\ud800 in messages[0].content ({mode})", HostileTags.InvalidUnicode);
                Add("surrogate-escape", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.Splice(content, 0, "x\\udc00\\ud800y "u8.ToArray())), $"reversed surrogates in messages[0].content ({mode})", HostileTags.InvalidUnicode);
                Add("invalid-utf8", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.Splice(content, 0, [(byte)'x', 0xFF, (byte)'y', (byte)' '])), $"raw 0xFF in messages[0].content ({mode})", HostileTags.InvalidUnicode);
                Add("invalid-utf8", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.Splice(content, 0, [0xED, 0xA0, 0x80, (byte)' '])), $"raw surrogate bytes ED A0 80 in messages[0].content ({mode})", HostileTags.InvalidUnicode);
                var smuggled = "[{\"role\":\"user\",\"content\":\"smuggled prompt the audit does not show\"}]"u8.ToArray();
                Add("duplicate-key", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.AddMember(JsonPath.Root, "\"messages\""u8.ToArray(), smuggled, First: false)), $"\"messages\" twice, the second one smuggled ({mode})", HostileTags.DuplicateKey);
                var message = new JsonPath([.. new object[] { "messages", 0 }]);
                Add("duplicate-key", target, JsonBytes.Write(Fixed(target, stream, probes.Count), new JsonEdit.AddMember(message, "\"content\""u8.ToArray(), "\"smuggled content\""u8.ToArray(), First: false)), $"messages[0].content twice ({mode})", HostileTags.DuplicateKey);
            }
            if (target.Dialect == ChatTarget.Kind.Unified)
            {
                var tools = Fixed(target, false, probes.Count);
                tools["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } } });
                tools["tool_choice"] = "auto";
                Add("invalid-utf8", target, JsonBytes.Write(tools, new JsonEdit.Replace(new JsonPath(["tool_choice"]), [(byte)'"', (byte)'a', 0xFF, (byte)'"'])), "raw 0xFF inside \"tool_choice\"", HostileTags.InvalidUnicode);
                Add("wrong-type", target, Encoding.UTF8.GetBytes(Fixed(target, false, probes.Count).ToJsonString().Replace("\"messages\":[", "\"messages\":[null,", StringComparison.Ordinal)), "null message in messages", HostileTags.None);
            }
            var model = Encoding.UTF8.GetBytes(Fixed(target, false, probes.Count).ToJsonString().Replace("\"model\":\"", "\"model\":\"x\\r\\n" + _targets.ForgeMarker + " ", StringComparison.Ordinal));
            if (target.Dialect != ChatTarget.Kind.Baidu) Add("crlf-in-field", target, model, "CR/LF and a forged line in \"model\"", HostileTags.LogForging);
            foreach (var method in new[] { "GET", "PUT", "DELETE", "PATCH" })
                Add("method", target, [], $"{method} on a POST route", HostileTags.None, method: method);
        }
        var other = ChatTarget.Other("POST", "/baidu/chat/x");
        Add("path", other, "{}"u8.ToArray(), "CR/LF and a forged line in the Baidu endpoint segment", HostileTags.LogForging, path: "/baidu/chat/x%0D%0A" + _targets.ForgeMarker + "%20fail");
        Add("path", other, "{}"u8.ToArray(), "CR/LF and a forged line in an unknown path", HostileTags.LogForging, path: "/nowhere%0D%0A" + _targets.ForgeMarker);
        Add("method", ChatTarget.Other("GET", ModelsRoute), [], "POST on GET /v1/models", HostileTags.None, StandardHeaders(), method: "POST");
        return probes;
    }

    /// <summary>The probe's valid body; its text names the case (<see cref="CaseText"/>), so the provider's copy is found.</summary>
    private static JsonObject Fixed(ChatTarget target, bool stream, int id)
    {
        var body = target.ValidBody(new Random(1), CaseText(id));
        body["stream"] = stream;
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = CaseText(id) });
        body.Remove("tools");
        body.Remove("tool_choice");
        body.Remove("stream_options");
        body.Remove("system");
        return body;
    }
}
