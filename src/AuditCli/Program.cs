using AuditCli;

return await AuditCommandLine.Create().Parse(args).InvokeAsync();
