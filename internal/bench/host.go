package bench

import (
	"bufio"
	"os"
	"strings"
)

// hostDescription names the CPU model, for the report.
func hostDescription() (string, error) {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v), nil
		}
	}
	return "unknown CPU", nil
}
