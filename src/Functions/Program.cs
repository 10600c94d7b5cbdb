using Functions;

try
{
    await FacadeApp.Create(args).RunAsync();
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Configuration error", StringComparison.Ordinal) || ex.InnerException is Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine(ex.Message);
    return 78; // EX_CONFIG
}
return 0;
