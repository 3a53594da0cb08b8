using System.Text.Json;
using Microsoft.Playwright;
using PluginHost.Tests.Support;
using Xunit.Abstractions;

namespace PluginHost.Tests.Serve;

/// <summary>
/// serve clicked in a real browser: Playwright drives Debian's chromium (never a downloaded one) against the product's
/// web application on a loopback port, over a fresh demo workspace with editing on. Each page is saved as a screenshot.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task Moving_school_Cs_slider_and_protecting_an_item_changes_its_package_and_saves_the_override()
    {
        if (!Chromium.Available(_output))
        {
            return;
        }

        await using var served = await ServedWorkspace.StartAsync(allowEdit: true, browser: true);
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 } });
        await page.GotoAsync(served.Url + "/");
        await Screenshot(page, "serve-district");
        await page.ClickAsync("text=School C");
        await page.WaitForURLAsync("**/schools/school-c");

        await SetSlider(page, 10);
        var at10 = await Items(page, "#your-package");
        var ratio10 = await page.InnerTextAsync("#your-package table.ratios");
        await SetSlider(page, 30);
        var at30 = await Items(page, "#your-package");
        Assert.Equal("$1.71M", await page.InnerTextAsync("#to-find"));
        Assert.True(at30.Count > at10.Count, $"a 30 % cut takes more than a 10 % cut ({at10.Count} vs {at30.Count} items)");
        Assert.NotEqual(ratio10, await page.InnerTextAsync("#your-package table.ratios"));
        Assert.Contains("Assistant principal", at30);
        await Screenshot(page, "serve-school-c-30");

        // Protect the assistant principal: it leaves the school's package, the rules' package keeps it.
        var refreshed = await page.EvaluateAsync<string?>("document.body.dataset.refreshed");
        await page.CheckAsync("article.card[data-item=c002] input[name=protect]");
        await page.WaitForFunctionAsync("previous => document.body.dataset.refreshed !== previous", refreshed);
        Assert.DoesNotContain("Assistant principal", await Items(page, "#your-package"));
        Assert.Contains("Assistant principal", await Items(page, "#rules-package"));

        await page.FillAsync("#save-package input[name=note]", "Our AP leads the model.");
        await page.ClickAsync("#save");
        await page.WaitForURLAsync("**saved=1");
        Assert.Contains("Saved", await page.InnerTextAsync("#message"));
        var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(served.Root, "overrides", "school-c.json"))).RootElement;
        Assert.Equal(["c002"], saved.GetProperty("protect").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Our AP leads the model.", saved.GetProperty("note").GetString());
        Assert.DoesNotContain("Assistant principal", await Items(page, "#your-package"));
        await Screenshot(page, "serve-school-c-saved");

        await page.ClickAsync("nav >> text=Plugins");
        await page.WaitForURLAsync("**/plugins");
        Assert.Equal(4, await page.Locator("#plugins tbody tr.ok").CountAsync());
        await Screenshot(page, "serve-plugins");
        Assert.Empty(served.Errors);
    }

    [Fact]
    public async Task A_broken_rule_is_named_inline_a_fixed_one_previews_its_impact_saves_and_a_stale_tab_is_refused()
    {
        if (!Chromium.Available(_output))
        {
            return;
        }

        await using var served = await ServedWorkspace.StartAsync(allowEdit: true, browser: true);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1400 } });
        var page = await context.NewPageAsync();
        var stale = await context.NewPageAsync();
        await page.GotoAsync(served.Url + "/rules");
        await stale.GotoAsync(served.Url + "/rules");
        const string Rule = "RecurringItAboveShare";
        var rule = page.Locator($"#rule-{Rule}");
        var expression = rule.Locator("textarea[name=expression]");
        var original = await expression.InputValueAsync();
        Assert.Equal("outlook.RecurringItShareYear4 > 0.03", original);

        await expression.FillAsync("outlook.RecurringItShareYear4 >> 0.03");
        await rule.Locator(".check .errors").WaitForAsync();
        var error = await rule.Locator(".check .errors").InnerTextAsync();
        Assert.Contains(Rule, error, StringComparison.Ordinal);
        Assert.Contains("error PH2003", error, StringComparison.Ordinal);
        await Screenshot(page, "serve-rules-broken");

        await expression.FillAsync("outlook.RecurringItShareYear4 > 0.015");
        await rule.Locator(".check .ok").WaitForAsync();
        await rule.Locator("button.preview").ClickAsync();
        await rule.Locator(".check .impact").WaitForAsync();
        var preview = await rule.Locator(".check .impact-schools").InnerTextAsync();
        Assert.Contains("School F: new flag: recurring IT above the report's share", preview, StringComparison.Ordinal);
        await Screenshot(page, "serve-rules-preview");

        var file = Path.Combine(served.Root, "rules", "sustainability-flags.json");
        var before = File.ReadAllText(file);
        await rule.Locator("button.save").ClickAsync();
        await page.WaitForURLAsync($"**saved={Rule}**");
        var after = File.ReadAllText(file);
        Assert.Equal(before.Replace("outlook.RecurringItShareYear4 > 0.03", "outlook.RecurringItShareYear4 > 0.015", StringComparison.Ordinal), after);
        Assert.Contains($"Saved {Rule}", await page.InnerTextAsync("#message"));

        // The second tab still holds the old rule set: its save is refused and the file keeps the first save.
        var staleRule = stale.Locator($"#rule-{Rule}");
        await staleRule.Locator("textarea[name=expression]").FillAsync("outlook.RecurringItShareYear4 > 0.02");
        await staleRule.Locator("button.save").ClickAsync();
        await stale.Locator("#message").WaitForAsync();
        Assert.Contains("the rules changed since this page was loaded", await stale.InnerTextAsync("#message"));
        Assert.Equal(after, File.ReadAllText(file));
        await Screenshot(stale, "serve-rules-stale-refused");
        Assert.Empty(served.Errors);
    }

    private static async Task SetSlider(IPage page, int percent)
    {
        var previous = await page.EvaluateAsync<string?>("document.body.dataset.refreshed");
        await page.Locator("#cut").FillAsync(percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.WaitForFunctionAsync("previous => document.body.dataset.refreshed !== previous", previous);
        Assert.Equal($"{percent} %", await page.InnerTextAsync("#cut-value"));
    }

    private static async Task<List<string>> Items(IPage page, string package) =>
        [.. await page.Locator($"{package} ol.cuts li .what").AllInnerTextsAsync()];

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(Chromium.Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }
}
