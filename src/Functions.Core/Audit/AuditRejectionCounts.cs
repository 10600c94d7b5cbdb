namespace Functions.Core.Audit;

/// <summary>
/// Rejected requests counted rather than recorded one by one over an interval: how many, by status and by error
/// code (at most <see cref="MaxErrorCodes"/> codes; the rest are counted under <c>other</c>).
/// </summary>
public sealed class AuditRejectionCounts
{
    /// <summary>The most distinct error codes kept by name.</summary>
    public const int MaxErrorCodes = 32;

    private readonly SortedDictionary<int, long> _byStatus = [];
    private readonly SortedDictionary<string, long> _byErrorCode = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _lostSeals = [];

    /// <summary>The earliest rejection counted.</summary>
    public DateTimeOffset From { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>The latest rejection counted.</summary>
    public DateTimeOffset To { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>How many rejections were counted.</summary>
    public long Count { get; private set; }

    /// <summary>Counts by HTTP status.</summary>
    public IReadOnlyDictionary<int, long> ByStatus => _byStatus;

    /// <summary>Counts by error code (<c>none</c> when there was none).</summary>
    public IReadOnlyDictionary<string, long> ByErrorCode => _byErrorCode;

    /// <summary>
    /// Numbers of this process's seal chain whose rows were sealed but could not be written (counted here instead, or
    /// a summary that failed): written with the summary, so that <c>audit verify</c> does not take them for deletions.
    /// </summary>
    public IReadOnlyCollection<long> LostSeals => _lostSeals;

    /// <summary>Whether there is nothing to write.</summary>
    public bool IsEmpty => Count == 0 && _lostSeals.Count == 0;

    /// <summary>Notes a chain link that was sealed at <paramref name="time"/> but will not be written.</summary>
    public void AddLost(long seq, DateTimeOffset time)
    {
        _lostSeals.Add(seq);
        From = time < From ? time : From;
        To = time > To ? time : To;
    }

    /// <summary>Counts one rejection.</summary>
    public void Add(DateTimeOffset time, int status, string? errorCode) => Add(time, time, 1, [new(status, 1)], [new(errorCode ?? "none", 1)]);

    /// <summary>Adds another interval's counts (after a summary could not be written).</summary>
    public void Add(AuditRejectionCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Add(other.From, other.To, other.Count, other._byStatus, other._byErrorCode);
        _lostSeals.UnionWith(other._lostSeals);
    }

    /// <summary>The counts by status as a JSON object, e.g. <c>{"401":12,"429":3}</c>.</summary>
    public string ByStatusJson() => Json(_byStatus.Select(p => (p.Key.ToString(CultureInfo.InvariantCulture), p.Value)));

    /// <summary>The counts by error code as a JSON object.</summary>
    public string ByErrorCodeJson() => Json(_byErrorCode.Select(p => (p.Key, p.Value)));

    private void Add(DateTimeOffset from, DateTimeOffset to, long count, IEnumerable<KeyValuePair<int, long>> byStatus, IEnumerable<KeyValuePair<string, long>> byErrorCode)
    {
        From = from < From ? from : From;
        To = to > To ? to : To;
        Count += count;
        foreach (var (status, n) in byStatus)
        {
            _byStatus[status] = _byStatus.GetValueOrDefault(status) + n;
        }

        foreach (var (code, n) in byErrorCode)
        {
            var name = _byErrorCode.ContainsKey(code) || _byErrorCode.Count < MaxErrorCodes ? code : "other";
            _byErrorCode[name] = _byErrorCode.GetValueOrDefault(name) + n;
        }
    }

    private static string Json(IEnumerable<(string Name, long Count)> counts)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, count) in counts)
            {
                writer.WriteNumber(name, count);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
