// Conformance program: the Java client generated from openapi.yaml against the emulator.
//
// Usage: java -cp <client classes and jars>:. Conformance <emulator-url>. Exits non-zero on the first mismatch.

import com.example.experimentsapi.ApiClient;
import com.example.experimentsapi.ApiException;
import com.example.experimentsapi.api.ExperimentsApi;
import com.example.experimentsapi.api.PostHogExperimentHoldoutsApi;
import com.example.experimentsapi.api.PostHogExperimentSavedMetricsApi;
import com.example.experimentsapi.api.PostHogExperimentsApi;
import com.example.experimentsapi.model.*;
import java.util.List;

public class Conformance {
  static final String LD_KEY = "emulator-ld-key"; // the emulator's default LaunchDarkly token
  static final String PH_KEY = "phx_emulator"; // the emulator's default PostHog personal API key
  static final String PROJECT = "default", ENV = "production", FLAG = "checkout-button-position";
  static int checks = 0;

  static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("java conformance: FAILED: " + what);
      System.exit(1);
    }
    checks++;
  }

  static int statusOf(Call call) {
    try {
      call.run();
      return 200;
    } catch (ApiException error) {
      return error.getCode();
    }
  }

  interface Call {
    void run() throws ApiException;
  }

  static String iteration(String hypothesis) {
    return """
        {"hypothesis": "%s",
         "metrics": [{"key": "checkout-completed"}],
         "primarySingleMetricKey": "checkout-completed",
         "randomizationUnit": "user",
         "flags": {"%s": {"ruleId": "fallthrough", "flagConfigVersion": 12}},
         "treatments": [
           {"name": "Below the fold", "baseline": true, "allocationPercent": "50",
            "parameters": [{"flagKey": "%2$s", "variationId": "e432f62b-55f6-49dd-a02f-eb24acf39d05"}]},
           {"name": "Above the fold", "baseline": false, "allocationPercent": "50",
            "parameters": [{"flagKey": "%2$s", "variationId": "7a8b9c0d-55f6-49dd-a02f-eb24acf39d06"}]}]}
        """.formatted(hypothesis, FLAG);
  }

  static Experiment patch(ExperimentsApi ld, String key, Object instruction) throws ApiException {
    ExperimentPatchInput body = new ExperimentPatchInput().instructions(List.of(new ExperimentInstruction(instruction)));
    return ld.patchExperiment(PROJECT, ENV, key, body, null);
  }

  static void launchDarkly(String url) throws Exception {
    ApiClient client = new ApiClient().setBasePath(url);
    client.setApiKey(LD_KEY);
    ExperimentsApi ld = new ExperimentsApi(client);

    String post = "{\"key\": \"java-checkout\", \"name\": \"Checkout button (Java)\", \"iteration\": "
        + iteration("First draft") + "}";
    Experiment created = ld.createExperiment(PROJECT, ENV, ExperimentPost.fromJson(post), null);
    check(created.getKey().equals("java-checkout"), "created key " + created.getKey());

    IterationRep draft = ld.createIteration(PROJECT, ENV, "java-checkout", IterationInput.fromJson(iteration("Above wins")), null);
    check(draft.getHypothesis().equals("Above wins") && draft.getStatus().equals("not_started"), "new iteration " + draft.getStatus());

    Experiment started = patch(ld, "java-checkout", new StartIterationInstruction()
        .kind(StartIterationInstruction.KindEnum.START_ITERATION).changeJustification("Ready"));
    check(started.getCurrentIteration().getStatus().equals("running"), "started: " + started.getCurrentIteration().getStatus());

    // Results exist only on beta-era servers, which answer 403 without LD-API-Version: beta.
    ExperimentBayesianResultsRep results = ld.getExperimentResults(PROJECT, ENV, "java-checkout", "checkout-completed", null, null, "beta");
    check(results.getResults().get(0).getTreatmentResults().size() == 2, "two treatment results");

    Experiment current = ld.getExperiment(PROJECT, ENV, "java-checkout", List.of("treatments"), null);
    String winner = current.getCurrentIteration().getTreatments().stream()
        .filter(t -> t.getName().equals("Above the fold")).findFirst().orElseThrow().getId();
    Experiment stopped = patch(ld, "java-checkout", new StopIterationInstruction()
        .kind(StopIterationInstruction.KindEnum.STOP_ITERATION).winningTreatmentId(winner).winningReason("Lift"));
    check(stopped.getCurrentIteration().getStatus().equals("stopped"), "stopped: " + stopped.getCurrentIteration().getStatus());
    check(winner.equals(stopped.getCurrentIteration().getWinningTreatmentId()), "winner id came back");

    Experiment archived = patch(ld, "java-checkout", new ArchiveExperimentInstruction()
        .kind(ArchiveExperimentInstruction.KindEnum.ARCHIVE_EXPERIMENT));
    check(archived.getArchivedDate() != null, "archived date set");

    check(statusOf(() -> ld.getExperiment(PROJECT, ENV, "does-not-exist", null, null)) == 404, "missing experiment: 404");
  }

  static void postHog(String url) throws Exception {
    ApiClient client = new ApiClient();
    client.setBearerToken(PH_KEY);
    PostHogExperimentsApi experiments = new PostHogExperimentsApi(client);
    PostHogExperimentHoldoutsApi holdouts = new PostHogExperimentHoldoutsApi(client);
    PostHogExperimentSavedMetricsApi saved = new PostHogExperimentSavedMetricsApi(client);
    // PostHog operations list their own servers (US, EU, self-hosted); a custom base URL overrides them.
    experiments.setCustomBaseUrl(url);
    holdouts.setCustomBaseUrl(url);
    saved.setCustomBaseUrl(url);
    String project = "1";
    String revenue = """
        {"kind": "ExperimentMetric", "metric_type": "mean", "name": "Revenue per user",
         "source": {"kind": "EventsNode", "event": "purchase", "math": "sum", "math_property": "revenue"}}""";

    PostHogExperimentWrite body = PostHogExperimentWrite.fromJson(
        "{\"name\": \"Checkout copy (Java)\", \"feature_flag_key\": \"java-checkout-copy\", \"metrics\": [" + revenue + "]}");
    PostHogExperiment created = experiments.experimentsCreate(project, body);
    check(created.getStartDate() == null && created.getConclusion() == null, "new experiment is a draft (JSON null read back)");

    PostHogExperiment launched = experiments.experimentsLaunch(project, created.getId());
    check(launched.getStartDate() != null, "launched: start_date set");

    PostHogEndExperimentRequest end = new PostHogEndExperimentRequest()
        .conclusion(PostHogEndExperimentRequest.ConclusionEnum.WON).conclusionComment("Clear lift");
    PostHogExperiment ended = experiments.experimentsEnd(project, created.getId(), end);
    check(ended.getEndDate() != null && "won".equals(ended.getConclusion()), "ended: " + ended.getConclusion());

    PostHogExperimentHoldout holdout = holdouts.experimentHoldoutsCreate(project, PostHogExperimentHoldoutWrite.fromJson(
        "{\"name\": \"Java holdout\", \"filters\": [{\"rollout_percentage\": 5, \"properties\": []}]}"));
    check(holdouts.experimentHoldoutsRetrieve(project, holdout.getId()).getName().equals("Java holdout"), "holdout retrieved");
    holdouts.experimentHoldoutsDestroy(project, holdout.getId());
    check(statusOf(() -> holdouts.experimentHoldoutsRetrieve(project, holdout.getId())) == 404, "holdout deleted");

    PostHogSavedMetric metric = saved.experimentSavedMetricsCreate(project, PostHogSavedMetricWrite.fromJson(
        "{\"name\": \"Java revenue\", \"query\": " + revenue + ", \"tags\": [\"revenue\"]}"));
    check(saved.experimentSavedMetricsRetrieve(project, metric.getId()).getTags().equals(List.of("revenue")), "saved metric retrieved");
    saved.experimentSavedMetricsDestroy(project, metric.getId());
    check(statusOf(() -> saved.experimentSavedMetricsRetrieve(project, metric.getId())) == 404, "saved metric deleted");

    PostHogPaginatedExperimentList page = experiments.experimentsList(project, 10, null, null, null, null, null, null, null, null, null);
    check(page.getCount() == 1 && page.getResults().size() == 1 && page.getResults().get(0).getId().equals(created.getId()),
        "a page of " + page.getCount() + " experiments");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Conformance <emulator-url>");
      System.exit(2);
    }
    launchDarkly(args[0]);
    postHog(args[0]);
    System.out.println("java conformance: " + checks + " checks passed");
  }
}
