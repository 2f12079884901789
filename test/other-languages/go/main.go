// Conformance program: the Go client generated from openapi.yaml against the emulator.
//
// Usage: go run . <emulator-url>. Exits non-zero on the first mismatch.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	api "example.com/experiments-api/experimentsapi"
)

const (
	ldKey   = "emulator-ld-key" // the emulator's default LaunchDarkly token
	phKey   = "phx_emulator"    // the emulator's default PostHog personal API key
	project = "default"
	env     = "production"
	flag    = "checkout-button-position"
)

var checks = 0

func check(ok bool, format string, args ...any) {
	if !ok {
		fmt.Fprintf(os.Stderr, "go conformance: FAILED: "+format+"\n", args...)
		os.Exit(1)
	}
	checks++
}

// must stops on a transport or API error, naming the call.
func must[T any](value T, resp *http.Response, err error) T {
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		check(false, "call failed with status %d: %v", status, err)
	}
	return value
}

// fromJSON builds a request model from a JSON literal (nested bodies read best that way).
func fromJSON[T any](text string) T {
	var value T
	if err := json.Unmarshal([]byte(text), &value); err != nil {
		check(false, "bad request body: %v", err)
	}
	return value
}

func iteration(hypothesis string) string {
	return fmt.Sprintf(`{
		"hypothesis": %q,
		"metrics": [{"key": "checkout-completed"}],
		"primarySingleMetricKey": "checkout-completed",
		"randomizationUnit": "user",
		"flags": {%q: {"ruleId": "fallthrough", "flagConfigVersion": 12}},
		"treatments": [
			{"name": "Below the fold", "baseline": true, "allocationPercent": "50",
			 "parameters": [{"flagKey": %[2]q, "variationId": "e432f62b-55f6-49dd-a02f-eb24acf39d05"}]},
			{"name": "Above the fold", "baseline": false, "allocationPercent": "50",
			 "parameters": [{"flagKey": %[2]q, "variationId": "7a8b9c0d-55f6-49dd-a02f-eb24acf39d06"}]}
		]}`, hypothesis, flag)
}

func patch(ld *api.ExperimentsAPIService, ctx context.Context, key string, instruction api.ExperimentInstruction) *api.Experiment {
	body := api.ExperimentPatchInput{Instructions: []api.ExperimentInstruction{instruction}}
	return must(ld.PatchExperiment(ctx, project, env, key).ExperimentPatchInput(body).Execute())
}

func launchDarkly(url string) {
	config := api.NewConfiguration()
	config.Servers = api.ServerConfigurations{{URL: url}}
	ld := api.NewAPIClient(config).ExperimentsAPI
	ctx := context.WithValue(context.Background(), api.ContextAPIKeys, map[string]api.APIKey{"ApiKey": {Key: ldKey}})

	post := fromJSON[api.ExperimentPost](`{"key": "go-checkout", "name": "Checkout button (Go)", "iteration": ` + iteration("First draft") + `}`)
	created := must(ld.CreateExperiment(ctx, project, env).ExperimentPost(post).Execute())
	check(created.Key == "go-checkout", "created key %s", created.Key)

	next := fromJSON[api.IterationInput](iteration("Above wins"))
	draft := must(ld.CreateIteration(ctx, project, env, "go-checkout").IterationInput(next).Execute())
	check(draft.Hypothesis == "Above wins" && draft.Status == "not_started", "new iteration %s", draft.Status)

	start := api.StartIterationInstruction{Kind: "startIteration", ChangeJustification: api.PtrString("Ready")}
	started := patch(ld, ctx, "go-checkout", api.ExperimentInstruction{StartIterationInstruction: &start})
	check(started.CurrentIteration.Status == "running", "started: %s", started.CurrentIteration.Status)

	// Results exist only on beta-era servers, which answer 403 without LD-API-Version: beta.
	results := must(ld.GetExperimentResults(ctx, project, env, "go-checkout", "checkout-completed").LDAPIVersion("beta").Execute())
	check(len(results.Results[0].TreatmentResults) == 2, "%d treatment results", len(results.Results[0].TreatmentResults))

	current := must(ld.GetExperiment(ctx, project, env, "go-checkout").Expand([]string{"treatments"}).Execute())
	var winner string
	for _, t := range current.CurrentIteration.Treatments {
		if t.Name == "Above the fold" {
			winner = t.GetId()
		}
	}
	check(winner != "", "treatment ids in getExperiment")
	stop := api.NewStopIterationInstruction("stopIteration", winner, "Lift")
	stopped := patch(ld, ctx, "go-checkout", api.ExperimentInstruction{StopIterationInstruction: stop})
	check(stopped.CurrentIteration.Status == "stopped", "stopped: %s", stopped.CurrentIteration.Status)
	check(stopped.CurrentIteration.GetWinningTreatmentId() == winner, "winner id came back")

	archive := api.ArchiveExperimentInstruction{Kind: "archiveExperiment"}
	archived := patch(ld, ctx, "go-checkout", api.ExperimentInstruction{ArchiveExperimentInstruction: &archive})
	check(archived.ArchivedDate != nil, "archived date set")

	_, resp, err := ld.GetExperiment(ctx, project, env, "does-not-exist").Execute()
	var apiError *api.GenericOpenAPIError
	check(errors.As(err, &apiError) && resp.StatusCode == 404, "missing experiment: %v", err)
}

func postHog(url string) {
	config := api.NewConfiguration()
	config.Servers = api.ServerConfigurations{{URL: url}}
	// PostHog operations list their own servers (US, EU, self-hosted); drop them to use Servers for all.
	config.OperationServers = map[string]api.ServerConfigurations{}
	client := api.NewAPIClient(config)
	ctx := context.WithValue(context.Background(), api.ContextAccessToken, phKey)
	experiments, holdouts, saved := client.PostHogExperimentsAPI, client.PostHogExperimentHoldoutsAPI, client.PostHogExperimentSavedMetricsAPI
	const projectID = "1"
	revenue := `{"kind": "ExperimentMetric", "metric_type": "mean", "name": "Revenue per user",
		"source": {"kind": "EventsNode", "event": "purchase", "math": "sum", "math_property": "revenue"}}`

	body := fromJSON[api.PostHogExperimentWrite](`{"name": "Checkout copy (Go)", "feature_flag_key": "go-checkout-copy", "metrics": [` + revenue + `]}`)
	created := must(experiments.ExperimentsCreate(ctx, projectID).PostHogExperimentWrite(body).Execute())
	check(created.StartDate.Get() == nil && created.Conclusion.Get() == nil, "new experiment is a draft (JSON null read back)")

	launched := must(experiments.ExperimentsLaunch(ctx, projectID, created.Id).Execute())
	check(launched.StartDate.Get() != nil, "launched: start_date set")

	end := api.NewPostHogEndExperimentRequest()
	end.SetConclusion("won")
	end.SetConclusionComment("Clear lift")
	ended := must(experiments.ExperimentsEnd(ctx, projectID, created.Id).PostHogEndExperimentRequest(*end).Execute())
	check(ended.EndDate.Get() != nil && ended.GetConclusion() == "won", "ended: %s", ended.GetConclusion())

	holdoutBody := fromJSON[api.PostHogExperimentHoldoutWrite](`{"name": "Go holdout", "filters": [{"rollout_percentage": 5, "properties": []}]}`)
	holdout := must(holdouts.ExperimentHoldoutsCreate(ctx, projectID).PostHogExperimentHoldoutWrite(holdoutBody).Execute())
	check(must(holdouts.ExperimentHoldoutsRetrieve(ctx, projectID, holdout.Id).Execute()).Name == "Go holdout", "holdout retrieved")
	_, err := holdouts.ExperimentHoldoutsDestroy(ctx, projectID, holdout.Id).Execute()
	check(err == nil, "holdout delete: %v", err)
	_, resp, _ := holdouts.ExperimentHoldoutsRetrieve(ctx, projectID, holdout.Id).Execute()
	check(resp.StatusCode == 404, "holdout deleted: %d", resp.StatusCode)

	metricBody := fromJSON[api.PostHogSavedMetricWrite](`{"name": "Go revenue", "query": ` + revenue + `, "tags": ["revenue"]}`)
	metric := must(saved.ExperimentSavedMetricsCreate(ctx, projectID).PostHogSavedMetricWrite(metricBody).Execute())
	tags := must(saved.ExperimentSavedMetricsRetrieve(ctx, projectID, metric.Id).Execute()).Tags
	check(len(tags) == 1 && tags[0] == "revenue", "saved metric retrieved: %v", tags)
	_, err = saved.ExperimentSavedMetricsDestroy(ctx, projectID, metric.Id).Execute()
	check(err == nil, "saved metric delete: %v", err)
	_, resp, _ = saved.ExperimentSavedMetricsRetrieve(ctx, projectID, metric.Id).Execute()
	check(resp.StatusCode == 404, "saved metric deleted: %d", resp.StatusCode)

	page := must(experiments.ExperimentsList(ctx, projectID).Limit(10).Execute())
	check(page.Count == 1 && len(page.Results) == 1 && page.Results[0].Id == created.Id, "a page of %d experiments", page.Count)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: conformance <emulator-url>")
		os.Exit(2)
	}
	launchDarkly(os.Args[1])
	postHog(os.Args[1])
	fmt.Printf("go conformance: %d checks passed\n", checks)
}
