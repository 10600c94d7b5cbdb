namespace Functions.Core.Audit.Seals;

/// <summary>
/// The links <c>audit verify</c> has seen, per chain, kept as runs of consecutive numbers (so a long range costs
/// memory per gap, not per record). Links whose seal verified are added day by day; a run of them checks that each
/// link names the one before it. Rows whose seal did not verify are settled at the end: one claiming a place a
/// genuine link holds is forged, any other is a changed record in its own place. What is left between runs are the
/// holes: missing links.
/// </summary>
internal sealed class AuditChainLinks
{
    private readonly Dictionary<string, List<Run>> _chains = new(StringComparer.Ordinal);
    private readonly List<AuditVerifyLink> _day = [];
    private readonly List<AuditVerifyLink> _invalid = [];
    private readonly HashSet<(string Chain, long Seq)> _filled = [];

    /// <summary>What the links themselves showed (duplicate places, links not naming their predecessor, settled invalid rows).</summary>
    public List<AuditVerifyFinding> Findings { get; } = [];

    /// <summary>How many chains have been seen.</summary>
    public int ChainCount => _chains.Count;

    /// <summary>Adds a link found in the day being read.</summary>
    public void Add(AuditVerifyLink link)
    {
        if (link.Valid)
        {
            _day.Add(link);
        }
        else
        {
            _invalid.Add(link);
        }
    }

    /// <summary>Folds the day's verified links into the runs.</summary>
    public void EndDay()
    {
        foreach (var chain in _day.GroupBy(l => l.Link.Chain, StringComparer.Ordinal))
        {
            var runs = Runs(chain.Key);
            Run? run = null;
            foreach (var link in chain.OrderBy(l => l.Link.Seq))
            {
                if (run is not null && link.Link.Seq == run.Last.Link.Seq)
                {
                    Findings.Add(new(AuditVerifyFindingKind.Forged, link.RequestId, link.Time, $"a second row sealed as link #{link.Link.Seq} of chain {chain.Key}"));
                }
                else if (run is not null && link.Link.Seq == run.Last.Link.Seq + 1)
                {
                    Follow(run.Last, link);
                    run.Last = link;
                }
                else
                {
                    if (run is not null)
                    {
                        Insert(runs, run);
                    }

                    run = new Run(link);
                }
            }

            if (run is not null)
            {
                Insert(runs, run);
            }
        }

        _day.Clear();
    }

    /// <summary>Settles the rows whose seal did not verify (call once, after the last day).</summary>
    public void SettleInvalid()
    {
        foreach (var link in _invalid.OrderBy(l => l.Link.Seq))
        {
            var runs = Runs(link.Link.Chain);
            if (runs.Any(r => r.First.Link.Seq <= link.Link.Seq && link.Link.Seq <= r.Last.Link.Seq))
            {
                var holder = _filled.Contains((link.Link.Chain, link.Link.Seq)) ? "another row whose seal does not verify claims too" : "a row whose seal verifies holds";
                Findings.Add(new(AuditVerifyFindingKind.Forged, link.RequestId, link.Time, $"it claims link #{link.Link.Seq} of chain {link.Link.Chain}, which {holder}"));
                continue;
            }

            if (link.Finding is not null)
            {
                Findings.Add(link.Finding);
            }

            _filled.Add((link.Link.Chain, link.Link.Seq));
            Insert(runs, new Run(link));
        }

        _invalid.Clear();
    }

    /// <summary>The holes: per chain, the link after each run of missing links (and the link before it, if any was seen).</summary>
    public IEnumerable<(AuditVerifyLink? Before, AuditVerifyLink After)> Holes()
    {
        foreach (var runs in _chains.Values)
        {
            if (runs.Count > 0 && runs[0].First.Link.Seq > 1)
            {
                yield return (null, runs[0].First);
            }

            for (var i = 0; i + 1 < runs.Count; i++)
            {
                yield return (runs[i].Last, runs[i + 1].First);
            }
        }
    }

    private List<Run> Runs(string chain)
    {
        if (!_chains.TryGetValue(chain, out var runs))
        {
            _chains[chain] = runs = [];
        }

        return runs;
    }

    private void Insert(List<Run> runs, Run run)
    {
        var i = runs.FindIndex(r => r.First.Link.Seq > run.First.Link.Seq);
        i = i < 0 ? runs.Count : i;
        if ((i > 0 && runs[i - 1].Last.Link.Seq >= run.First.Link.Seq) || (i < runs.Count && runs[i].First.Link.Seq <= run.Last.Link.Seq))
        {
            Findings.Add(new(AuditVerifyFindingKind.Forged, run.First.RequestId, run.First.Time,
                $"rows sealed as links #{run.First.Link.Seq}-#{run.Last.Link.Seq} of chain {run.First.Link.Chain}, places other rows hold too"));
            return;
        }

        runs.Insert(i, run);
        if (i + 1 < runs.Count && run.Last.Link.Seq + 1 == runs[i + 1].First.Link.Seq)
        {
            Follow(run.Last, runs[i + 1].First);
            run.Last = runs[i + 1].Last;
            runs.RemoveAt(i + 1);
        }

        if (i > 0 && runs[i - 1].Last.Link.Seq + 1 == run.First.Link.Seq)
        {
            Follow(runs[i - 1].Last, run.First);
            runs[i - 1].Last = run.Last;
            runs.RemoveAt(i);
        }
    }

    /// <summary>Checks that <paramref name="next"/> names <paramref name="previous"/> as its predecessor (when both verified).</summary>
    private void Follow(AuditVerifyLink previous, AuditVerifyLink next)
    {
        if (previous.Valid && next.Valid && !string.Equals(next.Link.Prev, previous.Link.Seal, StringComparison.Ordinal))
        {
            Findings.Add(new(AuditVerifyFindingKind.Changed, next.RequestId, next.Time,
                $"link #{next.Link.Seq} of chain {next.Link.Chain} names a predecessor other than the link #{previous.Link.Seq} found ({previous.RequestId ?? "a rejection summary"})"));
        }
    }

    private sealed class Run(AuditVerifyLink link)
    {
        public AuditVerifyLink First { get; } = link;

        public AuditVerifyLink Last { get; set; } = link;
    }
}
