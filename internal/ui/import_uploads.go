package ui

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"
)

// uploadTTL is how long an uploaded file stays available after it was last used: long enough to fix a
// mapping and run a dry run and the import, short enough that files with personal data do not linger.
const uploadTTL = 2 * time.Hour

// maxUpload is the largest import file accepted: some 500,000 rows of a typical member list.
const maxUpload = 100 << 20

// upload is a file uploaded for import, kept in a temporary file. The UI has no data directory: the file
// lives in the system's temporary directory and only as long as the server runs.
type upload struct {
	Token   string // unguessable, the file's name in URLs
	Path    string
	Name    string // the name it was uploaded under
	Size    int64
	owner   int64 // the user who uploaded it; nobody else may use it
	expires time.Time
}

// importUploads is the registry of uploaded files by token.
type importUploads struct {
	mu    sync.Mutex
	files map[string]*upload
	log   *slog.Logger
}

func newImportUploads(log *slog.Logger) *importUploads {
	return &importUploads{files: map[string]*upload{}, log: log}
}

// errUploadTooLarge: the file is larger than maxUpload.
var errUploadTooLarge = errors.New("upload too large")

// save copies an uploaded file to a new temporary file for owner, not yet registered (see keep). A file over
// maxUpload bytes is refused with errUploadTooLarge and nothing is kept.
func (us *importUploads) save(owner int64, name string, body io.Reader) (*upload, error) {
	us.sweep()
	f, err := os.CreateTemp("", "roster-import-*")
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(f, io.LimitReader(body, maxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > maxUpload {
		err = errUploadTooLarge
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &upload{Token: rand.Text(), Path: f.Name(), Name: name, Size: n, owner: owner}, nil
}

// keep registers a saved file once it was found readable.
func (us *importUploads) keep(up *upload) {
	us.mu.Lock()
	up.expires = time.Now().Add(uploadTTL)
	us.files[up.Token] = up
	us.mu.Unlock()
}

// get returns the owner's file under token and keeps it for another uploadTTL; another user's file, an
// expired one and a made-up token are all simply not there.
func (us *importUploads) get(token string, owner int64) (*upload, bool) {
	us.sweep()
	us.mu.Lock()
	defer us.mu.Unlock()
	up, ok := us.files[token]
	if !ok || up.owner != owner {
		return nil, false
	}
	up.expires = time.Now().Add(uploadTTL)
	return up, true
}

// sweep removes the expired files. An import still reading one keeps its open handle.
func (us *importUploads) sweep() {
	now := time.Now()
	var gone []*upload
	us.mu.Lock()
	for token, up := range us.files {
		if now.After(up.expires) {
			gone = append(gone, up)
			delete(us.files, token)
		}
	}
	us.mu.Unlock()
	for _, up := range gone {
		us.remove(up)
	}
}

// remove deletes a file's temporary copy; a file that is not a spreadsheet is removed before it was kept.
func (us *importUploads) remove(up *upload) {
	if err := os.Remove(up.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		us.log.Warn("remove import upload", "err", err)
	}
}
