// Package browsertest drives Roster's web UI in a real headless Chromium, with the keyboard and the mouse as
// a person would, against the real HTTP handler on every test database. Without a browser on the machine
// the tests skip; CI installs Debian's chromium so that they run there.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserNames are the executables looked for, Debian's package first.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome"}

// shared is the one browser of this test binary, started by TestMain; each test opens its own browser
// context in it (see newTab), so tests share the process but no cookies. ctx is nil when no browser was
// found; err is set when one was found but did not start.
var shared struct {
	ctx context.Context
	err error
}

func TestMain(m *testing.M) {
	os.Exit(func() int {
		stop := startBrowser()
		defer stop()
		return m.Run()
	}())
}

// startBrowser launches Chromium with a fresh profile and returns what stops it and removes the profile.
func startBrowser() (stop func()) {
	path := findBrowser()
	if path == "" {
		return func() {}
	}
	profile, err := os.MkdirTemp("", "roster-chromium-")
	if err != nil {
		shared.err = err
		return func() {}
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// CI containers often have a tiny /dev/shm, which crashes Chromium's renderer.
		chromedp.Flag("disable-dev-shm-usage", true),
		// The same pages on every machine: English unless a test switches, no scrollbars in screenshots.
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("hide-scrollbars", true),
	)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	// The first Do starts the process; its context must outlive this call, so the time limit is a timer.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(30 * time.Second):
		err = fmt.Errorf("no answer within 30 s")
	}
	if err != nil {
		shared.err = fmt.Errorf("start %s: %w", path, err)
		return stop
	}
	shared.ctx = ctx
	return stop
}

func findBrowser() string {
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// browser returns the shared browser's context, skipping the test when the machine has none.
func browser(t *testing.T) context.Context {
	t.Helper()
	if shared.err != nil {
		t.Fatalf("browser: %v", shared.err)
	}
	if shared.ctx == nil {
		t.Skip("no browser: install Debian's chromium to run the browser tests")
	}
	return shared.ctx
}
