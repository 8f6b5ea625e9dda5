using Microsoft.Playwright;

namespace Rampa.Report.Tests;

/// <summary>
/// One headless Chromium for the browser tests: Debian's, never a downloaded one (<c>RAMPA_CHROMIUM</c> overrides the
/// path; scripts/test.sh installs the package on CI).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("RAMPA_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>
/// A report opened from disk in an offline context, with every request watched: anything but the file itself is
/// aborted and recorded, and console errors and page errors are collected.
/// </summary>
public sealed class OpenedReport : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public string FileUrl { get; }
    /// <summary>Every request the page made (the file's own load included).</summary>
    public List<string> Requests { get; } = [];
    /// <summary>Requests to anything but a file: aborted.</summary>
    public List<string> Blocked { get; } = [];
    public List<string> Errors { get; } = [];

    private OpenedReport(IBrowserContext context, IPage page, string fileUrl)
    {
        _context = context;
        Page = page;
        FileUrl = fileUrl;
    }

    public static async Task<OpenedReport> OpenAsync(IBrowser browser, string path, int width = 1280)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await context.SetOfflineAsync(true);
        var page = await context.NewPageAsync();
        var opened = new OpenedReport(context, page, new Uri(path).AbsoluteUri);
        await context.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), async route =>
        {
            lock (opened.Blocked) opened.Blocked.Add(route.Request.Url);
            await route.AbortAsync();
        });
        context.Request += (_, r) => { lock (opened.Requests) opened.Requests.Add(r.Url); };
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (opened.Errors) opened.Errors.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (opened.Errors) opened.Errors.Add($"pageerror: {e}"); };
        await page.GotoAsync(opened.FileUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.WaitForSelectorAsync("body[data-rendered]");
        return opened;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
