package qrsvg

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"rsc.io/qr"
)

var run = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// TestSVGDrawsTheCode reads the drawn runs back into modules and compares them with the encoder's matrix.
func TestSVGDrawsTheCode(t *testing.T) {
	text := "otpauth://totp/Roster:anna@example.org?secret=JBSWY3DPEHPK3PXP&issuer=Roster"
	svg, err := SVG(text, `Code for "anna" <app>`)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := qr.Encode(text, qr.M)
	drawn := map[[2]int]bool{}
	for _, m := range run.FindAllStringSubmatch(svg, -1) {
		var x, y, w int
		fmt.Sscan(m[1], &x)
		fmt.Sscan(m[2], &y)
		fmt.Sscan(m[3], &w)
		for i := range w {
			drawn[[2]int{x - 4 + i, y - 4}] = true
		}
	}
	for y := range code.Size {
		for x := range code.Size {
			if drawn[[2]int{x, y}] != code.Black(x, y) {
				t.Fatalf("module %d,%d drawn=%v, code says %v", x, y, drawn[[2]int{x, y}], code.Black(x, y))
			}
		}
	}
	if !strings.Contains(svg, `aria-label="Code for &quot;anna&quot; &lt;app&gt;"`) || strings.Contains(svg, "<script") || strings.Contains(svg, "style=") {
		t.Fatalf("svg head: %.300s", svg)
	}
}
