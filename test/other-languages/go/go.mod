// Conformance program for the Go client generated from openapi.yaml. scripts/other-generators.sh copies
// this module next to the generated client (../go-client), which has no dependencies beyond the stdlib.
module example.com/experiments-api/conformance

go 1.23

require example.com/experiments-api/experimentsapi v0.0.0

replace example.com/experiments-api/experimentsapi => ../go-client
