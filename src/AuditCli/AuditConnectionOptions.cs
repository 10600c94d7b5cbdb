using System.CommandLine;
using Functions.Core.Audit;
using Functions.Core.Audit.Seals;
using Functions.Core.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuditCli;

/// <summary>
/// The connection settings, as the facade reads them: <c>Audit:ConnectionString</c>, <c>Audit:TableServiceUri</c>,
/// <c>Audit:TableName</c> and, for the seal keys, the <c>Secrets</c> section (<c>Secrets:VaultUri</c>, else
/// <c>Secrets:Values:audit-seal-key</c> and <c>Secrets:Values:audit-seal-key-retired</c>), from
/// <c>appsettings.json</c> in the current folder, environment variables (<c>Audit__ConnectionString</c>…) and a
/// <c>--settings</c> file, in that order, overridden by the command line.
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

    public Option<FileInfo?> Settings { get; } = new("--settings")
    {
        Description = "A settings file in the facade's format (e.g. src/Functions/appsettings.Development.json): Audit and Secrets sections.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(TableServiceUri);
        command.Options.Add(TableName);
        command.Options.Add(Settings);
    }

    /// <summary>The settings: appsettings.json of the current folder, environment variables, the <c>--settings</c> file.</summary>
    public IConfiguration Configuration(ParseResult parseResult)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (parseResult.GetValue(Settings) is { } file)
        {
            if (!file.Exists)
            {
                throw new InvalidOperationException($"--settings: {file.FullName} does not exist.");
            }

            builder.AddJsonFile(file.FullName, optional: false);
        }

        return builder.Build();
    }

    /// <summary>
    /// The audit table the settings point at, named on stderr (<c>audit: store: table … in …</c>: account and
    /// endpoint, or the local emulator; never a key or a SAS) so that standard output stays clean for pipes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection setting anywhere.</exception>
    public AuditTables CreateTables(ParseResult parseResult)
    {
        var tables = OpenTables(parseResult);
        parseResult.InvocationConfiguration.Error.WriteLine($"audit: store: {AuditStoreName.Describe(tables)}");
        return tables;
    }

    private AuditTables OpenTables(ParseResult parseResult)
    {
        var options = Configuration(parseResult).GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
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

        return new AuditTables(AuditServiceCollectionExtensions.CreateTableServiceClient(options), options.TableName);
    }

    /// <summary>The reader the settings point at.</summary>
    public AuditReader CreateReader(ParseResult parseResult) => new(CreateTables(parseResult));

    /// <summary>
    /// The seal keys from the secret store the settings name (Key Vault with <c>Secrets:VaultUri</c>, signed in with
    /// <c>DefaultAzureCredential</c>; else <c>Secrets:Values</c>). Messages name secrets, never their values.
    /// </summary>
    public async Task<AuditSealKeyRing> LoadKeysAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().AddLogging().AddSecretStore(Configuration(parseResult)).BuildServiceProvider();
        try
        {
            return await AuditSealKeyRing.LoadAsync(services.GetRequiredService<ISecretStore>(), cancellationToken);
        }
        catch (SecretStoreException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
