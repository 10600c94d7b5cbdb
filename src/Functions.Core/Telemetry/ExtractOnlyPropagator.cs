using OpenTelemetry.Context.Propagation;

namespace Functions.Core.Telemetry;

/// <summary>
/// Reads a caller's W3C trace context and baggage, so a facade call joins the caller's trace, but writes none into
/// outgoing requests: the facade's spans stay its own, and providers we do not control get no trace headers.
/// </summary>
public sealed class ExtractOnlyPropagator : TextMapPropagator
{
    private static readonly CompositeTextMapPropagator Inner = new([new TraceContextPropagator(), new BaggagePropagator()]);

    public override ISet<string>? Fields => Inner.Fields;

    public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter) =>
        Inner.Extract(context, carrier, getter);

    public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter)
    {
    }
}
