// Package apiclient is a Go client of Roster's JSON API, generated from internal/api/openapi.json with
// oapi-codegen. It is what an integrator would generate; Roster's tests use it against a live server to
// show that the document describes an API one can program against. Do not edit client.gen.go: change the
// document and run go generate ./internal/apiclient (TestClientIsGenerated fails while it is stale).
package apiclient

//go:generate go tool oapi-codegen -config oapi-codegen.yaml -o client.gen.go ../api/openapi.json
