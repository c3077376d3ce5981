package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// stepTimeout bounds each step in the page: finding an element, typing, a click and the page it loads.
// Every wait is for something on the page, never a fixed sleep.
const stepTimeout = 5 * time.Second

// Viewport of a desktop browser window; the phone test sets its own.
const desktopWidth, desktopHeight = 1280, 900

// tab is one test's page, in a browser context of its own (its own cookies), on one site. Its methods fail
// the test when a step does not work.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site *site

	mu         sync.Mutex
	dialogs    []string // JavaScript dialogs that opened; each is dismissed
	exceptions []string // uncaught JavaScript exceptions
}

// newTab opens a tab in a new browser context. When the test ends, a dialog or an uncaught exception seen
// in the tab fails it, and a failed test leaves a screenshot of the tab.
func (s *site) newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, site: s}
	// The first call opens the tab, which lives as long as the context of that call: so not one of the
	// step contexts with their time limits.
	if err := chromedp.Listen(ctx, tb.watch); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tb.do(chromedp.EmulateViewport(desktopWidth, desktopHeight))
	t.Cleanup(tb.finish)
	return tb
}

// watch runs in the tab's event loop, so it only records and hands the dialog's dismissal to a goroutine:
// an open dialog would block the page and every later step.
func (tb *tab) watch(ev any) {
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		tb.mu.Lock()
		tb.dialogs = append(tb.dialogs, string(ev.Type)+": "+ev.Message)
		tb.mu.Unlock()
		go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		tb.mu.Lock()
		tb.exceptions = append(tb.exceptions, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, text))
		tb.mu.Unlock()
	}
}

// finish reports what the page did behind the test's back and keeps a picture of a failure.
func (tb *tab) finish() {
	tb.mu.Lock()
	for _, d := range tb.dialogs {
		tb.t.Errorf("a JavaScript dialog opened: %s", d)
	}
	for _, e := range tb.exceptions {
		tb.t.Errorf("uncaught JavaScript exception: %s", e)
	}
	tb.mu.Unlock()
	if tb.t.Failed() {
		if path := tb.saveScreenshot(screenshotDir(tb.t), safeName(tb.t.Name())+".png"); path != "" {
			tb.t.Logf("screenshot of the page at the failure: %s", path)
		}
	}
}

// dialogsOpened lists the JavaScript dialogs seen so far.
func (tb *tab) dialogsOpened() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.dialogs...)
}

// run runs one action within stepTimeout and returns its value.
func run[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs steps within stepTimeout.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	run(tb, "browser step", chromedp.Steps(steps...))
}

// open loads a page of the site and returns its HTTP status.
func (tb *tab) open(path string) int64 {
	tb.t.Helper()
	return run(tb, "open "+path, chromedp.NavigateResponse(tb.site.url+path)).Status
}

// follow runs steps that load another page (a click on a link, Enter in a form) and waits until it has
// loaded; it returns the page's HTTP status, after redirects.
func (tb *tab) follow(steps ...chromedp.Action[chromedp.Void]) int64 {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		tb.t.Fatalf("no new page loaded: %v", err)
	}
	return res.Status
}

// path is the path and query of the page shown.
func (tb *tab) path() string {
	tb.t.Helper()
	return strings.TrimPrefix(run(tb, "location", chromedp.Location()), tb.site.url)
}

// signIn signs in on the sign-in page with the mouse and waits for the page behind it.
func (tb *tab) signIn(email, password string) {
	tb.t.Helper()
	tb.open("/login")
	tb.do(chromedp.SendKeys(field(tb.site.en("ui.login.email")), email),
		chromedp.SendKeys(field(tb.site.en("ui.login.password")), password))
	tb.follow(chromedp.Click(button(tb.site.en("ui.login.submit"))))
	if tb.count(`nav.main-nav`) == 0 {
		tb.t.Fatalf("sign-in as %s failed; the page says: %s", email, tb.mainText())
	}
}

// fill clicks into the field labelled label and types text, as a person with a mouse does.
func (tb *tab) fill(label, text string) {
	tb.t.Helper()
	run(tb, "fill in "+label, chromedp.Steps(chromedp.Click(field(label)), chromedp.KeyEvent(text)))
}

// search types query into the quick search in the header (replacing what is there) and presses Enter.
func (tb *tab) search(query string) {
	tb.t.Helper()
	box := field(tb.site.en("ui.layout.search_label"))
	tb.do(chromedp.Click(box), selectAll, chromedp.KeyEvent(query))
	tb.follow(chromedp.KeyEvent(kb.Enter))
}

// selectAll selects the whole text of the focused field, so that typing replaces it.
var selectAll = chromedp.KeyEvent("a", chromedp.KeyModifiers(kb.ModifierCtrl))

// showSection brings the section headed heading into view as a person would: by its tab or in-page link
// when the page has one (clicking it selects the tab or jumps there), else it is already on the page.
func (tb *tab) showSection(heading string) {
	tb.t.Helper()
	if tb.has(link(heading)) {
		tb.do(chromedp.Click(link(heading)))
	}
	waitVisible(tb, section(heading))
}

// press types keys into whatever has the focus (kb.Tab, kb.Enter or text).
func (tb *tab) press(keys string) {
	tb.t.Helper()
	run(tb, fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// Text of the page, as a person reads it.

// pageText is the text of the whole page as rendered (innerText: hidden elements left out).
func (tb *tab) pageText() string {
	tb.t.Helper()
	return eval[string](tb, `document.body.innerText`)
}

// mainText is the rendered text of the page's main content, without header and navigation.
func (tb *tab) mainText() string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector("main") ? document.querySelector("main").innerText : document.body.innerText`)
}

// html is the page's whole document as HTML, attributes and hidden parts included.
func (tb *tab) html() string {
	tb.t.Helper()
	return eval[string](tb, `document.documentElement.outerHTML`)
}

// heading is the text of the page's h1.
func (tb *tab) heading() string {
	tb.t.Helper()
	return textOf(tb, chromedp.CSS("h1"))
}

// textOf is the rendered text of the first element sel matches, waiting for it to be visible.
func textOf[S chromedp.Selectable](tb *tab, sel S) string {
	tb.t.Helper()
	return strings.TrimSpace(run(tb, fmt.Sprintf("text of %v", sel), chromedp.Text(sel, chromedp.NodeVisible)))
}

// valueOf is the current value of a form control.
func valueOf[S chromedp.Selectable](tb *tab, sel S) string {
	tb.t.Helper()
	return run(tb, fmt.Sprintf("value of %v", sel), chromedp.Value(sel))
}

// has reports whether an XPath selector matches anything now, without waiting.
func (tb *tab) has(xpath chromedp.Search) bool {
	tb.t.Helper()
	return eval[bool](tb, `document.evaluate(`+js(string(xpath))+`, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength > 0`)
}

// count is the number of elements matching a CSS selector now, without waiting.
func (tb *tab) count(css string) int {
	tb.t.Helper()
	return eval[int](tb, `document.querySelectorAll(`+js(css)+`).length`)
}

// focused names the element that has the keyboard focus: its name, else its id, else its tag.
func (tb *tab) focused() string {
	tb.t.Helper()
	return eval[string](tb, `(e => e.getAttribute("name") || e.id || e.tagName.toLowerCase())(document.activeElement)`)
}

// waitVisible waits until sel matches a visible element.
func waitVisible[S chromedp.Selectable](tb *tab, sel S) {
	tb.t.Helper()
	run(tb, fmt.Sprintf("wait for %v", sel), chromedp.WaitVisible(sel))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return run(tb, "evaluate "+js, chromedp.Evaluate[T](js))
}

// Selectors that find things by what a person sees: labels, link and button texts. Plain strings are
// resolved by the browser's search, which takes XPath.

// field is the form control whose <label> reads text.
func field(text string) chromedp.Search {
	return chromedp.Search(`//*[@id=//label[normalize-space()=` + xq(text) + `]/@for]`)
}

// link is a link that reads text.
func link(text string) chromedp.Search {
	return chromedp.Search(`//a[normalize-space()=` + xq(text) + `]`)
}

// button is a button that reads text.
func button(text string) chromedp.Search {
	return chromedp.Search(`//button[normalize-space()=` + xq(text) + `]`)
}

// section is the <section> of the page headed by an h2 that reads heading.
func section(heading string) chromedp.Search {
	return chromedp.Search(`//section[h2[normalize-space()=` + xq(heading) + `]]`)
}

// saying is the innermost element whose whole text is text (shown or not: wait for it with waitVisible).
func saying(text string) chromedp.Search {
	return chromedp.Search(`//*[normalize-space()=` + xq(text) + ` and not(*[normalize-space()=` + xq(text) + `])]`)
}

// labelled is a JavaScript expression for the form control whose <label> reads text.
func labelled(text string) string {
	return `document.getElementById([...document.querySelectorAll("label")].find(l => l.textContent.trim() === ` +
		js(text) + `).htmlFor)`
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// xq quotes s as an XPath string literal, which has no escapes: a string with both quote kinds is
// spliced with concat().
func xq(s string) string {
	switch {
	case !strings.Contains(s, `"`):
		return `"` + s + `"`
	case !strings.Contains(s, `'`):
		return `'` + s + `'`
	}
	return `concat("` + strings.ReplaceAll(s, `"`, `", '"', "`) + `")`
}

// Screenshots.

// screenshotDir is where screenshots go: $ROSTER_SCREENSHOTS when set, else the test's artifact directory
// (kept with go test -artifacts, otherwise removed after the test).
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("ROSTER_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.ArtifactDir()
}

// screenshotFor saves a full-page screenshot under name (as in docs/screenshots/) when ROSTER_SCREENSHOTS
// names a directory, for the README; otherwise it does nothing.
func (tb *tab) screenshotFor(name string) {
	tb.t.Helper()
	if dir := os.Getenv("ROSTER_SCREENSHOTS"); dir != "" {
		tb.t.Logf("screenshot: %s", tb.saveScreenshot(screenshotDir(tb.t), name))
	}
}

// saveScreenshot writes a full-page PNG of the tab to dir/name and returns its path, or "" when the tab
// cannot be captured (the error is logged, not a failure: the screenshot only helps to see one).
func (tb *tab) saveScreenshot(dir, name string) string {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		path := filepath.Join(dir, name)
		if err = os.WriteFile(path, png, 0o644); err == nil {
			return path
		}
	}
	tb.t.Logf("no screenshot: %v", err)
	return ""
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName turns a test name ("TestX/sqlite") into a file name ("TestX-sqlite").
func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "-") }
