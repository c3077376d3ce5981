// Package qrsvg draws a QR code as inline SVG, for the authenticator-app enrolment page: no image files, no
// scripts, nothing fetched from elsewhere.
package qrsvg

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// SVG returns an <svg> element showing text as a QR code (error correction M), with a quiet zone of four
// modules, scaled by the page. label becomes the image's accessible name.
func SVG(text, label string) (string, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	n := code.Size
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`,
		n+8, n+8, escape(label))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n+8, n+8)
	for y := range n {
		for x := 0; x < n; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < n && code.Black(x, y) {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+4, y+4, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
