using System.Text.Json.Nodes;

namespace Reliability.Hostile;

/// <summary>The route a case aims at, with the valid request it mutates.</summary>
public sealed record ChatTarget(string Method, string Path, string Label, string? Model, ChatTarget.Kind Dialect)
{
    public enum Kind { None, Unified, Baidu, MindIE }

    public bool IsChat => Dialect != Kind.None;

    public static ChatTarget Unified(string model) => new("POST", HostileCaseGenerator.ChatRoute, "POST " + HostileCaseGenerator.ChatRoute, model, Kind.Unified);

    public static ChatTarget Baidu(string endpoint) => new("POST", HostileCaseGenerator.BaiduRoutePrefix + endpoint, "POST /baidu/chat/{endpoint}", endpoint, Kind.Baidu);

    public static ChatTarget MindIE(string model) => new("POST", HostileCaseGenerator.MindIERoute, "POST " + HostileCaseGenerator.MindIERoute, model, Kind.MindIE);

    public static ChatTarget Other(string method, string path) => new(method, path, method + " " + (path.StartsWith("/v1/models/", StringComparison.Ordinal) ? "/v1/models/{model}" : path), null, Kind.None);

    /// <summary>A valid request in the route's dialect; <paramref name="random"/> picks optional fields and stream or not.</summary>
    public JsonObject ValidBody(Random random, string text)
    {
        var stream = random.Next(3) == 0;
        var messages = new JsonArray();
        switch (Dialect)
        {
            case Kind.Unified:
                if (random.Next(2) == 0) messages.Add(new JsonObject { ["role"] = "system", ["content"] = "Answer briefly." });
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = text });
                var body = new JsonObject { ["model"] = Model, ["messages"] = messages, ["stream"] = stream };
                if (random.Next(2) == 0) body["temperature"] = 0.5;
                if (random.Next(2) == 0) body["max_tokens"] = 32;
                if (random.Next(3) == 0) body["stop"] = new JsonArray("\n\n", "END");
                if (random.Next(3) == 0) body["user"] = "fuzz-user";
                if (stream && random.Next(2) == 0) body["stream_options"] = new JsonObject { ["include_usage"] = true };
                if (random.Next(3) == 0)
                {
                    body["tools"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = "get_weather",
                            ["description"] = "Weather of a city",
                            ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } },
                        },
                    });
                    body["tool_choice"] = random.Next(2) == 0 ? "auto" : new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather" } };
                }
                if (random.Next(4) == 0) body["response_format"] = new JsonObject { ["type"] = "json_object" };
                return body;
            case Kind.Baidu:
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = text });
                var baidu = new JsonObject { ["messages"] = messages, ["stream"] = stream };
                if (random.Next(2) == 0) baidu["temperature"] = 0.8;
                if (random.Next(2) == 0) baidu["system"] = "Answer briefly.";
                if (random.Next(3) == 0) baidu["penalty_score"] = 1.0;
                if (random.Next(3) == 0) baidu["user_id"] = "fuzz-user";
                return baidu;
            case Kind.MindIE:
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = text });
                var mindie = new JsonObject { ["model"] = Model, ["messages"] = messages, ["stream"] = stream };
                if (random.Next(2) == 0) mindie["max_tokens"] = 32;
                if (random.Next(3) == 0) mindie["top_k"] = 5;
                if (random.Next(3) == 0) mindie["repetition_penalty"] = 1.1;
                return mindie;
            default:
                return new JsonObject();
        }
    }
}
