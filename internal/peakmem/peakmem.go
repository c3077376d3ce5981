// Package peakmem lets a test run part of itself in a child process and learn the child's peak resident memory,
// so that it can show that reading a hostile file stays within a bound: a child's peak is its own, untouched by
// what the other tests of the package allocated.
package peakmem

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// envChild names, in the child's environment, the test it was started for.
const envChild = "ROSTER_PEAKMEM_CHILD"

// Child reports whether this process is a child started by Run for the test named test.
func Child(test string) bool { return os.Getenv(envChild) == test }

// Run runs the test function named test of the current test binary in a child process, with env added to its
// environment. The child test reads its input from env, does its work and calls Report. Run returns what the
// child printed after "result: " (one line) and its peak resident memory in bytes. The test is skipped where
// the system does not tell the peak (it is read from /proc).
func Run(t testing.TB, test string, env ...string) (result string, peak int64) {
	t.Helper()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("peak memory is read from /proc/self/status, which this system lacks")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Env = append(append(os.Environ(), envChild+"="+test), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %s: %v\n%s", test, err, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	found := false
	for sc.Scan() {
		line := sc.Text()
		if r, ok := strings.CutPrefix(line, "result: "); ok {
			result, found = r, true
		}
		if kb, ok := strings.CutPrefix(line, "peak-kb: "); ok {
			n, err := strconv.ParseInt(kb, 10, 64)
			if err != nil {
				t.Fatalf("child %s: peak %q", test, kb)
			}
			peak = n << 10
		}
	}
	if !found || peak == 0 {
		t.Fatalf("child %s did not report:\n%s", test, out)
	}
	return result, peak
}

// Report prints the child's result and its peak resident memory (VmHWM) for Run.
func Report(result string) {
	fmt.Printf("result: %s\n", strings.ReplaceAll(result, "\n", " "))
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Printf("peak-kb: %s\n", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
}

// MB writes a byte count in megabytes for test messages.
func MB(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
