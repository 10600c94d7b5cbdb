using System.CommandLine;
using System.Diagnostics;
using System.Text;

namespace AuditCli;

/// <summary>
/// <c>audit export --format jsonl|csv [--output file] [--from --to and query's filters]</c>: whole records, texts
/// reassembled, newest first (as <c>query</c> lists them), the fields of <see cref="ExportColumns"/>; progress on
/// stderr. Without <c>--from</c> it exports every record.
/// </summary>
public static class ExportCommand
{
    public static Command Create(AuditConnectionOptions connection)
    {
        var filters = new AuditTimeOptions(required: false);
        var format = new Option<string>("--format") { Description = "jsonl or csv.", Required = true };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var outputPath = new Option<FileInfo?>("--output") { Description = "File to write (default: standard output)." };
        var command = new Command("export", "Export whole records (prompts and responses included) as JSON Lines or CSV.");
        filters.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(outputPath);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var reader = connection.CreateReader(parseResult);
            var file = parseResult.GetValue(outputPath);
            var csv = parseResult.GetValue(format) == "csv";
            var progress = parseResult.InvocationConfiguration.Error;
            await using var fileWriter = file is null ? null : new StreamWriter(file.FullName, append: false, new UTF8Encoding(false));
            var output = fileWriter ?? parseResult.InvocationConfiguration.Output;
            if (csv)
            {
                CsvExport.WriteHeader(output);
            }

            var count = 0;
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            await foreach (var record in reader.ExportAsync(filters.ToQuery(parseResult), cancellationToken))
            {
                if (csv)
                {
                    CsvExport.WriteRecord(output, record);
                }
                else
                {
                    JsonLinesExport.WriteRecord(output, record);
                }

                count++;
                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
                {
                    lastReport = clock.Elapsed;
                    progress.WriteLine($"export: {count} records so far ({clock.Elapsed.TotalSeconds:F0} s)…");
                }
            }

            await output.FlushAsync(cancellationToken);
            progress.WriteLine($"export: {count} records written{(file is null ? "" : $" to {file.FullName}")} in {clock.Elapsed.TotalSeconds:F1} s.");
            return 0;
        }));
        return command;
    }
}
