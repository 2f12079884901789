"""Conformance program: the Python client generated from openapi.yaml against the emulator.

Usage: python conformance.py <emulator-url>. Exits non-zero on the first mismatch.
"""

import sys

import experiments_api as api
from experiments_api.exceptions import ApiException

LD_KEY = "emulator-ld-key"  # the emulator's default LaunchDarkly token
PH_KEY = "phx_emulator"  # the emulator's default PostHog personal API key
PROJECT, ENV, FLAG = "default", "production", "checkout-button-position"
checks = 0


def check(condition, what):
    global checks
    if not condition:
        sys.exit(f"python conformance: FAILED: {what}")
    checks += 1


def treatment(name, baseline, variation_id):
    return {
        "name": name,
        "baseline": baseline,
        "allocationPercent": "50",
        "parameters": [{"flagKey": FLAG, "variationId": variation_id}],
    }


def iteration(hypothesis):
    return {
        "hypothesis": hypothesis,
        "metrics": [{"key": "checkout-completed"}],
        "primarySingleMetricKey": "checkout-completed",
        "randomizationUnit": "user",
        "flags": {FLAG: {"ruleId": "fallthrough", "flagConfigVersion": 12}},
        "treatments": [
            treatment("Below the fold", True, "e432f62b-55f6-49dd-a02f-eb24acf39d05"),
            treatment("Above the fold", False, "7a8b9c0d-55f6-49dd-a02f-eb24acf39d06"),
        ],
    }


def patch(ld, key, instruction):
    body = api.ExperimentPatchInput.from_dict({"instructions": [instruction]})
    return ld.patch_experiment(PROJECT, ENV, key, body)


def launchdarkly(url):
    config = api.Configuration(host=url, api_key={"ApiKey": LD_KEY})
    ld = api.ExperimentsApi(api.ApiClient(config))

    post = {"key": "py-checkout", "name": "Checkout button (Python)", "iteration": iteration("First draft")}
    created = ld.create_experiment(PROJECT, ENV, api.ExperimentPost.from_dict(post))
    check(created.key == "py-checkout", f"created key {created.key}")

    draft = ld.create_iteration(PROJECT, ENV, "py-checkout", api.IterationInput.from_dict(iteration("Above wins")))
    check(draft.hypothesis == "Above wins" and draft.status == "not_started", f"new iteration {draft.status}")

    started = patch(ld, "py-checkout", {"kind": "startIteration", "changeJustification": "Ready"})
    check(started.current_iteration.status == "running", f"started: {started.current_iteration.status}")

    # Results exist only on beta-era servers, which answer 403 without LD-API-Version: beta.
    results = ld.get_experiment_results(PROJECT, ENV, "py-checkout", "checkout-completed", ld_api_version="beta")
    arms = results.results[0].treatment_results
    check(len(arms) == 2, f"{len(arms)} treatment results")

    current = ld.get_experiment(PROJECT, ENV, "py-checkout", expand=["treatments"])
    winner = next(t for t in current.current_iteration.treatments if t.name == "Above the fold")
    stopped = patch(ld, "py-checkout", {"kind": "stopIteration", "winningTreatmentId": winner.id, "winningReason": "Lift"})
    check(stopped.current_iteration.status == "stopped", f"stopped: {stopped.current_iteration.status}")
    check(stopped.current_iteration.winning_treatment_id == winner.id, "winner id came back")

    archived = patch(ld, "py-checkout", {"kind": "archiveExperiment"})
    check(archived.archived_date is not None, "archived date set")

    try:
        ld.get_experiment(PROJECT, ENV, "does-not-exist")
        check(False, "missing experiment answered")
    except ApiException as error:
        check(error.status == 404, f"missing experiment status {error.status}")


def posthog(url):
    # PostHog operations list their own servers (US, EU, self-hosted); use `host` for all of them.
    config = api.Configuration(host=url, access_token=PH_KEY, ignore_operation_servers=True)
    client = api.ApiClient(config)
    experiments = api.PostHogExperimentsApi(client)
    holdouts = api.PostHogExperimentHoldoutsApi(client)
    saved = api.PostHogExperimentSavedMetricsApi(client)
    project = "1"
    revenue = {
        "kind": "ExperimentMetric",
        "metric_type": "mean",
        "name": "Revenue per user",
        "source": {"kind": "EventsNode", "event": "purchase", "math": "sum", "math_property": "revenue"},
    }

    body = api.PostHogExperimentWrite.from_dict(
        {"name": "Checkout copy (Python)", "feature_flag_key": "py-checkout-copy", "metrics": [revenue]}
    )
    created = experiments.experiments_create(project, body)
    check(created.start_date is None and created.conclusion is None, "new experiment is a draft (JSON null read back)")

    launched = experiments.experiments_launch(project, created.id)
    check(launched.start_date is not None, "launched: start_date set")

    end = api.PostHogEndExperimentRequest.from_dict({"conclusion": "won", "conclusion_comment": "Clear lift"})
    ended = experiments.experiments_end(project, created.id, end)
    check(ended.end_date is not None and ended.conclusion == "won", f"ended: {ended.conclusion}")

    holdout_body = {"name": "Py holdout", "filters": [{"rollout_percentage": 5, "properties": []}]}
    holdout = holdouts.experiment_holdouts_create(project, api.PostHogExperimentHoldoutWrite.from_dict(holdout_body))
    check(holdouts.experiment_holdouts_retrieve(project, holdout.id).name == "Py holdout", "holdout retrieved")
    holdouts.experiment_holdouts_destroy(project, holdout.id)
    check(status_of(lambda: holdouts.experiment_holdouts_retrieve(project, holdout.id)) == 404, "holdout deleted")

    metric_body = {"name": "Py revenue", "query": revenue, "tags": ["revenue"]}
    metric = saved.experiment_saved_metrics_create(project, api.PostHogSavedMetricWrite.from_dict(metric_body))
    check(saved.experiment_saved_metrics_retrieve(project, metric.id).tags == ["revenue"], "saved metric retrieved")
    saved.experiment_saved_metrics_destroy(project, metric.id)
    check(status_of(lambda: saved.experiment_saved_metrics_retrieve(project, metric.id)) == 404, "metric deleted")

    page = experiments.experiments_list(project, limit=10)
    check(page.count == 1 and [e.id for e in page.results] == [created.id], f"a page of {page.count} experiments")


def status_of(call):
    try:
        call()
    except ApiException as error:
        return error.status
    return 200


if __name__ == "__main__":
    launchdarkly(sys.argv[1])
    posthog(sys.argv[1])
    print(f"python conformance: {checks} checks passed")
