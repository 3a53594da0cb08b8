using System.Diagnostics;
using PluginHost.Tests.Support;
using Xunit.Abstractions;
using UglyToad.PdfPig;

namespace PluginHost.Tests.Memos;

/// <summary>The memo a CFO forwards: printed to PDF by headless Chromium, the brief on its first two pages.</summary>
public sealed class PdfTests
{
    private readonly ITestOutputHelper _output;

    public PdfTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void A_pdf_memo_has_the_brief_within_its_first_two_pages_and_numbered_pages()
    {
        if (!Chromium.Available(_output))
        {
            return;
        }

        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--format", "pdf", "--out", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var pdf = temp.Combine("out", "school-c", "memo.pdf");
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        Assert.Equal(["memo.pdf"], Directory.EnumerateFiles(temp.Combine("out", "school-c")).Select(Path.GetFileName));
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var firstTwo = string.Join(" ", pages.Take(2));
        Assert.Contains("Brief for the board", firstTwo, StringComparison.Ordinal);
        Assert.Contains("What to do first.", firstTwo, StringComparison.Ordinal);
        Assert.Contains("Pilot pay for teacher leaders", firstTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("1. Summary", firstTwo, StringComparison.Ordinal);
        Assert.Contains("1. Summary", pages[2], StringComparison.Ordinal);
        Assert.Contains($"Page 1 of {pages.Count}", pages[0], StringComparison.Ordinal);
        File.Copy(pdf, Path.Combine(Chromium.Artifacts, "school-c.memo.pdf"), overwrite: true);
    }

    [Fact]
    public void Without_chromium_a_pdf_is_refused_before_any_school_runs_with_the_package_to_install()
    {
        using var temp = new TempDir();
        var result = CliRunner.Run(temp.Path, "--chromium", temp.Combine("no-such-browser"), "plan", Path.Combine(TestPaths.DemoDistrict, "school-c.json"), "--format", "pdf", "--out", "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("no-such-browser: error PH5004: --chromium: no such file; name the Chromium executable, for example /usr/bin/chromium", result.Stderr.Trim());
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void A_memo_and_the_summary_look_right_in_a_real_browser()
    {
        if (!Chromium.Available(_output))
        {
            return;
        }

        using var temp = new TempDir();
        var demo = CliRunner.Run(temp.Path, "demo", "--out", "out");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        foreach (var (page, name) in new[] { ("out/school-c/memo.html", "school-c.memo.png"), ("out/summary.html", "summary.png") })
        {
            var png = Path.Combine(Chromium.Artifacts, name);
            File.Delete(png);
            var start = new ProcessStartInfo(Chromium.Path!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2400", $"--user-data-dir={temp.Combine("profile-" + name)}", $"--screenshot={png}", new Uri(temp.Combine(page)).AbsoluteUri })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "chromium took over a minute for one screenshot");
            var bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 50_000, $"{name} is only {bytes.Length} bytes; the page probably did not render");
            _output.WriteLine($"screenshot: {png}");
        }
    }
}
