using System.Collections;

namespace Functions.Tests.Telemetry;

/// <summary>
/// What an in-memory exporter collects, safe to read while the facade still exports (a span of a background write
/// may end during an assertion): adds take a lock, and reading enumerates a snapshot.
/// </summary>
internal sealed class ExportedItems<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_lock) _items.Add(item);
    }

    public void Clear()
    {
        lock (_lock) _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_lock) return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_lock) _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_lock) return _items.Remove(item);
    }

    public IEnumerator<T> GetEnumerator()
    {
        T[] snapshot;
        lock (_lock) snapshot = [.. _items];
        return ((IEnumerable<T>)snapshot).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
