using System.Text.Json.Nodes;

namespace Reliability.Hostile;

/// <summary>
/// Makes hostile requests for every route of the facade, deterministically: case <c>i</c> of seed <c>s</c> is always
/// the same bytes, so any finding is reproduced from two numbers. The fixed probes of known defects come first
/// (<see cref="Probes"/>), then random cases drawn from the kinds below, each aimed at one route. Usable from a
/// test in-process: <c>new HostileCaseGenerator(targets, seed).Generate(count)</c>, then send each with
/// <see cref="RawHttpSender"/>.
/// </summary>
public sealed partial class HostileCaseGenerator(HostileTargets targets, int seed)
{
    public const string ChatRoute = "/v1/chat/completions";
    public const string ModelsRoute = "/v1/models";
    public const string BaiduRoutePrefix = "/baidu/chat/";
    public const string MindIERoute = "/mindie/v1/chat/completions";

    private readonly HostileTargets _targets = targets;

    public int Seed { get; } = seed;

    /// <summary>The probes, then random cases up to <paramref name="count"/> in all.</summary>
    public IEnumerable<HostileCase> Generate(int count)
    {
        var probes = Probes();
        for (var i = 0; i < count; i++) yield return i < probes.Count ? probes[i] : Case(i);
    }

    /// <summary>Random case number <paramref name="id"/> (ids below the number of probes are still random cases here).</summary>
    public HostileCase Case(int id)
    {
        var random = new Random(unchecked(Seed * 1_000_003 + id));
        var target = PickTarget(random);
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.70 when target.IsChat => BodyCase(id, random, target),
            < 0.80 => HeaderCase(id, random, target),
            < 0.88 => PathCase(id, random, target),
            < 0.94 => MethodCase(id, random, target),
            < 0.975 when target.IsChat => DeliveryCase(id, random, target),
            _ => target.IsChat ? BodyCase(id, random, target) : HeaderCase(id, random, target),
        };
    }

    private ChatTarget PickTarget(Random random)
    {
        var choices = new List<ChatTarget>();
        foreach (var model in _targets.UnifiedModels) choices.Add(ChatTarget.Unified(model));
        if (_targets.BaiduEndpoint is { } endpoint) choices.Add(ChatTarget.Baidu(endpoint));
        if (_targets.MindIEModel is { } mindie) choices.Add(ChatTarget.MindIE(mindie));
        var roll = random.NextDouble();
        if (roll < 0.85) return choices[random.Next(choices.Count)];
        return (roll * 100 % 6) switch
        {
            < 1 => ChatTarget.Other("GET", ModelsRoute),
            < 2 => ChatTarget.Other("GET", ModelsRoute + "/" + _targets.UnifiedModels[random.Next(_targets.UnifiedModels.Count)]),
            < 3 => ChatTarget.Other("GET", "/health"),
            < 4 => ChatTarget.Other("GET", "/health/ready"),
            < 5 => ChatTarget.Other("GET", "/"),
            _ => ChatTarget.Other("POST", "/v1/completions"),
        };
    }

    private List<KeyValuePair<string, string>> StandardHeaders(bool json = true)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + _targets.CallerKey) };
        if (json) headers.Add(new("Content-Type", "application/json"));
        headers.Add(new("Connection", "close"));
        return headers;
    }

    private HostileCase Make(int id, string category, ChatTarget target, byte[] body, string description,
        HostileTags tags = HostileTags.None, List<KeyValuePair<string, string>>? headers = null, string? method = null,
        string? path = null, HostileDelivery delivery = HostileDelivery.Whole, bool autoLength = true) => new()
    {
        Id = id,
        Category = category,
        Route = target.Label,
        Model = target.Model,
        Method = method ?? target.Method,
        Target = path ?? target.Path,
        Headers = headers ?? StandardHeaders(target.IsChat),
        Body = body,
        Description = description,
        Tags = tags,
        Delivery = delivery,
        AutoContentLength = autoLength,
    };

    private static JsonNode Clone(JsonNode node) => node.DeepClone();

    /// <summary>
    /// The user text of case <paramref name="id"/>: <c>generator [case N]</c> starts after character 20, the furthest a
    /// splice goes, so a provider's copy of the body still names its case (<see cref="CaseOf"/>).
    /// </summary>
    public static string CaseText(int id) => $"Hello from the hostile request generator [case {id}]";

    /// <summary>The case ids named in a body a provider received.</summary>
    public static IEnumerable<int> CaseOf(string body) =>
        CaseId().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct();

    [System.Text.RegularExpressions.GeneratedRegex(@"generator \[case ([0-9]+)\]")]
    private static partial System.Text.RegularExpressions.Regex CaseId();
}
