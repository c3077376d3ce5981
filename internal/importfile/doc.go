// Package importfile turns an uploaded spreadsheet (CSV, TSV or XLSX) into rows of strings and suggests which
// Roster field each column holds. It knows nothing about the database: the import service reads rows with a
// [Reader], maps them with a [Mapping] (suggested by [Suggest], saved as JSON, reused with [Mapping.Rebind]) and
// parses cells with [ParseDate], [ParseBool] and friends.
//
// Text files are streamed with flat memory whatever their size: the encoding (UTF-8 with or without BOM, UTF-16,
// Windows-1252) and the delimiter (comma, semicolon, tab, pipe) are detected from the first 64 KiB, quoted line
// breaks are kept, and a malformed row is reported as a [*RowError] without ending the file.
package importfile
