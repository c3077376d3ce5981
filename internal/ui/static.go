package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
)

//go:embed static
var staticFiles embed.FS

// asset is one static file with the hash that versions its URL.
type asset struct {
	body        []byte
	hash        string
	contentType string
}

// assets are the static files by name. Their URLs carry a content hash, so browsers may cache them for a
// year and a new release is fetched at once.
type assets map[string]asset

func loadAssets() (assets, error) {
	out := assets{}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[path.Base(p)] = asset{body: body, hash: hex.EncodeToString(sum[:])[:16], contentType: ct}
		return nil
	})
	return out, err
}

func (a assets) url(name string) string {
	return "/static/" + a[name].hash + "/" + name
}

// serveAsset answers only for the current hash: an old or made-up URL is a 404, never stale content
// cached for a year.
func (u *UI) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := u.assets[r.PathValue("name")]
	if !ok || r.PathValue("hash") != a.hash {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(a.body)
	}
}
