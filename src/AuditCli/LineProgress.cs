using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>Progress lines written to a writer (stderr) as they come, not through a synchronization context, as <see cref="SafeText.Line"/> writes them.</summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine(SafeText.Line(value));
}
