package domain

import "time"

// Job states, as the job queue names them.
const (
	JobAvailable = "available" // waiting for a worker
	JobScheduled = "scheduled" // waiting for its time
	JobRetryable = "retryable" // failed, will be tried again
	JobRunning   = "running"
	JobCompleted = "completed"
	JobCancelled = "cancelled"
	JobDiscarded = "discarded" // failed for good
	JobPending   = "pending"
)

// JobFinished reports whether a job in this state will not run again by itself.
func JobFinished(state string) bool {
	return state == JobCompleted || state == JobCancelled || state == JobDiscarded
}

// Job is one piece of background work: an import, or the system's periodic work.
type Job struct {
	ID          int64        `json:"id"`
	Kind        string       `json:"kind"` // import, unit_counts, maintenance
	State       string       `json:"state"`
	Attempt     int          `json:"attempt"`
	MaxAttempts int          `json:"max_attempts"`
	Errors      []JobError   `json:"errors,omitempty"` // of earlier attempts, oldest first
	CreatedAt   time.Time    `json:"created_at"`
	AttemptedAt *time.Time   `json:"attempted_at,omitempty"`
	ScheduledAt time.Time    `json:"scheduled_at"`
	FinalizedAt *time.Time   `json:"finalized_at,omitempty"`
	Import      *ImportBatch `json:"import,omitempty"` // the batch an import job runs
}

// JobError is why one attempt of a job failed.
type JobError struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Error   string    `json:"error"`
}
