package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/ziplimit"
)

// MaxUpload is the largest file accepted for an import: some 500,000 rows of a typical member list.
const MaxUpload = 100 << 20

// uploadTTL is how long an uploaded file stays after it was last used: long enough to fix a mapping and run a
// dry run and the import, short enough that files with personal data do not linger. An import that reads it
// keeps it until the import has ended.
const uploadTTL = 2 * time.Hour

// Upload is a file kept for an import.
type Upload struct {
	ID   int64
	Name string
	Size int64
}

// SaveUpload keeps a file for an import by the actor. It is stored in the database, so that every server of
// the installation can read it, and removed two hours after its last use. A file over limit bytes (0 means
// MaxUpload; the web and the API take that, the operator's command line more) fails with domain.ErrTooLarge
// and leaves nothing.
func (s *Service) SaveUpload(ctx context.Context, a *access.Actor, name string, r io.Reader, limit int64) (Upload, error) {
	if !a.Scope.Has(access.WriteContacts) {
		return Upload{}, domain.ErrForbidden
	}
	if limit <= 0 {
		limit = MaxUpload
	}
	up, err := s.st.SaveUpload(ctx, a.UserID, name, r, limit, uploadTTL)
	if errors.Is(err, store.ErrTooLarge) {
		return Upload{}, domain.ErrTooLarge
	}
	if err != nil {
		return Upload{}, err
	}
	return Upload{ID: up.ID, Name: up.Name, Size: up.Size}, nil
}

// OpenUpload opens one of the actor's uploads as an import file, read as file says, and keeps the upload for
// another two hours. Someone else's upload, an expired one and a made-up id are all not found. Close the
// reader when done.
func (s *Service) OpenUpload(ctx context.Context, a *access.Actor, id int64, file domain.ImportFile) (*importfile.Reader, Upload, error) {
	up, err := s.st.Read().Upload(ctx, id, a.UserID)
	if err != nil {
		return nil, Upload{}, err
	}
	if err := s.st.Write(ctx, func(q *store.Q) error { return q.KeepUpload(ctx, id, uploadTTL) }); err != nil {
		return nil, Upload{}, err
	}
	rd, err := s.readUpload(ctx, up, file)
	return rd, Upload{ID: up.ID, Name: up.Name, Size: up.Size}, err
}

// readUpload opens a stored upload's bytes as an import file.
func (s *Service) readUpload(ctx context.Context, up *store.Upload, file domain.ImportFile) (*importfile.Reader, error) {
	rd, err := importfile.Open(s.st.UploadReader(up).WithContext(ctx), up.Size, up.Name, fileOptions(file))
	if err != nil && s.st.Unavailable(err) {
		return nil, err
	}
	var tooLarge *ziplimit.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, errors.Join(&domain.ValidationError{Fields: []domain.FieldError{{Field: "file",
			Code: "file_too_large_unpacked", Param: tooLarge.Error()}}}, err)
	case err != nil:
		// A validation error of the field "file" that keeps the reader's reason for front ends to explain.
		return nil, errors.Join(domain.Invalid("file", "unreadable_file"), err)
	}
	return rd, nil
}

// DeleteUpload removes one of the actor's uploads at once (a cancelled wizard).
func (s *Service) DeleteUpload(ctx context.Context, a *access.Actor, id int64) error {
	if _, err := s.st.Read().Upload(ctx, id, a.UserID); err != nil {
		return err
	}
	return s.st.Write(ctx, func(q *store.Q) error { return q.DeleteUpload(ctx, id) })
}

// fileOptions turns a batch's stored reading options into the file reader's.
func fileOptions(f domain.ImportFile) importfile.Options {
	o := importfile.Options{Encoding: importfile.Encoding(f.Encoding), Sheet: f.Sheet, NoHeader: f.NoHeader}
	if d := []rune(f.Delimiter); len(d) == 1 {
		o.Delimiter = d[0]
	}
	return o
}

// ImportFileOf turns the file reader's options into the form a batch stores.
func ImportFileOf(o importfile.Options) domain.ImportFile {
	f := domain.ImportFile{Encoding: string(o.Encoding), Sheet: o.Sheet, NoHeader: o.NoHeader}
	if o.Delimiter != 0 {
		f.Delimiter = string(o.Delimiter)
	}
	return f
}

// UploadInfo returns one of the actor's uploads while it is kept.
func (s *Service) UploadInfo(ctx context.Context, a *access.Actor, id int64) (Upload, error) {
	up, err := s.st.Read().Upload(ctx, id, a.UserID)
	if err != nil {
		return Upload{}, err
	}
	return Upload{ID: up.ID, Name: up.Name, Size: up.Size}, nil
}
