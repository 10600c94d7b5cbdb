using AuditCli;

return await AuditCommandLine.InvokeAsync(args);
