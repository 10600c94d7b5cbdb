using System.CommandLine;
using Functions.Core.Audit;
using Microsoft.Extensions.Configuration;

namespace AuditCli;

/// <summary>
/// The connection settings, as the facade reads them: <c>Audit:ConnectionString</c>,
/// <c>Audit:TableServiceUri</c> and <c>Audit:TableName</c> from <c>appsettings.json</c> in the current folder
/// and from environment variables (<c>Audit__ConnectionString</c>…), overridden by the command line.
/// </summary>
public sealed class AuditConnectionOptions
{
    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = "Storage connection string (default: Audit:ConnectionString / env Audit__ConnectionString).",
        Recursive = true,
    };

    public Option<Uri?> TableServiceUri { get; } = new("--table-service-uri")
    {
        Description = "Table endpoint reached with Entra ID (default: Audit:TableServiceUri).",
        Recursive = true,
    };

    public Option<string?> TableName { get; } = new("--table-name")
    {
        Description = "Audit table name (default: Audit:TableName, else AuditLog).",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(TableServiceUri);
        command.Options.Add(TableName);
    }

    /// <summary>The reader the settings point at.</summary>
    /// <exception cref="InvalidOperationException">No connection setting anywhere.</exception>
    public AuditReader CreateReader(ParseResult parseResult)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        if (parseResult.GetValue(ConnectionString) is { Length: > 0 } connectionString)
        {
            options.ConnectionString = connectionString;
        }

        if (parseResult.GetValue(TableServiceUri) is { } uri)
        {
            // An endpoint on the command line wins over a connection string from configuration.
            options.TableServiceUri = uri;
            options.ConnectionString = parseResult.GetValue(ConnectionString);
        }

        if (parseResult.GetValue(TableName) is { Length: > 0 } tableName)
        {
            options.TableName = tableName;
        }

        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("No audit storage given: pass --connection-string or --table-service-uri, or set Audit__ConnectionString / Audit__TableServiceUri.");
        }

        return new AuditReader(new AuditTables(AuditServiceCollectionExtensions.CreateTableServiceClient(options), options.TableName));
    }
}
