using Functions;

await FacadeApp.Create(args).RunAsync();
