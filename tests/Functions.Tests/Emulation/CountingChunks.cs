namespace Functions.Tests.Emulation;

/// <summary>An answer of <c>count</c> pieces that remembers how far into it an emulator has read.</summary>
internal sealed class CountingChunks(int count) : IReadOnlyList<string>
{
    private int _furthest = -1;

    public int Count => count;

    /// <summary>The highest index read so far (-1: none).</summary>
    public int Furthest => Volatile.Read(ref _furthest);

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            int seen;
            while ((seen = Volatile.Read(ref _furthest)) < index && Interlocked.CompareExchange(ref _furthest, index, seen) != seen)
            {
            }
            return $"tok{index} ";
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
