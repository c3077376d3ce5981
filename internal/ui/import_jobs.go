package ui

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
)

// importJob is an import the web UI runs in the background: what it read, and its latest counts. The batch
// in the database is the record; the job adds what only the running process knows (the share of the file
// read) and how to run the same file again.
type importJob struct {
	owner  int64
	token  string             // the upload it reads
	file   importfile.Options // how it reads it
	latest domain.ImportBatch // the last snapshot; ID 0 before the first chunk
	done   bool
	ended  time.Time
}

// importJobs are the imports started by this process, by batch id, and who has one running.
type importJobs struct {
	mu      sync.Mutex
	byBatch map[int64]*importJob
	busy    map[int64]bool // user → an import is starting or running
}

func newImportJobs() *importJobs {
	return &importJobs{byBatch: map[int64]*importJob{}, busy: map[int64]bool{}}
}

// errImportBusy: the user already has an import running; a second one at the same time would not see the
// first one's new contacts and create them twice.
var errImportBusy = errors.New("an import is already running")

// reserve marks the user as running an import, or reports errImportBusy.
func (js *importJobs) reserve(owner int64) error {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.busy[owner] {
		return errImportBusy
	}
	js.busy[owner] = true
	js.sweep()
	return nil
}

func (js *importJobs) release(owner int64) {
	js.mu.Lock()
	delete(js.busy, owner)
	js.mu.Unlock()
}

func (js *importJobs) start(id int64, j *importJob) {
	js.mu.Lock()
	j.latest.ID = id
	js.byBatch[id] = j
	js.mu.Unlock()
}

func (js *importJobs) progress(b domain.ImportBatch) {
	js.mu.Lock()
	if j, ok := js.byBatch[b.ID]; ok && !j.done {
		j.latest = b
	}
	js.mu.Unlock()
}

func (js *importJobs) finish(id int64, b domain.ImportBatch) {
	js.mu.Lock()
	if j, ok := js.byBatch[id]; ok {
		j.latest, j.done, j.ended = b, true, time.Now()
	}
	js.mu.Unlock()
}

// get returns a copy of the owner's job for a batch.
func (js *importJobs) get(id, owner int64) (importJob, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byBatch[id]
	if !ok || j.owner != owner {
		return importJob{}, false
	}
	return *j, true
}

// sweep forgets finished jobs whose file is gone too; the caller holds mu.
func (js *importJobs) sweep() {
	for id, j := range js.byBatch {
		if j.done && time.Since(j.ended) > uploadTTL {
			delete(js.byBatch, id)
		}
	}
}

// importStart is one run of an uploaded file with a mapping and options.
type importStart struct {
	up   *upload
	file importfile.Options
	opts domain.ImportOptions
	dry  bool
}

// startImport runs an import in the background and returns its batch id as soon as the batch exists. An
// error that keeps the import from starting (a validation error of the options, errImportBusy) is returned
// instead; the form shows it. The run outlives the request: it stops only when it is done.
func (u *UI) startImport(ctx context.Context, s *session, st importStart) (int64, error) {
	owner := s.Actor.UserID
	if err := u.jobs.reserve(owner); err != nil {
		return 0, err
	}
	f, err := os.Open(st.up.Path)
	var rd *importfile.Reader
	if err == nil {
		if rd, err = importfile.Open(f, st.up.Size, st.up.Name, st.file); err != nil {
			f.Close()
		}
	}
	if err != nil {
		u.jobs.release(owner)
		return 0, err
	}
	started, ended := make(chan int64, 1), make(chan error, 1)
	job := &importJob{owner: owner, token: st.up.Token, file: st.file}
	go func() {
		defer u.jobs.release(owner)
		defer f.Close()
		defer rd.Close()
		var id int64
		b, err := u.svc.Import(context.WithoutCancel(ctx), s.Actor, service.FileSource(rd), service.ImportRequest{
			Source: st.up.Name, Format: rd.Summary(), Options: st.opts, DryRun: st.dry,
			Started:  func(bid int64) { id = bid; u.jobs.start(bid, job); started <- bid },
			Progress: u.jobs.progress,
		})
		if id != 0 {
			u.jobs.finish(id, b)
			if err != nil {
				u.log.Error("import stopped and was rolled back", "batch", id, "err", err)
			}
		}
		ended <- err
	}()
	select {
	case id := <-started:
		return id, nil
	case err := <-ended:
		select { // a run that ended at once may have started first
		case id := <-started:
			return id, nil
		default:
			return 0, err
		}
	}
}
