using System.Text;

namespace Reliability.Runner;

/// <summary>Every response status line, header and body the harness received, kept on disk for the canary search.</summary>
public sealed class ResponseArchive(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: false, new UTF8Encoding(false));

    public long Count { get; private set; }

    public void Add(string text)
    {
        lock (_writer)
        {
            _writer.WriteLine(text);
            Count++;
        }
    }

    public void Add(byte[] bytes) => Add(Encoding.Latin1.GetString(bytes));

    public void Dispose()
    {
        lock (_writer) _writer.Dispose();
    }
}
