namespace Functions.Tests.Infra;

/// <summary>
/// Runs infra/tools/check-bicep.mjs (tree-sitter-bicep under web-tree-sitter) with node. Installs the
/// tools with <c>npm ci --prefix infra/tools</c> first when they are missing.
/// </summary>
public sealed class BicepChecker : IAsyncLifetime
{
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromMinutes(1);

    internal static string ToolsPath => RepositoryRoot.Combine("infra", "tools");

    public async Task InitializeAsync()
    {
        string[] required = ["web-tree-sitter", "tree-sitter-bicep"];
        if (required.All(p => File.Exists(Path.Combine(ToolsPath, "node_modules", p, "package.json"))))
        {
            return;
        }

        var install = await ToolProcess.RunAsync("npm", ["ci", "--prefix", "infra/tools"], RepositoryRoot.Path, s_installTimeout);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("Installing the Bicep syntax checker failed (npm ci --prefix infra/tools).\n" + install.Describe());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Checks the given files or folders; none given means every Bicep file under infra/.</summary>
    internal Task<ToolResult> CheckAsync(params string[] paths) =>
        ToolProcess.RunAsync("node", [Path.Combine(ToolsPath, "check-bicep.mjs"), .. paths], RepositoryRoot.Path, s_checkTimeout);
}
