using System.Text;

namespace Reliability.Hostile;

/// <summary>Mutations of the HTTP around a valid body: headers, framing, paths, methods, slow and unfinished sending.</summary>
public sealed partial class HostileCaseGenerator
{
    private byte[] ValidBytes(Random random, ChatTarget target, int id) =>
        target.IsChat ? JsonBytes.Write(target.ValidBody(random, CaseText(id))) : [];

    private HostileCase HeaderCase(int id, Random random, ChatTarget target)
    {
        var body = ValidBytes(random, target, id);
        var headers = StandardHeaders(target.IsChat);
        var key = _targets.CallerKey;
        string description;
        var autoLength = true;
        var tags = HostileTags.None;
        switch (random.Next(24))
        {
            case 0: headers.RemoveAll(h => h.Key == "Authorization"); description = "no Authorization"; break;
            case 1: Set(headers, "Authorization", "Bearer " + _targets.WrongKey); description = "wrong key"; break;
            case 2: Set(headers, "Authorization", "Bearer"); description = "Bearer without key"; break;
            case 3: Set(headers, "Authorization", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("u:" + key))); description = "Basic scheme"; break;
            case 4: headers.Add(new("Authorization", "Bearer " + _targets.WrongKey)); description = "Authorization twice (valid, then wrong)"; break;
            case 5: headers.RemoveAll(h => h.Key == "Authorization"); headers.Add(new("api-key", key)); headers.Add(new("api-key", _targets.WrongKey)); description = "api-key twice"; break;
            case 6: headers.Add(new("api-key", _targets.WrongKey)); description = "valid Authorization and a wrong api-key"; break;
            case 7: Set(headers, "Authorization", "Bearer " + key + "\u00ff\u00fe"); description = "key with 0xFF 0xFE bytes"; break;
            case 8: Set(headers, "Authorization", "Bearer " + new string('k', 9000)); description = "9,000-byte key"; break;
            case 9: headers.RemoveAll(h => h.Key == "Content-Type"); description = "no Content-Type"; break;
            case 10: Set(headers, "Content-Type", new[] { "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/json; charset=\"", "*/*", "" }[random.Next(8)]); description = "odd Content-Type"; break;
            case 11: headers.Add(new("Content-Type", "text/plain")); description = "Content-Type twice"; break;
            case 12: headers.Add(new("Content-Length", (body.Length + 10).ToString(System.Globalization.CultureInfo.InvariantCulture))); autoLength = false; description = "Content-Length 10 more than the body (the client then waits)"; tags = HostileTags.MalformedHttp; break;
            case 13: headers.Add(new("Content-Length", Math.Max(0, body.Length - 10).ToString(System.Globalization.CultureInfo.InvariantCulture))); autoLength = false; description = "Content-Length 10 less than the body"; break;
            case 14: headers.Add(new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))); headers.Add(new("Content-Length", (body.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))); autoLength = false; description = "two different Content-Length"; tags = HostileTags.MalformedHttp; break;
            case 15: headers.Add(new("Transfer-Encoding", "chunked")); description = "Content-Length and Transfer-Encoding: chunked, body not chunked"; tags = HostileTags.MalformedHttp; break;
            case 16: headers.Add(new("Transfer-Encoding", "chunked")); autoLength = false; body = Chunked(body, random); description = "chunked body"; break;
            case 17: headers.Add(new("Transfer-Encoding", "chunked")); autoLength = false; body = Encoding.ASCII.GetBytes("zz\r\n").Concat(body).ToArray(); description = "chunked with a bad chunk size"; tags = HostileTags.MalformedHttp; break;
            case 18: headers.Add(new("Transfer-Encoding", "gzip, chunked")); autoLength = false; body = Chunked(body, random); description = "Transfer-Encoding gzip, chunked (body not gzipped)"; break;
            case 19: headers.Add(new("Content-Encoding", "gzip")); description = "Content-Encoding gzip (body not gzipped)"; break;
            case 20: headers.Add(new("Expect", "100-continue")); description = "Expect: 100-continue"; break;
            case 21: headers.Add(new("X-Big", new string('h', 40_000))); description = "a 40,000-byte header"; break;
            case 22: for (var i = 0; i < 150; i++) headers.Add(new("X-Many-" + i, "v")); description = "150 headers"; break;
            default: headers.Add(new("User-Agent", "fuzz\u00ff\u0001agent" + _targets.ForgeMarker)); description = "User-Agent with 0xFF and 0x01"; break;
        }
        return Make(id, "headers", target, body, description, tags, headers, autoLength: autoLength);
    }

    private HostileCase PathCase(int id, Random random, ChatTarget target)
    {
        var body = ValidBytes(random, target, id);
        var forge = "%0D%0A" + _targets.ForgeMarker;
        var paths = new[]
        {
            target.Path + "/", target.Path.ToUpperInvariant(), target.Path + "?x=1&x=2", target.Path + "%00", target.Path + "%FF", target.Path + "/../" + target.Path,
            "//" + target.Path.TrimStart('/'), target.Path.Replace("/", "/./", StringComparison.Ordinal), target.Path.Replace("/", "%2F", StringComparison.Ordinal), target.Path + "#frag",
            "/v1/chat/completions" + forge, "/baidu/chat/" + forge, "/baidu/chat/x" + forge + "%20warn", "/v1/models/" + forge, "/unknown" + forge,
            "/" + new string('a', 8_000), "/" + new string('a', 70_000), "/baidu/chat/" + new string('%', 1) + "zz", "/baidu/chat/%C0%AF", "/baidu/chat/%ED%A0%80",
            "/baidu/chat/..%2F..%2Foauth", "/baidu/chat/ernie%2Fspeed", "/mindie/v1/chat/completions/extra", "/v1/models/%FF%FE", "/v1/models/" + new string('m', 2000),
            "http://127.0.0.1" + target.Path, "*", "/no/such/route", "/v1", "/api/v1/chat/completions", "/health%0D%0A", "/baidu/chat/", "/baidu/chat/ernie speed", target.Path + "\r\nX-Injected: " + _targets.ForgeMarker, target.Path + "\n" + _targets.ForgeMarker,
        };
        var pick = random.Next(paths.Length);
        var path = paths[pick];
        var tags = path.Contains(_targets.ForgeMarker, StringComparison.Ordinal) ? HostileTags.LogForging : HostileTags.None;
        if (path.Contains(' ', StringComparison.Ordinal) || path.Contains('\n', StringComparison.Ordinal) || path == "*") tags |= HostileTags.MalformedHttp;
        return Make(id, "path", target, body, $"request target {Shorten(path)}", tags, path: path);
    }

    private HostileCase MethodCase(int id, Random random, ChatTarget target)
    {
        var body = random.Next(2) == 0 ? ValidBytes(random, target, id) : [];
        var methods = new[] { "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST", "TRACE", "FOO", "post", "CONNECT" };
        var method = methods[random.Next(methods.Length)];
        if (method == target.Method) method = target.Method == "POST" ? "GET" : "POST";
        var tags = method is "CONNECT" ? HostileTags.MalformedHttp : HostileTags.None;
        return Make(id, "method", target, body, $"{method} instead of {target.Method}", tags, method: method);
    }

    private HostileCase DeliveryCase(int id, Random random, ChatTarget target)
    {
        var body = ValidBytes(random, target, id);
        return random.Next(3) switch
        {
            0 => Make(id, "slow-body", target, body, "sent a few bytes at a time with pauses", delivery: HostileDelivery.Slow),
            1 => Make(id, "unfinished-body", target, body, "headers and half the body, then silence", delivery: HostileDelivery.Unfinished),
            _ => Make(id, "unfinished-headers", target, body, "half the header block, then silence", delivery: HostileDelivery.HeadersUnfinished),
        };
    }

    private static byte[] Chunked(byte[] body, Random random)
    {
        var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var size = Math.Min(body.Length - at, random.Next(1, 64));
            output.Write(Encoding.ASCII.GetBytes(size.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
            output.Write(body, at, size);
            output.Write("\r\n"u8);
            at += size;
        }
        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    private static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        headers.Insert(0, new(name, value));
    }
}
