using System.Globalization;
using System.Net;
using System.Text;
using Functions.Core.Diagnostics;

namespace AuditCli.Report;

/// <summary>
/// Bar charts as inline SVG (no script, nothing fetched): stacked bars per category with a legend, horizontal bars,
/// grouped bars. Axes get round ticks; more than <see cref="MaxSeries"/> series keep the largest and sum the rest
/// as "other". The same input gives the same markup.
/// </summary>
internal static class SvgChart
{
    /// <summary>The most series drawn apart; the rest are summed as "other".</summary>
    public const int MaxSeries = 8;

    /// <summary>Colours that stay apart for colour-blind readers (Okabe and Ito), then grey for "other".</summary>
    private static readonly string[] s_palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#332288", "#999999"];

    private const int Width = 620;
    private const int Height = 300;
    private const int Left = 58;
    private const int Right = 150;
    private const int Top = 14;
    private const int Bottom = 58;

    /// <summary>Bars per category, stacked by series (series in the order given, the first at the bottom).</summary>
    public static string Stacked(string id, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string unit)
    {
        series = Fold(series, categories.Count);
        var totals = categories.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var (max, ticks) = Scale(totals.DefaultIfEmpty(0).Max());
        var svg = Open(id, $"{unit} per period");
        YAxis(svg, max, ticks);
        var plotWidth = Width - Left - Right;
        var slot = categories.Count == 0 ? plotWidth : plotWidth / (double)categories.Count;
        var barWidth = Math.Max(2, Math.Min(48, slot * 0.7));
        var labelEvery = Math.Max(1, (int)Math.Ceiling(categories.Count / 12.0));
        for (var i = 0; i < categories.Count; i++)
        {
            var x = Left + slot * i + (slot - barWidth) / 2;
            var y = (double)(Height - Bottom);
            for (var s = 0; s < series.Count; s++)
            {
                var h = Scaled(series[s].Values[i], max);
                if (h > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y - h)}\" width=\"{F(barWidth)}\" height=\"{F(h)}\" fill=\"{Color(s, series[s].Name)}\"><title>{Esc(categories[i])} · {Esc(series[s].Name)}: {N(series[s].Values[i])}</title></rect>");
                }

                y -= h;
            }

            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + barWidth / 2)}\" y=\"{Height - Bottom + 14}\" class=\"xl\" transform=\"rotate(30 {F(x + barWidth / 2)} {Height - Bottom + 14})\">{Esc(categories[i])}</text>");
            }
        }

        Legend(svg, series.Select(s => $"{s.Name} ({N(s.Values.Sum())})").ToList());
        return Close(svg);
    }

    /// <summary>One horizontal bar per label.</summary>
    public static string Horizontal(string id, IReadOnlyList<(string Label, double Value)> bars, Func<string, string> color)
    {
        var rowHeight = 26;
        var height = Top + rowHeight * Math.Max(1, bars.Count) + 10;
        var (max, _) = Scale(bars.Select(b => b.Value).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\">");
        const int labelWidth = 130;
        var plot = Width - labelWidth - 80;
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + rowHeight * i;
            var w = max == 0 ? 0 : plot * bars[i].Value / max;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 16}\" class=\"yl\">{Esc(bars[i].Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{F(w)}\" height=\"18\" fill=\"{color(bars[i].Label)}\"><title>{Esc(bars[i].Label)}: {N(bars[i].Value)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth + w + 6)}\" y=\"{y + 16}\" class=\"vl\">{N(bars[i].Value)}</text>");
        }

        return Close(svg);
    }

    /// <summary>Groups of bars (one per series) per category, e.g. p50/p90/p99 per model.</summary>
    public static string Grouped(string id, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string unit)
    {
        var (max, ticks) = Scale(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var svg = Open(id, unit);
        YAxis(svg, max, ticks);
        var plotWidth = Width - Left - Right;
        var slot = categories.Count == 0 ? plotWidth : plotWidth / (double)categories.Count;
        var barWidth = Math.Max(3, Math.Min(28, slot * 0.8 / Math.Max(1, series.Count)));
        for (var i = 0; i < categories.Count; i++)
        {
            var x0 = Left + slot * i + (slot - barWidth * series.Count) / 2;
            for (var s = 0; s < series.Count; s++)
            {
                var h = Scaled(series[s].Values[i], max);
                var x = x0 + barWidth * s;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(Height - Bottom - h)}\" width=\"{F(barWidth - 1)}\" height=\"{F(h)}\" fill=\"{Color(s, series[s].Name)}\"><title>{Esc(categories[i])} {Esc(series[s].Name)}: {N(series[s].Values[i])} {Esc(unit)}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + slot * i + slot / 2)}\" y=\"{Height - Bottom + 16}\" class=\"xc\">{Esc(categories[i])}</text>");
        }

        Legend(svg, series.Select(s => s.Name).ToList());
        return Close(svg);
    }

    private static IReadOnlyList<(string Name, IReadOnlyList<double> Values)> Fold(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int count)
    {
        if (series.Count <= MaxSeries)
        {
            return series;
        }

        var rest = series.Skip(MaxSeries - 1).ToList();
        var other = Enumerable.Range(0, count).Select(i => rest.Sum(s => s.Values[i])).ToList();
        return [.. series.Take(MaxSeries - 1), ($"other ({rest.Count})", other)];
    }

    private static StringBuilder Open(string id, string yTitle)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{(Top + Height - Bottom) / 2}\" class=\"yt\" transform=\"rotate(-90 12 {(Top + Height - Bottom) / 2})\">{Esc(yTitle)}</text>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void YAxis(StringBuilder svg, double max, IReadOnlyList<double> ticks)
    {
        foreach (var tick in ticks)
        {
            var y = Height - Bottom - Scaled(tick, max);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" class=\"yl\">{N(tick)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" class=\"axis\"/>");
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var y = Top + 4 + 18 * i;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{y}\" width=\"11\" height=\"11\" fill=\"{Color(i, names[i])}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 28}\" y=\"{y + 10}\" class=\"lg\">{Esc(names[i])}</text>");
        }
    }

    /// <summary>A round top for the axis and 4–6 ticks under it.</summary>
    private static (double Max, IReadOnlyList<double> Ticks) Scale(double value)
    {
        if (value <= 0)
        {
            return (1, [0, 1]);
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value / 5)));
        var step = new[] { 1d, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => value / s <= 6);
        var max = Math.Ceiling(value / step) * step;
        return (max, Enumerable.Range(0, (int)Math.Round(max / step) + 1).Select(i => i * step).ToList());
    }

    private static double Scaled(double value, double max) => max <= 0 ? 0 : (Height - Top - Bottom) * value / max;

    private static string Color(int index, string name) => name.StartsWith("other (", StringComparison.Ordinal) ? s_palette[^1] : s_palette[index % (s_palette.Length - 1)];

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string N(double value) => value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>Text for HTML: made visible as <see cref="SafeText.Line"/> writes it, then HTML-encoded.</summary>
    public static string Esc(string text) => WebUtility.HtmlEncode(SafeText.Line(text));
}
