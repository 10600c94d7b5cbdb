using Bench.LoadGen;

// The benchmark's own load generator and report writer; bench/run.sh drives it. Subcommands:
//   rate         --name --url [--model --header..] --rate --seconds [--warmup --max-outstanding] [--pid.. --part name=pid..] --out
//   stream       --name --url [...] --concurrency --seconds [--warmup] --events --bytes --interval [--pid.. --part..] --out
//   open-streams --name --url [...] --levels 1000,5000,10000 [--parallel --settle] --pid.. --out
//   cold-start   --name --url [...] --runs --warm-url --out -- COMMAND ARGS..
//   measure      --name --tool [--pid.. --part..] --out -- COMMAND ARGS..
//   store-capacity --connection-string --seconds [--batch 100 --in-flight 8] --out
//   report       --results DIR
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: BenchLoadGen rate|stream|open-streams|cold-start|measure|store-capacity|report --name value ...");
    return 2;
}
var a = new Arguments(args.Skip(1));
switch (args[0])
{
    case "rate":
        ResultFile.Write(a.Text("out"), await new OpenLoopRun(new ChatTarget(a), a.Int("rate"), a.Double("seconds"), a.Double("warmup", 2), a.Int("max-outstanding", 2000), a.Pids, a.Parts).RunAsync());
        break;
    case "stream":
        ResultFile.Write(a.Text("out"), await new StreamRun(new ChatTarget(a), a.Int("concurrency"), a.Double("seconds"), a.Double("warmup", 2),
            a.Int("events"), a.Int("bytes"), a.Int("interval"), a.Pids, a.Parts).RunAsync());
        break;
    case "open-streams":
        var levels = a.Text("levels").Split(',').Select(int.Parse).ToList();
        ResultFile.Write(a.Text("out"), await new OpenStreamsRun(new ChatTarget(a), levels, a.Int("parallel", 200), a.Double("settle", 3), a.Pids).RunAsync());
        break;
    case "cold-start":
        ResultFile.Write(a.Text("out"), await new ColdStartRun(new ChatTarget(a), a.Rest, a.Int("runs", 5), a.Text("warm-url")).RunAsync());
        break;
    case "measure":
        ResultFile.Write(a.Text("out"), await CommandRun.RunAsync(a.Text("name"), a.Text("tool"), a.Rest, a.Pids, a.Parts));
        break;
    case "store-capacity":
        ResultFile.Write(a.Text("out"), await new StoreCapacityRun(a.Text("connection-string"), a.Double("seconds"), a.Int("batch", 100), a.Int("in-flight", 8)).RunAsync());
        break;
    case "report":
        ResultsReport.Write(a.Text("results"));
        break;
    default:
        Console.Error.WriteLine($"unknown subcommand '{args[0]}'");
        return 2;
}
return 0;
