using System.Globalization;

namespace Bench.LoadGen;

/// <summary>
/// CPU time and resident memory of processes and all their descendants, read from <c>/proc</c>
/// (nginx's workers are children of its master, the Functions test host's worker is its child; the others are single processes).
/// </summary>
public static class ProcessTree
{
    /// <summary>Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime of the trees, in seconds.</summary>
    public static double CpuSeconds(IEnumerable<int> roots) =>
        Expand(roots).Sum(pid => Stat(pid) is { } f ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) : 0) / TicksPerSecond;

    /// <summary>utime + stime of one process alone (not its children), in seconds; 0 once it has gone.</summary>
    public static double OwnCpuSeconds(int pid) =>
        (Stat(pid) is { } f ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) : 0) / TicksPerSecond;

    /// <summary>VmRSS of the trees, in KiB.</summary>
    public static long RssKb(IEnumerable<int> roots) => Expand(roots).Sum(RssKbOf);

    private static long RssKbOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>The fields after "(comm) ", so index 0 is the state, 1 the parent, 11 utime, 12 stime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<int> Expand(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } f) continue;
            var parent = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (!parents.TryGetValue(parent, out var children)) parents[parent] = children = [];
            children.Add(pid);
        }
        var all = new List<int>();
        var queue = new Queue<int>(roots);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            all.Add(pid);
            if (parents.TryGetValue(pid, out var children)) foreach (var c in children) queue.Enqueue(c);
        }
        return all;
    }
}
