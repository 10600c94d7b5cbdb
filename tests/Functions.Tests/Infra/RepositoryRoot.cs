namespace Functions.Tests.Infra;

/// <summary>Finds the repository root (the folder with Functions.sln and host.json) above the test binaries.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Functions.sln"))
                && File.Exists(System.IO.Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder with Functions.sln and host.json above {AppContext.BaseDirectory}.");
    }
}
