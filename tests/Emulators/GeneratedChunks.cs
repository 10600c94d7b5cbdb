namespace Emulators;

/// <summary>
/// The pieces <c>[[emulate: events=N]]</c> asks for (<c>tok0 </c>, <c>tok1 </c>, …), made when read rather than
/// held: an answer of 300,000 events costs nothing until it is written.
/// </summary>
public sealed class GeneratedChunks(int count) : IReadOnlyList<string>
{
    public int Count { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count));

    public string this[int index] => (uint)index < (uint)Count ? $"tok{index} " : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
