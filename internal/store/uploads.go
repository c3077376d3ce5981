package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// uploadPart is the size of one stored part of an uploaded file.
const uploadPart = 1 << 20

// Upload is a file kept in the database for an import: every server reads the same bytes, and nothing stays
// behind in a temporary directory when a process dies.
type Upload struct {
	ID        int64
	UserID    int64 // 0: the operator through the CLI
	Name      string
	Size      int64
	ExpiresAt time.Time
}

// SaveUpload stores what r yields, at most limit bytes, as a new upload of user that expires after ttl. A
// longer file fails with ErrTooLarge and leaves nothing. The parts are written in one transaction each
// part, so that a large file does not hold the writer; a crash midway leaves an upload that expires.
func (s *Store) SaveUpload(ctx context.Context, userID int64, name string, r io.Reader, limit int64, ttl time.Duration) (*Upload, error) {
	up := &Upload{UserID: userID, Name: name}
	err := s.Write(ctx, func(q *Q) error {
		up.ExpiresAt = q.now.Add(ttl)
		return q.db.QueryRowContext(ctx, `INSERT INTO uploads (user_id, name, size, created_at, expires_at)
			VALUES ($1, $2, 0, $3, $4) RETURNING id`, nullInt(userID), name, ts(q.now), ts(up.ExpiresAt)).Scan(&up.ID)
	})
	if err != nil {
		return nil, err
	}
	buf := make([]byte, uploadPart)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			if up.Size+int64(n) > limit {
				rerr = ErrTooLarge
			} else if err := s.Write(ctx, func(q *Q) error {
				_, err := q.exec(ctx, `INSERT INTO upload_parts (upload_id, seq, data) VALUES ($1, $2, $3)`, up.ID, seq, buf[:n])
				return err
			}); err != nil {
				rerr = err
			}
			up.Size += int64(n)
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			_ = s.Write(context.WithoutCancel(ctx), func(q *Q) error { return q.DeleteUpload(ctx, up.ID) })
			return nil, rerr
		}
	}
	err = s.Write(ctx, func(q *Q) error {
		_, err := q.exec(ctx, `UPDATE uploads SET size = $2 WHERE id = $1`, up.ID, up.Size)
		return err
	})
	return up, err
}

// ErrTooLarge means an uploaded file is larger than allowed.
var ErrTooLarge = errors.New("file too large")

// Upload reads an upload's facts: user's own (any user's when userID is 0), and only while it has not expired.
func (q *Q) Upload(ctx context.Context, id, userID int64) (*Upload, error) {
	up := &Upload{}
	err := q.db.QueryRowContext(ctx, `SELECT id, COALESCE(user_id, 0), name, size, expires_at FROM uploads
		WHERE id = $1 AND ($2 = 0 OR user_id = $2) AND expires_at > $3`, id, userID, ts(q.now)).
		Scan(&up.ID, &up.UserID, &up.Name, &up.Size, reqTime{&up.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotFound
	}
	return up, q.wrapNil(err, "SELECT uploads")
}

// UploadOfImport reads the upload a queued or running import reads: it stays past its expiry for as long as
// the import needs it (DeleteExpiredUploads leaves it).
func (q *Q) UploadOfImport(ctx context.Context, id int64) (*Upload, error) {
	up := &Upload{}
	err := q.db.QueryRowContext(ctx, `SELECT id, COALESCE(user_id, 0), name, size, expires_at FROM uploads WHERE id = $1`, id).
		Scan(&up.ID, &up.UserID, &up.Name, &up.Size, reqTime{&up.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotFound
	}
	return up, q.wrapNil(err, "SELECT uploads")
}

// KeepUpload moves an upload's expiry to ttl from now: it is in use.
func (q *Q) KeepUpload(ctx context.Context, id int64, ttl time.Duration) error {
	_, err := q.exec(ctx, `UPDATE uploads SET expires_at = $2 WHERE id = $1`, id, ts(q.now.Add(ttl)))
	return err
}

// DeleteUpload removes an upload and its parts.
func (q *Q) DeleteUpload(ctx context.Context, id int64) error {
	_, err := q.exec(ctx, `DELETE FROM uploads WHERE id = $1`, id)
	return err
}

// DeleteExpiredUploads removes the uploads that expired and that no queued or running import reads.
func (q *Q) DeleteExpiredUploads(ctx context.Context) (int, error) {
	res, err := q.exec(ctx, `DELETE FROM uploads WHERE expires_at < $1 AND NOT EXISTS (SELECT 1 FROM import_batches b
		WHERE b.upload_id = uploads.id AND b.status IN ('queued', 'running'))`, ts(q.now))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// UploadReader reads an upload's bytes from the database, a part at a time; it is an io.ReaderAt, as file
// formats such as XLSX need. Not safe for concurrent use.
func (s *Store) UploadReader(up *Upload) *UploadReader {
	return &UploadReader{st: s, up: up, seq: -1}
}

// UploadReader is the ReaderAt of one upload.
type UploadReader struct {
	st  *Store
	up  *Upload
	seq int // the part in buf; -1 for none
	buf []byte
	ctx context.Context
}

// WithContext makes the reader's queries end with ctx.
func (r *UploadReader) WithContext(ctx context.Context) *UploadReader { r.ctx = ctx; return r }

// Size is the upload's length in bytes.
func (r *UploadReader) Size() int64 { return r.up.Size }

// ReadAt reads len(p) bytes from offset off.
func (r *UploadReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	for n < len(p) {
		pos := off + int64(n)
		if pos >= r.up.Size {
			return n, io.EOF
		}
		seq := int(pos / uploadPart)
		if err := r.load(seq); err != nil {
			return n, err
		}
		start := int(pos - int64(seq)*uploadPart)
		if start >= len(r.buf) {
			return n, io.ErrUnexpectedEOF
		}
		n += copy(p[n:], r.buf[start:])
	}
	return n, nil
}

func (r *UploadReader) load(seq int) error {
	if seq == r.seq {
		return nil
	}
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	r.buf = r.buf[:0]
	err := r.st.read.QueryRowContext(ctx, `SELECT data FROM upload_parts WHERE upload_id = $1 AND seq = $2`, r.up.ID, seq).Scan(&r.buf)
	if err != nil {
		r.seq = -1
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("upload %d: part %d is missing", r.up.ID, seq)
		}
		return err
	}
	r.seq = seq
	return nil
}
