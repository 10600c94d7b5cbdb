namespace Functions.Core.Validation;

/// <summary>
/// A numeric range as provider documents write it: <c>[0, 2]</c>, <c>(0, 1]</c>. A value outside gives a
/// 400 that names the parameter, the provider and its range.
/// </summary>
public readonly record struct ParameterRange(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    public void Check(string param, double? value, string provider)
    {
        if (value is { } v && (double.IsNaN(v) || !Contains(v)))
        {
            throw FacadeErrors.InvalidParameter(param,
                $"'{param}' must be in {this} for {provider} models; got {v.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(MinExclusive ? '(' : '[')}{Min}, {Max}{(MaxExclusive ? ')' : ']')}");
}
