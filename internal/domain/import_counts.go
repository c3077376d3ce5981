package domain

// ImportCounts sums up every import batch for monitoring: numbers only, no names or files.
type ImportCounts struct {
	Batches map[string]int // batches by status (ImportRunning, ImportDone, …)
	Rows    map[string]int // rows of the batches that are done, by outcome (RowCreate, RowUpdate, …)
}
