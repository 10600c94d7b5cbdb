using System.CommandLine;
using System.Text.Json;
using AuditCli;

namespace Functions.Tests.Audit;

/// <summary>Runs the <c>audit</c> tool in-process against a table, with a settings file holding the seal keys it should know.</summary>
internal sealed class AuditCliRunner(string connectionString, string tableName, TimeProvider? time = null) : IDisposable
{
    private readonly List<string> _files = [];

    /// <summary>Runs a command with the test seal key (or the given keys: current, then retired; <c>null</c> current for none).</summary>
    public Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunWithKeysAsync(AuditTestHost.SealKey, null, args);

    public async Task<(int Exit, string Output, string Error)> RunWithKeysAsync(string? sealKey, string? retired, params string[] args)
    {
        var settings = Path.Combine(Path.GetTempPath(), $"audit-settings-{Guid.NewGuid():N}.json");
        _files.Add(settings);
        var values = new Dictionary<string, string>();
        if (sealKey is not null)
        {
            values["audit-seal-key"] = sealKey;
        }

        if (retired is not null)
        {
            values["audit-seal-key-retired"] = retired;
        }

        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new { Secrets = new { Values = values } }));
        var output = new StringWriter();
        var error = new StringWriter();
        string[] connection = ["--connection-string", connectionString, "--table-name", tableName, "--settings", settings];
        var exit = await AuditCommandLine.InvokeAsync([.. args, .. connection], new InvocationConfiguration { Output = output, Error = error }, time);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
