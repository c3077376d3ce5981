// Package export writes what Roster hands out as files — contact lists, accreditation lists and personal data
// reports — as CSV, XLSX, JSON and PDF. It knows formats and layouts, not the database: the service feeds it
// rows that it has read within the actor's scope.
package export
